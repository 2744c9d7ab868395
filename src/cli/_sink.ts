/**
 * Where a command's output goes, written piece by piece: `--out FILE` (see `src/_output.ts`: atomic
 * over regular or absent files, in place on devices and FIFOs), or standard output — written with
 * `fs.writeSync` when it is a file or a character device (Node's stdout is synchronous there anyway,
 * and this skips a `Buffer` copy of every chunk), otherwise through `process.stdout` waiting for
 * 'drain' (pipes, terminals); or the command's `Io` in tests. Small writes are gathered into chunks.
 */
import { fstatSync, writeSync } from 'node:fs';
import { InterruptedError, type OutputFile, openOutput } from '../_output';
import { aborting } from '../_tempfiles';
import { issue, MgiError } from '../errors';
import { forTerminal, type Io, processIo } from './_io';

/** Something text is written to, in order. What the report writers take. */
export interface TextSink {
  write(text: string): Promise<void>;
}

/** Output is written in chunks of about this many characters. */
const WRITE_CHUNK = 1 << 16;

/**
 * Whether `--out` names standard output: `-`, no `--out`, or `/dev/stdout` (and `/dev/fd/1`,
 * `/proc/self/fd/1`), which cannot always be opened again (a socket, as test runners give).
 */
export function isStdout(out: string | undefined): boolean {
  return out === undefined || out === '-' || /^\/(?:dev\/stdout|dev\/fd\/1|proc\/self\/fd\/1)$/.test(out);
}

/** A {@link TextSink} onto `--out` or standard output; `close()` commits, `abort()` leaves no file. */
export class Sink implements TextSink {
  private buffer = '';
  private file: OutputFile | undefined;
  /**
   * The `--out` write under way: the next chunk is prepared while the previous one is written
   * (one write in flight, so order and memory stay bounded), instead of waiting for each.
   */
  private pending: Promise<void> | undefined;
  private readonly mode: 'out' | 'fd' | 'stream' | 'io';
  /** Characters written so far (after chunking), for tests and progress. */
  written = 0;

  constructor(
    private readonly out: string | undefined,
    private readonly io: Io,
  ) {
    this.mode = !isStdout(out) ? 'out' : io !== processIo ? 'io' : stdoutIsFile() ? 'fd' : 'stream';
  }

  async write(text: string): Promise<void> {
    if (text.length >= WRITE_CHUNK) {
      await this.flush();
      await this.send(text);
      return;
    }
    this.buffer += text;
    if (this.buffer.length >= WRITE_CHUNK) await this.flush();
  }

  /** Write text already encoded as UTF-8 (what `--jobs` workers send), after what is buffered. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.mode === 'io' || (this.mode === 'stream' && process.stdout.isTTY)) {
      await this.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      return;
    }
    await this.flush();
    this.written += bytes.length;
    switch (this.mode) {
      case 'out':
        await this.toFile(bytes);
        return;
      case 'fd': {
        if (aborting()) throw new InterruptedError();
        let done = 0;
        while (done < bytes.length) done += writeSync(1, bytes, done);
        return;
      }
      default:
        if (!process.stdout.write(bytes)) await waitForDrain();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const data = this.buffer;
    this.buffer = '';
    await this.send(data);
  }

  private async send(data: string): Promise<void> {
    this.written += data.length;
    switch (this.mode) {
      case 'out':
        await this.toFile(data);
        return;
      case 'fd':
        if (aborting()) throw new InterruptedError();
        writeAllSync(1, data);
        return;
      case 'stream':
        // A terminal never gets raw control characters from the data (see forTerminal).
        if (!process.stdout.write(process.stdout.isTTY ? forTerminal(data) : data)) await waitForDrain();
        return;
      default:
        this.io.out(data);
    }
  }

  /** Start writing `data` to the `--out` file once the write before it is done. */
  private async toFile(data: string | Uint8Array): Promise<void> {
    await this.settle();
    try {
      this.file ??= await openOutput(this.out!);
    } catch (e) {
      throw writeFailed(this.out!, e);
    }
    const path = this.out!;
    const p = this.file.write(data).catch((e: unknown) => {
      throw writeFailed(path, e);
    });
    // Rejections are seen by the next settle(); until then this keeps them from being "unhandled".
    p.catch(() => {});
    this.pending = p;
  }

  /** Wait for the write in flight, if any (its failure is thrown here). */
  private async settle(): Promise<void> {
    const p = this.pending;
    this.pending = undefined;
    if (p) await p;
  }

  /** Write what is buffered and, for `--out`, put the file in place. */
  async close(): Promise<void> {
    await this.flush();
    if (this.mode !== 'out') return;
    try {
      await this.settle();
    } catch (e) {
      await this.abort();
      throw e;
    }
    try {
      // Nothing written still leaves an (empty) output file, as a shell redirection does.
      this.file ??= await openOutput(this.out!);
      await this.file.commit();
      this.file = undefined;
    } catch (e) {
      await this.abort();
      throw writeFailed(this.out!, e);
    }
  }

  /** Give up: remove the temporary file; the target stays as it was. */
  async abort(): Promise<void> {
    await this.settle().catch(() => {});
    await this.file?.abort();
    this.file = undefined;
  }
}

/** Whether standard output is a file or `/dev/null` (where Node writes it synchronously anyway). */
function stdoutIsFile(): boolean {
  if (process.stdout.isTTY) return false;
  try {
    const st = fstatSync(1);
    return st.isFile() || st.isCharacterDevice();
  } catch {
    return false;
  }
}

/** Write all of `data` to a file descriptor, continuing after a partial write. */
function writeAllSync(fd: number, data: string): void {
  let buf: Buffer | undefined;
  let done = writeSync(fd, data);
  // A short write (rare on files) continues from the bytes not yet written.
  while (buf === undefined ? done < Buffer.byteLength(data) : done < buf.length) {
    buf ??= Buffer.from(data);
    done += writeSync(fd, buf, done);
  }
}

function waitForDrain(): Promise<void> {
  return new Promise((resolveDrain) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      resolveDrain();
    };
    process.stdout.on('drain', done);
    process.stdout.on('close', done);
  });
}

function writeFailed(path: string, e: unknown): Error {
  if (e instanceof MgiError || e instanceof InterruptedError) return e;
  return new MgiError(
    [
      issue(
        'write-failed',
        [],
        `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.trim(),
      ),
    ],
    { cause: e },
  );
}
