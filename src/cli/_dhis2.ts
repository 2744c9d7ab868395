/**
 * `mgi convert` to and from DHIS2 data value sets (`--from dhis2 --mapping MAP`, `--to dhis2
 * --mapping MAP`). The conversion itself is `src/io/dhis2.ts`; this reads the files and prints.
 */

import { issue, type MgiIssue } from '../errors';
import { readJson } from '../io/json';
import { loadAssessments, readTextFile, safeLoadMatrix, writeFileAtomic } from '../node';
import type { Assessment } from '../schema/assessment';
import { type ParsedArgs, UsageError } from './_args';
import { printInputWarnings } from './_formats';
import { type Io, printIssues } from './_io';

/** Flags `mgi convert` adds for DHIS2. */
export const dhis2Flags = {
  from: {
    type: 'string',
    description:
      'Input format: mgi (default), dhis2 (a dataValueSets JSON payload) or coinr (iMeta.csv iData.csv)',
    values: ['mgi', 'dhis2', 'coinr'],
  },
  mapping: {
    type: 'string',
    description: 'DHIS2 mapping file (mgi-engine/dhis2-mapping@1), for --from dhis2 or --to dhis2',
  },
} as const;

/** Run a DHIS2 conversion when the flags ask for one; `undefined` otherwise. */
export async function convertDhis2(args: ParsedArgs, io: Io): Promise<number | undefined> {
  const from = args.flags.from as string | undefined;
  const to = args.flags.to as string | undefined;
  if (from !== 'dhis2' && to !== 'dhis2') {
    if (args.flags.mapping !== undefined)
      throw new UsageError('--mapping goes with --from dhis2 or --to dhis2');
    return undefined;
  }
  if (from === 'dhis2' && to === 'dhis2') throw new UsageError('--from dhis2 --to dhis2 converts nothing');
  const json = args.flags.format === 'json';
  const mapFile = args.flags.mapping as string | undefined;
  if (mapFile === undefined) throw new UsageError('DHIS2 conversions need --mapping <mapping.json>');
  const { safeParseDhis2Mapping, dhis2ToAssessments, assessmentsToDhis2 } = await import('../io/dhis2');
  const mapText = await readTextFile(mapFile);
  const mapJson = mapText.success ? readJson(mapText.data, { source: mapFile }) : mapText;
  const mapping = mapJson.success ? safeParseDhis2Mapping(mapJson.data, mapFile) : mapJson;
  if (!mapping.success) {
    printIssues(io, mapping.issues, json);
    return 1;
  }
  const out = args.flags.out as string | undefined;
  const write = async (text: string) => (out === undefined ? io.out(text) : writeFileAtomic(out, text));

  if (to === 'dhis2') {
    const loaded = await loadAssessments(args.positionals.filter((p) => p !== '-'));
    if (loaded.issues.length > 0) {
      printIssues(io, loaded.issues, json);
      return 1;
    }
    const { payload, warnings } = assessmentsToDhis2(loaded.assessments, mapping.data);
    printInputWarnings(io, warnings, json);
    await write(`${JSON.stringify(payload, null, 2)}\n`);
    return 0;
  }

  const m = await safeLoadMatrix(
    (args.flags.matrix as string | undefined) ?? mapping.data.matrix.split('@')[0]!,
  );
  if (!m.success) {
    printIssues(io, m.issues, json);
    return 1;
  }
  const issues: MgiIssue[] = [];
  const warnings: MgiIssue[] = [];
  const assessments: Assessment[] = [];
  for (const file of args.positionals) {
    const text = await readTextFile(file);
    const parsed = text.success ? readJson(text.data, { source: file }) : text;
    if (!parsed.success) {
      for (const item of parsed.issues) issues.push(item);
      continue;
    }
    const r = dhis2ToAssessments(parsed.data, mapping.data, m.data, { source: file });
    for (const item of r.assessments) assessments.push(item);
    for (const item of r.issues) issues.push(item);
    for (const item of r.warnings) warnings.push(item);
  }
  printInputWarnings(io, warnings, json);
  if (issues.length > 0) {
    printIssues(io, issues, json);
    io.err(`${issues.length} problem(s); nothing was written\n`);
    return 1;
  }
  if (assessments.length === 0) {
    printIssues(io, [issue('empty-input', [], 'no data value was read')], json);
    return 1;
  }
  if (to === 'csv') {
    const { assessmentsToCsv } = await import('../io/csv-assessment');
    await write(assessmentsToCsv(assessments));
  } else
    await write(
      assessments.length === 1
        ? `${JSON.stringify(assessments[0], null, 2)}\n`
        : assessments.map((a) => `${JSON.stringify(a)}\n`).join(''),
    );
  return 0;
}
