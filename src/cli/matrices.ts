import { builtinMatrices } from '../node';
import type { ParsedArgs } from './_args';
import type { Io } from './_io';

export const flags = {
  format: { type: 'string', description: 'Output format', values: ['text', 'json'] },
} as const;

export const usage =
  'mgi matrices [--format text|json]\n\nList the built-in matrices: id, version, indicators, themes, provenance.';

/** `mgi matrices`: list the built-in matrices. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const list = await builtinMatrices();
  if (args.flags.format === 'json') {
    io.out(
      `${JSON.stringify(
        list.map(({ file: _file, ...rest }) => rest),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (list.length === 0) {
    io.out('No built-in matrices are installed.\n');
    return 0;
  }
  const rows = [
    ['id', 'version', 'indicators', 'themes', 'provenance', 'title'],
    ...list.map((m) => [m.id, m.version, String(m.indicators), String(m.themes), m.provenance, m.title]),
  ];
  const widths = rows[0]!.map((_, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), 0));
  io.out(
    `${rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n')}\n`,
  );
  return 0;
}
