import { extname } from 'node:path';
import { type Language, languages } from '../dimensions';
import { issue, MgiError, type MgiIssue } from '../errors';
import { loadFormulaEngine, safeLoadMatrix } from '../node';
import type { Assessment } from '../schema/assessment';
import type { VarySpec } from '../schema/sensitivity';
import { limitFlag, type ParsedArgs, parseLimits, UsageError } from './_args';
import { loadAssessment, loadInputs, refuseOutOverInput } from './_inputs';
import { type Io, printIssues } from './_io';
import { isStdout, Sink } from './_sink';

const FORMATS = ['json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

export const flags = {
  matrix: { type: 'string', short: 'm', description: 'Matrix file or built-in id (required)' },
  samples: {
    type: 'string',
    short: 'n',
    description: 'N, the base sample size: N × (k + 2) scoring runs for k varied choices (default 500)',
  },
  seed: {
    type: 'string',
    description: 'Seed of the random generator, an integer 0 to 4294967295 (default 1)',
  },
  vary: {
    type: 'string',
    description:
      'What to vary, comma-separated (default weights:0.2,aggregation,missing,drop); see the list below',
  },
  themes: { type: 'boolean', description: 'Also report every theme score (intervals and indices per theme)' },
  'no-indices': { type: 'boolean', description: 'Only the intervals (2N runs), no sensitivity indices' },
  year: { type: 'string', description: 'Report only this year (earlier years still feed carry-forward)' },
  format: {
    type: 'string',
    short: 'f',
    description: "Output format (default: from --out's extension, else json)",
    values: FORMATS,
  },
  lang: { type: 'string', description: 'Language of the HTML labels', values: [...languages] },
  out: { type: 'string', short: 'o', description: 'Write to this file instead of stdout; - is stdout' },
  limit: limitFlag,
} as const;

export const usage =
  'mgi sensitivity <assessment.json|.csv|.ndjson|folder> … --matrix <file|id> [--samples N] [--seed S]\n' +
  '          [--vary weights:0.2,aggregation,missing,drop] [--themes] [--no-indices] [--year Y]\n' +
  '          [--format json|csv|html] [--lang en|fr|es|ro|ru] [--out file|-]\n\n' +
  'Uncertainty and sensitivity analysis of the overall score: the choices of the matrix are varied\n' +
  'at random (Monte Carlo with a seed; the same seed gives the same bytes), and for every\n' +
  'entity-year the median, the 5-95 % interval, how often the band changes, and the first-order\n' +
  '(Saltelli 2010) and total (Jansen) sensitivity index of each choice are written.\n\n' +
  '--vary takes, comma-separated:\n' +
  '  weights[:R]              indicator and theme weights each x U(1-R, 1+R) (R default 0.2, 0 <= R < 1)\n' +
  '  weights:dirichlet:C      weights drawn from a Dirichlet around the given ones, concentration C\n' +
  '  indicator-weights[:...], theme-weights[:...]   the same for one level only\n' +
  '  aggregation[:indicators|:themes]   arithmetic or geometric mean, per level (default both levels)\n' +
  '  missing[:P/P...]         missing-data policy among reweight, zero, carryForward (default all)\n' +
  '  normalisation[:M/M...]   default normalisation among target, goalposts, minmax, percentile,\n' +
  '                           frontier (default: the sample methods for a sample matrix, else\n' +
  '                           target/goalposts; indicators naming their own keep it)\n' +
  '  drop[:ID/ID...]          drop one indicator or none (default: any indicator no formula reads)\n' +
  '  none                     vary nothing (the intervals are the scores as given)';

const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.json': 'json',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
};

/** Parse `--vary`: comma-separated entries, each a usage error when malformed. */
export function parseVary(text: string): VarySpec[] {
  const out: VarySpec[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry === 'none') continue;
    const [name, ...rest] = entry.split(':');
    const arg = rest.join(':');
    const bad = (why: string) =>
      new UsageError(`--vary ${entry}: ${why}`, 'run mgi sensitivity --help for the list');
    switch (name) {
      case 'weights':
      case 'indicator-weights':
      case 'theme-weights': {
        const level = name === 'weights' ? 'both' : name === 'indicator-weights' ? 'indicators' : 'themes';
        if (arg === '') out.push({ choice: 'weights', level, range: 0.2 });
        else if (arg.startsWith('dirichlet')) {
          const c = Number(arg.slice('dirichlet:'.length));
          if (!arg.startsWith('dirichlet:') || !(c > 0) || !Number.isFinite(c))
            throw bad('the concentration must be a positive number, e.g. weights:dirichlet:50');
          out.push({ choice: 'weights', level, dirichlet: c });
        } else {
          const r = Number(arg);
          if (!(r >= 0 && r < 1))
            throw bad('the range must be a number from 0 up to (not including) 1, e.g. weights:0.2');
          out.push({ choice: 'weights', level, range: r });
        }
        break;
      }
      case 'aggregation':
        if (arg !== '' && arg !== 'indicators' && arg !== 'themes')
          throw bad('the level is indicators or themes');
        out.push({ choice: 'aggregation', level: arg === '' ? 'both' : arg });
        break;
      case 'missing': {
        if (arg === '') {
          out.push({ choice: 'missing' });
          break;
        }
        const ps = arg.split('/');
        const ok = ['reweight', 'zero', 'carryForward'];
        const wrong = ps.find((p) => !ok.includes(p));
        if (wrong !== undefined) throw bad(`"${wrong}" is not a policy (reweight, zero, carryForward)`);
        if (new Set(ps).size < 2)
          throw bad('give at least two different policies, e.g. missing:reweight/zero');
        out.push({
          choice: 'missing',
          policies: [...new Set(ps)] as ('reweight' | 'zero' | 'carryForward')[],
        });
        break;
      }
      case 'normalisation': {
        if (arg === '') {
          out.push({ choice: 'normalisation' });
          break;
        }
        const ms = arg.split('/');
        const ok = ['target', 'goalposts', 'minmax', 'percentile', 'frontier'];
        const wrong = ms.find((x) => !ok.includes(x));
        if (wrong !== undefined) throw bad(`"${wrong}" is not a normalisation (${ok.join(', ')})`);
        if (new Set(ms).size < 2)
          throw bad('give at least two different methods, e.g. normalisation:minmax/percentile');
        out.push({
          choice: 'normalisation',
          methods: [...new Set(ms)] as ('target' | 'goalposts' | 'minmax' | 'percentile' | 'frontier')[],
        });
        break;
      }
      case 'drop':
        out.push(arg === '' ? { choice: 'drop' } : { choice: 'drop', indicators: arg.split('/') });
        break;
      default:
        throw bad(
          'unknown choice (weights, indicator-weights, theme-weights, aggregation, missing, normalisation, drop, none)',
        );
    }
  }
  return out;
}

function integerFlag(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  return n;
}

/** `mgi sensitivity`. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError(
      'mgi sensitivity needs assessment files or folders',
      'e.g. mgi sensitivity examples/moldova --matrix moldova-dmd --samples 200',
    );
  const matrixRef = args.flags.matrix as string | undefined;
  if (matrixRef === undefined)
    throw new UsageError(
      'mgi sensitivity needs --matrix',
      'e.g. --matrix moldova-dmd or --matrix my-matrix.json',
    );
  if (args.positionals.includes('-'))
    throw new UsageError('mgi sensitivity reads files and folders, not standard input');
  const out = args.flags.out as string | undefined;
  const implied = out === undefined || isStdout(out) ? undefined : BY_EXTENSION[extname(out).toLowerCase()];
  const asked = args.flags.format as Format | undefined;
  if (asked !== undefined && implied !== undefined && asked !== implied)
    throw new UsageError(`--format ${asked} contradicts --out ${out}, whose extension means ${implied}`);
  const format: Format = asked ?? implied ?? 'json';
  const json = asked === 'json';
  const samples = integerFlag(args.flags.samples, 'samples', 2, 100_000);
  const seed = integerFlag(args.flags.seed, 'seed', 0, 2 ** 32 - 1);
  const year = integerFlag(args.flags.year, 'year', 1900, 2200);
  const vary = args.flags.vary === undefined ? undefined : parseVary(args.flags.vary as string);
  const lang = (args.flags.lang as Language | undefined) ?? 'en';
  if (args.flags.lang !== undefined && format !== 'html')
    throw new UsageError(`--lang goes with --format html (${format} is not translated)`);
  await refuseOutOverInput(out, args.positionals, matrixRef);

  const limits = parseLimits(args.flags.limit);
  const m = await safeLoadMatrix(matrixRef, limits ? { limits } : {});
  if (!m.success) {
    printIssues(io, m.issues, json);
    return 1;
  }
  const matrix = m.data;
  const loaded = await loadInputs(args.positionals, matrixRef, { matrix, ...(limits ? { limits } : {}) });
  if (loaded.issues.length > 0) {
    // The analysis varies the scoring of the data; data that cannot be read is fixed first.
    printIssues(io, loaded.issues, json);
    return 1;
  }
  const assessments: Assessment[] = loaded.assessments.map(loadAssessment);
  if (assessments.length === 0) {
    printIssues(io, [issue('empty-input', [], 'no assessment was found in the inputs')], json);
    return 1;
  }
  const engine = matrix.indicators.some((i) => i.kind === 'formula') ? await loadFormulaEngine() : undefined;
  const { sensitivityWith } = await import('../sensitivity/sensitivity');
  let result: ReturnType<typeof sensitivityWith>;
  try {
    result = sensitivityWith(
      matrix,
      assessments,
      {
        ...(samples !== undefined ? { samples } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(vary !== undefined ? { vary } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(args.flags['no-indices'] ? { indices: false } : {}),
        ...(args.flags.themes ? { themes: true } : {}),
        ...(limits ? { limits } : {}),
      },
      engine,
    );
  } catch (e) {
    if (!(e instanceof MgiError)) throw e;
    // Problems with --vary (an unknown indicator to drop) name the flag, not an options path.
    printIssues(io, e.issues.map(asFlagIssue), json);
    return 1;
  }
  const sink = new Sink(out, io);
  try {
    if (format === 'json') await sink.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const r = await import('../report/sensitivity');
      await sink.write(
        format === 'csv' ? r.renderSensitivityCsv(result) : r.renderSensitivityHtml(result, { lang }),
      );
    }
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  if (result.errors.length === 0) return 0;
  // As mgi score: the valid rest was analysed and written; the problems go to stderr, exit 1.
  printIssues(
    io,
    result.errors.map((e) => ({
      code: e.code as MgiIssue['code'],
      path: e.path,
      message: e.message,
      ...(e.source !== undefined ? { source: e.source } : {}),
    })),
    json,
  );
  return 1;
}

function asFlagIssue(i: MgiIssue): MgiIssue {
  return i.path[0] === 'vary' ? { ...i, path: [], message: `--vary: ${i.message}` } : i;
}
