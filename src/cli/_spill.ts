/**
 * Report items (series, warnings) kept on disk while a JSON report is written (internal): one
 * compact JSON line per item in a temporary file, read back in order when the writer reaches them. The file is tracked like
 * the temporary file of an atomic write, so an interrupt removes it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { trackTemp, untrackTemp } from '../_tempfiles';

/** Write items now, read them back once, in the same order. */
export class Spill<T> {
  private readonly path = join(tmpdir(), `.mgi-spill-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  private handle: FileHandle | undefined;
  private buffer = '';
  private count = 0;

  async add(s: T): Promise<void> {
    this.buffer += `${JSON.stringify(s)}\n`;
    this.count++;
    if (this.buffer.length >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    if (!this.handle) {
      trackTemp(this.path);
      this.handle = await open(this.path, 'wx', 0o600);
    }
    const data = this.buffer;
    this.buffer = '';
    await this.handle.writeFile(data, 'utf8');
  }

  /** The items, in the order they were added (JSON.parse of JSON.stringify: the same values). */
  async *items(): AsyncGenerator<T> {
    if (!this.handle) {
      // Everything is still in the buffer.
      const lines = this.buffer.split('\n');
      this.buffer = '';
      for (const l of lines) if (l !== '') yield JSON.parse(l) as T;
      return;
    }
    await this.flush();
    await this.handle.close();
    this.handle = undefined;
    const lines = createInterface({
      input: createReadStream(this.path, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const l of lines) if (l !== '') yield JSON.parse(l) as T;
  }

  /** Remove the temporary file. */
  async dispose(): Promise<void> {
    if (this.handle) await this.handle.close().catch(() => {});
    this.handle = undefined;
    if (this.count > 0) {
      await unlink(this.path).catch(() => {});
      untrackTemp(this.path);
    }
  }
}
