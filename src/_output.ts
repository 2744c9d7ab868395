/**
 * Where an output file is written, and how (internal; used by `writeFileAtomic` in `node.ts` and by
 * the CLI's streaming sink).
 *
 * - An absent path or a regular file is written **atomically**: a temporary file beside it, flushed,
 *   then renamed over it, so an interrupted run never leaves a half-written file. An existing file
 *   keeps its permission bits (a 0600 file stays 0600).
 * - A symbolic link is followed: the link stays a link and its target is written by these same rules
 *   (`--out /dev/stdout` writes to the process's standard output, and a link to a file replaces that
 *   file atomically).
 * - A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written **in place**:
 *   renaming a file over it would replace the device by a regular file (as root) or fail.
 *
 * Temporary files are tracked (see `_tempfiles.ts`) so that a signal removes them; every step checks
 * whether an interrupt is waiting and stops before the rename.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { type FileHandle, lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { aborting, trackTemp, untrackTemp } from './_tempfiles';

/** An output being written: append text, then `commit()` (or `abort()` to leave the target alone). */
export interface OutputFile {
  /** `atomic`: a temporary file renamed at the end; `in-place`: a device, FIFO or socket. */
  readonly how: 'atomic' | 'in-place';
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Thrown by a write step when an interrupt (SIGINT, SIGTERM, SIGHUP) is waiting. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted');
  }
}

/**
 * Open `path` for writing by the rules of this module. Nothing is created until the first write or
 * the commit, so a run that fails before writing leaves no file at all.
 */
export async function openOutput(path: string): Promise<OutputFile> {
  const target = await resolveTarget(resolve(path));
  if (target.special) return inPlace(target.path);
  return atomic(target.path, target.mode);
}

// --- internal ---

interface Target {
  readonly path: string;
  /** A device, FIFO or socket: written in place. */
  readonly special: boolean;
  /** Permission bits of the existing regular file, kept by the atomic write. */
  readonly mode: number | undefined;
}

async function resolveTarget(path: string): Promise<Target> {
  let st: Awaited<ReturnType<typeof lstat>>;
  try {
    st = await lstat(path);
  } catch {
    return { path, special: false, mode: undefined }; // absent: created atomically
  }
  if (st.isSymbolicLink()) {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      // A dangling link: writing through it creates its target, as a shell redirection would.
      return { path, special: true, mode: undefined };
    }
    try {
      const t = await stat(real);
      if (t.isFile()) return { path: real, special: false, mode: t.mode & 0o7777 };
      if (t.isDirectory()) return { path: real, special: false, mode: undefined }; // fails at rename, as before
      return { path: real, special: true, mode: undefined };
    } catch {
      return { path, special: true, mode: undefined };
    }
  }
  if (st.isFile()) return { path, special: false, mode: st.mode & 0o7777 };
  if (st.isDirectory()) return { path, special: false, mode: undefined };
  return { path, special: true, mode: undefined };
}

function check(): void {
  if (aborting()) throw new InterruptedError();
}

function atomic(target: string, mode: number | undefined): OutputFile {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let opened = false;
  let done = false;
  const ensure = async (): Promise<FileHandle> => {
    if (handle) return handle;
    check();
    trackTemp(tmp);
    opened = true;
    handle = await open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644);
    // The umask applies to open(); chmod gives the replaced file's own bits back.
    if (mode !== undefined && mode !== 0o644) await handle.chmod(mode);
    check();
    return handle;
  };
  const cleanup = async (): Promise<void> => {
    if (done) return;
    done = true;
    if (handle) await handle.close().catch(() => {});
    handle = undefined;
    if (opened) {
      await unlink(tmp).catch(() => {});
      untrackTemp(tmp);
    }
  };
  return {
    how: 'atomic',
    async write(data) {
      const h = await ensure();
      await (typeof data === 'string' ? h.writeFile(data, 'utf8') : h.writeFile(data));
      check();
    },
    async commit() {
      const h = await ensure();
      await h.sync();
      await h.close();
      handle = undefined;
      check();
      await rename(tmp, target);
      done = true;
      untrackTemp(tmp);
    },
    abort: cleanup,
  };
}

function inPlace(target: string): OutputFile {
  let handle: FileHandle | undefined;
  const ensure = async (): Promise<FileHandle> => {
    check();
    // O_TRUNC is ignored by devices and FIFOs; a dangling link's new target starts empty.
    handle ??= await open(target, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC, 0o644);
    return handle;
  };
  return {
    how: 'in-place',
    async write(data) {
      const h = await ensure();
      await (typeof data === 'string' ? h.writeFile(data, 'utf8') : h.writeFile(data));
    },
    async commit() {
      const h = await ensure();
      await h.close();
      handle = undefined;
    },
    async abort() {
      if (handle) await handle.close().catch(() => {});
      handle = undefined;
    },
  };
}
