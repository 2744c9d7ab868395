/**
 * Issue 16 rows D1–D2 (run alone: `npx tsx bench/_disaggregation.ts` after `npm run build`): the cost
 * of disaggregated scoring on the synthetic Moldova series (1,000 entities × 10 years, trace off),
 * whose 12 disaggregated indicators carry breakdowns by sex (female, male) and age group (3
 * categories). The Moldova matrix, with its `disaggregations` for both dimensions (parities female ÷
 * male and 15–34 ÷ 35–54), against the same matrix without: D1 `scoreColumns()`, D2 `score()`. Medians of 3 interleaved runs.
 * Also checks that the totals are unchanged by the opt-in (every overall and indicator score equal).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLib, median, ROOT, r3 } from './_common';
import { assessments } from './_synth';

const lib = (await loadLib()) as unknown as {
  parseMatrix: (x: unknown) => Record<string, unknown>;
  scoreColumns: (
    m: unknown,
    a: unknown,
    o: unknown,
  ) => { overall: Float64Array; indicatorScore: Float64Array };
  score: (m: unknown, a: unknown, o: unknown) => unknown;
};
// The Moldova matrix declares its disaggregations (sex, age group); "plain" is the same matrix without.
const dis = lib.parseMatrix(readFileSync(join(ROOT, 'indicators', 'moldova-dmd.json'), 'utf8'));
const { disaggregations: _d, ...rest } = dis;
const plain = lib.parseMatrix(rest);
const list = assessments(plain as never, 1000, 10);
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const opts = { trace: false };
const a = lib.scoreColumns(plain, list, opts);
const b = lib.scoreColumns(dis, list, opts);
let same = a.overall.length === b.overall.length;
for (let i = 0; i < a.overall.length; i++) if (!Object.is(a.overall[i], b.overall[i])) same = false;
for (let i = 0; i < a.indicatorScore.length; i++)
  if (!Object.is(a.indicatorScore[i], b.indicatorScore[i])) same = false;
const ms = {
  colsPlain: [] as number[],
  colsDis: [] as number[],
  scorePlain: [] as number[],
  scoreDis: [] as number[],
};
for (let k = 0; k < 3; k++) {
  ms.colsPlain.push(time(() => lib.scoreColumns(plain, list, opts)));
  ms.colsDis.push(time(() => lib.scoreColumns(dis, list, opts)));
  ms.scorePlain.push(time(() => lib.score(plain, list, opts)));
  ms.scoreDis.push(time(() => lib.score(dis, list, opts)));
}
const m = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, r3(median(v))]));
console.log(
  JSON.stringify({
    totalsUnchanged: same,
    ms: m,
    D1_scoreColumns_ratio: r3(m.colsDis! / m.colsPlain!),
    D2_score_ratio: r3(m.scoreDis! / m.scorePlain!),
  }),
);
