/**
 * SDMX-CSV 2.0 for SDG indicator 10.7.2: one row per entity × year × policy domain (`PD_1` to
 * `PD_6`, from the six MGI dimensions) plus the overall value (`_T`), each the code (1–4) of the
 * band the score falls in, as in the UN SDG database series `SG_CPA_MIGRS`. Columns follow the
 * global DSD `IAEG-SDGs:SDG`: `STRUCTURE,STRUCTURE_ID,ACTION`, then the dimensions in DSD order,
 * `TIME_PERIOD`, `OBS_VALUE` and the attributes `OBS_STATUS`, `UNIT_MULT`, `UNIT_MEASURE`, `NATURE`.
 * `REF_AREA` is the UN M49 numeric code of the entity (ISO 3166-1 alpha-3, see `m49.ts`); an entity
 * that maps to none is an error, never a guess. A mapping can change every code, so a national
 * matrix with other bands or its own area codes is exported the same way.
 *
 * Marked unverified in INTEROP.md and kept as options: `UNIT_MEASURE` (`NUMBER` here), `NATURE`
 * (`C`) being mandatory, and `_T` for the other disaggregation dimensions of this series.
 *
 * Browser-safe.
 */

import { dimensions } from '../dimensions';
import { issue, MgiError, type MgiIssue } from '../errors';
import type { Report } from '../schema/report';
import { toCsv } from './_csv';
import { m49 } from './m49';

/** How a report maps onto SDMX codes; every field has the SDG 10.7.2 default. */
export interface SdmxMapping {
  /** `STRUCTURE_ID`. Default `IAEG-SDGs:DF_SDG_GLH(1.9)`. */
  readonly dataflow?: string;
  /** `ACTION`: `I` (default), `A`, `R` or `D`. */
  readonly action?: 'I' | 'A' | 'R' | 'D';
  /** `SERIES`. Default `SG_CPA_MIGRS`. */
  readonly series?: string;
  /** `REPORTING_TYPE`: `N` national (default), `G` global, `R` regional. */
  readonly reportingType?: 'N' | 'G' | 'R';
  /** Band id → `OBS_VALUE` code. Default: each band's `code` in the matrix. */
  readonly bandCodes?: Readonly<Record<string, number>>;
  /** Dimension (or theme) id → `COMPOSITE_BREAKDOWN` code. Default: `PD_1` … `PD_6` of the six dimensions. */
  readonly domains?: Readonly<Record<string, string>>;
  /** Entity → `REF_AREA`. Default: the M49 code of the entity read as ISO 3166-1 alpha-3. */
  readonly refAreas?: Readonly<Record<string, string>>;
  readonly obsStatus?: string;
  readonly unitMeasure?: string;
  readonly nature?: string;
}

/** The media type of what {@link reportToSdmxCsv} writes. */
export const SDMX_CSV_MEDIA_TYPE = 'application/vnd.sdmx.data+csv; version=2.0.0';

/** The columns, in order. */
export const sdmxCsvColumns = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'FREQ',
  'REPORTING_TYPE',
  'SERIES',
  'REF_AREA',
  'SEX',
  'AGE',
  'URBANISATION',
  'INCOME_WEALTH_QUANTILE',
  'EDUCATION_LEV',
  'OCCUPATION',
  'CUST_BREAKDOWN',
  'COMPOSITE_BREAKDOWN',
  'DISABILITY_STATUS',
  'ACTIVITY',
  'PRODUCT',
  'TIME_PERIOD',
  'OBS_VALUE',
  'OBS_STATUS',
  'UNIT_MULT',
  'UNIT_MEASURE',
  'NATURE',
] as const;

/**
 * Write a report as SDMX-CSV 2.0 (RFC 4180, CRLF). Throws {@link MgiError} (`sdmx-unmapped`)
 * listing every entity without an area code and every band without a code. A value that cannot be
 * computed (score `null`) is written as an empty `OBS_VALUE` on its row, so every entity × year ×
 * domain has its row.
 *
 * @example
 * ```ts
 * reportToSdmxCsv(score(sdg10_7_2, assessments));
 * // STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REPORTING_TYPE,SERIES,REF_AREA,…
 * // dataflow,IAEG-SDGs:DF_SDG_GLH(1.9),I,A,N,SG_CPA_MIGRS,498,_T,…,2021,3,A,0,NUMBER,C
 * ```
 */
export function reportToSdmxCsv(report: Report, mapping: SdmxMapping = {}): string {
  const issues: MgiIssue[] = [];
  const codes = bandCodes(report, mapping);
  const domains = mapping.domains ?? Object.fromEntries(dimensions.map((d) => [d.id, d.sdg.code]));
  const rows: string[][] = [[...sdmxCsvColumns]];
  const unmapped = new Set<string>();
  const missingBands = new Set<string>();
  for (const card of report.scorecards) {
    const area = mapping.refAreas?.[card.entity] ?? m49(card.entity);
    if (area === undefined) {
      unmapped.add(card.entity);
      continue;
    }
    const values: [string, string | null][] = [['_T', card.overall.band]];
    for (const d of card.dimensions)
      if (domains[d.id]) values.push([domains[d.id]!, d.score === null ? null : d.band]);
    for (const [domain, band] of values) {
      const code = band === null ? '' : codes.get(band);
      if (code === undefined) missingBands.add(band!);
      rows.push(sdmxRow(mapping, area, domain, card.year, code ?? ''));
    }
  }
  for (const e of unmapped)
    issues.push(
      issue('sdmx-unmapped', ['entity', e], `entity "${e}" has no UN M49 area code for REF_AREA`, {
        hint: 'use ISO 3166-1 alpha-3 entity codes (MDA, DNK, …) or give the code in the mapping (refAreas)',
      }),
    );
  for (const b of missingBands)
    issues.push(
      issue('sdmx-unmapped', ['bands', b], `band "${b}" has no SDMX code for OBS_VALUE`, {
        hint: 'give the band a "code" in the matrix, or give the code in the mapping (bandCodes)',
      }),
    );
  if (issues.length > 0) throw new MgiError(issues);
  return toCsv(rows);
}

/** Problems with an SDMX mapping read from JSON (unknown keys, wrong types); empty when it is fine. */
export function checkSdmxMapping(value: unknown, source?: string): MgiIssue[] {
  const out: MgiIssue[] = [];
  const at = source === undefined ? {} : { source };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [issue('invalid-type', [], 'an SDMX mapping is a JSON object', at)];
  const strings = ['dataflow', 'action', 'series', 'reportingType', 'obsStatus', 'unitMeasure', 'nature'];
  const records: Record<string, 'string' | 'number'> = {
    bandCodes: 'number',
    domains: 'string',
    refAreas: 'string',
  };
  for (const [k, v] of Object.entries(value)) {
    if (strings.includes(k)) {
      if (typeof v !== 'string') out.push(issue('invalid-type', [k], `"${k}" must be a string`, at));
    } else if (k in records) {
      const ok =
        v !== null &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.values(v as object).every((x) => typeof x === records[k]);
      if (!ok) out.push(issue('invalid-type', [k], `"${k}" must be an object of ${records[k]}s`, at));
    } else out.push(issue('unknown-field', [k], `unknown field "${k}" in the SDMX mapping`, at));
  }
  return out;
}

// --- internal ---

function bandCodes(report: Report, mapping: SdmxMapping): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of report.matrix.bands) if (b.code !== undefined) out.set(b.id, String(b.code));
  for (const [id, code] of Object.entries(mapping.bandCodes ?? {})) out.set(id, String(code));
  return out;
}

function sdmxRow(mapping: SdmxMapping, area: string, domain: string, year: number, value: string): string[] {
  const t = '_T';
  return [
    'dataflow',
    mapping.dataflow ?? 'IAEG-SDGs:DF_SDG_GLH(1.9)',
    mapping.action ?? 'I',
    'A',
    mapping.reportingType ?? 'N',
    mapping.series ?? 'SG_CPA_MIGRS',
    area,
    t, // SEX
    t, // AGE
    t, // URBANISATION
    t, // INCOME_WEALTH_QUANTILE
    t, // EDUCATION_LEV
    t, // OCCUPATION
    t, // CUST_BREAKDOWN
    domain, // COMPOSITE_BREAKDOWN
    t, // DISABILITY_STATUS
    t, // ACTIVITY
    t, // PRODUCT
    String(year),
    value,
    mapping.obsStatus ?? 'A',
    '0',
    mapping.unitMeasure ?? 'NUMBER',
    mapping.nature ?? 'C',
  ];
}
