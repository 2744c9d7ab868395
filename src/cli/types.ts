import { safeLoadMatrix, writeFileAtomic } from '../node';
import { type ParsedArgs, UsageError } from './_args';
import { refuseOutOverInput } from './_inputs';
import { type Io, printIssues } from './_io';

export const flags = {
  out: {
    type: 'string',
    short: 'o',
    description: 'Write the declarations to this file (atomically) instead of stdout',
  },
  name: { type: 'string', description: 'Name of the assessment interface (default: <MatrixId>Assessment)' },
} as const;

export const usage =
  'mgi types <matrix.json|built-in id> [--out file.d.ts] [--name TypeName]\n\n' +
  'TypeScript declarations for assessments of one matrix: observation ids, value / level shapes, level\n' +
  'ids as literal unions, breakdown categories, and TSDoc from the indicator titles and units.';

/** `mgi types`: print TypeScript declarations for assessments of a matrix. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length !== 1) {
    throw new UsageError(
      'mgi types needs exactly one matrix (a file or a built-in id)',
      'e.g. mgi types moldova-dmd --out moldova.d.ts',
    );
  }
  const name = args.flags.name as string | undefined;
  if (name !== undefined && !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
    throw new UsageError(
      `--name must be a TypeScript identifier; got "${name}"`,
      'e.g. --name MoldovaAssessment',
    );
  }
  await refuseOutOverInput(args.flags.out as string | undefined, [], args.positionals[0]);
  const loaded = await safeLoadMatrix(args.positionals[0]!);
  if (!loaded.success) {
    printIssues(io, loaded.issues, false);
    return 1;
  }
  const { matrixTypes } = await import('../schema/matrix-types');
  const text = await matrixTypes(loaded.data, name !== undefined ? { name } : {});
  if (args.flags.out !== undefined) await writeFileAtomic(args.flags.out as string, text);
  else io.out(text);
  return 0;
}
