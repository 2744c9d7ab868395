import { loadAssessments, safeLoadMatrix, writeFileAtomic } from '../node';
import { type ParsedArgs, UsageError } from './_args';
import { type Io, printIssues } from './_io';

export const flags = {
  year: { type: 'string', description: 'Year the template collects (required)' },
  entity: { type: 'string', description: 'Entity code, e.g. MDA (required)' },
  institution: {
    type: 'string',
    description: 'Only the indicators this institution is responsible for (default: all)',
  },
  lang: {
    type: 'string',
    description: 'Language of the instructions and titles',
    values: ['en', 'fr', 'es'],
  },
  previous: {
    type: 'string',
    multiple: true,
    description: 'Earlier assessments (files or folders): the latest value before --year is shown',
  },
  deadline: { type: 'string', description: 'Deadline shown in the instructions, e.g. "31 March 2026"' },
  contact: { type: 'string', description: 'Whom to contact, shown in the instructions' },
  out: { type: 'string', short: 'o', description: 'The .xlsx file to write (required)' },
} as const;

export const usage =
  'mgi template <matrix|id> --year Y --entity E [--institution NAME] [--lang en|fr|es] [--previous FILE…]\n' +
  '             [--deadline TEXT] [--contact TEXT] --out FILE.xlsx\n\n' +
  'Write an Excel collection template: instructions, and a protected Data sheet with one row per\n' +
  'indicator (and formula input) the institution reports, dropdowns for levels and number checks.\n' +
  'Read it back, filled, with mgi score / validate / convert.';

/** `mgi template`: the logic is in src/xlsx/template.ts; this only reads the arguments. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const [ref, ...extra] = args.positionals;
  if (ref === undefined || extra.length > 0)
    throw new UsageError(
      'mgi template needs one matrix (a file or a built-in id)',
      'e.g. mgi template moldova-dmd --year 2025 --entity MDA --out mda-2025.xlsx',
    );
  const year = Number(args.flags.year);
  if (args.flags.year === undefined || !Number.isInteger(year) || year < 1900 || year > 2200)
    throw new UsageError('--year must be a year from 1900 to 2200');
  const entity = args.flags.entity as string | undefined;
  if (!entity?.trim()) throw new UsageError('--entity is required, e.g. --entity MDA');
  const out = args.flags.out as string | undefined;
  if (!out || !/\.xlsx$/i.test(out))
    throw new UsageError('--out FILE.xlsx is required (a workbook is not printed)');
  const m = await safeLoadMatrix(ref);
  if (!m.success) {
    printIssues(io, m.issues, false);
    return 1;
  }
  const previous = args.flags.previous as string[] | undefined;
  const loaded = previous?.length ? await loadAssessments(previous, { matrix: m.data }) : undefined;
  if (loaded && loaded.issues.length > 0) {
    printIssues(io, loaded.issues, false);
    return 1;
  }
  const { templateWorkbook } = await import('../xlsx/template');
  const bytes = templateWorkbook(m.data, {
    year,
    entity: entity.trim(),
    institution: args.flags.institution as string | undefined,
    lang: (args.flags.lang as 'en' | 'fr' | 'es' | undefined) ?? 'en',
    previous: loaded?.assessments,
    deadline: args.flags.deadline as string | undefined,
    contact: args.flags.contact as string | undefined,
  });
  await writeFileAtomic(out, bytes);
  io.err(`wrote ${out}\n`);
  return 0;
}
