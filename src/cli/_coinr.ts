/**
 * `mgi convert --from coinr iMeta.csv iData.csv --out folder/`: COINr's two input tables into a
 * matrix (`matrix.json`) and assessments (`assessments.ndjson`). The conversion itself is
 * `src/io/coinr.ts`; this reads the files, checks the results like any matrix and assessment, and
 * writes both, or nothing when anything has a problem.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { issue, type MgiIssue } from '../errors';
import { safeParseMatrix } from '../index';
import { readTextFile, writeFileAtomic } from '../node';
import { safeParseAssessmentCore } from '../parse';
import type { SampleMethod } from '../schema/matrix';
import { type ParsedArgs, UsageError } from './_args';
import { printInputWarnings } from './_formats';
import { type Io, printIssues } from './_io';

/** Flags `mgi convert` adds for COINr. */
export const coinrFlags = {
  'matrix-id': {
    type: 'string',
    description: 'With --from coinr: id of the matrix written (default coinr-index)',
  },
  normalisation: {
    type: 'string',
    description: 'With --from coinr: the sample-based normalisation (default minmax)',
    values: ['minmax', 'percentile', 'frontier'],
  },
  year: {
    type: 'string',
    description: 'With --from coinr: the year of iData rows when iData has no Time column',
  },
} as const;

/** Run `--from coinr`. */
export async function convertCoinr(args: ParsedArgs, io: Io): Promise<number> {
  const json = args.flags.format === 'json';
  if (args.positionals.length !== 2)
    throw new UsageError(
      '--from coinr reads two tables: mgi convert --from coinr iMeta.csv iData.csv --out folder/',
    );
  const out = args.flags.out as string | undefined;
  if (out === undefined)
    throw new UsageError(
      '--from coinr writes matrix.json and assessments.ndjson: give the folder with --out folder/',
    );
  let year: number | undefined;
  if (args.flags.year !== undefined) {
    year = Number(args.flags.year);
    if (!Number.isInteger(year)) throw new UsageError(`--year ${String(args.flags.year)} is not a year`);
  }
  const [metaFile, dataFile] = args.positionals as [string, string];
  const issues: MgiIssue[] = [];
  const texts: string[] = [];
  for (const f of [metaFile, dataFile]) {
    const t = await readTextFile(f);
    if (t.success) texts.push(t.data);
    else for (const i of t.issues) issues.push(i);
  }
  if (issues.length > 0) {
    printIssues(io, issues, json);
    return 1;
  }
  const { coinrToMgi } = await import('../io/coinr');
  const r = coinrToMgi(texts[0]!, texts[1]!, {
    iMetaSource: metaFile,
    iDataSource: dataFile,
    id: args.flags['matrix-id'] as string | undefined,
    normalisation: args.flags.normalisation as SampleMethod | undefined,
    year,
  });
  printInputWarnings(io, r.warnings, json, args.flags.quiet === true);
  for (const i of r.issues) issues.push(i);
  if (r.matrix) {
    const m = safeParseMatrix(r.matrix);
    if (!m.success) for (const i of m.issues) issues.push({ ...i, source: metaFile });
  }
  r.assessments.forEach((a, k) => {
    const v = safeParseAssessmentCore(a);
    if (!v.success)
      for (const i of v.issues)
        issues.push({ ...i, source: `${dataFile} (unit ${a.entity}, assessment ${k + 1})` });
  });
  if (issues.length > 0 || !r.matrix) {
    printIssues(io, issues, json);
    io.err(`${issues.length} problem(s); nothing was written\n`);
    return 1;
  }
  if (r.assessments.length === 0) {
    printIssues(io, [issue('empty-input', [], 'iData has no rows', { source: dataFile })], json);
    return 1;
  }
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, 'matrix.json'), `${JSON.stringify(r.matrix, null, 2)}\n`);
  await writeFileAtomic(
    join(out, 'assessments.ndjson'),
    r.assessments.map((a) => `${JSON.stringify(a)}\n`).join(''),
  );
  io.err(
    `wrote ${join(out, 'matrix.json')} (${r.matrix.indicators.length} indicators, ${r.matrix.themes.length} themes) and ${join(out, 'assessments.ndjson')} (${r.assessments.length} assessments)\n`,
  );
  return 0;
}
