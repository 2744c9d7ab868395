import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parseAssessment, parseMatrix, score, scoreColumns } from '../src/index';
import { assessmentSchemaForMatrix } from '../src/schema/assessment-for-matrix';

// The UNDP Gender Development Index as a matrix (examples/gdi): the female and male HDI are the
// per-category overall scores (× 100) and the GDI is the overall sex parity, all computed by the
// engine (no arithmetic here). Published figures: UNDP HDR 2021/22 composite indices complete time
// series, 2021 columns hdi_f, hdi_m, gdi, gdi_group (see examples/gdi/README.md).
const published: Record<string, { hdiF: number; hdiM: number; gdi: number; group: number }> = {
  AFG: { hdiF: 0.36484023, hdiM: 0.535610873, gdi: 0.681, group: 5 },
  BRA: { hdiF: 0.750013092, hdiM: 0.754680006, gdi: 0.994, group: 1 },
  IND: { hdiF: 0.566684748, hdiM: 0.667813533, gdi: 0.849, group: 5 },
  MDA: { hdiF: 0.770773099, hdiM: 0.763199634, gdi: 1.01, group: 1 },
  NER: { hdiF: 0.364314532, hdiM: 0.436370503, gdi: 0.835, group: 5 },
  NOR: { hdiF: 0.949899881, hdiM: 0.966060981, gdi: 0.983, group: 1 },
};

const DIR = join(import.meta.dirname, '..', 'examples', 'gdi');
const matrixText = readFileSync(join(DIR, 'matrix.json'), 'utf8');
const matrix = parseMatrix(matrixText);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'matrix.json')
  .sort();
const assessments = files.map((f) => parseAssessment(readFileSync(join(DIR, f), 'utf8')));
const report = score(matrix, assessments);
const card = (e: string) => report.scorecards.find((c) => c.entity === e)!;

describe('examples/gdi: the Gender Development Index, natively', () => {
  it('scores the six countries without errors or warnings', () => {
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.scorecards.map((c) => c.entity)).toEqual(['AFG', 'BRA', 'IND', 'MDA', 'NER', 'NOR']);
  });

  it.each(Object.entries(published))(
    '%s: female HDI, male HDI and GDI within 0.0005 of the published figures, and the GDI group',
    (entity, p) => {
      const c = card(entity);
      const f = c.byCategory!.sex!.female!.overall;
      const m = c.byCategory!.sex!.male!.overall;
      expect(Math.abs(f.score! / 100 - p.hdiF)).toBeLessThan(0.0005);
      expect(Math.abs(m.score! / 100 - p.hdiM)).toBeLessThan(0.0005);
      expect(f.coverage).toBe(1);
      expect(m.coverage).toBe(1);
      const parity = c.parity!.sex!;
      expect(parity.numerator).toBe('female');
      expect(parity.denominator).toBe('male');
      expect(Math.abs(parity.overall! - p.gdi)).toBeLessThan(0.0005);
      expect(parity.bandCode).toBe(p.group);
      expect(parity.band).toBe(`group-${p.group}`);
    },
  );

  it('reproduces the unrounded HDR female and male HDI far closer than required (1e-8)', () => {
    for (const [entity, p] of Object.entries(published)) {
      const sex = card(entity).byCategory!.sex!;
      expect(Math.abs(sex.female!.overall.score! / 100 - p.hdiF)).toBeLessThan(1e-8);
      expect(Math.abs(sex.male!.overall.score! / 100 - p.hdiM)).toBeLessThan(1e-8);
    }
  });

  it('scores life expectancy on the sex-specific goalposts (female 22.5–87.5, male 17.5–82.5)', () => {
    const le = card('AFG').indicators.find((r) => r.id === 'le')!;
    expect(le.byCategory!.sex!.female!.value).toBe(65.2791);
    expect(le.byCategory!.sex!.female!.score).toBeCloseTo(((65.2791 - 22.5) / 65) * 100, 10);
    expect(le.byCategory!.sex!.male!.score).toBeCloseTo(((58.9147 - 17.5) / 65) * 100, 10);
    // The total has no value (categories only): it is not scored and says why.
    expect(le.value).toBeNull();
    expect(le.reason).toBe('reported by category only');
    expect(le.parity!.sex!.gap).toBeCloseTo(
      le.byCategory!.sex!.female!.score! - le.byCategory!.sex!.male!.score!,
      12,
    );
  });

  it("caps Norway's female expected schooling (18.9 years) at the 18-year goalpost, as the HDR does", () => {
    const eys = card('NOR').indicators.find((r) => r.id === 'eys')!;
    expect(eys.byCategory!.sex!.female!.score).toBe(100);
  });

  it('gives a parity for every theme (the GDI by dimension) and lists the categories in report.matrix', () => {
    const themes = card('IND').parity!.sex!.themes;
    expect(themes.map((t) => t.id)).toEqual(['health', 'education', 'income']);
    for (const t of themes) expect(t.parity).toBeGreaterThan(0);
    expect(report.matrix.disaggregations).toEqual({
      sex: {
        categories: ['female', 'male'],
        parity: expect.objectContaining({ numerator: 'female', denominator: 'male' }),
      },
    });
    expect(report.matrix.disaggregations!.sex!.parity!.bands.map((b) => b.code)).toEqual([1, 2, 3, 4, 5]);
  });

  it('scores a national total given next to the categories as the total HDI (the HDR 2021 HDI of Moldova, 0.767)', () => {
    const mda = assessments.find((a) => a.entity === 'MDA')!;
    const totals = { le: 68.8459, eys: 14.43299961, mys: 11.82159042, gnipc: 14875.33189 };
    const observations = Object.fromEntries(
      Object.entries(mda.observations).map(([id, o]) => [
        id,
        { ...o, value: totals[id as keyof typeof totals] },
      ]),
    );
    const r = score(matrix, [{ ...mda, observations }]);
    expect(r.errors).toEqual([]);
    // Rates, not counts ("additive": false): no breakdown-mismatch although the categories do not sum.
    expect(r.warnings).toEqual([]);
    expect(Math.abs(r.scorecards[0]!.overall.score! / 100 - 0.767)).toBeLessThan(0.0005);
    expect(r.scorecards[0]!.parity!.sex!.bandCode).toBe(1);
  });

  it('scoreColumns() carries the per-category and parity columns, equal to the report', () => {
    const cols = scoreColumns(matrix, assessments);
    const female = cols.categories!.find((c) => c.dimension === 'sex' && c.category === 'female')!;
    const male = cols.categories!.find((c) => c.dimension === 'sex' && c.category === 'male')!;
    const gdi = cols.parities!.find((p) => p.dimension === 'sex')!;
    expect(cols.categories!.map((c) => `${c.dimension}:${c.category}`)).toEqual(['sex:female', 'sex:male']);
    for (let i = 0; i < cols.length; i++) {
      const c = card(cols.entity(i));
      expect(female.overall[i]).toBe(c.byCategory!.sex!.female!.overall.score);
      expect(male.overall[i]).toBe(c.byCategory!.sex!.male!.overall.score);
      expect(female.coverage[i]).toBe(1);
      expect(gdi.overall[i]).toBe(c.parity!.sex!.overall);
      const k = cols.indicatorIds.indexOf('le');
      expect(female.indicatorScore[i * cols.indicatorIds.length + k]).toBe(
        c.indicators[k]!.byCategory!.sex!.female!.score,
      );
      expect(Number.isNaN(cols.overall[i]!)).toBe(true);
      expect(cols.scorecard(i)).toEqual(c);
    }
  });

  it('the example files validate against the committed report schema and the per-matrix assessment schema', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const reportOk = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')));
    expect(reportOk(JSON.parse(JSON.stringify(report))), JSON.stringify(reportOk.errors)).toBe(true);
    const ajv2 = new Ajv2020({ strict: true, allErrors: true });
    const assessmentOk = ajv2.compile(assessmentSchemaForMatrix(matrix));
    for (const f of files) {
      const ok = assessmentOk(JSON.parse(readFileSync(join(DIR, f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(assessmentOk.errors)}`).toBe(true);
    }
  });

  it('the matrix validates against the committed matrix schema, and `mgi types` accepts categories without a total', async () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const ok = ajv.compile(JSON.parse(readFileSync('schemas/matrix.schema.json', 'utf8')));
    expect(ok(JSON.parse(matrixText)), JSON.stringify(ok.errors)).toBe(true);
    const { matrixTypes } = await import('../src/schema/matrix-types');
    const types = await matrixTypes(matrix);
    expect(types).toContain('export interface GdiAssessment');
    // The "by category only" branch: breakdown required, no value.
    expect(types).toMatch(/\n {10}breakdown: \{\n/);
  });
});
