import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { issue, type MgiIssue } from '../errors';
import { readJson } from '../io/json';
import { assessmentsFromText, loadAssessments, safeLoadMatrix, writeFileAtomic } from '../node';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { type ParsedArgs, UsageError } from './_args';
import { coinrFlags, convertCoinr } from './_coinr';
import { convertDhis2, dhis2Flags } from './_dhis2';
import { printInputWarnings } from './_formats';
import { refuseOutOverInput } from './_inputs';
import { type Io, printIssues } from './_io';

export const flags = {
  to: {
    type: 'string',
    short: 't',
    description: 'Output format (default: the other one of the inputs)',
    values: ['json', 'csv', 'dhis2'],
  },
  ...dhis2Flags,
  ...coinrFlags,
  matrix: {
    type: 'string',
    short: 'm',
    description:
      'Matrix (file or built-in id) for reading CSV: fills a missing matrix column, names breakdown columns',
  },
  out: {
    type: 'string',
    short: 'o',
    description: 'Write to this file, or with --to json to a folder ending in "/" (one file per assessment)',
  },
  format: { type: 'string', description: 'How to print problems', values: ['text', 'json'] },
} as const;

export const usage =
  'mgi convert <file|folder|-> … --to json|csv [--matrix <file|id>] [--out file|folder/]\n' +
  '            [--from dhis2 --mapping MAP.json] | [--to dhis2 --mapping MAP.json]\n' +
  '       mgi convert --from coinr iMeta.csv iData.csv --out folder/ [--matrix-id ID] [--year YYYY]\n\n' +
  'Convert assessments between JSON and long-format CSV, losslessly.\n' +
  '  --to csv   JSON, NDJSON (or CSV) files and folders → one CSV, one row per value.\n' +
  '  --to json  CSV → one JSON object when it holds one assessment, otherwise NDJSON (one per line);\n' +
  '             with --out <folder>/ one file per assessment, named <entity>-<year>.json\n' +
  '             (plus -<submittedBy> when several submissions share the entity-year).\n' +
  "  --from coinr  COINr's iMeta and iData tables → folder/matrix.json and folder/assessments.ndjson.\n" +
  'Standard input (-) is read as CSV with --to json, as JSON or NDJSON with --to csv.\n' +
  'Nothing is written when any input has a problem (exit 1). The CSV is data interchange: cells are\n' +
  'not neutralised against spreadsheet formulas (see the README); for viewing, use mgi score --format csv.';

/** `mgi convert`: assessments between JSON and long-format CSV. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0) {
    throw new UsageError(
      'mgi convert needs input files, folders or - for stdin',
      'e.g. mgi convert examples/moldova --to csv',
    );
  }
  if (args.flags.from === 'coinr') return convertCoinr(args, io);
  const dhis2 = await convertDhis2(args, io);
  if (dhis2 !== undefined) return dhis2;
  const json = args.flags.format === 'json';
  const to = (args.flags.to as 'json' | 'csv' | undefined) ?? inferTarget(args.positionals);
  const out = args.flags.out as string | undefined;
  const toFolder = out !== undefined && (/[/\\]$/.test(out) || (await isDirectory(out)));
  await refuseOutOverInput(toFolder ? undefined : out, args.positionals, undefined);
  if (toFolder && to !== 'json')
    throw new UsageError('--out <folder>/ goes with --to json; --to csv writes one file');

  let matrix: Matrix | undefined;
  if (args.flags.matrix !== undefined) {
    const m = await safeLoadMatrix(args.flags.matrix as string);
    if (!m.success) {
      printIssues(io, m.issues, json);
      return 1;
    }
    matrix = m.data;
  }

  const issues: MgiIssue[] = [];
  const assessments: Assessment[] = [];
  const sources: string[] = [];
  if (args.positionals.includes('-')) {
    const text = await io.stdin();
    if (text.trim() === '')
      issues.push(issue('empty-input', [], 'standard input is empty', { source: '<stdin>' }));
    else {
      const name = to === 'json' ? '<stdin>.csv' : readJson(text).success ? '<stdin>.json' : '<stdin>.ndjson';
      const r = await assessmentsFromText(text, name, matrix);
      const rename = (s: string): string => s.replace(/^<stdin>\.(nd)?(json|csv)/, '<stdin>');
      for (const item of r.assessments) assessments.push(item);
      for (const item of r.sources.map(rename)) sources.push(item);
      for (const item of r.issues.map((i) => ({ ...i, source: rename(i.source ?? '<stdin>') })))
        issues.push(item);
    }
  }
  const files = args.positionals.filter((p) => p !== '-');
  if (files.length > 0) {
    const loaded = await loadAssessments(files, matrix ? { matrix } : {});
    for (const item of loaded.assessments) assessments.push(item);
    for (const item of loaded.sources) sources.push(item);
    for (const item of loaded.issues) issues.push(item);
    printInputWarnings(io, loaded.warnings, json, args.flags.quiet === true);
  }
  for (const item of duplicates(assessments, sources)) issues.push(item);
  if (issues.length > 0) {
    printIssues(io, issues, json);
    io.err(`${issues.length} problem(s); nothing was written\n`);
    return 1;
  }
  if (assessments.length === 0) {
    io.err('no assessment was read; nothing was written\n');
    return 1;
  }

  if (to === 'csv') {
    const { assessmentsToCsv } = await import('../io/csv-assessment');
    const text = assessmentsToCsv(assessments);
    if (out !== undefined) await writeFileAtomic(out, text);
    else io.out(text);
    return 0;
  }

  if (toFolder) {
    const names = fileNames(assessments);
    const seen = new Set<string>();
    const clash = names.find((n) => seen.size === seen.add(n).size);
    if (clash !== undefined) {
      printIssues(
        io,
        [
          issue(
            'duplicate-assessment',
            [],
            `two assessments would both be written to ${clash}; write NDJSON to one file instead`,
          ),
        ],
        json,
      );
      return 1;
    }
    await mkdir(out!, { recursive: true });
    for (const [i, a] of assessments.entries()) {
      await writeFileAtomic(join(out!, names[i]!), `${JSON.stringify(a, null, 2)}\n`);
    }
    io.err(`wrote ${assessments.length} file(s) to ${out}\n`);
    return 0;
  }
  const text =
    assessments.length === 1
      ? `${JSON.stringify(assessments[0], null, 2)}\n`
      : assessments.map((a) => `${JSON.stringify(a)}\n`).join('');
  if (out !== undefined) await writeFileAtomic(out, text);
  else io.out(text);
  return 0;
}

// --- internal ---

function inferTarget(inputs: readonly string[]): 'json' | 'csv' {
  if (inputs.length > 0 && inputs.every((p) => /\.(csv|xlsx)$/i.test(p))) return 'json';
  if (inputs.length > 0 && inputs.every((p) => /\.(nd)?json$/i.test(p))) return 'csv';
  throw new UsageError('say which way to convert with --to json or --to csv');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Assessments that share entity, year and submittedBy would merge in one CSV: refuse them. */
function duplicates(assessments: readonly Assessment[], sources: readonly string[]): MgiIssue[] {
  const seen = new Map<string, number>();
  const out: MgiIssue[] = [];
  assessments.forEach((a, i) => {
    const key = JSON.stringify([a.entity, a.year, a.submittedBy ?? '']);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else {
      out.push(
        issue(
          'duplicate-assessment',
          [],
          `${a.entity} ${a.year}${a.submittedBy ? ` from ${a.submittedBy}` : ''} is also in ${sources[first] ?? `assessment ${first + 1}`}`,
          { source: sources[i], hint: 'give each submission its own "submittedBy", or merge them' },
        ),
      );
    }
  });
  return out;
}

/**
 * `<entity>-<year>.json`, lower case and safe on every file system, with `-<submittedBy>` when
 * several submissions share the entity-year.
 */
export function fileNames(assessments: readonly Assessment[]): string[] {
  const slug = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  const base = assessments.map((a) => `${slug(a.entity)}-${a.year}`);
  // How many assessments share each base name: counted once, so naming stays linear.
  const uses = new Map<string, number>();
  for (const b of base) uses.set(b, (uses.get(b) ?? 0) + 1);
  return assessments.map((a, i) => {
    const shared = uses.get(base[i]!)! > 1;
    return `${base[i]}${shared && a.submittedBy ? `-${slug(a.submittedBy)}` : ''}.json`;
  });
}
