import {
  assessmentJsonSchema,
  matrixJsonSchema,
  reportJsonSchema,
  scorecardJsonSchema,
  sensitivityJsonSchema,
} from '../schema/json-schema';
import { type ParsedArgs, UsageError } from './_args';
import { type Io, printIssues } from './_io';

export const flags = {
  matrix: {
    type: 'string',
    description: 'With "assessment": the schema specialised to this matrix (file or built-in id)',
  },
  target: { type: 'string', description: 'JSON Schema draft', values: ['draft-2020-12', 'draft-07'] },
} as const;

export const usage =
  'mgi schema matrix|assessment|scorecard|report|sensitivity [--target draft-2020-12|draft-07]\nmgi schema assessment --matrix <file|id>\n\nPrint a JSON Schema.';

const KINDS = ['matrix', 'assessment', 'scorecard', 'report', 'sensitivity'] as const;

/** `mgi schema`: print a JSON Schema. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const kind = args.positionals[0];
  if (args.positionals.length !== 1 || !KINDS.includes(kind as (typeof KINDS)[number])) {
    throw new UsageError(`mgi schema needs one of: ${KINDS.join(', ')}`, 'e.g. mgi schema matrix');
  }
  const target = (args.flags.target as 'draft-2020-12' | 'draft-07' | undefined) ?? 'draft-2020-12';
  const matrixRef = args.flags.matrix as string | undefined;
  if (matrixRef !== undefined) {
    if (kind !== 'assessment') throw new UsageError('--matrix goes with "mgi schema assessment"');
    const { safeLoadMatrix } = await import('../node');
    const loaded = await safeLoadMatrix(matrixRef);
    if (!loaded.success) {
      printIssues(io, loaded.issues, false);
      return 1;
    }
    const { assessmentSchemaForMatrix } = await import('../schema/assessment-for-matrix');
    io.out(`${JSON.stringify(assessmentSchemaForMatrix(loaded.data, target), null, 2)}\n`);
    return 0;
  }
  const schema =
    kind === 'matrix'
      ? matrixJsonSchema(target)
      : kind === 'assessment'
        ? assessmentJsonSchema(target)
        : kind === 'scorecard'
          ? scorecardJsonSchema(target)
          : kind === 'report'
            ? reportJsonSchema(target)
            : sensitivityJsonSchema(target);
  io.out(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
