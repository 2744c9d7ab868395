/**
 * `mgi score --shard K/N`: score only the entities whose stable hash falls in shard K of N, so
 * that any batch scheduler (a cluster's job array, a CI matrix, GNU parallel) can split a run by
 * entity. The hash is **FNV-1a, 32 bits, over the UTF-8 bytes of the entity id** (offset basis
 * 2166136261, prime 16777619), and entity `e` belongs to shard `fnv1a(e) mod N + 1`: the same on
 * every machine, Node version and input order, and independent of which other entities a batch has.
 * Entities are independent (an entity's scorecards depend only on its own assessments), so the
 * shards together score every entity exactly once, each as the unsharded run would.
 */
import { UsageError } from './_args';

/** Shard K (1-based) of N. */
export interface Shard {
  readonly k: number;
  readonly n: number;
}

/** The largest N accepted (a 32-bit hash spreads over at most 2^32 shards; far fewer make sense). */
export const MAX_SHARDS = 1_000_000;

/** Parse `--shard K/N`; anything but whole numbers with 1 ≤ K ≤ N ≤ 1,000,000 is a usage error. */
export function parseShard(value: unknown): Shard | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || !(n >= 1 && n <= MAX_SHARDS) || !(k >= 1 && k <= n)) {
    throw new UsageError(
      `--shard takes K/N with whole numbers 1 ≤ K ≤ N ≤ ${MAX_SHARDS}; got "${text}"`,
      'e.g. --shard 3/8 scores the third of eight shards (run K = 1 … 8, one per machine or job)',
    );
  }
  return { k, n };
}

/** FNV-1a, 32 bits, over the UTF-8 encoding of `text` (lone surrogates encode as U+FFFD). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3f));
      byte(0x80 | (c & 0x3f));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3f));
      byte(0x80 | ((c >> 6) & 0x3f));
      byte(0x80 | (c & 0x3f));
    }
  }
  return h >>> 0;
}

/** The shard (1-based) of N that `entity` belongs to. */
export function shardOf(entity: string, n: number): number {
  return (fnv1a(entity) % n) + 1;
}

/** Whether `entity` is scored by `shard` (every entity is, without one). */
export function inShard(entity: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(entity, shard.n) === shard.k;
}
