/**
 * The thinnest OOXML (SpreadsheetML) writer that does what mgi needs: typed cells (numbers as
 * numbers, inline strings, never formulas), a fixed set of styles (header, locked reference, unlocked
 * input, percent, decimals, wrapped text), column widths, a frozen header row, data validation
 * (dropdown lists and decimal numbers), sheet protection and hidden sheets. An `.xlsx` is a zip of
 * XML parts; fflate writes the zip with a fixed timestamp, so the same workbook gives the same bytes.
 *
 * Written by hand because write-excel-file (4.1.1; its README, checked with `npm view`, documents
 * neither data validation nor sheet protection) cannot make the dropdowns and locked headers that
 * make a collection template fillable without training; the parts needed are small.
 *
 * Browser-safe: fflate and TextEncoder only.
 */

import { strToU8, zipSync } from 'fflate';

/** The fixed styles of {@link styles}: index into `cellXfs`. */
export const Style = {
  default: 0,
  header: 1,
  input: 2,
  inputNumber: 3,
  percent: 4,
  decimal: 5,
  wrap: 6,
  title: 7,
  locked: 8,
} as const;

/** A cell: a value and an optional style. */
export interface XCell {
  readonly v: string | number | boolean | null | undefined;
  readonly s?: number;
}

/** A data validation on a range of cells. */
export type Validation =
  | {
      readonly type: 'list';
      readonly sqref: string;
      readonly list: readonly string[];
      readonly prompt?: string;
    }
  | { readonly type: 'decimal'; readonly sqref: string; readonly prompt?: string };

/** One worksheet. */
export interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly (XCell | string | number | null | undefined)[])[];
  readonly widths?: readonly number[];
  /** Freeze the first `n` rows. */
  readonly freezeRows?: number;
  /** Protect the sheet: locked cells (the default style) cannot be edited; inputs stay editable. */
  readonly protect?: boolean;
  readonly validations?: readonly Validation[];
  readonly hidden?: boolean;
}

/** The 1-based column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Write a workbook: the bytes of an `.xlsx` file. Deterministic. */
export function writeWorkbook(sheets: readonly SheetSpec[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes(sheets.length)),
    '_rels/.rels': strToU8(ROOT_RELS),
    'docProps/app.xml': strToU8(APP),
    'xl/workbook.xml': strToU8(workbook(sheets)),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRels(sheets.length)),
    'xl/styles.xml': strToU8(STYLES),
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s));
  });
  // A local-time date built from fixed fields has the same DOS date and time in every time zone.
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1, 0, 0, 0) });
}

// --- internal ---

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Text for XML: escaped, and control characters XML 1.0 cannot carry written as OOXML `_xHHHH_`. */
export function xmlText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

function contentTypes(n: number): string {
  const sheets = Array.from(
    { length: n },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>${sheets}</Types>`;
}

const ROOT_RELS = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const APP = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>mgi-engine</Application></Properties>`;

function workbook(sheets: readonly SheetSpec[]): string {
  const list = sheets
    .map(
      (s, i) =>
        `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const active = Math.max(
    0,
    sheets.findIndex((s) => !s.hidden),
  );
  return `${XML}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="${active}"/></bookViews><sheets>${list}</sheets></workbook>`;
}

function workbookRels(n: number): string {
  const rels = Array.from(
    { length: n },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
}

// cellXfs, in the order of `Style`. Every xf but `input*` is locked (the OOXML default).
const STYLES = `${XML}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts><fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="49" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1" applyProtection="1"><protection locked="0"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

function cellXml(ref: string, cell: XCell | string | number | null | undefined): string {
  const c: XCell = cell !== null && typeof cell === 'object' ? cell : { v: cell };
  const s = c.s ? ` s="${c.s}"` : '';
  const v = c.v;
  if (v === null || v === undefined || v === '') return s ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number')
    return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${String(v)}</v></c>` : `<c r="${ref}"${s}/>`;
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const space = /^\s|\s$|\n/.test(v) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

function sheetXml(sheet: SheetSpec): string {
  const rows = sheet.rows
    .map((row, r) => {
      const cells = row.map((cell, c) => cellXml(`${columnLetters(c)}${r + 1}`, cell)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const views = sheet.freezeRows
    ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${sheet.freezeRows}" topLeftCell="A${sheet.freezeRows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const cols = sheet.widths?.length
    ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  // Editing objects and scenarios stays locked; formatting, sorting and filtering stay allowed.
  const protect = sheet.protect
    ? '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>'
    : '';
  const validations = sheet.validations?.length
    ? `<dataValidations count="${sheet.validations.length}">${sheet.validations.map(validationXml).join('')}</dataValidations>`
    : '';
  return `${XML}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">${views}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${rows}</sheetData>${protect}${validations}</worksheet>`;
}

function validationXml(v: Validation): string {
  const prompt = v.prompt ? ` showInputMessage="1" prompt="${xmlText(v.prompt.slice(0, 255))}"` : '';
  if (v.type === 'list') {
    // A literal list: quoted, comma-separated, at most 255 characters (Excel's limit).
    const list = `"${v.list.join(',')}"`;
    return `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="mgi" error="${xmlText(`Choose one of: ${v.list.join(', ')}`.slice(0, 225))}"${prompt} sqref="${v.sqref}"><formula1>${xmlText(list)}</formula1></dataValidation>`;
  }
  return `<dataValidation type="decimal" operator="between" allowBlank="1" showErrorMessage="1" errorTitle="mgi" error="Write a number (no % sign, no thousands separators)"${prompt} sqref="${v.sqref}"><formula1>-1E+300</formula1><formula2>1E+300</formula2></dataValidation>`;
}
