import type { CompiledMatrix } from '../matrix/compiled';
import type { ReportMatrix } from '../schema/report';

/** Language maps with their keys sorted, so the report's bytes do not depend on input key order. */
function canonicalText(t: string | Readonly<Record<string, string>>): string | Record<string, string> {
  if (typeof t === 'string') return t;
  const out: Record<string, string> = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}

/** A compact copy of the matrix's labels and scoring settings for renderers. */
export function reportMatrix(m: CompiledMatrix): ReportMatrix {
  const mx = m.matrix;
  const out: ReportMatrix = {
    id: m.id,
    version: m.version,
    title: canonicalText(mx.title),
    themes: mx.themes.map((t, i) => {
      const r: ReportMatrix['themes'][number] = {
        id: t.id,
        title: canonicalText(t.title),
        dimension: m.themes[i]!.dimension,
        weight: t.weight ?? 1,
      };
      // Only where the matrix uses the hierarchy, so two-level reports keep their bytes.
      if (t.parent !== undefined) r.parent = t.parent;
      if (t.aggregation !== undefined) r.aggregation = t.aggregation;
      if (t.power !== undefined) r.power = t.power;
      return r;
    }),
    indicators: mx.indicators.map((i) => {
      const r: ReportMatrix['indicators'][number] = {
        id: i.id,
        theme: i.theme,
        title: canonicalText(i.title),
        kind: i.kind,
        direction: i.kind === 'qualitative' ? 'increase' : i.direction,
        weight: i.weight ?? 1,
      };
      if (i.kind !== 'qualitative' && i.unit !== undefined) r.unit = i.unit;
      if (i.kind !== 'qualitative' && i.decimals !== undefined) r.decimals = i.decimals;
      if (i.kind === 'qualitative')
        r.levels = i.levels.map((l) => ({ id: l.id, label: canonicalText(l.label), score: l.score }));
      if (i.responsible !== undefined) r.responsible = [...i.responsible];
      return r;
    }),
    bands: (mx.scoring?.bands ?? []).map((b) =>
      b.code !== undefined
        ? { id: b.id, label: canonicalText(b.label), min: b.min, code: b.code }
        : { id: b.id, label: canonicalText(b.label), min: b.min },
    ),
    scoring: {
      normalisation: m.scoring.normalisation,
      indicators: m.scoring.indicators,
      themes: m.scoring.themes,
      overall: m.scoring.overall,
      missing: m.scoring.missing,
      minCoverage: m.scoring.minCoverage,
      maxYears: m.scoring.maxYears,
    },
  };
  if (mx.scoring?.progress !== undefined) out.scoring.progress = mx.scoring.progress;
  if (m.hasGrowth) out.scoring.growth = { ...m.scoring.growth };
  const sample = mx.scoring?.sample;
  if (sample) {
    const r: NonNullable<ReportMatrix['scoring']['sample']> = {};
    if (sample.entities) r.entities = [...sample.entities];
    if (sample.year !== undefined) r.year = sample.year;
    out.scoring.sample = r;
  }
  if (mx.provenance) out.provenance = `${mx.provenance.kind}: ${mx.provenance.note}`;
  return out;
}
