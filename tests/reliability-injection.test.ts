/**
 * Prototype pollution and injection: forbidden keys anywhere (JSON text, objects passed directly,
 * NDJSON, CSV), ids that could be paths or carry control characters, and hostile matrix and
 * assessment strings rendered as HTML, Markdown and CSV. At the end no built-in prototype has
 * changed.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Assessment,
  type Matrix,
  parseAssessment,
  parseMatrix,
  safeParseAssessment,
  safeParseMatrix,
  score,
} from '../src/index';
import { parseCsv } from '../src/io/_csv';
import { csvToAssessments } from '../src/io/csv-assessment';
import { assessmentsFromText } from '../src/node';
import { render } from '../src/report/render';
import { assessmentSchemaForMatrix } from '../src/schema/assessment-for-matrix';
import type { Report } from '../src/schema/report';
import { runCli, tempFiles } from './fixtures/cli';
import { setOwn } from './fixtures/fuzz-inputs';
import {
  CaseTally,
  checkIssues,
  checkPrototypes,
  extraMembers,
  FUZZ_TIMEOUT,
  fuzzParams,
  type LooseJson,
  prototypeFingerprint,
  writeJson,
} from './fixtures/fuzz-support';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const prototypes = prototypeFingerprint();
const tally = new CaseTally('reliability-injection.test.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  console.log(tally.summary());
});

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'] as const;
const assessment2021 = workedAssessment(2021, 20, 45, 'partial');

/** A copy of `doc` whose object at `at` gets the extra member `key` (in text: a real key). */
function withKeyAt(
  doc: unknown,
  at: readonly (string | number)[],
  key: string,
): { text: string; value: unknown } {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const k of at) target = target[k as string] as Record<string, unknown>;
  extraMembers.set(target, [[key, { polluted: true }]]);
  const text = writeJson(copy);
  return { text, value: JSON.parse(text) as unknown };
}

const matrixPlaces: (string | number)[][] = [
  [],
  ['themes', 0],
  ['indicators', 1],
  ['indicators', 0, 'targets'],
  ['indicators', 0, 'baseline'],
  ['indicators', 2, 'levels', 1],
  ['scoring'],
  ['scoring', 'aggregation'],
];
const assessmentPlaces: (string | number)[][] = [[], ['observations'], ['observations', 'R1']];

describe('prototype pollution', () => {
  const cases = FORBIDDEN.flatMap((key) => [
    ...matrixPlaces.map((at) => ({
      kind: 'matrix' as const,
      at,
      key,
      where: at.join('.') || 'the top level',
    })),
    ...assessmentPlaces.map((at) => ({
      kind: 'assessment' as const,
      at,
      key,
      where: at.join('.') || 'the top level',
    })),
  ]);

  it.each(cases)(
    '$key in a $kind at $where is a forbidden-key issue with its path, in JSON text and in objects from JSON.parse',
    ({ kind, at, key }) => {
      const { text, value } = withKeyAt(kind === 'matrix' ? workedMatrix : assessment2021, at, key);
      const parse = kind === 'matrix' ? safeParseMatrix : safeParseAssessment;
      for (const input of [text, value]) {
        const r = parse(input);
        expect(r.success).toBe(false);
        if (r.success) continue;
        checkIssues(r.issues);
        expect(r.issues[0]).toMatchObject({ code: 'forbidden-key', path: [...at, key] });
      }
      checkPrototypes(prototypes);
    },
  );

  it('a breakdown category or dimension named __proto__ or constructor is refused, and nothing is polluted', () => {
    for (const key of FORBIDDEN) {
      for (const where of ['dimension', 'category'] as const) {
        const obs =
          where === 'dimension' ? { value: 1, breakdown: {} } : { value: 1, breakdown: { sex: {} } };
        const holder = (
          where === 'dimension' ? obs.breakdown : (obs.breakdown as { sex: object }).sex
        ) as object;
        setOwn(holder, key, where === 'dimension' ? { polluted: 1 } : 1);
        const a = { ...structuredClone(assessment2021), observations: { R1: obs } };
        const r = safeParseAssessment(a);
        expect(r.success).toBe(false);
        if (!r.success) expect(r.issues.map((i) => i.code)).toContain('forbidden-key');
      }
    }
    checkPrototypes(prototypes);
  });

  it('an object whose prototype carries the data, or is not a plain object, is refused', () => {
    const viaPrototype = Object.create(structuredClone(assessment2021)) as object;
    const r = safeParseAssessment(viaPrototype);
    expect(r.success).toBe(false);
    const m = safeParseMatrix(Object.assign(Object.create({ polluted: true }) as object, workedMatrix));
    expect(m.success).toBe(false);
    if (!m.success) expect(m.issues.map((i) => i.code)).toContain('invalid-type');
  });

  it('NDJSON lines with forbidden keys are reported by line and the other lines are still read', async () => {
    const good = JSON.stringify(assessment2021);
    const bad = good.replace('"observations":{', '"observations":{"__proto__":{"value":1},');
    const r = await assessmentsFromText(`${good}\n${bad}\n${good.replace('2021', '2020')}\n`, 'batch.ndjson');
    expect(r.assessments.map((a) => a.year)).toEqual([2021, 2020]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'forbidden-key', source: 'batch.ndjson' });
    expect(r.issues[0]!.message).toContain('line 2');
    checkPrototypes(prototypes);
  });

  it('CSV cells and headers named __proto__, constructor or prototype are refused with row and column', () => {
    const head = 'entity,year,matrix,indicator,value';
    for (const id of FORBIDDEN) {
      const r = csvToAssessments(`${head}\nXWE,2021,worked@1.0.0,${id},1\nXWE,2021,worked@1.0.0,R1,20\n`);
      expect(r.issues.length).toBeGreaterThan(0);
      checkIssues(r.issues);
      expect(r.issues[0]!.path.slice(0, 2)).toEqual(['row', 2]);
      // The forbidden id is in no assessment. (For "__proto__" the other row is still read; for
      // "constructor" and "prototype" the whole assessment is dropped: see reliability-known-bugs.)
      const ids = r.assessments.flatMap((a) => Object.keys(a.observations));
      expect(ids).not.toContain(id);
      if (id === '__proto__') expect(ids).toEqual(['R1']);
      const withColumn = csvToAssessments(`${head},${id}\nXWE,2021,worked@1.0.0,R1,20,female\n`);
      expect(
        withColumn.assessments.flatMap((a) => Object.keys(a.observations.R1?.breakdown ?? {})),
      ).not.toContain(id);
      const category = csvToAssessments(
        `${head},sex\nXWE,2021,worked@1.0.0,R1,20,\nXWE,2021,worked@1.0.0,R1,5,${id}\n`,
      );
      expect(category.issues.length).toBeGreaterThan(0);
      expect(category.assessments.flatMap((a) => Object.keys(a.observations))).not.toContain(id);
    }
    checkPrototypes(prototypes);
  });

  it('mgi validate and mgi score refuse __proto__ in a file and on stdin (exit 1, [forbidden-key])', () => {
    const text = JSON.stringify(assessment2021).replace(
      '"observations":{',
      '"observations":{"__proto__":{"value":1},',
    );
    const dir = tempFiles({ 'a.json': text, 'm.json': workedMatrix });
    dirs.push(dir);
    const v = runCli(['validate', join(dir, 'a.json'), '--matrix', join(dir, 'm.json')]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('[forbidden-key]');
    const s = runCli(['score', '-', '--matrix', join(dir, 'm.json'), '--format', 'md'], { input: text });
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('[forbidden-key]');
    expect(s.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('ids named like Object.prototype members (toString, valueOf, hasOwnProperty, constructor) are refused wherever ids go', () => {
    const r = safeParseMatrix({
      format: 'mgi-engine/matrix@1',
      id: 'toString',
      version: '1.0.0',
      title: 'valueOf',
      themes: [{ id: 'toString', title: 'T', dimension: 'migrants-rights' }],
      indicators: [
        {
          id: 'valueOf',
          theme: 'toString',
          title: 'a',
          kind: 'quantitative',
          direction: 'increase',
          disaggregation: { hasOwnProperty: ['constructor', 'ok'] },
        },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'id',
        'themes.0.id',
        'indicators.0.id',
        'indicators.0.theme',
        'indicators.0.disaggregation.hasOwnProperty',
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ids and labels that could be paths or terminal commands', () => {
  const badIds = [
    'a/b',
    '../x',
    'a\\b',
    'a.b',
    'a b',
    'a\u0000b',
    'a\nb',
    'a\u001b[2J',
    'C:x',
    '%2e%2e',
    '',
    '-a',
    'é',
    'x'.repeat(65),
  ];

  it.each(badIds.map((id) => ({ id: JSON.stringify(id).slice(0, 20), raw: id })))(
    'the id $id is refused as an indicator, theme, level, category, observation and breakdown id',
    ({ raw }) => {
      const placesInMatrix: [string, (m: LooseJson) => void, (string | number)[]][] = [
        ['indicator', (m) => (m.indicators[0].id = raw), ['indicators', 0, 'id']],
        ['theme', (m) => (m.themes[0].id = raw), ['themes', 0, 'id']],
        ['level', (m) => (m.indicators[2].levels[0].id = raw), ['indicators', 2, 'levels', 0, 'id']],
        [
          'category',
          (m) => (m.indicators[0].disaggregation = { sex: [raw] }),
          ['indicators', 0, 'disaggregation', 'sex', 0],
        ],
      ];
      for (const [, change, path] of placesInMatrix) {
        const m = structuredClone(workedMatrix) as LooseJson;
        change(m);
        const r = safeParseMatrix(m);
        expect(r.success).toBe(false);
        if (!r.success) expect(r.issues.map((i) => i.path)).toContainEqual(path);
      }
      const asObservation = { ...structuredClone(assessment2021), observations: { [raw]: { value: 1 } } };
      const inBreakdown = {
        ...structuredClone(assessment2021),
        observations: { R1: { value: 1, breakdown: { sex: { [raw]: 1 } } } },
      };
      for (const a of [asObservation, inBreakdown]) {
        const r = safeParseAssessment(a);
        expect(r.success).toBe(false);
        if (!r.success) checkIssues(r.issues);
      }
    },
  );

  it('entities, submitters and labels with control characters are refused', () => {
    for (const bad of ['X\u0000', 'X\nY', 'X\u001b[2J', 'X\u007f']) {
      for (const field of ['entity', 'submittedBy', 'entityName'] as const) {
        const r = safeParseAssessment({ ...structuredClone(assessment2021), [field]: bad });
        expect(r.success).toBe(false);
        if (!r.success) expect(r.issues[0]).toMatchObject({ code: 'invalid-format', path: [field] });
      }
    }
  });

  it('control characters in values are escaped in issue messages (JSON syntax, entity, format, CSV cells)', () => {
    const ESC = '\u001b[2J';
    const messages: string[] = [];
    const text = JSON.stringify(assessment2021).replace('"XWE"', `"X${ESC}"`);
    const asObjects = [
      { ...structuredClone(assessment2021), entity: `X${ESC}` },
      { ...structuredClone(assessment2021), format: `f${ESC}` },
    ];
    for (const input of [text, ...asObjects]) {
      const r = safeParseAssessment(input);
      expect(r.success).toBe(false);
      if (!r.success) messages.push(...r.issues.map((i) => i.message));
    }
    const csv = csvToAssessments(
      `entity,year,matrix,indicator,value,level\nXWE,2021,worked@1.0.0,R1,1${ESC},\nXWE,2021,worked@1.0.0,W1,,p${ESC}\nXWE,2021,w${ESC},R2,1,\n`,
    );
    messages.push(...csv.issues.map((i) => i.message));
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) expect(m).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('mgi convert --out folder/ names files from a slug of the entity, so "../../x" cannot leave the folder', () => {
    const evil = { ...structuredClone(assessment2021), entity: '../../escaped', submittedBy: '../../../etc' };
    const dir = tempFiles({ 'in.json': evil });
    dirs.push(dir);
    const csv = runCli(['convert', join(dir, 'in.json'), '--to', 'csv', '--out', join(dir, 'in.csv')]);
    expect(csv.code).toBe(0);
    const out = join(dir, 'out');
    const r = runCli(['convert', join(dir, 'in.csv'), '--to', 'json', '--out', `${out}/`]);
    expect(r.code).toBe(0);
    const written = readdirSync(out);
    expect(written).toEqual(['escaped-2021.json']);
    expect(readdirSync(resolve(dir, '..')).filter((n) => n.startsWith('escaped'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, written[0]!), 'utf8')).entity).toBe('../../escaped');
  });
});

// --- output injection ---

const PAYLOADS = {
  html: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  md: '| a | b |\n\n# Injected [x](javascript:alert(1)) ![i](http://evil.example/p.png) `c` *e* <b>h</b>',
  csv: '=HYPERLINK("http://evil.example","click")',
  csv2: "+cmd|' /C calc'!A0",
  csv3: '@SUM(1+1)',
  csv4: '-2+3',
};
const ALL = Object.values(PAYLOADS).join(' ');

/** The worked example with `s` (made valid for each field) in every string a report shows. */
function hostileExample(s: string): { m: Matrix; a: Assessment[] } {
  // Trimmed: an id with spaces around it is refused (issue 19 #12), and this test is about rendering.
  const line = (x: string) =>
    x
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .slice(0, 200)
      .trim() || 'x';
  const text = (x: string) => x || 'x';
  const mx = structuredClone(workedMatrix) as LooseJson;
  mx.title = text(s);
  mx.themes[0].title = text(s);
  mx.themes[1].title = { en: text(s), fr: text(s) };
  mx.indicators[0].title = text(s);
  mx.indicators[0].unit = line(s);
  mx.indicators[2].levels[1].label = text(s);
  mx.provenance = {
    kind: 'illustrative',
    note: s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ''),
  };
  mx.scoring = {
    ...mx.scoring,
    bands: [
      { id: 'low', label: text(s), min: 0 },
      { id: 'high', label: 'High', min: 60 },
    ],
  };
  const m = parseMatrix(mx);
  const base = (year: number, r1: number) => ({
    ...workedAssessment(year, r1, 45, 'partial'),
    entity: line(s),
    entityName: line(s),
    submittedBy: line(s),
  });
  const a2020 = parseAssessment({
    ...base(2020, 18),
    observations: { R1: { value: 18 }, R2: { value: 45 }, W1: { level: 'absent' } },
  });
  const a2021 = parseAssessment({
    ...base(2021, 20),
    observations: {
      R1: { value: 20, note: text(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '') },
      R2: { missing: text(s).slice(0, 1000) },
      W1: { level: 'partial' },
      ZZ: { value: 1 },
    },
  });
  return { m, a: [a2020, a2021] };
}

function reportFor(s: string): Report {
  const { m, a } = hostileExample(s);
  return score(m, a);
}

const tagsOf = (html: string) =>
  [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((x) => x[1]).join(' ');
const unescapedPipes = (line: string) => line.replace(/\\./g, '').split('|').length - 1;
const mdShape = (md: string) =>
  md
    .split('\n')
    .map((l) => `${/^(#+ |\||> |- |\d+\. )?/.exec(l)![0]}${unescapedPipes(l)}`)
    .join('\n');
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Check one rendering of a hostile report against the same report with harmless strings. */
function checkRendered(hostile: Report, benign: Report): void {
  const h = render(hostile, { format: 'html' });
  expect(tagsOf(h)).toBe(tagsOf(render(benign, { format: 'html' })));
  expect(h).not.toMatch(/<script|<img|<[^>]*\bon\w+=/i);
  const md = render(hostile, { format: 'md' });
  expect(mdShape(md)).toBe(mdShape(render(benign, { format: 'md' })));
  expect(md).not.toMatch(/<script|<img|<b>/i);
  const csv = render(hostile, { format: 'csv' });
  const rows = parseCsv(csv).rows;
  expect(rows.length).toBe(parseCsv(render(benign, { format: 'csv' })).rows.length);
  for (const row of rows) {
    expect(row.length).toBe(rows[0]!.length);
    for (const c of row) if (/^[=+\-@\t\r]/.test(c)) expect(c).toMatch(PLAIN_NUMBER);
  }
}

describe('output injection into HTML, Markdown and CSV', () => {
  const hostile = reportFor(ALL);
  const benign = reportFor('x');

  it('HTML: <script> and <img onerror> from titles, labels, entities and reasons are escaped, and add no tag', () => {
    const html = render(hostile, { format: 'html' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(tagsOf(html)).toBe(tagsOf(render(benign, { format: 'html' })));
  });

  it('Markdown: "|" is escaped so every table keeps its columns, a line break cannot start a heading, links and HTML are inert', () => {
    const md = render(hostile, { format: 'md' });
    expect(md).toContain('\\| a \\| b \\|');
    expect(md).not.toMatch(/^# Injected/m);
    expect(md).not.toMatch(/[^\\]\[x\]\(javascript/);
    expect(md).toContain('&lt;script&gt;');
    expect(mdShape(md)).toBe(mdShape(render(benign, { format: 'md' })));
  });

  it('CSV: =HYPERLINK(…), +cmd, @SUM and -2+3 are neutralised with a leading quote, numbers are not, and columns stay aligned', () => {
    const csv = render(hostile, { format: 'csv' });
    const rows = parseCsv(csv).rows;
    const cells = rows.flat();
    expect(cells.some((c) => c.startsWith(`'${PAYLOADS.csv}`))).toBe(false); // the payload is not at the start of ALL
    const lone = reportFor(PAYLOADS.csv);
    const loneCells = parseCsv(render(lone, { format: 'csv' })).rows.flat();
    expect(loneCells).toContain(`'${PAYLOADS.csv}`);
    expect(loneCells).not.toContain(PAYLOADS.csv);
    for (const p of [PAYLOADS.csv2, PAYLOADS.csv3, PAYLOADS.csv4]) {
      const c = parseCsv(render(reportFor(p), { format: 'csv' })).rows.flat();
      expect(c).toContain(`'${p}`);
      expect(c).not.toContain(p);
    }
    expect(cells).toContain('-0.25'); // R2's progress in 2020: a negative number stays a number
    checkRendered(hostile, benign);
  });

  it(
    'fuzz: any string in every title, label, entity, note and reason leaves HTML tags, Markdown tables and CSV columns as they are',
    () => {
      const unit = fc.constantFrom(
        ...`<>&"'|\\\`*_[]()!#=+-@\t\n\r,~$`.split(''),
        ...'{}:;/ a1é'.split(''),
        '\u2028',
        '<script>',
        '</td>',
        '-->',
        '<!--',
        ']]>',
        'javascript:',
        '&amp;',
        '&#60;',
        '\\|',
        '\r\n',
      );
      fc.assert(
        fc.property(fc.string({ unit, minLength: 1, maxLength: 24 }), (s) => {
          tally.run('render', () => checkRendered(reportFor(s), benign));
        }),
        fuzzParams(150),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );
});

describe('code injection into generated TypeScript (mgi types)', () => {
  it('titles, units and labels that try to close the comment add no statement to the declarations', async () => {
    const { matrixTypes } = await import('../src/schema/matrix-types');
    const P = '*/ export const pwned = 1; /* \n */ import("x"); //';
    const mx = structuredClone(workedMatrix) as LooseJson;
    mx.title = P;
    mx.indicators[0].title = P;
    mx.indicators[0].description = P;
    mx.indicators[0].unit = P.replace('\n', ' ');
    mx.indicators[2].levels[0].label = P;
    const out = await matrixTypes(parseMatrix(mx));
    expect(out).toContain('pwned'); // the text is kept…
    // …but only inside comments: without them, the code holds no trace of the payload, and only
    // type declarations remain.
    const code = out.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/pwned|import\(/);
    for (const statement of code.match(/^(export )?\w+/gm) ?? [])
      expect(statement).toMatch(/^export (interface|type)$/);
  });
});

describe('after everything', () => {
  it('Object.prototype and the other built-in prototypes have no new or changed keys', () => {
    checkPrototypes(prototypes);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
