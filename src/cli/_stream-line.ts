/**
 * One line of a streamed NDJSON input, parsed as `mgi score` streams it (strict JSON reader, then
 * the schema): the assessment, or the issues to print for the line. Shared by the streaming path
 * (`./_stream`) and the worker threads of `--jobs` (`./_worker`), so both word problems alike.
 */
import { formatPath, type MgiIssue } from '../errors';
import { readJson } from '../io/json';
import type { Limits } from '../limits';
import { safeParseAssessmentCore } from '../parse';
import type { Assessment } from '../schema/assessment';

/** A parsed line: the assessment, or why the line was not one. */
export type ParsedLine =
  | { readonly ok: true; readonly a: Assessment }
  | { readonly ok: false; readonly issues: MgiIssue[] };

/**
 * Parse line `line` of `source`. `given` are the `--limit`s as given, `limits` resolved. Parsing the
 * text (strict JSON reader, then the schema) skips the forbidden-key walk that an already parsed
 * value would need; the strict reader rejects those keys in the text.
 */
export function parseStreamLine(
  text: string,
  line: number,
  source: string,
  given: Partial<Limits> | undefined,
  limits: Limits,
): ParsedLine {
  const label = `${source}:${line}`;
  const parsed = safeParseAssessmentCore(text, given ? { source: label, limits: given } : { source: label });
  if (parsed.success) return { ok: true, a: parsed.data };
  const json = readJson(text, { maxDepth: limits.maxDepth, maxBytes: limits.maxTextLength });
  if (json.success) return { ok: false, issues: [...parsed.issues] };
  // As readNdjson: the path goes into the message, which names the line in the file.
  return {
    ok: false,
    issues: json.issues.map((i) => ({
      ...i,
      path: [],
      message: `${i.path.length > 0 ? `${formatPath(i.path)}: ` : ''}${i.message.replace(/\bline 1, column /g, `line ${line}, column `)}`,
      source,
    })),
  };
}
