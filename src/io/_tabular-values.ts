/**
 * Reading numbers from table cells: typed spreadsheet numbers as they are, text as a plain decimal
 * with a dot, or with a decimal comma where the format allows it (a `;`-separated CSV, which is
 * what Excel writes in locales with a decimal comma). Anything else is a message saying why it is
 * not a number and how to write it. Internal to `io/`.
 */

/** A total as read from a row: one of a number, a level id or a reason for a missing value. */
export interface Entry {
  readonly value?: number;
  readonly level?: string;
  readonly missing?: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?$/;

/**
 * A finite number from a cell, or the message saying why the cell is not one. `decimalComma`
 * accepts `12,5` as 12.5 (and still `12.5`); without it `12,5` is an error, never 125 or 12.5.
 */
export function parseCellNumber(
  cell: string | number | boolean | null | undefined,
  decimalComma: boolean,
): number | string {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return `${cell} is not a finite number`;
    return cell === 0 ? 0 : cell;
  }
  if (typeof cell === 'boolean')
    return `${cell ? 'TRUE' : 'FALSE'} is not a number; write a number like 12 or 0.5`;
  return parseNumber(cell ?? '', decimalComma);
}

/** A finite number from text, or the message saying why the text is not one. */
export function parseNumber(raw: string, decimalComma = false): number | string {
  const text = raw.trim();
  const shown = JSON.stringify(raw);
  if (decimalComma && /^[+-]?\d{1,3}(\.\d{3})+$/.test(text))
    return `${shown} is ambiguous in a file with decimal commas: write ${text.replaceAll('.', '')} if the dots group thousands, or ${text.replace('.', ',')} for a decimal`;
  if (NUMBER.test(text)) return finite(Number(text), raw);
  if (decimalComma && COMMA_NUMBER.test(text)) return finite(Number(text.replace(',', '.')), raw);
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text))
    return `${shown} is not a finite number; leave "value" empty and give the reason in "missing"`;
  if (!decimalComma && /^[+-]?\d+,\d+$/.test(text)) {
    return `${shown} is not a number: use a dot as the decimal mark (${text.replace(',', '.')}) and no thousands separators (a decimal comma is read only in a ";"-separated file)`;
  }
  if (/^[+-]?\d{1,3}([.,\s'\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(text))
    return `${shown} is not a number: write it without thousands separators (${withoutGroups(text, decimalComma)})`;
  if (/%$/.test(text))
    return `${shown} is not a number: write it without the % sign (the unit is in the matrix)`;
  return `${shown} is not a number; write a plain decimal like 12 or ${decimalComma ? '0,5' : '0.5'}`;
}

function finite(n: number, raw: string): number | string {
  if (!Number.isFinite(n)) return `"${raw}" is too large to be a number`;
  return n === 0 ? 0 : n; // -0 reads as 0, as in JSON
}

function withoutGroups(text: string, decimalComma: boolean): string {
  const groups = decimalComma ? /[.\s'\u00a0\u202f]/g : /[,\s'\u00a0\u202f]/g;
  return text.replace(groups, '');
}
