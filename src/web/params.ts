// Reading search parameters from a query string. The page and the API share these rules so a
// link copied from one behaves the same in the other; every refusal is a QueryError (→ 400)
// whose message says what to change.
import { MAX_QUERY_LENGTH } from '../search/query.js';
import { QueryError, type SearchFilters } from '../search/results.js';
import { MAX_WINDOW } from '../search/engine.js';
import { readDateBound } from '../search/date-range.js';

/** Results per page on the search page and the API's default limit. */
export const PAGE_SIZE = 20;
/** Results per page in the "all mentions" view and the API's largest limit. */
export const MAX_LIMIT = 1000;
/** Deepest offset accepted (the engine's window less one hit); beyond it nobody is reading, only crawling. */
export const MAX_OFFSET = MAX_WINDOW - 1;

/** A parsed query string as Express gives it: strings, repeated keys as arrays. */
export type RawQuery = Record<string, unknown>;

/** One parameter as a trimmed string, '' when absent; refuses a parameter given twice. */
export function single(query: RawQuery, name: string): string {
  const value = query[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new QueryError(`Tham số ${name} chỉ được có một lần, dạng chữ thường.`);
  return value.trim();
}

/** A yes/no parameter: 1 or true, 0 or false, or absent for `fallback` (default false); anything else is a QueryError. */
export function readFlag(query: RawQuery, name: string, fallback = false): boolean {
  const value = single(query, name).toLowerCase();
  if (value === '') return fallback;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new QueryError(`Tham số ${name} chỉ nhận 1 (có) hoặc 0 (không).`);
}

/** The order of the hits: relevance (default), newest or oldest. */
export function readSort(query: RawQuery): 'relevance' | 'newest' | 'oldest' {
  const sort = single(query, 'sort') || 'relevance';
  if (sort !== 'relevance' && sort !== 'newest' && sort !== 'oldest') throw new QueryError('sort chỉ nhận relevance (liên quan nhất), newest (mới nhất) hoặc oldest (cũ nhất).');
  return sort;
}

/** The query text: `q`, and the document number of the form's number field as `số:"…"`; one of them is required, at most MAX_QUERY_LENGTH characters. */
export function readQuery(query: RawQuery): string {
  const number = single(query, 'number').replace(/"/g, '');
  const q = [single(query, 'q'), number && `số:"${number}"`].filter(Boolean).join(' ');
  if (!q) throw new QueryError('Thiếu q: hãy gõ một hoặc vài từ cần tìm.');
  if (q.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`q quá dài (${q.length} ký tự); tối đa ${MAX_QUERY_LENGTH} ký tự.`);
  }
  return q;
}

/** A whole-number parameter within [min, max], or `fallback` when absent. */
export function readInt(query: RawQuery, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name);
  if (raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new QueryError(`${name} phải là số nguyên từ ${min} đến ${max}.`);
  }
  return n;
}

/** The type/year/body filters; empty ones are left out so they do not narrow anything. */
export function readFilters(query: RawQuery): SearchFilters {
  const filters: SearchFilters = {};
  const type = single(query, 'type');
  const body = single(query, 'body');
  const year = single(query, 'year');
  if (type) filters.type = limitLength('type', type);
  if (body) filters.body = limitLength('body', body);
  if (year) {
    if (!/^\d{4}$/.test(year)) throw new QueryError('year phải là năm bốn chữ số, ví dụ 2023.');
    filters.year = Number(year);
  }
  const entity = single(query, 'entity');
  if (entity) filters.entity = readEntity(entity);
  const from = single(query, 'from');
  const to = single(query, 'to');
  if (from) filters.from = readDateBound('from', from);
  if (to) filters.to = readDateBound('to', to);
  if (readFlag(query, 'undated')) filters.undated = true;
  const doc = single(query, 'doc');
  if (doc) filters.doc = limitLength('doc', doc);
  return filters;
}

/** An entity filter, 'person:<name>' or 'place:<type word and name>'; refused in Vietnamese otherwise. */
export function readEntity(value: string): string {
  const m = /^(person|place):\s*(\S.{0,199})$/su.exec(value);
  if (!m) throw new QueryError('entity phải có dạng person:<tên người> hoặc place:<cấp và tên địa danh>, ví dụ place:tỉnh Lai Châu');
  return `${m[1]}:${m[2].trim()}`;
}

function limitLength(name: string, value: string): string {
  if (value.length > 200) throw new QueryError(`${name} quá dài: tối đa 200 ký tự.`);
  return value;
}

/** What the search form shows: the raw values as typed, never refused, for refilling the form (also on error pages). */
export interface FormState {
  q: string;
  type: string;
  year: string;
  body: string;
  /** The entity filter as given ('place:tỉnh Lai Châu'), kept by links that change only the page or view. */
  entity: string;
  from: string;
  to: string;
  /** '1' to list only undated documents, else ''. */
  undated: string;
  /** 'newest' or 'oldest', or '' for relevance. */
  sort: string;
  /** One document's file name, to search inside it. */
  doc: string;
  /** A document number to look up (`số:`), from the form's number field. */
  number: string;
  /** '0' to show every hit of a document, else ''. */
  group: string;
  all: boolean;
}

/** The form's values from a query string, tolerating anything (an error page must still render). */
export function readForm(query: RawQuery): FormState {
  const text = (name: string): string => {
    const value = query[name];
    return typeof value === 'string' ? value.trim().slice(0, MAX_QUERY_LENGTH) : '';
  };
  const sort = text('sort');
  return {
    q: text('q'),
    type: text('type'),
    year: text('year'),
    body: text('body'),
    entity: text('entity'),
    from: text('from'),
    to: text('to'),
    undated: text('undated') === '1' ? '1' : '',
    sort: sort === 'newest' || sort === 'oldest' ? sort : '',
    doc: text('doc'),
    number: text('number'),
    group: text('group') === '0' ? '0' : '',
    all: text('all') === '1',
  };
}
