import { QueryError } from './results.js';

// A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD.
const DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/** The first and last day ('YYYY-MM-DD') of a date known to the year, month or day; undefined when it is no such date. */
export function dateSpan(date: string): [string, string] | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d) return [date, date];
  if (mo) return [`${y}-${mo}-01`, `${y}-${mo}-${String(new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()).padStart(2, '0')}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/** Checks a `from` or `to` bound as typed (2023, 2023-03, 2023-03-15); a QueryError in Vietnamese otherwise. */
export function readDateBound(name: string, value: string): string {
  if (!dateSpan(value)) throw new QueryError(`${name} phải là một năm, tháng hoặc ngày, viết 2023, 2023-03 hoặc 2023-03-15 (nhận được «${value.slice(0, 40)}»).`);
  return value;
}

/**
 * True when a document's date falls in [from, to] (either may be absent). A date known only to the
 * month or year is in the range when its span meets it: '2022-06' is in 'from 2022-06-15'.
 */
export function inDateRange(date: string, from: string | undefined, to: string | undefined): boolean {
  const span = dateSpan(date);
  if (!span) return false;
  if (from !== undefined && span[1] < (dateSpan(from) as [string, string])[0]) return false;
  if (to !== undefined && span[0] > (dateSpan(to) as [string, string])[1]) return false;
  return true;
}
