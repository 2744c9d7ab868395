import { formatIssues, type MgiIssue } from '../errors';

/** Where a command writes. Tests pass buffers; the CLI passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Read all of standard input. */
  stdin(): Promise<string>;
}

/** The process streams. A closed pipe on stdout (e.g. `mgi … | head`) ends the process quietly. */
export const processIo: Io = {
  out: (text) => {
    process.stdout.write(text);
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
