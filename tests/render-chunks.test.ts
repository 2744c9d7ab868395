import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  parseAssessment,
  parseMatrix,
  render,
  renderChunks,
  score,
  scoreColumns,
} from '../src/index';
import { renderCsv } from '../src/report/csv';
import { arbRichMatrix, arbSubmissions } from './fixtures/fuzz-scoring';

const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 100), seed: 15_2028 };
const root = join(__dirname, '..');

function example(dir: string): { matrix: ReturnType<typeof parseMatrix>; list: Assessment[] } {
  const files = readdirSync(join(root, 'examples', dir)).filter((f) => f.endsWith('.json'));
  const own = files.includes('matrix.json');
  const matrix = parseMatrix(
    readFileSync(
      own ? join(root, 'examples', dir, 'matrix.json') : join(root, 'indicators', 'moldova-dmd.json'),
      'utf8',
    ),
  );
  const list = files
    .filter((f) => f !== 'matrix.json')
    .map((f) => parseAssessment(readFileSync(join(root, 'examples', dir, f), 'utf8')));
  return { matrix, list };
}

const text = (chunks: Iterable<string>) => [...chunks].join('');

describe('renderChunks (report text from the columns)', () => {
  for (const dir of ['moldova', 'gdi']) {
    it(`gives the bytes of render() for JSON and CSV, and the NDJSON lines, for examples/${dir}`, () => {
      const { matrix, list } = example(dir);
      const report = score(matrix, list);
      const cols = scoreColumns(matrix, list);
      expect(text(renderChunks(cols, { format: 'json' }))).toBe(render(report, { format: 'json' }));
      expect(text(renderChunks(cols, { format: 'csv' }))).toBe(render(report, { format: 'csv' }));
      expect(text(renderChunks(cols, { format: 'csv', lang: 'fr', dialect: 'excel' }))).toBe(
        renderCsv(report, { lang: 'fr', dialect: 'excel' }),
      );
      expect(text(renderChunks(cols, { format: 'ndjson' }))).toBe(
        report.scorecards.map((c) => `${JSON.stringify(c)}\n`).join(''),
      );
    });
  }

  it('writes an empty batch as render() does', () => {
    const { matrix } = example('moldova');
    const cols = scoreColumns(matrix, []);
    expect(text(renderChunks(cols, { format: 'json' }))).toBe(render(score(matrix, []), { format: 'json' }));
    expect(text(renderChunks(cols, { format: 'csv' }))).toBe(render(score(matrix, []), { format: 'csv' }));
    expect(text(renderChunks(cols, { format: 'ndjson' }))).toBe('');
  });

  it('yields one chunk per scorecard, built when reached', () => {
    const { matrix, list } = example('moldova');
    const cols = scoreColumns(matrix, list);
    const it = renderChunks(cols, { format: 'ndjson' });
    const first = it.next();
    expect(first.done).toBe(false);
    expect(JSON.parse(first.value as string).year).toBe(2018);
    expect([...it].length).toBe(cols.length - 1);
  });

  it('refuses an unknown format with a TypeError', () => {
    const { matrix, list } = example('moldova');
    expect(() => [...renderChunks(scoreColumns(matrix, list), { format: 'md' as 'json' })]).toThrow(
      TypeError,
    );
  });

  it('property: renderChunks gives the bytes of render(score()) for random rich matrices and batches (JSON and CSV)', () => {
    fc.assert(
      fc.property(
        arbRichMatrix.chain((m) => arbSubmissions(m, 8).map((subs) => ({ m, subs }))),
        fc.boolean(),
        ({ m, subs }, trace) => {
          const list = subs.map((x) => x.assessment);
          const cols = scoreColumns(m, list, { trace });
          const report = score(m, list, { trace });
          expect(text(renderChunks(cols, { format: 'json' }))).toBe(render(report, { format: 'json' }));
          expect(text(renderChunks(cols, { format: 'csv' }))).toBe(render(report, { format: 'csv' }));
        },
      ),
      runs,
    );
  });
});
