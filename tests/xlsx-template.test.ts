import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { score } from '../src/index';
import { loadMatrix } from '../src/node';
import type { Assessment, Observation } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import { templateWorkbook, xlsxToAssessments } from '../src/xlsx/index';
import { headerColumns, parts, resaveWithLibreOffice, setCells, soffice, zipParts } from './fixtures/xlsx';

const ROOT = join(__dirname, '..');
const DATA = 'xl/worksheets/sheet2.xml';

/** The template's Data rows: indicator id → row number. */
function templateRows(sheetXml: string, indicatorColumn: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of sheetXml.matchAll(
    new RegExp(`<c r="${indicatorColumn}(\\d+)"[^>]*><is><t>([^<]*)</t>`, 'g'),
  )) {
    if (m[1] !== '1') out.set(m[2]!, Number(m[1]));
  }
  return out;
}

/**
 * Fill a Moldova template from the 2024 example, the way a focal point would: values, levels,
 * "missing" reasons, breakdown cells, source and note; ids the example does not report get a
 * reason in "missing". Returns the filled workbook and the same values as a JSON assessment.
 */
function filledMoldova(matrix: Matrix): { bytes: Uint8Array; json: Assessment } {
  const example = JSON.parse(
    readFileSync(join(ROOT, 'examples/moldova/mda-2024.json'), 'utf8'),
  ) as Assessment;
  const template = parts(templateWorkbook(matrix, { year: 2024, entity: 'MDA', lang: 'fr' }));
  const cols = headerColumns(template[DATA]!);
  const rows = templateRows(template[DATA]!, cols.get('indicator')!);
  const cells: Record<string, string | number> = {};
  const observations: Record<string, Observation> = {};
  for (const [id, row] of rows) {
    const o = example.observations[id];
    const put = (col: string, v: string | number) => {
      cells[`${cols.get(col)!}${row}`] = v;
    };
    const kept: Record<string, unknown> = {};
    if (o?.value !== undefined) {
      put('value', o.value);
      kept.value = o.value;
    } else if (o?.level !== undefined) {
      put('level', o.level);
      kept.level = o.level;
    } else {
      const reason = o?.missing ?? 'not reported';
      put('missing', reason);
      kept.missing = reason;
    }
    if (o?.breakdown) {
      for (const [dim, catValues] of Object.entries(o.breakdown)) {
        for (const [cat, v] of Object.entries(catValues))
          if (cols.has(`${dim}:${cat}`)) put(`${dim}:${cat}`, v);
      }
      kept.breakdown = o.breakdown;
    }
    for (const f of ['source', 'evidence', 'note'] as const) {
      if (o?.[f]) {
        put(f, o[f]!);
        kept[f] = o[f];
      }
    }
    observations[id] = kept as Observation;
  }
  const bytes = zipParts({ ...template, [DATA]: setCells(template[DATA]!, cells) });
  const json: Assessment = {
    format: 'mgi-engine/assessment@1',
    matrix: `${matrix.id}@${matrix.version}`,
    entity: 'MDA',
    year: 2024,
    observations,
  };
  return { bytes, json };
}

/** A template with the four mistakes of the acceptance criteria, at known cells. */
function mistakes(matrix: Matrix) {
  const template = parts(templateWorkbook(matrix, { year: 2024, entity: 'MDA' }));
  const cols = headerColumns(template[DATA]!);
  const rows = templateRows(template[DATA]!, cols.get('indicator')!);
  const quantitative = matrix.indicators.filter((i) => i.kind === 'quantitative').map((i) => i.id);
  const qualitative = matrix.indicators.filter((i) => i.kind === 'qualitative').map((i) => i.id);
  const [q1, q2, q3, q4] = quantitative;
  const [l1] = qualitative;
  const cells: Record<string, string | number> = {};
  for (const row of rows.values()) cells[`${cols.get('missing')}${row}`] = 'not available';
  const at = (id: string, col: string) => `${cols.get(col)}${rows.get(id)}`;
  // 1. text in a number cell, 2. a level not in the dropdown, 3. a required value left empty,
  // 4. an indicator row whose id is not in the matrix.
  delete cells[at(q1!, 'missing')];
  cells[at(q1!, 'value')] = '12,5 %';
  delete cells[at(l1!, 'missing')];
  cells[at(l1!, 'level')] = 'maybe';
  delete cells[at(q2!, 'missing')];
  cells[at(q3!, 'indicator')] = 'XX_99';
  cells[at(q4!, 'value')] = 7; // fine
  delete cells[at(q4!, 'missing')];
  const bytes = zipParts({ ...template, [DATA]: setCells(template[DATA]!, cells) });
  return {
    bytes,
    expected: [
      `Data!${at(q1!, 'value')} (value): "12,5 %" is not a number: write it without the % sign (the unit is in the matrix)`,
      `Data!${at(l1!, 'level')} (level): level "maybe" is not one of`,
      `Data!${at(q2!, 'value')} (value): no value for ${q2}; fill one of value, level, missing`,
      `Data!${at(q3!, 'indicator')} (indicator): "XX_99" is not an indicator or input of ${matrix.id}@${matrix.version}`,
    ],
  };
}

function withoutVolatile(report: ReturnType<typeof score>) {
  return JSON.parse(JSON.stringify(report));
}

describe('collection templates (issue 17)', async () => {
  const matrix = await loadMatrix('moldova-dmd');

  it('lists every reportable id with locked references, a level dropdown, number checks, and a protected sheet', () => {
    const p = parts(templateWorkbook(matrix, { year: 2025, entity: 'MDA', lang: 'fr' }));
    const data = p[DATA]!;
    const cols = headerColumns(data);
    expect([...cols.keys()].slice(0, 12)).toEqual([
      'entity',
      'year',
      'matrix',
      'indicator',
      'title',
      'unit',
      'baseline',
      'target',
      'previous',
      'value',
      'level',
      'missing',
    ]);
    const rows = templateRows(data, cols.get('indicator')!);
    const reportable = matrix.indicators.filter((i) => i.kind !== 'formula').length;
    expect(rows.size).toBeGreaterThanOrEqual(reportable);
    expect(data).toContain('<sheetProtection sheet="1"');
    expect(data).toMatch(/<dataValidation type="list"[^>]*><formula1>&quot;[a-z-]+,/);
    expect(data).toContain('<dataValidation type="decimal"');
    expect(p['xl/workbook.xml']).toContain('<sheet name="_mgi" sheetId="3" state="hidden"');
    expect(p['xl/worksheets/sheet1.xml']).toContain('Rapport pour MDA, année 2025.');
  });

  it('only the indicators an institution is responsible for; an unknown institution is an error naming the known ones', () => {
    const institution = matrix.indicators.find((i) => i.responsible?.length)!.responsible![0]!;
    const mine = matrix.indicators.filter(
      (i) => i.kind !== 'formula' && i.responsible?.includes(institution),
    );
    const p = parts(templateWorkbook(matrix, { year: 2025, entity: 'MDA', institution }));
    const cols = headerColumns(p[DATA]!);
    expect(cols.get('submittedBy')).toBe('D');
    const rows = templateRows(p[DATA]!, cols.get('indicator')!);
    for (const i of mine) expect(rows.has(i.id)).toBe(true);
    expect(() => templateWorkbook(matrix, { year: 2025, entity: 'MDA', institution: 'Nobody' })).toThrow(
      /names "Nobody" in "responsible"/,
    );
  });

  it('shows the previous year value given with previous', () => {
    const prior = JSON.parse(
      readFileSync(join(ROOT, 'examples/moldova/mda-2024.json'), 'utf8'),
    ) as Assessment;
    const [id, obs] = Object.entries(prior.observations).find(([, o]) => typeof o.value === 'number')!;
    const p = parts(templateWorkbook(matrix, { year: 2025, entity: 'MDA', previous: [prior] }));
    const cols = headerColumns(p[DATA]!);
    const row = templateRows(p[DATA]!, cols.get('indicator')!).get(id)!;
    expect(p[DATA]).toContain(`<c r="${cols.get('previous')}${row}"><v>${obs.value}</v></c>`);
  });

  it('is deterministic: the same options give the same bytes', () => {
    const a = templateWorkbook(matrix, { year: 2025, entity: 'MDA' });
    const b = templateWorkbook(matrix, { year: 2025, entity: 'MDA' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('a filled template scores equal to the same values as JSON (read directly)', () => {
    const { bytes, json } = filledMoldova(matrix);
    const r = xlsxToAssessments(bytes, { matrix, source: 'mda-2024.xlsx' });
    expect(r.issues).toEqual([]);
    expect(r.assessments).toEqual([json]);
    expect(withoutVolatile(score(matrix, r.assessments))).toEqual(withoutVolatile(score(matrix, [json])));
  });

  it('errors in a filled template name file, sheet and cell (read directly)', () => {
    const { bytes, expected } = mistakes(matrix);
    const r = xlsxToAssessments(bytes, { matrix, source: 'moldova-2024-mfa.xlsx' });
    const messages = r.issues.map((i) => `${i.source}: ${i.message}`);
    expect(messages).toHaveLength(4);
    for (const e of expected)
      expect(messages.some((m) => m.includes(`moldova-2024-mfa.xlsx: ${e}`))).toBe(true);
    // the valid rest is still read
    expect(r.assessments).toHaveLength(1);
  });

  it.skipIf(!soffice)(
    'round trip through LibreOffice: a filled template re-saved by soffice scores equal to JSON, and its errors name sheet and cell',
    () => {
      const filled = filledMoldova(matrix);
      const bad = mistakes(matrix);
      const [resaved, resavedBad] = resaveWithLibreOffice([filled.bytes, bad.bytes]);
      expect(parts(resaved!)['xl/worksheets/sheet2.xml']).toContain('<sheetProtection');
      const r = xlsxToAssessments(resaved!, { matrix, source: 'mda-2024.xlsx' });
      expect(r.issues).toEqual([]);
      expect(withoutVolatile(score(matrix, r.assessments))).toEqual(
        withoutVolatile(score(matrix, [filled.json])),
      );
      const e = xlsxToAssessments(resavedBad!, { matrix, source: 'moldova-2024-mfa.xlsx' });
      const messages = e.issues.map((i) => `${i.source}: ${i.message}`);
      expect(messages).toHaveLength(4);
      for (const x of bad.expected)
        expect(messages.some((m) => m.includes(`moldova-2024-mfa.xlsx: ${x}`))).toBe(true);
    },
    120_000,
  );
});

describe('the CLI with workbooks (issue 17)', async () => {
  const { mkdtempSync, writeFileSync, readFileSync: read } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { main } = await import('../src/cli/main');
  const matrix = await loadMatrix('moldova-dmd');
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(args, {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdin: async () => '',
    });
    return { code, out, err };
  };

  it('mgi template writes the workbook; score, validate and convert read it back filled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-tpl-'));
    const file = join(dir, 'mda-2025.xlsx');
    const t = await run([
      'template',
      'moldova-dmd',
      '--year',
      '2025',
      '--entity',
      'MDA',
      '--lang',
      'es',
      '--out',
      file,
    ]);
    expect(t.code).toBe(0);
    expect(parts(new Uint8Array(read(file)))['xl/worksheets/sheet1.xml']).toContain(
      'Informe de MDA, año 2025.',
    );
    const { bytes, json } = filledMoldova(matrix);
    writeFileSync(join(dir, 'filled.xlsx'), bytes);
    const v = await run(['validate', join(dir, 'filled.xlsx')]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    const c = await run(['convert', join(dir, 'filled.xlsx'), '--matrix', 'moldova-dmd', '--to', 'json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out)).toEqual(json);
    const s = await run(['score', join(dir, 'filled.xlsx'), '--format', 'json', '--quiet']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out).scorecards[0].entity).toBe('MDA');
    const bad = mistakes(matrix);
    writeFileSync(join(dir, 'moldova-2024-mfa.xlsx'), bad.bytes);
    const e = await run(['validate', join(dir, 'moldova-2024-mfa.xlsx')]);
    expect(e.code).toBe(1);
    expect(e.err).toContain(`moldova-2024-mfa.xlsx: Data.`);
    expect(e.err).toContain('"12,5 %" is not a number');
    const usage = await run(['template', 'moldova-dmd', '--year', '2025', '--entity', 'MDA']);
    expect(usage.code).toBe(2);
  });
});
