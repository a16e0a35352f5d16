// Small display rules shared by the pages and the CLI, so a date or a paragraph's place reads
// the same everywhere.
import { paragraphUrl } from '../search/permalink.js';

/** ISO date as precise as known ('YYYY-MM-DD', 'YYYY-MM', 'YYYY') → Vietnamese order, e.g. '23/06/2022'. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return [d, m, y].filter(Boolean).join('/');
}

/** Where a paragraph sits: heading path and number, e.g. 'B › I › 1 · đoạn 12'. */
export function formatPlace(heading: readonly string[], paragraph: number): string {
  const path = heading.map((h) => h.trim()).filter(Boolean).join(' › ');
  return path ? `${path} · đoạn ${paragraph}` : `đoạn ${paragraph}`;
}

/** A count in Vietnamese digit grouping, e.g. 1.234. */
export function formatCount(n: number): string {
  return n.toLocaleString('vi-VN');
}

// The query string of `params` without the empty and absent ones, which would only lengthen a shared URL.
function queryString(params: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') qs.set(key, String(value));
  }
  return qs.toString();
}

/** Link to the search page; empty and absent parameters are left out to keep URLs short. */
export function searchHref(params: Record<string, string | number | undefined>): string {
  const s = queryString(params);
  return s ? `/?${s}` : '/';
}

/** Link to the export of every full match of a search (/api/export) with its filters, in `format`; empty parameters left out. */
export function exportHref(params: Record<string, string | number | undefined>, format: 'csv' | 'json'): string {
  const { q, number, type, year, body, entity, from, to, undated, sort, doc } = params;
  return `/api/export?${queryString({ q, number, type, year, body, entity, from, to, undated, sort, doc, format })}`;
}

/** Link to a document, optionally highlighting a query and jumping to a paragraph. */
export function docHref(doc: string, q?: string, paragraph?: number): string {
  return paragraphUrl(doc, paragraph, q);
}

/** A citation whose permalink is a bare path ('…, /doc/x.txt#p12') with the site's origin put in front, so it still works once pasted elsewhere. */
export function citationWithOrigin(citation: string, origin: string): string {
  return citation.replace(/(^|\s)(\/doc\/\S+)$/, (_, space: string, link: string) => space + origin + link);
}

/** How each kind of query unit is named on the results page (see src/search/units.ts). */
export const UNIT_LABEL: Record<string, string> = {
  quoted: 'cụm từ trong ngoặc kép',
  glossary: 'thuật ngữ, tính cả cách viết tắt',
  number: 'số, số hiệu',
  name: 'tên riêng',
  word: 'từ trong từ điển',
  term: 'cụm từ kho văn bản thường viết liền',
  syllable: 'tiếng',
};
