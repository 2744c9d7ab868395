import { InterruptedError } from '../_output';
import { abortExitCode, removePendingTemps } from '../_tempfiles';
import { MgiError, printable } from '../errors';
import { closest } from '../schema/_issues';
import { type FlagSpec, flagHelp, type ParsedArgs, parseArgs, UsageError } from './_args';
import { type Io, printIssues, processIo } from './_io';

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
  sensitivity: {
    summary: 'vary weights, aggregation, missing-data policy and indicators: intervals and Sobol indices',
    load: () => import('./sensitivity'),
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
    'Run "mgi help <command>" or "mgi <command> --help" for a command\'s options.',
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

/** The exit codes, as the README states them. */
const EXIT_CODES = [
  'Exit codes:',
  '  0    success (warnings allowed)',
  '  1    invalid input: problems printed to stderr (the valid rest is still scored and written)',
  '  2    usage error (unknown command or option, bad option value)',
  '  70   internal error: a bug in mgi; please report it with the input that caused it',
  '  129, 130, 143  interrupted by SIGHUP, SIGINT or SIGTERM (no partial or temporary file is left)',
].join('\n');

function commandHelp(mod: CommandModule): string {
  return `${mod.usage}\n\nOptions:\n${flagHelp(mod.flags)}\n  -h, --help                   Print this help\n\n${EXIT_CODES}\n`;
}

/** Whether the arguments ask for JSON on stderr (`--format json|ndjson`, `--format=json`, `-f json`). */
function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    const v = a.startsWith('--format=')
      ? a.slice(9)
      : a === '--format' || a === '-f'
        ? args[i + 1]
        : undefined;
    if (v === 'json' || v === 'ndjson') return true;
  }
  return false;
}

/** Run the CLI with arguments (without `node` and the script) and return the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = wantsJson(rest);
  try {
    if (name === undefined) {
      // No command at all is a usage error: the usage goes to stderr, stdout stays empty.
      io.err(mainHelp());
      return 2;
    }
    if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      io.out(mainHelp());
      return 0;
    }
    if (name === 'help') {
      const topic = rest[0]!;
      const cmd = commands[topic];
      if (!cmd || rest.length > 1) {
        const near = closest(topic, Object.keys(commands));
        throw new UsageError(
          rest.length > 1 ? 'mgi help takes one command' : `unknown command "${topic}"`,
          near && !cmd ? `did you mean "mgi help ${near}"?` : 'run mgi --help',
        );
      }
      io.out(commandHelp(await cmd.load()));
      return 0;
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
    const dashdash = rest.indexOf('--');
    const opts = dashdash < 0 ? rest : rest.slice(0, dashdash);
    if (opts.includes('--help') || opts.includes('-h')) {
      io.out(commandHelp(mod));
      return 0;
    }
    return await mod.run(parseArgs(rest, mod.flags), io);
  } catch (e) {
    if (e instanceof InterruptedError) {
      // A signal stopped the run; whatever was pending is removed on the way out.
      removePendingTemps();
      return abortExitCode() ?? 130;
    }
    if (e instanceof UsageError) {
      if (json)
        io.err(
          `${JSON.stringify({ errors: [{ code: 'usage', path: [], message: e.message, ...(e.hint ? { hint: e.hint } : {}) }] })}\n`,
        );
      else io.err(`${printable(`mgi: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`)}\n`);
      return 2;
    }
    if (e instanceof MgiError) {
      printIssues(io, e.issues, json);
      return 1;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    if (json)
      io.err(
        `${JSON.stringify({ errors: [{ code: 'internal', path: [], message: `internal error: ${detail}` }] })}\n`,
      );
    else
      io.err(
        `mgi: internal error: ${printable(detail)}\nPlease report this with the input that caused it.\n`,
      );
    return 70;
  }
}
