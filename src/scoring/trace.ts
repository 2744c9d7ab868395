import type { TraceStep } from '../schema/report';
import { categoryRefValues } from './category-refs';
import { type ColumnStore, F_FORMULA, F_OBSERVED, NO_YEAR, prevValueOf, rawCell, STATUS } from './columns';
import { growthAt, growthSteps } from './growth';
import { Norm } from './plan';
import { isMaintain, maintainTarget, progressSlack } from './progress';
import type { YearPlan } from './year-plan';

const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * The calculation trace of one cell, rebuilt from the columns and the compiled constants: every
 * step that produced the score, with its inputs, as the report prints it.
 */
export function traceOf(s: ColumnStore, row: number, k: number, yp: YearPlan): TraceStep[] {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const cell = row * p.nInd + k;
  const trace: TraceStep[] = [];
  const flags = s.flags[cell]!;
  const a = s.value[cell]!;
  if (flags & F_FORMULA) trace.push(formulaStep(s, row, k));
  if (flags & F_OBSERVED) {
    trace.push(
      ind.kind === 'qualitative'
        ? {
            step: 'observed',
            inputs: { level: p.levelIds[k]![s.level[cell]!]! },
            result: a,
            formula: 'score of the level',
          }
        : { step: 'observed', result: a },
    );
  }
  const carried = s.carriedFrom[cell]!;
  if (carried !== NO_YEAR) {
    const because = s.because.get(cell) ?? -1;
    trace.push({
      step: 'carried-forward',
      inputs: { fromYear: carried, because: because < 0 ? null : s.reasons[because]! },
      result: a,
    });
  }
  if (Number.isNaN(a)) return trace;
  measureSteps(s, row, k, yp, trace);
  return trace;
}

function formulaStep(s: ColumnStore, row: number, k: number): TraceStep {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const f = ind.formula!;
  const nInputs = p.nSlots - p.nInd;
  const inputs: Record<string, number> = {};
  const refs = categoryRefValues(s, row * p.nInd + k);
  for (const sym of f.compiled.symbols) {
    if (refs?.[sym] !== undefined) inputs[sym] = refs[sym];
    else if (p.m.inputs.has(sym) && f.inputs.includes(sym)) {
      inputs[sym] = s.inputValue[row * nInputs + p.slotById.get(sym)! - p.nInd]!;
    } else inputs[sym] = s.value[row * p.nInd + p.m.indicatorById.get(sym)!.index]!;
  }
  const v = s.raw[rawCell(p, row, k)]!;
  return { step: 'formula', formula: f.expression, inputs, result: Number.isFinite(v) ? v : String(v) };
}

function measureSteps(s: ColumnStore, row: number, k: number, yp: YearPlan, trace: TraceStep[]): void {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const cell = row * p.nInd + k;
  const a = s.value[cell]!;
  const t = yp.year;
  const prog = nul(s.progress[cell]!);
  const beforeBase = t < p.baseYear[k]!;
  const e = beforeBase ? null : nul(yp.expected[k]!);
  const b = ind.baseline;
  const T = p.targetRef[k];
  if (prog !== null && b && T) {
    trace.push({
      step: 'progress',
      formula: '(a − b) / (T − b)',
      inputs: { a, b: b.value, T: p.target[k]! },
      result: prog,
    });
  }
  if (e !== null && b && T) {
    trace.push({
      step: 'expected',
      formula: '(M(t) − b) / (T − b), M(t) interpolated between baseline and targets, clamped to [0, 1]',
      inputs: { t, y0: b.year, yT: T.year, 'M(t)': nul(yp.milestoneValue[k]!) },
      result: e,
    });
  }
  const g = growthAt(s, row, k);
  if (g) for (const step of growthSteps(s, row, k, g)) trace.push(step);
  else
    trace.push({
      step: 'status',
      formula: isMaintain(ind)
        ? ind.kind === 'qualitative'
          ? 'achieved if score ≥ target score, else regressing'
          : 'achieved if |a − T| ≤ tolerance, else regressing'
        : 'achieved if p ≥ 1; on-track if p ≥ e − slack; regressing if p < 0; else off-track',
      inputs: { p: prog, e, slack: progressSlack(ind), tolerance: ind.tolerance },
      result: STATUS[s.status[cell]!]!,
    });
  // The growth steps end with their own score step under "target" normalisation.
  if (!g || p.norm[k] !== Norm.Target) trace.push(scoreStep(s, k, a, prog, nul(s.score[cell]!), t));
  const prevYear = s.prevYear[cell]!;
  if (prevYear !== NO_YEAR) {
    const from = prevValueOf(s, row, k);
    trace.push({
      step: 'change',
      formula: 'a(t) − a(previous year with data)',
      inputs: { from, fromYear: prevYear, to: a },
      result: a + 0 - (from + 0) + 0,
    });
  }
}

function scoreStep(
  s: ColumnStore,
  k: number,
  a: number,
  prog: number | null,
  score: number | null,
  year: number,
): TraceStep {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  switch (p.norm[k]) {
    case Norm.MinMax:
    case Norm.Percentile:
    case Norm.Frontier:
      return sampleStep(s, k, a, score, year);
    case Norm.Levels:
      return { step: 'score', formula: 'score of the level', inputs: { level: a }, result: score };
    case Norm.Maintain:
      return {
        step: 'score',
        formula: '100 if within tolerance of the target, else 0',
        inputs: { a, T: maintainTarget(ind), tolerance: ind.tolerance },
        result: score,
      };
    case Norm.Target:
      return { step: 'score', formula: '100 · clamp(p, 0, 1)', inputs: { p: prog }, result: score };
    case Norm.Goalposts: {
      const gp = ind.goalposts!;
      return {
        step: 'score',
        formula: `100 · clamp((${gp.log ? 'ln x − ln min) / (ln max − ln min' : 'x − min) / (max − min'}), 0, 1)${ind.direction === 'decrease' ? ', reversed (100 − s) because lower is better' : ''}`,
        inputs: { x: a, min: gp.min, max: gp.max, log: gp.log },
        result: score,
      };
    }
    default:
      return { step: 'score', formula: 'no target or goalposts', result: null };
  }
}

const SAMPLE_FORMULA: Readonly<Record<number, readonly [string, string]>> = {
  [Norm.MinMax]: ['100 · (x − min) / (max − min)', '100 · (max − x) / (max − min), lower is better'],
  [Norm.Percentile]: [
    '100 · (sample values below x) / (n − 1)',
    '100 · (sample values above x) / (n − 1), lower is better',
  ],
  [Norm.Frontier]: ['100 · x / max', '100 · min / x, lower is better'],
};

/** The score step of a sample-based method: the sample, its size, minimum and maximum. */
function sampleStep(s: ColumnStore, k: number, a: number, score: number | null, year: number): TraceStep {
  const p = s.plan;
  const sample = s.sample?.byYear.get(year)?.[k];
  const lower = p.m.indicators[k]!.direction === 'decrease';
  const formula = `${SAMPLE_FORMULA[p.norm[k]!]![lower ? 1 : 0]}, clamped to [0, 100]; 50 when the sample has no spread`;
  return {
    step: 'score',
    formula,
    inputs: {
      x: a,
      sample: s.sample?.label ?? null,
      sampleYear: sample?.year ?? null,
      n: sample?.n ?? 0,
      min: sample && sample.n > 0 ? sample.min : null,
      max: sample && sample.n > 0 ? sample.max : null,
    },
    result: score,
  };
}
