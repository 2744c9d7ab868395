/**
 * A small, defensive `.xlsx` reader: the cells of one worksheet as typed values (numbers, text,
 * booleans), with the places of formula cells. Never evaluates anything: a formula cell gives its
 * cached value (`<v>`). Limits are checked from the zip's central directory before anything is
 * inflated (entry count, declared uncompressed size), and while scanning (rows, cells); fflate
 * inflates into buffers of the declared size, so an entry that lies about its size cannot grow
 * past it.
 *
 * Browser-safe: fflate and TextDecoder only.
 */

import { type UnzipFileInfo, unzipSync } from 'fflate';
import { issue, type MgiIssue } from '../errors';
import { columnLetters } from './_write';

/** Bounds on what a workbook may hold. */
export interface XlsxLimits {
  /** Largest `.xlsx` file, in bytes. */
  readonly maxFileBytes: number;
  /** Most entries in the zip. */
  readonly maxEntries: number;
  /** Largest total declared uncompressed size of the parts read, in bytes. */
  readonly maxUncompressedBytes: number;
  /** Most rows in the sheet read. */
  readonly maxRows: number;
  /** Most cells in the sheet read. */
  readonly maxCells: number;
}

/** Default {@link XlsxLimits}: generous for a national matrix (a few hundred rows), small enough for a browser. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxEntries: 2_000,
  maxUncompressedBytes: 128 * 1024 * 1024,
  maxRows: 200_000,
  maxCells: 2_000_000,
});

/** One sheet as rows of typed cells. */
export interface SheetCells {
  readonly name: string;
  /** Rows that have at least one cell, in order, each with its 1-based row number. */
  readonly rows: { readonly row: number; readonly cells: (string | number | boolean | null)[] }[];
  /** `Data!E14`-style references of formula cells (their cached values are in `rows`). */
  readonly formulas: string[];
}

/** What {@link readWorkbook} returns. */
export interface WorkbookCells {
  readonly sheetNames: readonly string[];
  /** The sheets read (those asked for), by name. */
  readonly sheets: ReadonlyMap<string, SheetCells>;
  /** Things read safely but worth saying: external links, macros. */
  readonly warnings: MgiIssue[];
}

/**
 * Read the sheets `pick` chooses (from the workbook's sheet names) of an `.xlsx`. Returns issues
 * (`too-large`, `too-many`, `unknown-format`) instead of throwing for bad or hostile input.
 */
export function readWorkbook(
  bytes: Uint8Array,
  pick: (names: readonly string[]) => readonly string[],
  limits: Partial<XlsxLimits> = {},
): { success: true; data: WorkbookCells } | { success: false; issues: MgiIssue[] } {
  try {
    return readChecked(bytes, pick, limits);
  } catch (e) {
    if (!(e instanceof DamagedZip)) throw e;
    return {
      success: false,
      issues: [
        issue(
          'unknown-format',
          [],
          `the workbook is damaged: its part ${e.entry} cannot be read; save it again as .xlsx`,
        ),
      ],
    };
  }
}

function readChecked(
  bytes: Uint8Array,
  pick: (names: readonly string[]) => readonly string[],
  limits: Partial<XlsxLimits>,
): { success: true; data: WorkbookCells } | { success: false; issues: MgiIssue[] } {
  const lim = { ...DEFAULT_XLSX_LIMITS, ...limits };
  const fail = (code: 'too-large' | 'too-many' | 'unknown-format', message: string, hint?: string) => ({
    success: false as const,
    issues: [issue(code, [], message, hint ? { hint } : {})],
  });
  if (bytes.length > lim.maxFileBytes)
    return fail('too-large', `the workbook is ${bytes.length} bytes; the limit is ${lim.maxFileBytes}`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    return fail(
      'unknown-format',
      'this is not an .xlsx workbook (not a zip file); save it as "Excel Workbook (.xlsx)"',
      bytes[0] === 0xd0 && bytes[1] === 0xcf
        ? 'this looks like an old .xls file: save it as .xlsx'
        : undefined,
    );
  const entries = listEntries(bytes);
  if (!entries)
    return fail('unknown-format', 'the workbook is not a readable zip file; save it again as .xlsx');
  if (entries.size > lim.maxEntries)
    return fail('too-many', `the workbook has ${entries.size} zip entries; the limit is ${lim.maxEntries}`);
  const warnings = packageWarnings(entries);
  const text = (name: string): string | undefined => {
    const one = inflate(bytes, name);
    return one === undefined ? undefined : new TextDecoder('utf-8').decode(one);
  };
  const book = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  if (book === undefined || rels === undefined)
    return fail('unknown-format', 'the file is a zip but not an .xlsx workbook (no xl/workbook.xml)');
  const sheetList = sheetsOf(book, rels);
  const chosen = pick(sheetList.map((s) => s.name));
  const parts = [
    'xl/sharedStrings.xml',
    ...sheetList.filter((s) => chosen.includes(s.name)).map((s) => s.part),
  ];
  let declared = 0;
  for (const p of parts) declared += entries.get(p)?.originalSize ?? 0;
  if (declared > lim.maxUncompressedBytes)
    return fail(
      'too-large',
      `the sheets to read would expand to ${declared} bytes; the limit is ${lim.maxUncompressedBytes} (refused before expanding)`,
      'a workbook this large is not a collection template; split it, or export the sheet as CSV',
    );
  const shared = sharedStrings(text('xl/sharedStrings.xml') ?? '');
  const sheets = new Map<string, SheetCells>();
  for (const s of sheetList) {
    if (!chosen.includes(s.name)) continue;
    const xml = text(s.part);
    if (xml === undefined)
      return fail('unknown-format', `the sheet "${s.name}" is missing from the workbook`);
    const read = sheetCells(s.name, xml, shared, lim);
    if ('message' in read) return fail('too-many', read.message, read.hint);
    sheets.set(s.name, read);
  }
  return { success: true, data: { sheetNames: sheetList.map((s) => s.name), sheets, warnings } };
}

// --- internal ---

/** The zip's entries with their declared sizes, from the central directory; nothing inflated. */
function listEntries(bytes: Uint8Array): Map<string, UnzipFileInfo> | undefined {
  const out = new Map<string, UnzipFileInfo>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        out.set(f.name, f);
        return false;
      },
    });
  } catch {
    return undefined;
  }
  return out;
}

/** One entry inflated; throws {@link DamagedZip} when fflate cannot (bad compression data). */
function inflate(bytes: Uint8Array, name: string): Uint8Array | undefined {
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === name });
    return files[name];
  } catch (e) {
    throw new DamagedZip(name, e);
  }
}

class DamagedZip extends Error {
  constructor(
    readonly entry: string,
    cause: unknown,
  ) {
    super(`cannot inflate ${entry}`, { cause });
  }
}

function packageWarnings(entries: Map<string, UnzipFileInfo>): MgiIssue[] {
  const out: MgiIssue[] = [];
  const names = [...entries.keys()];
  const links = names.filter((n) => /^xl\/externalLinks\//i.test(n) && n.endsWith('.xml'));
  if (links.length > 0)
    out.push(
      issue(
        'xlsx-external-link',
        [],
        `the workbook links to ${links.length} external workbook(s); links are never followed: cells show the values cached in this file`,
      ),
    );
  if (names.some((n) => /vbaProject\.bin$/i.test(n)))
    out.push(issue('xlsx-macro', [], 'the workbook contains macros; they are ignored (never run)'));
  return out;
}

function sheetsOf(book: string, rels: string): { name: string; part: string }[] {
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out: { name: string; part: string }[] = [];
  for (const m of book.matchAll(/<sheet\b[^>]*>/g)) {
    const name = decode(attr(m[0], 'name') ?? '');
    const part = targets.get(attr(m[0], 'r:id') ?? '');
    if (part) out.push({ name, part: part.replace(/\/\.\//g, '/') });
  }
  return out;
}

function attr(tag: string, name: string): string | undefined {
  const re = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`);
  return re.exec(tag)?.[1];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and OOXML `_xHHHH_` escapes decoded. */
function decode(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ENTITIES[e]!,
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The text of every `<t>` in a piece of XML (rich runs joined), phonetic hints (`<rPh>`) left out. */
function textOf(xml: string): string {
  let body = xml;
  for (let at = body.indexOf('<rPh'); at >= 0; at = body.indexOf('<rPh', at)) {
    const end = body.indexOf('</rPh>', at);
    body = end < 0 ? body.slice(0, at) : body.slice(0, at) + body.slice(end + 6);
  }
  let out = '';
  for (const t of elements(body, 't')) if (t) out += t.body;
  return decode(out);
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of elements(xml, 'si')) out.push(si ? textOf(si.body) : '');
  return out;
}

/** Column index (0-based) of a cell reference such as `E14`. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/**
 * Elements `<tag …/>` or `<tag …>body</tag>` in order, found with `indexOf` so that a hostile,
 * unclosed element costs one scan, not one per occurrence. `undefined` marks a malformed element.
 */
function* elements(xml: string, tag: string): Generator<{ attrs: string; body: string } | undefined> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let pos = 0;
  for (;;) {
    let start = xml.indexOf(open, pos);
    while (start >= 0 && /[\w:-]/.test(xml.charAt(start + open.length))) start = xml.indexOf(open, start + 1);
    if (start < 0) return;
    const end = xml.indexOf('>', start);
    if (end < 0) {
      yield undefined;
      return;
    }
    const attrs = xml.slice(start + open.length, end);
    if (attrs.endsWith('/')) {
      yield { attrs: attrs.slice(0, -1), body: '' };
      pos = end + 1;
      continue;
    }
    const stop = xml.indexOf(close, end);
    if (stop < 0) {
      yield undefined;
      return;
    }
    yield { attrs, body: xml.slice(end + 1, stop) };
    pos = stop + close.length;
  }
}

function sheetCells(
  name: string,
  xml: string,
  shared: readonly string[],
  lim: XlsxLimits,
): SheetCells | { message: string; hint?: string } {
  const rows: SheetCells['rows'] = [];
  const formulas: string[] = [];
  let cells = 0;
  let rowNo = 0;
  let rowCount = 0;
  const data = xml.indexOf('<sheetData');
  const body = data < 0 ? '' : xml.slice(data);
  for (const rm of elements(body, 'row')) {
    if (!rm) return { message: `the sheet "${name}" is not well-formed XML (an unclosed row)` };
    const r = Number(attr(rm.attrs, 'r') ?? rowNo + 1);
    rowNo = r;
    if (++rowCount > lim.maxRows)
      return {
        message: `the sheet "${name}" has more than ${lim.maxRows} rows; the limit is ${lim.maxRows} (reading stopped at row ${r})`,
        hint: 'split it, or export it as CSV',
      };
    const row: (string | number | boolean | null)[] = [];
    let col = -1;
    for (const cm of elements(rm.body, 'c')) {
      if (!cm)
        return { message: `the sheet "${name}" is not well-formed XML (an unclosed cell in row ${r})` };
      if (++cells > lim.maxCells)
        return {
          message: `the sheet "${name}" has more than ${lim.maxCells} cells; the limit is ${lim.maxCells}`,
        };
      const ref = attr(cm.attrs, 'r');
      col = ref ? columnOf(ref) : col + 1;
      if (col < 0 || col > 16_383)
        return { message: `the sheet "${name}" has a cell outside the columns A to XFD` };
      if (cm.body.includes('<f')) formulas.push(`${name}!${ref ?? `${columnLetters(col)}${r}`}`);
      row[col] = cellValue(cm.attrs, cm.body, shared);
    }
    if (row.some((c) => c !== null && c !== undefined && c !== ''))
      rows.push({ row: r, cells: Array.from(row, (c) => c ?? null) });
  }
  return { name, rows, formulas };
}

function cellValue(attrs: string, body: string, shared: readonly string[]): string | number | boolean | null {
  const t = attr(attrs, 't') ?? 'n';
  const at = body.indexOf('<v>');
  const v = at < 0 ? undefined : body.slice(at + 3, body.indexOf('</v>', at));
  if (t === 'inlineStr') return textOf(body);
  if (v === undefined) return null;
  if (t === 's') return shared[Number(v)] ?? '';
  if (t === 'b') return v === '1';
  if (t === 'str' || t === 'e' || t === 'd') return decode(v);
  const n = Number(v);
  return Number.isFinite(n) ? n : decode(v);
}
