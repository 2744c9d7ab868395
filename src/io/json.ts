/**
 * A strict JSON reader for untrusted input. It accepts exactly RFC 8259 JSON, like `JSON.parse`, but
 * turns every surprise into an issue instead of a guess: errors carry a line and column, duplicate
 * keys are rejected instead of silently keeping the last, prototype-polluting keys are refused,
 * runaway nesting and oversized text are stopped, and numbers must be finite.
 *
 * Browser-safe: no `node:` imports.
 */

import type { IssuePath, MgiIssue, SafeParseResult } from '../errors';
import { formatPath, issue, withSource } from '../errors';

/** Deepest nesting of arrays and objects {@link readJson} accepts by default (a top-level `[]` is depth 1). */
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Longest text {@link readJson} accepts by default: 50 Mi. It is measured in UTF-16 code units
 * (`text.length`), which equals the UTF-8 byte count for ASCII text and is never more than it
 * otherwise, so it is a cheap, conservative stand-in for a byte limit.
 */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Limits and labelling for {@link readJson} and {@link readNdjson}. */
export interface JsonReadOptions {
  /** Deepest nesting of arrays and objects allowed; a top-level container is depth 1. Default {@link DEFAULT_MAX_DEPTH}. */
  readonly maxDepth?: number | undefined;
  /** Longest text allowed, in UTF-16 code units (`text.length`). Default {@link DEFAULT_MAX_BYTES}. */
  readonly maxBytes?: number | undefined;
  /** The file or submission being read; copied to every issue's `source`. */
  readonly source?: string | undefined;
  /**
   * NDJSON only: the 0-based line number of the text's first line, when the text is one chunk of a
   * longer file read piece by piece (line numbers in values and issues count from it).
   */
  readonly firstLine?: number | undefined;
}

/** One value of an NDJSON text, with the 1-based line it was read from. */
export interface NdjsonValue {
  readonly line: number;
  readonly value: unknown;
}

/** What {@link readNdjson} returns: every valid line's value, and an issue for every invalid line. */
export interface NdjsonResult {
  readonly values: NdjsonValue[];
  readonly issues: MgiIssue[];
}

/**
 * Parse one JSON document strictly, never throwing for bad input.
 *
 * Differences from `JSON.parse`: syntax errors name a 1-based line and column (columns count UTF-16
 * code units; CRLF, LF and lone CR each end a line); a key repeated in one object is a
 * `duplicate-key` issue; the keys `__proto__`, `constructor` and `prototype` are a `forbidden-key`
 * issue anywhere (the whole text is checked before any object is built, so no prototype is ever
 * touched); nesting deeper than `maxDepth` is `too-deep` (the checker is iterative, so even absurd
 * nesting cannot overflow the stack); text longer than `maxBytes` is `too-large`; empty or whitespace-only
 * text is `empty-input`; a number that overflows to ±Infinity (`1e999`) is `invalid-json`.
 * A leading UTF-8 byte order mark is skipped. `-0` is returned as `0`, so that equal documents
 * always give bit-identical results downstream (`-0` would otherwise print as `0` but divide to
 * `-Infinity` and compare unequal under `Object.is`). Lone surrogates in `\u` escapes are accepted,
 * as the RFC 8259 grammar and `JSON.parse` do.
 *
 * Only the first syntax error is reported: after it the document cannot be read reliably.
 *
 * @param text - the JSON text.
 * @param options - limits and a `source` label for issues.
 * @returns `{ success: true, data }` or `{ success: false, issues }` with exactly one issue.
 *
 * @example
 * ```ts
 * const result = readJson('{"a": 1,\n "a": 2}', { source: 'moldova.json' });
 * // result.success === false
 * // result.issues[0]: { code: 'duplicate-key', path: ['a'], source: 'moldova.json',
 * //   message: 'duplicate key "a" at line 2, column 2; the same key is first at line 1, column 2 …' }
 * ```
 */
export function readJson(text: string, options: JsonReadOptions = {}): SafeParseResult<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const result =
    text.length > maxBytes
      ? tooLarge(text.length, maxBytes)
      : parseText(text, text.charCodeAt(0) === BOM ? 1 : 0, options.maxDepth ?? DEFAULT_MAX_DEPTH, 0);
  if (result instanceof JsonFailure) {
    const issues = [result.issue];
    return {
      success: false,
      issues: options.source === undefined ? issues : withSource(issues, options.source),
    };
  }
  return { success: true, data: result.value };
}

/**
 * Parse NDJSON (JSON Lines): one JSON value per line, lines separated by LF (a CR before it is
 * ignored). Blank lines are skipped. Each invalid line gives one issue with path `[]` whose message
 * names the line (and, for a problem inside the value, its path); valid lines are still returned, so
 * one bad record does not hide the others. A text longer than `maxBytes` gives a single `too-large`
 * issue and no values; `maxDepth` applies to each line.
 *
 * @example
 * ```ts
 * readNdjson('{"year": 2021}\n{"year": }\n');
 * // { values: [{ line: 1, value: { year: 2021 } }],
 * //   issues: [{ code: 'invalid-json', path: [], message: 'unexpected "}" at line 2, column 10; expected a value' }] }
 * ```
 */
export function readNdjson(text: string, options: JsonReadOptions = {}): NdjsonResult {
  const values: NdjsonValue[] = [];
  const issues: MgiIssue[] = [];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.length > maxBytes) {
    issues.push(tooLarge(text.length, maxBytes).issue);
  } else {
    let lineIndex = options.firstLine ?? 0;
    let start = lineIndex === 0 && text.charCodeAt(0) === BOM ? 1 : 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      let end = newline < 0 ? text.length : newline;
      // Drop the CR of a CRLF so that an error at the end of the line is not placed on the next one.
      if (text.charCodeAt(end - 1) === 0x0d && end > start) end--;
      const line = text.slice(start, end);
      if (!isBlank(line, 0)) {
        const result = parseText(line, 0, maxDepth, lineIndex);
        if (result instanceof JsonFailure) {
          const { path, message } = result.issue;
          const where = path.length > 0 ? `${formatPath(path)}: ` : '';
          issues.push({ ...result.issue, path: [], message: `${where}${message}` });
        } else {
          values.push({ line: lineIndex + 1, value: result.value });
        }
      }
      if (newline < 0) break;
      start = newline + 1;
      lineIndex++;
    }
  }
  return { values, issues: options.source === undefined ? issues : withSource(issues, options.source) };
}

// --- internal ---

const BOM = 0xfeff;

/** Thrown inside the parser to stop at the first error; caught before it leaves this module. */
class JsonFailure {
  constructor(readonly issue: MgiIssue) {}
}

function tooLarge(length: number, maxBytes: number): JsonFailure {
  return new JsonFailure(
    issue(
      'too-large',
      [],
      `input is ${length} characters long, more than the limit of ${maxBytes}; split it or raise maxBytes`,
      { expected: `at most ${maxBytes} characters`, received: `${length} characters` },
    ),
  );
}

/** True when `text` from `start` on holds nothing but JSON whitespace. */
function isBlank(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

function parseText(
  text: string,
  start: number,
  maxDepth: number,
  lineOffset: number,
): { value: unknown } | JsonFailure {
  if (isBlank(text, start)) {
    const what = text.length === start ? 'empty' : 'only whitespace';
    return new JsonFailure(issue('empty-input', [], `input is ${what}; expected a JSON value`));
  }
  const checker = new Checker(text, start, maxDepth, lineOffset);
  try {
    checker.check();
  } catch (error) {
    if (error instanceof JsonFailure) return error;
    throw error;
  }
  // The text is now known to be strict JSON with unique, safe keys, bounded depth and finite numbers,
  // so the engine's own parser builds exactly the value we want, 2-3 times faster than building it
  // here (see the comment on Checker). JSON.parse rejects a BOM, hence the slice.
  const body = start === 0 ? text : text.slice(start);
  try {
    return { value: checker.negativeZero ? JSON.parse(body, positiveZero) : JSON.parse(body) };
  } catch (error) {
    // Unreachable unless the checker and the engine disagree about the grammar; report, never throw.
    return new JsonFailure(issue('invalid-json', [], `invalid JSON: ${(error as Error).message}`));
  }
}

/** A `JSON.parse` reviver that turns -0 into 0 (used only when the text holds a negative zero). */
function positiveZero(_key: string, value: unknown): unknown {
  return value === 0 ? 0 : value;
}

/** An open array or object. Frames are reused by depth, so checking allocates almost nothing. */
class Frame {
  isArray = false;
  /** Offset of the opening bracket, to find the first occurrence of a duplicated key. */
  start = 0;
  /** For an array, the index of the element being read. */
  index = 0;
  /** For an object, the key whose value is being read. */
  key = '';
  /** This object's keys so far are `Checker.keys[keyBase..keyCount)`, or in `keySet` once there are many. */
  keyBase = 0;
  keySet: Set<string> | undefined = undefined;
}

/** Objects with more keys than this check duplicates with a Set instead of a linear scan. */
const LINEAR_KEYS = 16;

/**
 * Checks that a text is strict JSON, stopping at the first problem with its line, column and path.
 *
 * It checks instead of building the value because building is where a JavaScript parser loses to
 * the engine: reading a 10 MB document once in a fresh process, a version of this parser that built
 * the objects itself took ~2.5x the time of `JSON.parse` (much of it in garbage collection), while
 * checking and then calling `JSON.parse` takes ~1.7x. Checking needs no strings except keys, and
 * no objects at all.
 *
 * It is iterative: open containers live on an explicit stack, so nesting depth is bounded by
 * `maxDepth` and never by the JavaScript call stack. Offsets become line and column only when an
 * error is reported, so the hot path never counts lines.
 */
class Checker {
  /** Whether some number in the text is a negative zero (`-0`, `-0.0e5`, `-1e-400`). */
  negativeZero = false;
  private pos: number;
  private depth = 0;
  private readonly frames: Frame[] = [];
  /** Keys of the open objects, innermost last; see {@link Frame.keyBase}. */
  private readonly keys: string[] = [];
  private keyCount = 0;
  /** Recently read keys by a hash of length and end characters; see {@link Checker.readKeyString}. */
  private readonly recentKeys: (string | undefined)[] = new Array(256).fill(undefined);

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly maxDepth: number,
    private readonly lineOffset: number,
  ) {
    this.pos = start;
  }

  check(): void {
    const frames = this.frames;
    main: for (;;) {
      let c = this.skipWhitespace();
      // Read one value; containers are opened here and closed in the loop below.
      if (c === 0x7b /* { */) {
        const frame = this.open(false);
        if (this.skipWhitespace() === 0x7d /* } */) {
          this.close(frame);
        } else {
          this.readKey(frame);
          continue;
        }
      } else if (c === 0x5b /* [ */) {
        const frame = this.open(true);
        if (this.skipWhitespace() === 0x5d /* ] */) this.close(frame);
        else continue;
      } else if (c === 0x22 /* " */) {
        this.skipString();
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        this.readNumber();
      } else if (c === 0x74 /* t */) {
        this.readWord('true');
      } else if (c === 0x66 /* f */) {
        this.readWord('false');
      } else if (c === 0x6e /* n */) {
        this.readWord('null');
      } else {
        throw this.unexpected(this.pos, 'a value');
      }
      // A value is complete: read the separator after it, closing every container that ends here.
      for (;;) {
        if (this.depth === 0) break main;
        const frame = frames[this.depth - 1] as Frame;
        c = this.skipWhitespace();
        if (c === 0x2c /* , */) {
          this.pos++;
          if (frame.isArray) frame.index++;
          else this.readKey(frame);
          continue main;
        }
        if (frame.isArray ? c !== 0x5d /* ] */ : c !== 0x7d /* } */) {
          throw this.unexpected(this.pos, frame.isArray ? '"," or "]"' : '"," or "}"');
        }
        this.close(frame);
      }
    }
    this.skipWhitespace();
    if (this.pos < this.text.length)
      throw this.unexpected(this.pos, 'the end of the input after the JSON value');
  }

  private open(isArray: boolean): Frame {
    if (this.depth >= this.maxDepth) {
      throw this.fail(
        'too-deep',
        this.pathTo(this.depth),
        `nesting deeper than ${this.maxDepth} levels at ${this.where(this.pos)}; flatten the document or raise maxDepth`,
        { expected: `at most ${this.maxDepth} levels of nesting` },
      );
    }
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames.push(frame);
    }
    this.depth++;
    frame.isArray = isArray;
    frame.start = this.pos;
    frame.index = 0;
    frame.keyBase = this.keyCount;
    frame.keySet = undefined;
    this.pos++;
    return frame;
  }

  private close(frame: Frame): void {
    this.pos++;
    this.depth--;
    if (!frame.isArray) {
      this.keyCount = frame.keyBase;
      frame.keySet = undefined;
    }
  }

  /** Read `"key":`, refusing forbidden and duplicate keys. */
  private readKey(frame: Frame): void {
    if (this.skipWhitespace() !== 0x22 /* " */) throw this.unexpected(this.pos, 'a key in double quotes');
    const keyStart = this.pos;
    const key = this.readKeyString();
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      throw this.fail(
        'forbidden-key',
        [...this.pathTo(this.depth - 1), key],
        `forbidden key ${JSON.stringify(key)} at ${this.where(keyStart)}; the keys __proto__, constructor and prototype are refused because they can alter object prototypes`,
        { received: key },
      );
    }
    if (this.seen(frame, key)) {
      throw this.fail(
        'duplicate-key',
        [...this.pathTo(this.depth - 1), key],
        `duplicate key ${JSON.stringify(key)} at ${this.where(keyStart)}; the same key is first at ${this.where(this.findKey(frame.start, key))}; keep one of them (each key may appear once per object)`,
        { received: key },
      );
    }
    frame.key = key;
    if (this.skipWhitespace() !== 0x3a /* : */) throw this.unexpected(this.pos, '":" after the key');
    this.pos++;
  }

  /** Whether `key` was already read in this object; if not, remember it. */
  private seen(frame: Frame, key: string): boolean {
    const set = frame.keySet;
    if (set !== undefined) {
      if (set.has(key)) return true;
      set.add(key);
      return false;
    }
    const keys = this.keys;
    const end = this.keyCount;
    for (let i = frame.keyBase; i < end; i++) if (keys[i] === key) return true;
    if (end - frame.keyBase < LINEAR_KEYS) {
      keys[this.keyCount++] = key;
    } else {
      frame.keySet = new Set(keys.slice(frame.keyBase, end)).add(key);
      this.keyCount = frame.keyBase;
    }
    return false;
  }

  private skipWhitespace(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    if (c > 0x20) return c;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }

  /**
   * Read a key. Documents repeat the same few keys many times, so a plain key that matches a recent
   * one reuses that string instead of allocating a new one.
   */
  private readKeyString(): string {
    const text = this.text;
    const start = this.pos + 1;
    let pos = start;
    let c = text.charCodeAt(pos);
    while (c !== 0x22 && c !== 0x5c && c >= 0x20) c = text.charCodeAt(++pos);
    if (c !== 0x22) return this.readEscapedString(start, pos);
    this.pos = pos + 1;
    const length = pos - start;
    const slot =
      (length * 31 +
        text.charCodeAt(start) * 7 +
        text.charCodeAt(start + (length >> 1)) * 3 +
        text.charCodeAt(pos - 1)) &
      0xff;
    const recent = this.recentKeys[slot];
    if (recent !== undefined && recent.length === length && text.startsWith(recent, start)) return recent;
    const key = text.slice(start, pos);
    this.recentKeys[slot] = key;
    return key;
  }

  /** Check a string value starting at its opening quote, without building it. */
  private skipString(): void {
    const text = this.text;
    let pos = this.pos + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return;
      }
      if (c === 0x5c) pos = this.checkEscape(pos);
      // `!(c >= 0x20)` also catches NaN, the end of the text.
      else if (!(c >= 0x20)) this.badStringCharacter(pos, this.pos);
      else pos++;
    }
  }

  /** Decode a string (a key with escapes) from `pos`, where `start` is just after the opening quote. */
  private readEscapedString(start: number, pos: number): string {
    const text = this.text;
    let out = text.slice(start, pos);
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return out;
      }
      if (c === 0x5c) {
        const next = this.checkEscape(pos);
        // Surrogate pairs arrive as two escapes; appending both halves forms the pair.
        out +=
          next - pos === 6 ? String.fromCharCode(hex4(text, pos + 2)) : ESCAPES[text.charCodeAt(pos + 1)];
        pos = next;
      } else if (c >= 0x20) {
        const run = pos;
        let d = text.charCodeAt(++pos);
        while (d !== 0x22 && d !== 0x5c && d >= 0x20) d = text.charCodeAt(++pos);
        out += text.slice(run, pos);
      } else {
        this.badStringCharacter(pos, start - 1);
      }
    }
  }

  /** Check the escape at `pos` (a backslash) and return the offset after it. */
  private checkEscape(pos: number): number {
    const text = this.text;
    const e = text.charCodeAt(pos + 1);
    if (e === 0x75 /* u */) {
      if (hex4(text, pos + 2) < 0) {
        throw this.fail(
          'invalid-json',
          this.pathTo(this.depth - 1),
          `invalid escape ${JSON.stringify(text.slice(pos, pos + 6))} at ${this.where(pos)}; expected \\u followed by four hexadecimal digits`,
        );
      }
      return pos + 6;
    }
    if (e < 0x80 && ESCAPES[e] !== undefined) return pos + 2;
    throw this.unexpected(pos + 1, 'one of the escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX');
  }

  /** Fail on a control character or the end of the text inside the string opened at `quote`. */
  private badStringCharacter(pos: number, quote: number): never {
    if (pos >= this.text.length) {
      throw this.unexpected(pos, `a closing quote for the string that starts at ${this.where(quote)}`);
    }
    const c = this.text.charCodeAt(pos);
    const hex = c.toString(16).toUpperCase().padStart(4, '0');
    throw this.fail(
      'invalid-json',
      this.pathTo(this.depth - 1),
      `unescaped control character U+${hex} in a string at ${this.where(pos)}; write it as an escape such as \\n or \\u${hex}`,
    );
  }

  /**
   * Check a number against exactly the JSON grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, that it
   * is finite, and whether it is a negative zero.
   */
  private readNumber(): void {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === 0x2d;
    if (negative) c = text.charCodeAt(++pos);
    let zero = true;
    let digits = 0;
    if (c === 0x30) {
      c = text.charCodeAt(++pos);
      if (c >= 0x30 && c <= 0x39) {
        throw this.unexpected(pos, '".", "e" or the end of the number (JSON numbers have no leading zeros)');
      }
    } else if (c >= 0x31 && c <= 0x39) {
      zero = false;
      do {
        digits++;
        c = text.charCodeAt(++pos);
      } while (c >= 0x30 && c <= 0x39);
    } else {
      throw this.unexpected(pos, 'a digit');
    }
    if (c === 0x2e /* . */) {
      c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw this.unexpected(pos, 'a digit after the decimal point');
      do {
        if (c !== 0x30) zero = false;
        c = text.charCodeAt(++pos);
      } while (c >= 0x30 && c <= 0x39);
    }
    let exponent = false;
    if (c === 0x65 /* e */ || c === 0x45 /* E */) {
      exponent = true;
      c = text.charCodeAt(++pos);
      if (c === 0x2b /* + */ || c === 0x2d /* - */) c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw this.unexpected(pos, 'a digit in the exponent');
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    this.pos = pos;
    // Without an exponent, fewer than 309 integer digits stay below Number.MAX_VALUE (~1.8e308) and
    // only zero digits make a zero; otherwise ask the engine.
    if (exponent || digits > 308) {
      const value = Number(text.slice(start, pos));
      if (!Number.isFinite(value)) {
        const literal = text.slice(start, pos);
        throw this.fail(
          'invalid-json',
          this.pathTo(this.depth - 1),
          `number ${literal.length > 40 ? `${literal.slice(0, 40)}…` : literal} at ${this.where(start)} is not finite (it overflows a 64-bit float); use a smaller number`,
          { received: literal, expected: 'a finite number' },
        );
      }
      if (negative && value === 0) this.negativeZero = true;
    } else if (negative && zero) {
      this.negativeZero = true;
    }
  }

  private readWord(word: string): void {
    const text = this.text;
    for (let i = 1; i < word.length; i++) {
      if (text.charCodeAt(this.pos + i) !== word.charCodeAt(i)) {
        throw this.unexpected(this.pos + i, JSON.stringify(word));
      }
    }
    this.pos += word.length;
  }

  /** Offset of the first `key` in the object opening at `objectStart`; that text is known to be valid. */
  private findKey(objectStart: number, key: string): number {
    const text = this.text;
    const saved = this.pos;
    this.pos = objectStart + 1;
    try {
      for (;;) {
        this.skipWhitespace();
        const keyStart = this.pos;
        if (this.readKeyString() === key) return keyStart;
        this.skipWhitespace();
        // Skip ":" and the value, counting brackets outside strings, up to the "," that ends the member.
        this.pos++;
        let depth = 0;
        for (;;) {
          const c = text.charCodeAt(this.pos);
          if (c === 0x22) {
            this.skipString();
            continue;
          }
          if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) depth--;
          else if (c === 0x2c && depth === 0) break;
          if (this.pos >= text.length) return objectStart; // unreachable for text already checked
          this.pos++;
        }
        this.pos++;
      }
    } finally {
      this.pos = saved;
    }
  }

  /** The path to the container at `depth` (0 is the top-level container). */
  private pathTo(depth: number): IssuePath {
    const path: (string | number)[] = [];
    for (let i = 0; i < depth; i++) {
      const frame = this.frames[i] as Frame;
      path.push(frame.isArray ? frame.index : frame.key);
    }
    return path;
  }

  private where(offset: number): string {
    const text = this.text;
    let line = 1;
    let lineStart = this.start;
    for (let i = this.start; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    return `line ${line + this.lineOffset}, column ${offset - lineStart + 1}`;
  }

  private unexpected(offset: number, expected: string): JsonFailure {
    const text = this.text;
    const found =
      offset >= text.length
        ? 'end of input'
        : JSON.stringify(String.fromCodePoint(text.codePointAt(offset) as number));
    return this.fail(
      'invalid-json',
      this.pathTo(this.depth - 1),
      `unexpected ${found} at ${this.where(offset)}; expected ${expected}`,
      { expected, received: found },
    );
  }

  private fail(
    code: 'invalid-json' | 'duplicate-key' | 'forbidden-key' | 'too-deep',
    path: IssuePath,
    message: string,
    extra: { expected?: string; received?: string } = {},
  ): JsonFailure {
    return new JsonFailure(issue(code, path, message, extra));
  }
}

/** The value of a one-character escape, indexed by the character after the backslash. */
const ESCAPES: (string | undefined)[] = [];
ESCAPES[0x22] = '"';
ESCAPES[0x5c] = '\\';
ESCAPES[0x2f] = '/';
ESCAPES[0x62] = '\b';
ESCAPES[0x66] = '\f';
ESCAPES[0x6e] = '\n';
ESCAPES[0x72] = '\r';
ESCAPES[0x74] = '\t';

/** The code unit of four hexadecimal digits at `pos`, or -1. */
function hex4(text: string, pos: number): number {
  let unit = 0;
  for (let i = pos; i < pos + 4; i++) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
    else return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}
