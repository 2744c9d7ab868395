import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrix, reportLabels, score } from '../src/index';
import { renderSummaryCsv } from '../src/report/csv';
import { enrichReport } from '../src/report/enrich';
import { render } from '../src/report/render';
import type { Assessment, Observation } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';

// Issue 14, items 1–9: what a government reader was misled by, each with the corrected wording in
// English and French (and Romanian/Russian where the text is fixed).

/** A hand-made matrix of three themes in en/fr with a %-unit, a decrease, a qualitative and a carried indicator. */
const matrix: Matrix = {
  format: 'mgi-engine/matrix@1',
  id: 'reader',
  version: '1.0.0',
  title: { en: 'Reader test', fr: 'Test lecteur' },
  unitLabels: { days: { fr: 'jours', ro: 'zile', ru: 'дней' } },
  institutionLabels: { 'Ministry of Labour': { fr: 'Ministère du Travail', ro: 'Ministerul Muncii' } },
  themes: [
    { id: 'rights', title: { en: 'Rights', fr: 'Droits' }, dimension: 'migrants-rights' },
    { id: 'wog', title: { en: 'Government', fr: 'Gouvernement' }, dimension: 'whole-of-government' },
    { id: 'wb', title: { en: 'Well-being', fr: 'Bien-être' }, dimension: 'well-being' },
  ],
  indicators: [
    {
      id: 'P1',
      theme: 'rights',
      title: { en: 'Share online', fr: 'Part en ligne' },
      kind: 'quantitative',
      unit: '%',
      direction: 'increase',
      baseline: { year: 2018, value: 40 },
      targets: { '2025': 60 },
      responsible: ['Ministry of Labour'],
    },
    {
      id: 'D1',
      theme: 'rights',
      title: { en: 'Waiting time', fr: "Délai d'attente" },
      kind: 'quantitative',
      unit: 'days',
      direction: 'decrease',
      baseline: { year: 2018, value: 100 },
      targets: { '2025': 70 },
      responsible: ['Ministry of Labour'],
    },
    {
      id: 'Q1',
      theme: 'wog',
      title: { en: 'Strategy', fr: 'Stratégie' },
      kind: 'qualitative',
      levels: [
        { id: 'absent', label: { en: 'Absent', fr: 'Absente' }, score: 0 },
        { id: 'drafted', label: { en: 'Drafted', fr: 'Rédigée' }, score: 33 },
        { id: 'adopted', label: { en: 'Adopted', fr: 'Adoptée' }, score: 67 },
        { id: 'implemented', label: { en: 'Implemented', fr: 'Mise en œuvre' }, score: 100 },
      ],
      baseline: { year: 2018, level: 'absent' },
      targets: { '2025': 'adopted' },
    },
    {
      id: 'C1',
      theme: 'wb',
      title: { en: 'Budget', fr: 'Budget' },
      kind: 'quantitative',
      unit: 'days',
      direction: 'increase',
      baseline: { year: 2018, value: 10 },
      targets: { '2025': 20 },
      decimals: 1,
      responsible: ['Ministry of Labour'],
    },
  ],
  scoring: {
    missing: { policy: 'carryForward', maxYears: 1, minCoverage: 0.5 },
    bands: [
      { id: 'low', label: { en: 'Low', fr: 'Faible' }, min: 0 },
      { id: 'high', label: { en: 'High', fr: 'Élevé' }, min: 50 },
    ],
  },
};

const a = (year: number, observations: Record<string, Observation>, submittedBy?: string): Assessment => ({
  format: 'mgi-engine/assessment@1',
  matrix: 'reader@1.0.0',
  entity: 'XRD',
  year,
  ...(submittedBy !== undefined ? { submittedBy } : {}),
  observations,
});

const y2022 = a(2022, { P1: { value: 45 }, D1: { value: 90 }, Q1: { level: 'drafted' }, C1: { value: 14 } });
const y2023 = a(2023, { P1: { value: 48 }, D1: { value: 80 }, Q1: { level: 'adopted' } });
const report = score(matrix, [y2022, y2023]);
const md = (lang: 'en' | 'fr' | 'ro' | 'ru') => render(report, { format: 'md', lang });
const html = (lang: 'en' | 'fr' | 'ro' | 'ru') => render(report, { format: 'html', lang });
const row = (out: string, id: string) => out.split('\n').find((l) => l.startsWith(`| ${id} |`)) ?? '';

describe('1. changes of a %-unit indicator are percentage points; annual rates say they are relative', () => {
  it.each([
    ['en', '+3 pp (improvement)', 'a year (relative)'],
    ['fr', '+3 points de pourcentage (amélioration)', 'par an (relatif)'],
    ['ro', '+3 p.p. (îmbunătățire)', 'pe an (relativ)'],
    ['ru', '+3 п. п. (улучшение)', 'в год (относительно)'],
  ] as const)('%s', (lang, change, rate) => {
    const out = md(lang);
    expect(row(out.slice(out.indexOf('XRD, 2023')), 'P1')).toContain(change);
    expect(out).not.toMatch(/\+3\s?% \(/);
    expect(out).toContain(rate);
  });
});

describe('2. dimensions the matrix does not cover are "not covered", not "no data", and are not charted', () => {
  it.each([
    [
      'en',
      'Not covered by this matrix: Partnerships, Mobility dimensions of crises, Safe, orderly and dignified migration.',
    ],
    [
      'fr',
      'Non couvert par cette matrice : Partenariats, Dimensions des crises liées à la mobilité, Migration sûre, ordonnée et digne.',
    ],
  ] as const)('%s', (lang, sentence) => {
    expect(md(lang)).toContain(sentence);
    const page = html(lang);
    expect(page).toContain(sentence);
    // No bar chart draws a dimension as an empty "no data" track.
    expect(page).not.toContain('class="track nd"');
    expect(md(lang)).not.toMatch(/Partnerships \| —|Partenariats \| —/);
  });
});

describe('3. a carried-forward value says so, gets no computed change, and both coverages are shown', () => {
  it.each([
    [
      'en',
      '14.0\u00A0days (carried forward from 2022)',
      'no change computed on a carried-forward value',
      'Reported this year',
    ],
    [
      'fr',
      '14,0 jours (reporté de 2022)',
      'pas de variation calculée sur une valeur reportée',
      'Transmis cette année',
    ],
  ] as const)('%s', (lang, value, change, reported) => {
    const card = md(lang).slice(md(lang).indexOf('XRD, 2023'));
    expect(row(card, 'C1')).toContain(value);
    expect(row(card, 'C1')).toContain(change);
    expect(row(card, 'C1')).not.toMatch(/unchanged|stable/);
    expect(card).toContain(reported);
  });

  it('reports the two coverages in the JSON report and the CSV: 2/3 reported, all used', () => {
    const c2023 = report.scorecards.find((c) => c.year === 2023)!;
    expect(c2023.coverage).toEqual({ reported: 2 / 3, used: 1 });
    expect(c2023.coverage!.used).toBeCloseTo(c2023.overall.coverage, 12);
    const csv = render(report, { format: 'csv' }).split('\r\n');
    const head = csv[0]!.split(',');
    const c1 = csv.find((l) => l.startsWith('XRD,,2023') && l.includes(',C1,'))!.split(',');
    expect(c1[head.indexOf('coverage_reported')]).toBe(String(2 / 3));
    expect(c1[head.indexOf('coverage_used')]).toBe('1');
    expect(c1[head.indexOf('carried_from')]).toBe('2022');
  });
});

describe('4. warnings when carry-forward could not look back, and when nothing at all was reported', () => {
  it('scoring 2023 alone under carryForward warns that no earlier year was scored', () => {
    const alone = score(matrix, [y2023]);
    const w = alone.scorecards[0]!.warnings.find((x) => x.code === 'carry-forward-unavailable');
    expect(w?.message).toContain('C1');
    expect(alone.warnings.some((x) => x.code === 'carry-forward-unavailable')).toBe(true);
    expect(render(alone, { format: 'md' })).toContain(
      '1 indicator(s) have no value this year and no earlier year was scored with them',
    );
    expect(render(alone, { format: 'md', lang: 'fr' })).toContain(
      '1 indicateur(s) sans valeur cette année, et aucune année antérieure',
    );
    // Scored together with 2022, the value is carried and there is no such warning.
    expect(report.warnings.some((x) => x.code === 'carry-forward-unavailable')).toBe(false);
  });

  it('an assessment with nothing reported gets a no-data warning in plain words', () => {
    const empty = score(matrix, [a(2023, { P1: { missing: 'not collected' } })]);
    expect(empty.scorecards[0]!.coverage).toEqual({ reported: 0, used: 0 });
    expect(empty.scorecards[0]!.warnings.map((w) => w.code)).toContain('no-data');
    expect(render(empty, { format: 'md' })).toContain(
      'No indicator has a value this year; nothing could be scored.',
    );
    expect(render(empty, { format: 'html', lang: 'fr' })).toContain(
      'Aucun indicateur n’a de valeur cette année ; rien n’a pu être évalué.',
    );
  });

  it('enrichReport is idempotent', () => {
    expect(enrichReport(report, matrix)).toEqual(report);
  });
});

describe('5. a qualitative indicator at its target level says "target level reached · level score 67"', () => {
  it.each([
    ['en', '✔ target level reached · level score 67.0'],
    ['fr', '✔ niveau cible atteint · score du niveau 67,0'],
    ['ro', '✔ nivelul țintă atins · scorul nivelului 67,0'],
  ] as const)('%s', (lang, status) => {
    const card = md(lang).slice(md(lang).indexOf('XRD, 2023'));
    expect(row(card, 'Q1')).toContain(status);
    expect(html(lang)).toContain(status.slice(2));
  });

  it('a quantitative indicator that reaches its target still reads "achieved"', () => {
    const done = score(matrix, [
      a(2023, { P1: { value: 60 }, D1: { value: 70 }, Q1: { level: 'implemented' } }),
    ]);
    const out = render(done, { format: 'md' });
    expect(row(out, 'P1')).toContain('✔ achieved');
    expect(row(out, 'Q1')).toContain('✔ achieved');
  });
});

describe('6. a language the matrix lacks is named once; units and institutions are localised', () => {
  it('French: units and institutions translated, no fallback note since every text has French', () => {
    const out = html('fr');
    expect(out).toContain('80 jours');
    expect(out).toContain('Ministère du Travail');
    expect(out).not.toContain('lang-fallback');
  });

  it.each([
    [
      'ro',
      'O parte din textul matricei (titluri de indicatori, unități, niveluri) nu există în română; este afișată în engleză.',
    ],
    [
      'ru',
      'Часть текста матрицы (названия показателей, единицы, уровни) отсутствует на языке «русский»; она показана на языке «английский».',
    ],
  ] as const)('%s: the fallback to English is said once, visibly', (lang, note) => {
    const out = html(lang);
    expect(out.split(note)).toHaveLength(2);
    expect(md(lang)).toContain(`> ${note}`);
  });

  it('the built-in Moldova matrix is complete in Romanian: no fallback note', () => {
    const moldova = parseMatrix(readFileSync('indicators/moldova-dmd.json', 'utf8'));
    const r = score(moldova, []);
    expect(reportLabels({ ...r, scorecards: [] }, 'ro').fallback).toBeUndefined();
    expect(reportLabels(r, 'fr').fallback).toBe('en');
    expect(reportLabels(r, 'ro').indicators.RT_02?.unit).toBe('zile lucrătoare');
    expect(reportLabels(r, 'ro').levelNames.themes).toBe('Arii tematice');
  });
});

describe('7. reader notes come from the matrix; provenance goes to the methodology', () => {
  const sdg = parseMatrix(readFileSync('indicators/sdg-10-7-2.json', 'utf8'));
  const moldova = parseMatrix(readFileSync('indicators/moldova-dmd.json', 'utf8'));

  it('an SDG 10.7.2 report does not say "The MGI is not a ranking"; the Moldova one does, in its language', () => {
    const r = score(sdg, []);
    for (const lang of ['en', 'fr'] as const) {
      expect(render(r, { format: 'html', lang })).not.toMatch(
        /MGI is not a ranking|MGI n’est pas un classement/,
      );
    }
    const m = score(moldova, []);
    expect(render(m, { format: 'md' })).toContain('> The MGI is not a ranking');
    expect(render(m, { format: 'md', lang: 'fr' })).toContain('> Le MGI n’est pas un classement');
  });

  it('provenance is in the methodology section, not on the first page; config jargon is not in reader text', () => {
    const m = score(moldova, []);
    for (const lang of ['en', 'fr'] as const) {
      const out = render(m, { format: 'html', lang });
      const method = out.indexOf('id="method"');
      expect(out.indexOf('ILLUSTRATIVE RECONSTRUCTION')).toBeGreaterThan(method);
      expect(out.slice(0, method)).not.toMatch(/scoring\.aggregation|minCoverage/);
    }
  });
});

describe('8. SDG 10.7.2: band codes at every level in every format, its own level names, a summary CSV', () => {
  const sdg = parseMatrix(readFileSync('indicators/sdg-10-7-2.json', 'utf8'));
  const xaa = JSON.parse(readFileSync('examples/sdg/xaa-2021.json', 'utf8')) as Assessment;
  const r = score(sdg, [xaa]);
  const card = r.scorecards[0]!;

  it('scorecard JSON carries bandCode next to every band', () => {
    expect(card.overall.bandCode).toBeGreaterThanOrEqual(1);
    for (const t of card.themes) if (t.band !== null) expect(t.bandCode).toBeGreaterThanOrEqual(1);
    for (const d of card.dimensions) if (d.band !== null) expect(d.bandCode).toBeGreaterThanOrEqual(1);
  });

  it.each(['en', 'fr'] as const)('%s HTML and Markdown show label and code and say "domains"', (lang) => {
    const code = card.overall.bandCode!;
    const label = reportLabels(r, lang).bands[card.overall.band!]!.label;
    for (const format of ['md', 'html'] as const) {
      const out = render(r, { format, lang });
      expect(out).toContain(`${label} (${code})`);
      expect(out).toContain(lang === 'en' ? 'Domains' : 'Domaines');
      expect(out).toContain(lang === 'en' ? 'Sub-categor' : 'Sous-catégor');
    }
    // Themes map one-to-one onto dimensions: one bar chart, not two identical ones.
    const page = render(r, { format: 'html', lang });
    const first = page.slice(page.indexOf('class="card latest"'));
    expect(first.match(/<svg class="chart"/g)).toHaveLength(1);
  });

  it('the summary CSV has one row per overall/dimension/theme with score, band code and label', () => {
    const lines = renderSummaryCsv(r)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines[0]).toBe(
      'entity,entity_name,year,matrix_id,matrix_version,level,id,title,score,band,band_code,band_label,coverage,coverage_reported',
    );
    expect(lines).toHaveLength(1 + 1 + 6 + 6);
    const overall = lines[1]!.split(',');
    expect(overall.slice(5, 7)).toEqual(['overall', 'overall']);
    expect(overall[10]).toBe(String(card.overall.bandCode));
    expect(render(r, { format: 'csv-summary', lang: 'fr' })).toContain(',theme,PD_1,Droits des migrants,');
    const csv = render(r, { format: 'csv' }).split('\r\n');
    const head = csv[0]!.split(',');
    expect(csv[1]!.split(',')[head.indexOf('overall_band_code')]).toBe(String(card.overall.bandCode));
  });
});

describe('9. no file name as "Submitted by", even decimals in a column, sparklines of decreases explained', () => {
  it('a file name is not shown as who submitted; a real submitter is', () => {
    const named = score(matrix, [a(2023, { P1: { value: 48 } })], {
      sources: ['examples/x/xrd-2023.json'],
    });
    expect(render(named, { format: 'md' })).not.toContain('xrd-2023.json');
    const by = score(matrix, [a(2023, { P1: { value: 48 } }, 'Ministry of Labour')]);
    expect(render(by, { format: 'html', lang: 'fr' })).toContain(
      '<dt>Transmis par</dt><dd>Ministère du Travail</dd>',
    );
  });

  it('scores always have one decimal, so a column reads 44.0 above 56.6', () => {
    const card = md('en').slice(md('en').indexOf('XRD, 2023'));
    const scores = ['P1', 'D1', 'Q1', 'C1'].map((id) => row(card, id).split(' | ')[4]);
    for (const s of scores) expect(s).toMatch(/^\d+\.\d$/);
  });

  it.each([
    ['en', 'lower is better, drawn upside down'],
    ['fr', 'plus bas est meilleur, tracé inversé'],
  ] as const)('%s: the sparkline of a decrease indicator rises as it improves, and says so', (lang, hint) => {
    const page = html(lang);
    const d1 = page.slice(page.indexOf('<td class="id">D1</td>'));
    const tr = d1.slice(0, d1.indexOf('</tr>'));
    expect(tr).toContain(hint);
    // 90 → 80 days is an improvement: the line goes up (y decreases) from 2022 to 2023.
    const pts = /<polyline points="([^"]+)"/
      .exec(tr)![1]!
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(pts[1]!).toBeLessThan(pts[0]!);
  });
});

describe('executive summary', () => {
  it.each([
    [
      'en',
      '### Summary, 2023',
      '**Overall score',
      'Off track or regressing',
      'Largest changes in score since 2022',
    ],
    [
      'fr',
      '### Synthèse, 2023',
      '**Score global',
      'En retard ou en recul',
      'Plus fortes variations de score depuis 2022',
    ],
    [
      'ro',
      '### Sinteză, 2023',
      '**Scor general',
      'În întârziere sau în regres',
      'Cele mai mari variații de scor din 2022',
    ],
    [
      'ru',
      '### Резюме, 2023',
      '**Общий балл',
      'Отставание или ухудшение',
      'Наибольшие изменения балла с 2022',
    ],
  ] as const)('%s Markdown opens with it, before the trends and scorecards', (lang, heading, ...parts) => {
    const out = md(lang);
    const at = out.indexOf(heading);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(out.indexOf('XRD, 2023\n'));
    for (const p of parts) expect(out.slice(at)).toContain(p);
  });

  it('names the achieved ones, the movers with their score change and the institutions that did not report', () => {
    const out = md('en');
    const s = out.slice(out.indexOf('### Summary'), out.indexOf('### Trends'));
    expect(s).toContain('Achieved this year:\n\n- Q1 (Strategy)');
    expect(s).toContain('- Q1 (Strategy): +34.0');
    expect(s).toContain('- Ministry of Labour: 1 of 3 not reported');
    expect(s).toContain('67% of the indicator weight was reported this year; 100% was used in the scores');
  });

  it('HTML has it right after the entity heading, in every language', () => {
    for (const lang of ['en', 'fr', 'ro', 'ru'] as const) {
      const page = html(lang);
      expect(page.indexOf('class="summary"')).toBeLessThan(page.indexOf('class="trends"'));
      expect(page.indexOf('class="summary"')).toBeGreaterThan(page.indexOf('<h2>XRD</h2>'));
    }
  });
});

describe('6. the CLI warns when the matrix lacks the language', () => {
  it('mgi score --lang fr warns on stderr for Moldova; --lang ro does not', async () => {
    const { runCli } = await import('./fixtures/cli');
    const args = (lang: string) => [
      'score',
      'examples/moldova/mda-2024.json',
      '--matrix',
      'moldova-dmd',
      '--format',
      'md',
      '--lang',
      lang,
    ];
    const fr = runCli(args('fr'));
    expect(fr.code).toBe(0);
    expect(fr.stderr).toContain(
      'warning: the matrix has no "fr" text for some titles, levels, units or institutions; they are shown in "en" [language-fallback]',
    );
    expect(runCli(args('ro')).stderr).not.toContain('language-fallback');
  });
});

describe('4. carry-forward-unavailable is not raised for the first year of a series', () => {
  it('2022 (first of 2022–2023) has no warning; 2023 scored after a gap from 2021 does', () => {
    const first = score(matrix, [a(2022, { P1: { value: 45 } }), y2023]);
    expect(first.warnings.filter((w) => w.code === 'carry-forward-unavailable')).toEqual([]);
    const gap = score(matrix, [a(2021, { P1: { value: 44 } }), y2023]);
    expect(gap.warnings.filter((w) => w.code === 'carry-forward-unavailable').map((w) => w.year)).toEqual([
      2023,
    ]);
  });
});

describe('enrichReport output does not depend on the key order of the matrix text', () => {
  it('the Moldova report is the same JSON bytes with every object of the matrix reversed in key order', () => {
    const text = readFileSync('indicators/moldova-dmd.json', 'utf8');
    const reversed = JSON.stringify(JSON.parse(text), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    const bytes = (m: string) => JSON.stringify(score(parseMatrix(m), []).matrix);
    expect(bytes(reversed)).toBe(bytes(text));
  });
});

describe('executive summary of an SDG 10.7.2 scorecard', () => {
  it('gives every domain with its band and code, and no status lists when no indicator has a target', () => {
    const sdg = parseMatrix(readFileSync('indicators/sdg-10-7-2.json', 'utf8'));
    const xaa = JSON.parse(readFileSync('examples/sdg/xaa-2021.json', 'utf8')) as Assessment;
    const out = render(score(sdg, [xaa]), { format: 'md', lang: 'fr' });
    const s = out.slice(out.indexOf('### Synthèse'), out.indexOf('### Fictitia (XAA), 2021'));
    expect(s).toMatch(/Domaines\u00A0: Droits des migrants \d+,\d \([^)]+ \(\d\)\); /);
    expect(s).not.toContain('En retard ou en recul');
    expect(s).not.toContain('Atteints cette année');
  });
});
