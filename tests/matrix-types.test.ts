import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentTemplate } from '../src/cli/init';
import { safeParseMatrix } from '../src/index';
import { assessmentSchemaForMatrix } from '../src/schema/assessment-for-matrix';
import type { Matrix } from '../src/schema/matrix';
import { matrixTypes, typeName } from '../src/schema/matrix-types';

const ROOT = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mgi-types-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every built-in matrix present in indicators/ (colleagues add more; the test follows). */
const builtins = readdirSync(join(ROOT, 'indicators'))
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((file) => {
    const r = safeParseMatrix(readFileSync(join(ROOT, 'indicators', file), 'utf8'));
    if (!r.success) throw new Error(`${file} is not a valid matrix: ${JSON.stringify(r.issues.slice(0, 3))}`);
    return { file, matrix: r.data };
  });

/** Example assessments in examples/<folder>/ for a matrix, matched by the `matrix` they name. */
function examplesFor(m: Matrix): { file: string; value: Record<string, unknown> }[] {
  const out: { file: string; value: Record<string, unknown> }[] = [];
  for (const dir of readdirSync(join(ROOT, 'examples'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(ROOT, 'examples', dir.name))
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const value = JSON.parse(readFileSync(join(ROOT, 'examples', dir.name, name), 'utf8')) as Record<
        string,
        unknown
      >;
      if (value.matrix === `${m.id}@${m.version}`) out.push({ file: `${dir.name}/${name}`, value });
    }
  }
  return out;
}

/** A valid assessment of `m`: the first example, or the init template with one value filled in. */
function sampleFor(m: Matrix): Record<string, unknown> {
  const example = examplesFor(m)[0];
  if (example) return example.value;
  const template = assessmentTemplate(m, 2024, 'XXX') as { observations: Record<string, unknown> };
  const q = m.indicators.find((i) => i.kind === 'qualitative');
  if (q && q.kind === 'qualitative')
    template.observations[q.id] = { level: q.levels[0]!.id, note: 'checked' };
  return template;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
};

// The standard library is parsed once for all programs.
const libCache = new Map<string, ts.SourceFile | undefined>();
const host = ts.createCompilerHost(COMPILER_OPTIONS);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  if (!fileName.includes('/typescript/lib/'))
    return getSourceFile(fileName, languageVersion, onError, shouldCreate);
  if (!libCache.has(fileName))
    libCache.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
  return libCache.get(fileName);
};

/**
 * Type-check usage files (name → source) next to the generated declarations in `dir`, strictly, as
 * users compile, in one program. Returns the diagnostics of each usage file.
 */
function typecheck(dir: string, files: Record<string, string>): Record<string, string[]> {
  const names = Object.keys(files).map((n) => join(dir, `${n}.ts`));
  for (const [n, text] of Object.entries(files)) writeFileSync(join(dir, `${n}.ts`), text);
  const program = ts.createProgram(names, COMPILER_OPTIONS, host);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((n) => [n, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const key = d.file ? d.file.fileName.slice(dir.length + 1).replace(/\.d?\.?ts$/, '') : 'global';
    out[key] = [...(out[key] ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')];
  }
  return out;
}

describe.each(builtins)('the types of $file', ({ file, matrix }) => {
  const name = typeName(matrix.id);
  const idName = `${name.replace(/Assessment$/, '')}IndicatorId`;
  const dir = join(work, file.replace(/\.json$/, ''));
  const sample = sampleFor(matrix);
  const observations = sample.observations as Record<string, Record<string, unknown>>;
  const qualitative = matrix.indicators.find((i) => i.kind === 'qualitative');
  const numericId = Object.keys(observations).find((id) =>
    matrix.indicators.some((i) => i.id === id && i.kind === 'quantitative'),
  );
  const usage = (value: unknown): string =>
    `import type { ${name} } from './types';\nexport const a: ${name} = ${JSON.stringify(value, null, 2)};\n`;
  const cases: Record<string, string> = {
    good: `${usage(sample)}import type { ${idName} } from './types';\nexport const id: ${idName} = ${JSON.stringify(Object.keys(observations)[0])};\n`,
    misspelled: usage({ ...sample, observations: { ...observations, XX_MISSPELLED: { missing: 'n/a' } } }),
  };
  if (qualitative?.kind === 'qualitative') {
    cases.wrongLevel = usage({
      ...sample,
      observations: { ...observations, [qualitative.id]: { level: 'not-a-level' } },
    });
    cases.levelAndMissing = usage({
      ...sample,
      observations: { ...observations, [qualitative.id]: { level: qualitative.levels[0]!.id, missing: 'x' } },
    });
  }
  if (numericId)
    cases.levelForNumber = usage({
      ...sample,
      observations: { ...observations, [numericId]: { level: 'high' } },
    });
  let diagnostics: Record<string, string[]> = {};
  let text = '';

  beforeAll(async () => {
    text = await matrixTypes(matrix);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'types.d.ts'), text);
    diagnostics = typecheck(dir, cases);
  });

  it('compile with the TypeScript API (strict) and accept a correct assessment', () => {
    expect(text).toContain(`export interface ${name} {`);
    expect(text).toContain(`matrix: '${matrix.id}@${matrix.version}';`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps: deterministic
    expect(diagnostics.types ?? []).toEqual([]);
    expect(diagnostics.global ?? []).toEqual([]);
    expect(diagnostics.good).toEqual([]);
  });

  it('make a misspelled indicator id a type error', () => {
    expect(diagnostics.misspelled?.join('\n')).toContain('XX_MISSPELLED');
  });

  it('make a wrong level, a level with "missing", or a level for a quantitative indicator a type error', () => {
    if (cases.wrongLevel) expect(diagnostics.wrongLevel?.join('\n')).toContain('not-a-level');
    if (cases.levelAndMissing) expect(diagnostics.levelAndMissing).not.toEqual([]);
    if (cases.levelForNumber) expect(diagnostics.levelForNumber).not.toEqual([]);
  });

  it('have a per-matrix JSON Schema (both drafts) that accepts the examples and the init template, and rejects a misspelled id and a wrong level', () => {
    for (const target of ['draft-2020-12', 'draft-07'] as const) {
      const schema = assessmentSchemaForMatrix(matrix, target);
      const json = JSON.stringify(schema);
      if (target === 'draft-07') expect(json).not.toContain('$defs');
      else expect(json).not.toContain('"definitions"');
      const valid = [
        ...examplesFor(matrix),
        { file: 'template', value: assessmentTemplate(matrix, 2024, 'XXX') },
        { file: 'sample', value: sample },
      ];
      for (const { file: f, value } of valid) expect(validate(schema, value), `${target} ${f}`).toEqual([]);
      const misspelled = { ...sample, observations: { ...observations, XX_MISSPELLED: { missing: 'n/a' } } };
      expect(validate(schema, misspelled).join('\n')).toContain('/observations/XX_MISSPELLED');
      if (qualitative) {
        const wrong = {
          ...sample,
          observations: { ...observations, [qualitative.id]: { level: 'not-a-level' } },
        };
        expect(validate(schema, wrong)).not.toEqual([]);
      }
      expect(validate(schema, { ...sample, matrix: `${matrix.id}@99.0.0` }).join('\n')).toContain('/matrix');
    }
  });
});

describe('typeName', () => {
  it.each([
    ['moldova-dmd', 'MoldovaDmdAssessment'],
    ['sdg-10-7-2', 'Sdg10_7_2Assessment'],
    ['mgi-starter', 'MgiStarterAssessment'],
    ['2030-agenda', 'M2030AgendaAssessment'],
  ])('names the interface of %s %s', (id, name) => {
    expect(typeName(id)).toBe(name);
  });
});

// --- a small JSON Schema checker for the keywords our schemas use; it refuses any other keyword ---

const KNOWN = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'enum',
  'const',
  'oneOf',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
]);

type Schema = Record<string, unknown>;

function validate(root: Schema, value: unknown): string[] {
  const defs = {
    ...((root.$defs ?? {}) as Record<string, Schema>),
    ...((root.definitions ?? {}) as Record<string, Schema>),
  };
  return check(defs, root, value, '');
}

function check(defs: Record<string, Schema>, s: Schema, v: unknown, at: string): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(s))
    if (!KNOWN.has(k)) throw new Error(`the test checker does not know the keyword "${k}" (at ${at})`);
  if (typeof s.$ref === 'string') {
    const target = defs[s.$ref.replace(/^#\/(\$defs|definitions)\//, '')];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    errors.push(...check(defs, target, v, at));
  }
  const type = s.type as string | undefined;
  if (type !== undefined) {
    const ok =
      type === 'object'
        ? v !== null && typeof v === 'object' && !Array.isArray(v)
        : type === 'integer'
          ? Number.isInteger(v)
          : typeof v === type;
    if (!ok) return [...errors, `${at}: expected ${type}`];
  }
  if (s.const !== undefined && v !== s.const) errors.push(`${at}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(v))
    errors.push(`${at}: not one of ${JSON.stringify(s.enum)}`);
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${at}: below ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${at}: above ${s.maximum}`);
  }
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && [...v].length < s.minLength) errors.push(`${at}: too short`);
    if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) errors.push(`${at}: too long`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v))
      errors.push(`${at}: does not match ${s.pattern}`);
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as Schema[]).filter((branch) => check(defs, branch, v, at).length === 0);
    if (passing.length !== 1)
      errors.push(`${at}: matches ${passing.length} of the oneOf branches, not exactly one`);
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errors.push(`${at}/${r}: required`);
    for (const [k, child] of Object.entries(obj)) {
      if (s.propertyNames) errors.push(...check(defs, s.propertyNames as Schema, k, `${at}/${k} (name)`));
      if (props[k]) errors.push(...check(defs, props[k], child, `${at}/${k}`));
      else if (s.additionalProperties === false) errors.push(`${at}/${k}: not allowed`);
      else if (typeof s.additionalProperties === 'object')
        errors.push(...check(defs, s.additionalProperties as Schema, child, `${at}/${k}`));
    }
  }
  return errors;
}
