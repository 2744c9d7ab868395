import { formatIssues, type MgiIssue, printable } from '../errors';
import type { ReportIssue } from '../schema/report';

/** Where a command writes. Tests pass buffers; the CLI passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Read all of standard input. */
  stdin(): Promise<string>;
}

/**
 * Text for a terminal: C0 and C1 control characters other than tab and line feed (ESC, BEL,
 * backspace, a lone carriage return, CSI) are shown as `\u001b`-style escapes, so that nothing read
 * from a matrix or file name can move the cursor, retitle the window or hide text. A CR before a LF
 * (CSV line ends) is kept.
 */
export function forTerminal(text: string): string {
  return text.replace(
    /\r(?!\n|$)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The process streams. A closed pipe on stdout (e.g. `mgi … | head`) ends the process quietly.
 * Output to a terminal goes through {@link forTerminal}; to a pipe or file it is written as it is.
 */
export const processIo: Io = {
  out: (text) => {
    process.stdout.write(process.stdout.isTTY ? forTerminal(text) : text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  stdin: async () => {
    if (process.stdin.isTTY) return '';
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    } catch {
      // a closed or broken stdin reads as what arrived so far
    }
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Print issues to stderr as `source: path: message [code]`, or as one JSON line when asked. */
export function printIssues(io: Io, issues: readonly MgiIssue[], json: boolean): void {
  if (issues.length === 0) return;
  if (json) io.err(`${JSON.stringify({ errors: issues })}\n`);
  else io.err(`${formatIssues(issues)}\n`);
}

/** Warnings printed before the rest are only counted. */
export const SHOWN_WARNINGS = 20;

/** One warning as a stderr line (control characters escaped). */
export function warningLine(w: {
  entity?: string | undefined;
  year?: number | undefined;
  message: string;
  code: string;
}): string {
  return printable(
    `warning: ${[w.entity, w.year].filter((x) => x !== undefined).join(' ')}: ${w.message} [${w.code}]`,
  ).replace(/\n/g, ' ');
}

/**
 * Print the first {@link SHOWN_WARNINGS} warnings and count the rest: as text lines, or with JSON
 * (`--format json|ndjson`) as one line `{"warnings": [...], "omitted": n}`.
 */
export function printWarnings(
  io: Io,
  warnings: readonly ReportIssue[],
  json: boolean,
  where: string,
  total = warnings.length,
): void {
  if (total === 0) return;
  const shown = warnings.slice(0, SHOWN_WARNINGS);
  const omitted = total - shown.length;
  if (json) {
    io.err(`${JSON.stringify({ warnings: shown, ...(omitted > 0 ? { omitted } : {}) })}\n`);
    return;
  }
  io.err(
    `${shown.map(warningLine).join('\n')}\n` +
      (omitted > 0 ? `… and ${omitted} more warnings (${where})\n` : ''),
  );
}

/** The closing line of a run with problems or without scorecards: text, or `{"summary": …}` with JSON. */
export function printSummary(io: Io, problems: number, scorecards: number, json: boolean): void {
  if (problems === 0 && scorecards > 0) return;
  if (json) {
    io.err(`${JSON.stringify({ summary: { problems, scorecards } })}\n`);
    return;
  }
  io.err(
    problems > 0
      ? `${problems} problem(s); ${scorecards} scorecard(s) produced from the rest\n`
      : 'no scorecard was produced\n',
  );
}
