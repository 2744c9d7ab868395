/**
 * Goal 6: the HTML scorecard of one entity over 10 years (65 indicators × 10 years) against
 * scoring those 10 assessments; render time must stay well under "scoring time + 50 ms", and the
 * page under 500 KB.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { type Goal, goal, type Lib, MOLDOVA, progress, r3 } from './_common';
import { assessments } from './_synth';

export interface RenderResult {
  readonly input: string;
  readonly ms: { readonly score: number; readonly renderHtml: number };
  readonly htmlBytes: number;
  readonly goals: Goal[];
}

export async function renderVsScore(lib: Lib): Promise<RenderResult> {
  const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
  const ten = assessments(matrix, 1, 10);
  // As `mgi score --format html`: the default report (with traces).
  const report = lib.score(matrix, ten);
  const html = lib.render(report, { format: 'html' });
  progress('timing score() and render(html) for one entity × 10 years (tinybench)');
  const bench = new Bench({ time: 1000, iterations: 10, warmup: true, warmupIterations: 3, throws: true });
  bench
    .add('score', () => void lib.score(matrix, ten), { async: false })
    .add('render html', () => void lib.render(report, { format: 'html' }), { async: false });
  await bench.run();
  const p50 = (name: string): number => {
    const r = bench.getTask(name)!.result;
    if (r.state !== 'completed') throw new Error(`${name}: ${r.state}`);
    return r.latency.p50;
  };
  const scoreMs = p50('score');
  const renderMs = p50('render html');
  const bytes = Buffer.byteLength(html);
  return {
    input: `1 entity × 10 years (2018–2027), ${matrix.indicators.length} indicators, traces on`,
    ms: { score: r3(scoreMs), renderHtml: r3(renderMs) },
    htmlBytes: bytes,
    goals: [
      goal('6a', 'render(html) ÷ (score() + 50 ms)', renderMs / (scoreMs + 50), '×', 1),
      goal('6b', 'HTML scorecard size', bytes / 1024, 'KB', 500),
    ],
  };
}
