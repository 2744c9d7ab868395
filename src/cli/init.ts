import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { issue } from '../errors';
import { builtinMatrices, resolveMatrixPath, safeLoadMatrix, writeFileAtomic } from '../node';
import { textIn } from '../schema/_common';
import { formulaInputs } from '../schema/assessment-for-matrix';
import type { Matrix } from '../schema/matrix';
import { type ParsedArgs, UsageError } from './_args';
import { type Io, printIssues } from './_io';

export const flags = {
  matrix: {
    type: 'string',
    short: 'm',
    description: 'Built-in matrix id or matrix file to start from (default: mgi-starter)',
  },
  year: {
    type: 'string',
    description: 'Year of the assessment template (default: last year, from the clock)',
  },
  entity: {
    type: 'string',
    description: 'Entity code of the assessment template (default: the matrix country, or XXX)',
  },
  force: { type: 'boolean', description: 'Overwrite existing files' },
} as const;

export const usage =
  'mgi init <folder> [--matrix <id|file>] [--year Y] [--entity CODE] [--force]\n\n' +
  'Write a starter project: matrix.json (a copy of a built-in matrix, mgi-starter by default),\n' +
  'assessment-<year>.json listing every indicator as {"missing": "not yet reported"}, and a README\n' +
  'on the annual cycle. The year defaults to last year (the only thing read from the clock). Existing\n' +
  'files are left alone unless --force.';

const DEFAULT_MATRIX = 'mgi-starter';

/** `mgi init`: a folder with a matrix, an assessment template and a README. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const dir = args.positionals[0];
  if (dir === undefined || args.positionals.length !== 1)
    throw new UsageError('mgi init needs one folder', 'e.g. mgi init my-mgi');
  const year = args.flags.year === undefined ? new Date().getFullYear() - 1 : Number(args.flags.year);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new UsageError(`--year must be a year from 1900 to 2200; got "${String(args.flags.year)}"`);
  }
  const entity = (args.flags.entity as string | undefined) ?? undefined;
  if (entity !== undefined && !/^[^\u0000-\u001F\u007F]{1,200}$/.test(entity)) {
    throw new UsageError('--entity must be one line of text, 1 to 200 characters');
  }

  // The matrix: its text is copied as it is, so its formatting and key order survive.
  let matrix: Matrix;
  let matrixText: string;
  const ref = args.flags.matrix as string | undefined;
  const installed = await builtinMatrices();
  if (ref === undefined && !installed.some((b) => b.id === DEFAULT_MATRIX)) {
    matrix = starterMatrix;
    matrixText = `${JSON.stringify(starterMatrix, null, 2)}\n`;
  } else {
    const wanted = ref ?? DEFAULT_MATRIX;
    const loaded = await safeLoadMatrix(wanted);
    if (!loaded.success) {
      printIssues(io, loaded.issues, false);
      return 1;
    }
    matrix = loaded.data;
    matrixText = await readFile(await resolveMatrixPath(wanted), 'utf8');
    if (!matrixText.endsWith('\n')) matrixText += '\n';
  }

  const files = {
    'matrix.json': matrixText,
    [`assessment-${year}.json`]: `${JSON.stringify(assessmentTemplate(matrix, year, entity ?? matrix.country ?? 'XXX'), null, 2)}\n`,
    'README.md': readme(matrix, year),
  };
  // The folder: absent (created), or a folder; a file, or a path through a file, is refused clearly.
  const problem = await folderProblem(dir);
  if (problem !== undefined) {
    printIssues(io, [issue('write-failed', [], problem, { source: dir })], false);
    return 1;
  }
  const existing: string[] = [];
  for (const name of Object.keys(files)) if (await exists(join(dir, name))) existing.push(join(dir, name));
  if (existing.length > 0 && !args.flags.force) {
    io.err(
      `mgi init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written (pass --force to overwrite)\n`,
    );
    return 1;
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    printIssues(
      io,
      [
        issue(
          'write-failed',
          [],
          `cannot create the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          {
            source: dir,
          },
        ),
      ],
      false,
    );
    return 1;
  }
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(dir, name), text);
  io.out(
    `Wrote ${Object.keys(files)
      .map((n) => join(dir, n))
      .join(', ')}\n` +
      `Next: fill in ${join(dir, `assessment-${year}.json`)}, then run\n` +
      `  mgi validate ${dir}\n  mgi score ${join(dir, `assessment-${year}.json`)} --matrix ${join(dir, 'matrix.json')} --format md\n`,
  );
  return 0;
}

/**
 * An assessment of `matrix` for `year` listing every reportable id (non-formula indicators, then
 * formula inputs) as `{"missing": "not yet reported"}`: valid as it is, and a checklist to fill in.
 */
export function assessmentTemplate(matrix: Matrix, year: number, entity: string): Record<string, unknown> {
  const observations: Record<string, { missing: string }> = {};
  for (const ind of matrix.indicators)
    if (ind.kind !== 'formula') observations[ind.id] = { missing: 'not yet reported' };
  for (const input of formulaInputs(matrix)) observations[input.id] ??= { missing: 'not yet reported' };
  return {
    format: 'mgi-engine/assessment@1',
    matrix: `${matrix.id}@${matrix.version}`,
    entity,
    year,
    status: 'provisional',
    notes:
      'Template written by mgi init. Replace each {"missing": …} with {"value": …} (numbers) or {"level": …} (level ids from matrix.json), or keep it with the reason the value is not available.',
    observations,
  };
}

// --- internal ---

/** Why `dir` cannot be the project folder (it, or a folder on its path, is a file), if it cannot. */
async function folderProblem(dir: string): Promise<string | undefined> {
  let p = resolve(dir);
  for (;;) {
    try {
      const st = await stat(p);
      if (st.isDirectory()) return undefined;
      return p === resolve(dir)
        ? `${dir} is a file, not a folder; mgi init writes a new project folder: give a folder name`
        : `${dir} cannot be created: ${p} is a file, not a folder`;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') {
        // A parent is a file: find which one, on the next turn.
      } else if (code !== 'ENOENT') return `cannot use ${dir}: ${code ?? (e as Error).message}`;
    }
    const parent = dirname(p);
    if (parent === p) return undefined;
    p = parent;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function readme(matrix: Matrix, year: number): string {
  // The title comes from the matrix file, which may be anyone's: inert Markdown on one line.
  const title = markdownCode(textIn(matrix.title, 'en'));
  const ref = `${matrix.id}@${matrix.version}`;
  return `# Migration governance monitoring: ${title}

This folder was written by \`mgi init\` (mgi-engine). It holds:

- \`matrix.json\`: the indicator matrix (\`${ref}\`): themes, indicators, baselines, targets and
  scoring rules. Edit it to match the framework your government approved.
- \`assessment-${year}.json\`: what was observed in ${year}. Every indicator is listed as
  \`{"missing": "not yet reported"}\` until its value comes in.

## The annual cycle

1. **By 25 January**: each responsible ministry or agency reports the values of its indicators for
   the previous year (a JSON assessment, or rows of a CSV file with the columns
   \`entity,year,indicator,value\` or \`level\`; see \`mgi convert --help\`).
2. **By 31 March**: the coordinating body compiles the submissions into \`assessment-<year>.json\`,
   checks them and scores the year against the baseline and targets.
3. Each new year: copy the last assessment to \`assessment-<year>.json\`, change \`year\`, and
   replace the values. Keep the earlier years in this folder: scoring them together shows the change
   from year to year and the trend towards the targets.

## Commands

\`\`\`sh
mgi validate .                                   # the matrix and every assessment, all problems at once
mgi score assessment-*.json --matrix matrix.json --format md   # scorecards (also html, csv, json)
mgi convert assessment-${year}.json --to csv     # the same data as a CSV, one row per value
mgi schema assessment --matrix matrix.json       # JSON Schema for forms and editors
\`\`\`

When you edit \`matrix.json\`, keep indicator ids stable from year to year, and raise \`version\` when
the scoring changes; assessments name the version they were made for (\`"matrix": "${ref}"\`).
`;
}

/**
 * Text from an untrusted file made inert in Markdown (GitHub Flavored): plain words as they are,
 * anything else in a code span, in which
 * nothing is markup — no link, image, emphasis, raw HTML, and no autolinked URL or e-mail address —
 * fenced with one backtick more than the longest run in the text. Control characters and line breaks
 * become spaces, so the text cannot end the heading line and start a heading or a list of its own.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  // Words, numbers, spaces and a little punctuation mean nothing to Markdown: left as they are.
  if (/^[\p{L}\p{N} ,;'’()–—-]*$/u.test(flat) && !/^[-+]/.test(flat)) return flat;
  const longest = (flat.match(/`+/g) ?? []).reduce((a, r) => Math.max(a, r.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Used when no built-in matrix is installed: three indicators in two themes, valid as it is. */
export const starterMatrix: Matrix = {
  format: 'mgi-engine/matrix@1',
  id: 'starter',
  version: '1.0.0',
  title: 'Starter matrix',
  status: 'draft',
  provenance: {
    kind: 'illustrative',
    note: 'A minimal example written by mgi init; replace it with your framework.',
  },
  themes: [
    { id: 'rights', title: "Migrants' rights", dimension: 'migrants-rights' },
    { id: 'governance', title: 'Whole-of-government approach', dimension: 'whole-of-government' },
  ],
  indicators: [
    {
      id: 'R1',
      theme: 'rights',
      kind: 'qualitative',
      title: 'Migrants can access basic social services',
      levels: [
        { id: 'absent', label: 'Not in place', score: 0 },
        { id: 'partial', label: 'Partly in place', score: 50 },
        { id: 'complete', label: 'In place and implemented', score: 100 },
      ],
    },
    {
      id: 'G1',
      theme: 'governance',
      kind: 'qualitative',
      title: 'A national migration strategy is in force',
      levels: [
        { id: 'absent', label: 'No strategy', score: 0 },
        { id: 'drafted', label: 'Drafted', score: 50 },
        { id: 'adopted', label: 'Adopted', score: 100 },
      ],
    },
    {
      id: 'G2',
      theme: 'governance',
      kind: 'quantitative',
      title: 'Ministries with a migration focal point',
      unit: '% of ministries',
      direction: 'increase',
      range: { min: 0, max: 100 },
      goalposts: { min: 0, max: 100 },
    },
  ],
};
