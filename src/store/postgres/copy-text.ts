// Rows in the text format of COPY … FROM STDIN: tab-separated fields, \N for NULL, and backslash
// escapes for the backslash itself and the characters that end a field or a row.

/** A value of one field: text, a number, a list of texts (a text[] column) or null. */
export type CopyValue = string | number | readonly string[] | null;

// PostgreSQL's text cannot hold U+0000 (a COPY aborts on it). A space takes its place: like NUL it is no
// part of a word, so the text tokenizes as before and every offset into it stays right.
const NUL = /\0/g;
const SPECIAL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text as PostgreSQL stores it: each NUL character replaced by a space. */
export function storableText(s: string): string {
  return s.includes('\0') ? s.replace(NUL, ' ') : s;
}

// A text[] literal: each element double-quoted, with " and \ escaped.
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${storableText(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One field as COPY's text format writes it. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? storableText(value) : arrayLiteral(value);
  return text.replace(SPECIAL, (c) => ESCAPES[c]);
}

/** One row, ending with its newline. */
export function copyRow(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}
