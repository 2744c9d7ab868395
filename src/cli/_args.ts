import { type Limits, limitNames } from '../limits';
import { closest } from '../schema/_issues';

/** A flag a command accepts. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  readonly values?: readonly string[];
  readonly multiple?: boolean;
}

/** Parsed command-line arguments. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string | boolean | string[] | undefined>;
}

/** A usage error: exit code 2, with a hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Parse `argv` against the flags a command accepts. Unknown flags and bad values are usage
 * errors with a "did you mean" hint. `-` alone is a positional (standard input); `--` ends flags.
 */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean | string[] | undefined> = {};
  const byShort = new Map(Object.entries(spec).flatMap(([k, v]) => (v.short ? [[v.short, k] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      for (const item of argv.slice(i + 1)) positionals.push(item);
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const long = byShort.get(arg.slice(1));
      if (!long) throw unknownFlag(arg, spec);
      name = long;
    }
    const s = spec[name];
    if (!s) throw unknownFlag(arg, spec);
    if (s.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(
        `--${name} needs a value`,
        s.values ? `one of: ${s.values.join(', ')}` : undefined,
      );
    }
    if (s.values && !s.values.includes(value)) {
      const near = closest(value, s.values);
      throw new UsageError(
        `--${name} must be one of ${s.values.join(', ')}; got "${value}"`,
        near ? `did you mean "${near}"?` : undefined,
      );
    }
    if (s.multiple) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { positionals, flags };
}

function unknownFlag(arg: string, spec: Readonly<Record<string, FlagSpec>>): UsageError {
  const near = closest(arg.replace(/^-+/, '').split('=')[0]!, Object.keys(spec));
  return new UsageError(
    `unknown option ${arg.split('=')[0]}`,
    near ? `did you mean --${near}?` : 'see --help',
  );
}

/** Help text for a command's flags. */
export function flagHelp(spec: Readonly<Record<string, FlagSpec>>): string {
  return Object.entries(spec)
    .map(([k, v]) => {
      const left = `${v.short ? `-${v.short}, ` : '    '}--${k}${v.type === 'string' ? ' <value>' : ''}`;
      return `  ${left.padEnd(28)} ${v.description}${v.values ? ` (${v.values.join('|')})` : ''}`;
    })
    .join('\n');
}

/** The `--limit name=value` flag shared by commands that read input. */
export const limitFlag = {
  type: 'string',
  multiple: true,
  description: `Raise or lower a size limit, e.g. --limit maxFileBytes=1000000000 (${limitNames.join(', ')})`,
} as const satisfies FlagSpec;

/** Parse `--limit name=value` flags; a bad name or value is a usage error. */
export function parseLimits(values: unknown): Partial<Limits> | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const out: Partial<Record<keyof Limits, number>> = {};
  for (const v of values as string[]) {
    const [name, raw] = v.split('=');
    if (!name || raw === undefined || !(limitNames as string[]).includes(name)) {
      const near = name ? closest(name, limitNames) : undefined;
      throw new UsageError(
        `--limit takes name=value with a name from ${limitNames.join(', ')}; got "${v}"`,
        near ? `did you mean ${near}?` : undefined,
      );
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new UsageError(`--limit ${name} needs a whole number > 0; got "${raw}"`);
    out[name as keyof Limits] = n;
  }
  return out;
}
