/**
 * Fuzzing the CLI's edges in process (fixed seed; `MGI_FUZZ_RUNS` for long runs): control
 * characters in every string field that reaches a terminal or a generated README, and interrupts
 * at every point of an atomic write. The end-to-end signal tests are in cli-edges.test.ts; here the
 * same write path (`src/_output.ts`) is stopped by the interrupt flag at random steps, in process.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptedError, openOutput } from '../src/_output';
import { forTerminal, warningLine } from '../src/cli/_io';
import { markdownCode } from '../src/cli/init';
import { formatIssues, issue } from '../src/errors';
import { CASE_BUDGET_MS, CaseTally, FUZZ_TIMEOUT, fuzzParams } from './fixtures/fuzz-support';

const tally = new CaseTally('fuzz-cli.test.ts');
afterAll(() => {
  console.log(tally.summary());
});

/** A raw control character a terminal acts on (tab and line feed are text). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Strings rich in what attacks a terminal or Markdown: C0, C1, ESC sequences, backticks, URLs. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '\u001b[2J',
        '\u001b]0;title\u0007',
        '\u001b]8;;https://evil.example\u001b\\',
        '\b',
        '\r',
        '\r\n',
        '\n',
        '\t',
        '\u009b31m',
        '\u0085',
        '`',
        '``',
        '<img src=x>',
        '![a](https://e.example/i.png)',
        '# ',
        'ops@evil.example',
        'https://evil.example',
        'www.evil.example',
        'word',
        ' ',
        'é',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

describe('fuzz: control characters in every string that reaches a terminal', () => {
  it(
    'forTerminal leaves no raw control character but tab, LF and the CR of CRLF, and keeps printable text as it is',
    () => {
      fc.assert(
        fc.property(hostile, (s) =>
          tally.run('terminal', () => {
            const t = forTerminal(s);
            expect(t.replace(/\r\n/g, '\n').replace(/\r$/, '')).not.toMatch(RAW_CONTROL);
            if (!RAW_CONTROL.test(s)) expect(t).toBe(s);
          }),
        ),
        fuzzParams(2000),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'issue and warning lines built from any entity, message, source and code have no raw control character and no line break',
    () => {
      fc.assert(
        fc.property(hostile, hostile, hostile, (entity, message, source) =>
          tally.run('messages', () => {
            const w = warningLine({ entity, year: 2021, message, code: 'carried-forward' });
            const i = formatIssues([issue('invalid-value', [entity], message, { source })]);
            for (const line of [w, i]) {
              expect(line).not.toMatch(RAW_CONTROL);
              expect(line).not.toContain('\n');
            }
          }),
        ),
        fuzzParams(2000),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz: untrusted titles in the README that mgi init writes', () => {
  it(
    'markdownCode gives one line that is plain words or a single code span (no link, image, HTML, heading)',
    () => {
      fc.assert(
        fc.property(hostile, (s) =>
          tally.run('markdown', () => {
            const md = markdownCode(s);
            expect(md).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
            if (!md.startsWith('`')) {
              expect(md).toMatch(/^[\p{L}\p{N} ,;'’()–—-]*$/u);
              return;
            }
            // A code span: the fence is longer than every backtick run inside, and closes at the end.
            const fence = /^`+/.exec(md)![0];
            expect(md.endsWith(fence)).toBe(true);
            const inner = md.slice(fence.length, md.length - fence.length);
            const runs = inner.match(/`+/g) ?? [];
            expect(runs.every((r) => r.length < fence.length)).toBe(true);
          }),
        ),
        fuzzParams(2000),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz: interrupts during atomic writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mgi-fuzz-out-'));
  it(
    'stopped at any step (before open, after a chunk, before the rename), the target is the old file or the whole new one, and no temporary file is left',
    async () => {
      const tf = await import('../src/_tempfiles');
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.string({ maxLength: 200 }), { minLength: 0, maxLength: 6 }),
          fc.nat({ max: 8 }),
          fc.boolean(),
          async (chunks, stopAt, exists) => {
            const target = join(dir, `t${n++}.json`);
            if (exists) writeFileSync(target, 'OLD');
            let step = 0;
            // The interrupt flag, as a signal sets it, raised before step `stopAt`.
            const out = await openOutput(target);
            let interrupted = false;
            try {
              for (const c of chunks) {
                if (step++ === stopAt) tf.__setAbortForTest(130);
                await out.write(c);
              }
              if (step++ === stopAt) tf.__setAbortForTest(130);
              await out.commit();
            } catch (e) {
              expect(e).toBeInstanceOf(InterruptedError);
              interrupted = true;
              await out.abort();
            } finally {
              tf.__setAbortForTest(null);
            }
            const text = readFileSync(target, { encoding: 'utf8', flag: 'a+' });
            if (interrupted) expect(text).toBe(exists ? 'OLD' : '');
            else expect(text).toBe(chunks.join(''));
            expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
            tally.run('writes', () => {});
          },
        ),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('no fuzz case took longer than the budget', () => {
    expect(tally.total).toBeGreaterThan(0);
    expect(tally.slowestMs).toBeLessThan(CASE_BUDGET_MS);
  });
});
