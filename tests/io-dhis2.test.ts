import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import {
  assessmentsToDhis2,
  type Dhis2Mapping,
  dhis2MappingJsonSchema,
  dhis2ToAssessments,
  safeParseDhis2Mapping,
} from '../src/io/dhis2';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import { workedMatrix } from './fixtures/worked-example';

// Payload examples from DHIS2's documentation: see tests/fixtures/dhis2/SOURCE.md
// (dhis2/dhis2-docs, src/developer/web-api/data.md).
const FIX = join(__dirname, 'fixtures', 'dhis2');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIX, name), 'utf8'));
const mappingJson = fixture('worked-mapping.json');
const mapping = safeParseDhis2Mapping(mappingJson);
if (!mapping.success) throw new Error('bad fixture mapping');
const map: Dhis2Mapping = mapping.data;

/** The worked matrix with a breakdown by sex on R1, so categories can be mapped. */
const matrix: Matrix = structuredClone(workedMatrix);
(matrix.indicators[0] as { disaggregation?: Record<string, string[]> }).disaggregation = {
  sex: ['female', 'male'],
};

/** A docs payload with only its periods changed. */
function withPeriod(
  payload: { period?: string; dataValues: { period?: string; [field: string]: unknown }[] },
  period: string,
) {
  const p = structuredClone(payload);
  if (p.period) p.period = period;
  for (const v of p.dataValues) if (v.period) v.period = period;
  return p;
}

describe('DHIS2 data value sets (issue 17)', () => {
  it('the documented payload (monthly period 201401) is refused with an error naming the period of each value', () => {
    const r = dhis2ToAssessments(fixture('docs-datavalueset.json'), map, matrix, { source: 'dvs.json' });
    expect(r.assessments).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.path, i.source])).toEqual([
      ['dhis2-period', ['dataValues', 0, 'period'], 'dvs.json'],
      ['dhis2-period', ['dataValues', 1, 'period'], 'dvs.json'],
      ['dhis2-period', ['dataValues', 2, 'period'], 'dvs.json'],
    ]);
    expect(r.issues[0]!.message).toBe(
      'dataValues[0].period: period "201401" is not annual; the matrix is scored by year',
    );
  });

  it('the documented payload with a yearly period imports: values as numbers, option codes as levels', () => {
    const r = dhis2ToAssessments(withPeriod(fixture('docs-datavalueset.json'), '2021'), map, matrix);
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.assessments).toEqual([
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'worked@1.0.0',
        entity: 'XWE',
        year: 2021,
        observations: { R1: { value: 1 }, R2: { value: 2 }, W1: { level: 'complete' } },
      },
    ]);
  });

  it('the documented response (with categoryOptionCombo) in a financial year: W1 "10003" is not a level, named by data value', () => {
    const r = dhis2ToAssessments(withPeriod(fixture('docs-response.json'), '2021April'), map, matrix);
    expect(r.issues.map((i) => i.message)).toEqual([
      'dataValues[0].value: level "10003" is not one of absent, partial, complete',
    ]);
    expect(r.assessments[0]!.year).toBe(2021);
    expect(r.assessments[0]!.observations).toEqual({ R2: { value: 10002 }, R1: { value: 10001 } });
  });

  it('the documented bulk payload: org units the mapping lacks are errors, monthly periods too, nothing silently dropped', () => {
    const r = dhis2ToAssessments(fixture('docs-bulk.json'), map, matrix);
    expect(r.assessments).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual([
      'dhis2-period',
      'dhis2-period',
      'dhis2-period',
      'dhis2-period',
    ]);
    const yearly = dhis2ToAssessments(withPeriod(fixture('docs-bulk.json'), '2021'), map, matrix);
    expect(yearly.issues.map((i) => i.message)).toEqual([
      'dataValues[1].orgUnit: org unit FNnj3jKGS7i is not in the mapping ("orgUnits")',
      'dataValues[3].orgUnit: org unit Jkhdsf8sdf4 is not in the mapping ("orgUnits")',
      'dataValues[2].value: R1 for XWE 2021 is 16 here but 12 in row 0; keep one',
    ]);
  });

  it('unmapped data elements are a counted warning; a repeated value is read once with a warning', () => {
    const p = withPeriod(fixture('docs-datavalueset.json'), '2021');
    p.dataValues.push({ dataElement: 'UnknownUid1', value: '5' }, { dataElement: 'UnknownUid1', value: '6' });
    p.dataValues.push({ dataElement: 'f7n9E0hX8qk', value: '1' });
    const r = dhis2ToAssessments(p, map, matrix);
    expect(r.issues).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'dataValues[5] repeats dataValues[0] with the same value; read once',
      'data element UnknownUid1 is not in the mapping: 2 value(s) not read',
    ]);
  });

  it('export → import is lossless (values, levels, breakdowns, comments, storedBy); what DHIS2 cannot carry is a warning', () => {
    const assessments: Assessment[] = [
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'worked@1.0.0',
        entity: 'XWE',
        year: 2021,
        observations: {
          R1: {
            value: 20.5,
            breakdown: { sex: { female: 11, male: 9.5 } },
            note: 'checked',
            reportedBy: 'mfa',
          },
          R2: { value: 45 },
          W1: { level: 'partial' },
        },
      },
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'worked@1.0.0',
        entity: 'XWE',
        year: 2022,
        observations: { R1: { value: 22 }, W1: { level: 'complete' } },
      },
    ];
    const { payload, warnings } = assessmentsToDhis2(assessments, map);
    expect(warnings).toEqual([]);
    expect(payload.dataSet).toBe('pBOMPrpg1QX');
    expect(payload.dataValues[0]).toEqual({
      dataElement: 'f7n9E0hX8qk',
      period: '2021',
      orgUnit: 'DiszpKrYNg8',
      categoryOptionCombo: 'bRowv6yZOF2',
      value: '20.5',
      comment: 'checked',
      storedBy: 'mfa',
    });
    expect(payload.dataValues.find((v) => v.dataElement === 'eY5ehpbEsB7')!.value).toBe('2');
    const back = dhis2ToAssessments(JSON.parse(JSON.stringify(payload)), map, matrix);
    expect(back.issues).toEqual([]);
    expect(back.assessments).toEqual(assessments);
    const lossy = assessmentsToDhis2([{ ...assessments[1]!, observations: { R2: { missing: 'n/a' } } }], map);
    expect(lossy.warnings.map((w) => w.message)).toEqual([
      'XWE 2022 R2: a missing value ("n/a") has no DHIS2 data value; not exported',
    ]);
    expect(() => assessmentsToDhis2([{ ...assessments[1]!, entity: 'ZZZ' }], map)).toThrow(
      'entity "ZZZ" has no DHIS2 identifier in the mapping',
    );
  });

  it('the mapping file has its own JSON Schema (committed) and clear validation', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', 'schemas', 'dhis2-mapping.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(dhis2MappingJsonSchema());
    const bad = safeParseDhis2Mapping({ ...mappingJson, orgUnit: {}, format: 'x' }, 'map.json');
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(bad.issues.map((i) => [i.code, i.path[0]])).toEqual([
        ['invalid-value', 'format'],
        ['unknown-field', undefined],
      ]);
  });

  it('mgi convert --from dhis2 --mapping --to json, and --to dhis2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-dhis2-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify(matrix));
    writeFileSync(join(dir, 'map.json'), JSON.stringify(mappingJson));
    writeFileSync(
      join(dir, 'dvs.json'),
      JSON.stringify(withPeriod(fixture('docs-datavalueset.json'), '2021')),
    );
    let out = '';
    let err = '';
    const io: Io = {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdin: async () => '',
    };
    const args = [
      'convert',
      join(dir, 'dvs.json'),
      '--from',
      'dhis2',
      '--mapping',
      join(dir, 'map.json'),
      '--matrix',
      join(dir, 'm.json'),
    ];
    expect(await main([...args, '--to', 'json'], io)).toBe(0);
    const a = JSON.parse(out) as Assessment;
    expect(a.observations.W1).toEqual({ level: 'complete' });
    writeFileSync(join(dir, 'a.json'), out);
    out = '';
    expect(
      await main(['convert', join(dir, 'a.json'), '--to', 'dhis2', '--mapping', join(dir, 'map.json')], io),
    ).toBe(0);
    expect(JSON.parse(out).dataValues).toHaveLength(3);
    out = '';
    writeFileSync(join(dir, 'monthly.json'), JSON.stringify(fixture('docs-datavalueset.json')));
    expect(await main(['convert', join(dir, 'monthly.json'), ...args.slice(2), '--to', 'csv'], io)).toBe(1);
    expect(err).toContain('period "201401" is not annual');
    expect(out).toBe('');
  });
});
