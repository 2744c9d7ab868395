import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  assessmentsToCsv,
  csvToAssessments,
  type Matrix,
  parseAssessment,
  parseMatrix,
  safeParseAssessment,
  safeParseMatrix,
  score,
} from '../src/index';
import { assessmentSchemaForMatrix } from '../src/schema/assessment-for-matrix';

// Issue 16: the matrix side of disaggregated scoring (validation, opt-in, additive, and what a
// category aggregate does where an indicator has no breakdown for it).
const base = {
  format: 'mgi-engine/matrix@1',
  id: 'dis',
  version: '1.0.0',
  title: 'disaggregation test',
  themes: [
    { id: 'work', title: 'Work' },
    { id: 'law', title: 'Law' },
  ],
  indicators: [
    {
      id: 'workers',
      theme: 'work',
      kind: 'quantitative',
      title: 'Migrant workers registered',
      direction: 'increase',
      goalposts: { min: 0, max: 1000 },
      disaggregation: { sex: ['female', 'male'] },
    },
    {
      id: 'wage',
      theme: 'work',
      kind: 'quantitative',
      title: 'Median wage ratio',
      direction: 'increase',
      goalposts: { min: 0, max: 1 },
      disaggregation: { sex: ['female', 'male'] },
      additive: false,
      categories: { sex: { female: { goalposts: { min: 0, max: 0.8 } } } },
    },
    {
      id: 'law_score',
      theme: 'law',
      kind: 'quantitative',
      title: 'Legal framework score (no breakdown)',
      direction: 'increase',
      goalposts: { min: 0, max: 10 },
    },
  ],
  scoring: { missing: { policy: 'reweight', minCoverage: 0 } },
  disaggregations: { sex: { parity: { numerator: 'female', denominator: 'male' } } },
} as const;

const withoutDis = () => {
  const { disaggregations: _d, ...rest } = base;
  return rest;
};

function assessment(observations: Assessment['observations']): Assessment {
  return { format: 'mgi-engine/assessment@1', matrix: 'dis@1.0.0', entity: 'XAA', year: 2024, observations };
}

const obs = {
  workers: { value: 600, breakdown: { sex: { female: 200, male: 400 } } },
  wage: { value: 0.7, breakdown: { sex: { female: 0.6, male: 0.8 } } },
  law_score: { value: 5 },
};

describe('disaggregated scoring: the matrix and its checks', () => {
  it('is opt-in: without "disaggregations" no scorecard, indicator or report.matrix carries category fields', () => {
    const r = score(parseMatrix(withoutDis()), [assessment(obs)]);
    const c = r.scorecards[0]!;
    expect('byCategory' in c).toBe(false);
    expect('parity' in c).toBe(false);
    expect(c.indicators.some((i) => 'byCategory' in i || 'parity' in i)).toBe(false);
    expect('disaggregations' in r.matrix).toBe(false);
  });

  it("scores each category on its own goalposts where given, else on the indicator's", () => {
    const c = score(parseMatrix(base), [assessment(obs)]).scorecards[0]!;
    const wage = c.indicators.find((i) => i.id === 'wage')!;
    expect(wage.byCategory!.sex!.female!.score).toBeCloseTo(75, 12); // 0.6 / 0.8
    expect(wage.byCategory!.sex!.male!.score).toBeCloseTo(80, 12); // 0.8 / 1
    expect(wage.parity!.sex!.gap).toBeCloseTo(-5, 12);
    expect(wage.parity!.sex!.parity).toBeCloseTo(75 / 80, 12);
  });

  it('an indicator without the breakdown counts as not reported for the category: coverage drops, no silent mix', () => {
    const c = score(parseMatrix(base), [assessment(obs)]).scorecards[0]!;
    const female = c.byCategory!.sex!.female!;
    // law_score has no sex breakdown: the female "law" theme has no score, and the total's 5 is not used.
    expect(female.themes.find((t) => t.id === 'law')).toEqual({
      id: 'law',
      score: null,
      band: null,
      coverage: 0,
    });
    expect(female.themes.find((t) => t.id === 'work')!.score).toBeCloseTo((20 + 75) / 2, 12);
    expect(female.overall.coverage).toBeCloseTo(0.5, 12); // one theme of two
    expect(female.overall.score).toBeCloseTo((20 + 75) / 2, 12);
    expect(c.indicators.find((i) => i.id === 'law_score')!.byCategory).toBeUndefined();
    expect(c.overall.coverage).toBe(1);
  });

  it('checks an additive breakdown against its total (breakdown-mismatch) but not an "additive": false one', () => {
    const bad = {
      ...obs,
      workers: { value: 700, breakdown: { sex: { female: 200, male: 400 } } },
      wage: { value: 0.1, breakdown: { sex: { female: 0.6, male: 0.8 } } },
    };
    const r = score(parseMatrix(base), [assessment(bad)]);
    const codes = r.scorecards[0]!.warnings.map((w) => `${w.code}:${w.indicator ?? ''}`);
    expect(codes).toContain('breakdown-mismatch:workers');
    expect(codes).not.toContain('breakdown-mismatch:wage');
  });

  it('accepts an observation given by category only; the total is then not scored', () => {
    const parsed = safeParseAssessment(
      assessment({ ...obs, workers: { breakdown: { sex: { female: 300, male: 100 } } } }),
    );
    expect(parsed.success).toBe(true);
    const c = score(parseMatrix(base), [parsed.success ? parsed.data : assessment({})]).scorecards[0]!;
    const w = c.indicators.find((i) => i.id === 'workers')!;
    expect(w.score).toBeNull();
    expect(w.reason).toBe('reported by category only');
    expect(w.byCategory!.sex!.female!.score).toBeCloseTo(30, 12);
    // An empty observation is still refused.
    expect(safeParseAssessment(assessment({ workers: {} as never })).success).toBe(false);
  });

  it('refuses a parity category no indicator declares, with its path', () => {
    const r = safeParseMatrix({
      ...base,
      disaggregations: { sex: { parity: { numerator: 'women', denominator: 'male' } } },
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues[0]).toMatchObject({
      code: 'unknown-category',
      path: ['disaggregations', 'sex', 'parity', 'numerator'],
    });
  });

  it('refuses a "disaggregations" dimension no indicator breaks down by', () => {
    const r = safeParseMatrix({ ...base, disaggregations: { age: {} } });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.issues[0]).toMatchObject({ code: 'unknown-category', path: ['disaggregations', 'age'] });
  });

  it('refuses per-category parameters for a category the indicator does not declare', () => {
    const m = structuredClone(base) as unknown as Matrix & { indicators: Record<string, unknown>[] };
    m.indicators[1]!.categories = { sex: { other: { goalposts: { min: 0, max: 1 } } } };
    const r = safeParseMatrix(m);
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.issues[0]).toMatchObject({
        code: 'unknown-category',
        path: ['indicators', 1, 'categories', 'sex', 'other'],
      });
  });

  it("names a category's bad goalposts where they were written", () => {
    const m = structuredClone(base) as unknown as Matrix & { indicators: Record<string, unknown>[] };
    m.indicators[1]!.categories = { sex: { female: { goalposts: { min: 1, max: 1 } } } };
    const r = safeParseMatrix(m);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.issues[0]!.path.slice(0, 6)).toEqual([
        'indicators',
        1,
        'categories',
        'sex',
        'female',
        'goalposts',
      ]);
      expect(r.issues[0]!.message).toMatch(/^category "sex" = "female": /);
    }
  });

  it('refuses parity bands whose maxDeviation does not increase', () => {
    const r = safeParseMatrix({
      ...base,
      disaggregations: {
        sex: {
          parity: {
            numerator: 'female',
            denominator: 'male',
            bands: [
              { id: 'close', label: 'close', maxDeviation: 0.1 },
              { id: 'far', label: 'far', maxDeviation: 0.05 },
            ],
          },
        },
      },
    });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.issues[0]).toMatchObject({
        code: 'bands-not-increasing',
        path: ['disaggregations', 'sex', 'parity', 'bands', 1, 'maxDeviation'],
      });
  });

  it('takes a breakdown without a total only where the matrix scores categories (opt-in), in JSON, CSV and the per-matrix schema', () => {
    const onlyCats = assessment({ ...obs, workers: { breakdown: { sex: { female: 300, male: 100 } } } });
    const r = score(parseMatrix(withoutDis()), [onlyCats]);
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([
      ['required', ['observations', 'workers', 'value']],
    ]);
    expect(score(parseMatrix(base), [onlyCats]).errors).toEqual([]);
    const csv = assessmentsToCsv([onlyCats]);
    expect(csvToAssessments(csv, { matrix: parseMatrix(base) }).assessments[0]!.observations.workers).toEqual(
      {
        breakdown: { sex: { female: 300, male: 100 } },
      },
    );
    expect(csvToAssessments(csv, { matrix: parseMatrix(withoutDis()) }).issues[0]!.code).toBe('required');
    const branches = (m: Matrix) =>
      (
        (assessmentSchemaForMatrix(m).properties as Record<string, Record<string, unknown>>).observations!
          .properties as Record<string, { oneOf?: { title?: string }[]; anyOf?: { title?: string }[] }>
      ).workers!;
    const titles = (m: Matrix) => JSON.stringify(branches(m));
    expect(titles(parseMatrix(base))).toContain('By category only');
    expect(titles(parseMatrix(withoutDis()))).not.toContain('By category only');
  });

  it('the GDI example round-trips through long-format CSV (category rows only, no empty total rows)', () => {
    const dir = 'examples/gdi';
    const m = parseMatrix(readFileSync(`${dir}/matrix.json`, 'utf8'));
    const list = readdirSync(dir)
      .filter((f) => f.endsWith('-2021.json'))
      .sort()
      .map((f) => parseAssessment(readFileSync(`${dir}/${f}`, 'utf8')));
    const csv = assessmentsToCsv(list);
    expect(csv.split('\r\n').filter((l) => l !== '').length).toBe(1 + 6 * 4 * 2);
    const back = csvToAssessments(csv, { matrix: m });
    expect(back.issues).toEqual([]);
    expect(back.assessments.map((a) => a.observations)).toEqual(list.map((a) => a.observations));
  });

  it("carries a category's own earlier value forward (carryForward), also with the year option", () => {
    const m = parseMatrix({
      ...base,
      scoring: { missing: { policy: 'carryForward', maxYears: 1, minCoverage: 0 } },
    });
    const y2023 = { ...assessment(obs), year: 2023 };
    const y2024 = assessment({ ...obs, wage: { value: 0.7, breakdown: { sex: { male: 0.9 } } } });
    for (const options of [{}, { year: 2024 }]) {
      const r = score(m, [y2023, y2024], options);
      const card = r.scorecards.find((c) => c.year === 2024)!;
      const wage = card.indicators.find((i) => i.id === 'wage')!;
      expect(wage.byCategory!.sex!.female!.value).toBe(0.6); // 2023's female value, not the total
      expect(wage.byCategory!.sex!.male!.value).toBe(0.9);
      expect(card.parity!.sex!.overall).not.toBeNull();
    }
  });
});
