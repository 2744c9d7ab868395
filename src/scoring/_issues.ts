import type { MgiIssue } from '../errors';
import type { ReportIssue } from '../schema/report';

/** An issue found while scoring, with the entity-year and the submission it is about. */
export function toReportIssue(
  i: MgiIssue,
  ctx: { entity?: string; year?: number; source?: string; indicator?: string },
): ReportIssue {
  const out: ReportIssue = { code: i.code, message: i.message, path: [...i.path] };
  if (ctx.entity !== undefined) out.entity = ctx.entity;
  if (ctx.year !== undefined) out.year = ctx.year;
  const ind =
    ctx.indicator ?? (i.path[0] === 'observations' && typeof i.path[1] === 'string' ? i.path[1] : undefined);
  if (ind !== undefined) out.indicator = ind;
  const source = i.source ?? ctx.source;
  if (source !== undefined) out.source = source;
  if (i.hint !== undefined) out.hint = i.hint;
  return out;
}

/** A scorecard warning about an entity-year, and about one indicator if given. */
export function warning(
  code: string,
  message: string,
  entity: string,
  year: number,
  indicator?: string,
): ReportIssue {
  const w: ReportIssue = {
    code,
    message,
    path: indicator ? ['observations', indicator] : [],
    entity,
    year,
  };
  if (indicator !== undefined) w.indicator = indicator;
  return w;
}

/** A share as a percentage with one decimal, for messages. */
export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Code-unit order of strings (what `Array.prototype.sort()` does), as a comparator. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
