import { formatIssues, MgiError } from '../errors';
import { closest } from '../schema/_issues';
import { type FlagSpec, flagHelp, type ParsedArgs, parseArgs, UsageError } from './_args';
import { type Io, processIo } from './_io';

declare const __VERSION__: string | undefined;

interface CommandModule {
  flags: Readonly<Record<string, FlagSpec>>;
  usage: string;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

// Commands load on demand, so `mgi matrices` never pays for mathjs or the renderers.
const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  score: {
    summary: 'score assessments into scorecards (json, ndjson, md, csv, html)',
    load: () => import('./score'),
  },
  validate: {
    summary: 'check matrices and assessments, all problems at once',
    load: () => import('./validate'),
  },
  matrices: { summary: 'list the built-in matrices', load: () => import('./matrices') },
  schema: {
    summary: 'print the JSON Schema of a matrix, assessment, scorecard or report',
    load: () => import('./schema'),
  },
  types: { summary: 'TypeScript types for assessments of a matrix', load: () => import('./types') },
  convert: {
    summary: 'convert assessments between JSON and long-format CSV',
    load: () => import('./convert'),
  },
  init: { summary: 'write a starter matrix and assessment to edit', load: () => import('./init') },
  template: {
    summary: 'write an Excel collection template (.xlsx) to fill',
    load: () => import('./template'),
  },
};

function version(): string {
  return typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
}

function mainHelp(): string {
  const width = Object.keys(commands).reduce((w, c) => Math.max(w, c.length), 0);
  return [
    'mgi — score migration-governance indicator matrices (MGI, SDG 10.7.2, national M&E frameworks)',
    '',
    'Usage: mgi <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "mgi <command> --help" for a command\'s options. Exit codes: 0 success, 1 invalid input, 2 usage error.',
    '',
  ].join('\n');
}

/** Run the CLI with arguments (without `node` and the script) and return the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(mainHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${version()}\n`);
      return 0;
    }
    const cmd = commands[name];
    if (!cmd) {
      const near = closest(name, Object.keys(commands));
      throw new UsageError(
        `unknown command "${name}"`,
        near ? `did you mean "mgi ${near}"?` : 'run mgi --help',
      );
    }
    const mod = await cmd.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${mod.usage}\n\nOptions:\n${flagHelp(mod.flags)}\n`);
      return 0;
    }
    return await mod.run(parseArgs(rest, mod.flags), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mgi: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
      return 2;
    }
    if (e instanceof MgiError) {
      io.err(`${formatIssues(e.issues)}\n`);
      return 1;
    }
    io.err(
      `mgi: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this with the input that caused it.\n`,
    );
    return 70;
  }
}
