// The rows of an export (every full match of a query, as CSV or JSON): one paragraph each, with its
// document's metadata, its place, its text, its permalink and its citation.
import { citation, citationDate, issuerName } from './citation.js';
import { paragraphUrl } from './permalink.js';
import type { MatchList, PlacedParagraph } from './results.js';

/** One exported paragraph; the JSON export's rows carry exactly these fields. */
export interface ExportRow {
  /** The document's id (its file name in the indexed folder). */
  doc: string;
  title: string;
  number: string;
  type: string;
  /** The issuing body as running text writes it ('UBND tỉnh Lai Châu'), '' when unknown. */
  body: string;
  /** ISO date as precise as known ('2023-03-15', '2023-03', '2023'), '' when unknown. */
  date: string;
  paragraph: number;
  /** Heading path, outermost first. */
  heading: string[];
  text: string;
  /** Permalink of the paragraph, with the site's origin when one is set. */
  url: string;
  /** The default citation (as the API's `citation`), its link with the site's origin. */
  citation: string;
}

/** The CSV's columns: each row field and its header, in order. */
export const EXPORT_COLUMNS: readonly { key: keyof ExportRow; header: string }[] = [
  { key: 'doc', header: 'Văn bản' },
  { key: 'title', header: 'Tiêu đề' },
  { key: 'number', header: 'Số hiệu' },
  { key: 'type', header: 'Loại' },
  { key: 'body', header: 'Cơ quan ban hành' },
  { key: 'date', header: 'Ngày' },
  { key: 'paragraph', header: 'Đoạn' },
  { key: 'heading', header: 'Mục' },
  { key: 'text', header: 'Nội dung' },
  { key: 'url', header: 'Liên kết' },
  { key: 'citation', header: 'Trích dẫn' },
];

/** A paragraph and its document as an export row; `origin` ('https://example.gov.vn', or '') goes in front of its links. */
export function exportRow({ paragraph: p, document: d }: PlacedParagraph, origin: string): ExportRow {
  const permalink = origin + paragraphUrl(p.doc, p.paragraph);
  return {
    doc: p.doc,
    title: d?.title ?? p.doc,
    number: d?.number ?? '',
    type: d?.type ?? '',
    body: d?.body ? issuerName(d.body) : '',
    date: d?.date ?? '',
    paragraph: p.paragraph,
    heading: p.heading,
    text: p.text,
    url: permalink,
    citation: citation(d, p, permalink),
  };
}

/**
 * The documents of a match list in export order: as the every-mention view lists them (most matches
 * first, then by id) for relevance, else by date, newest or oldest first, undated ones last.
 */
export function exportOrder(documents: MatchList['documents'], sort: 'relevance' | 'newest' | 'oldest'): MatchList['documents'] {
  const byId = (a: { doc: string }, b: { doc: string }) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0);
  if (sort === 'relevance') return [...documents].sort((a, b) => b.ids.length - a.ids.length || byId(a, b));
  return [...documents].sort((a, b) => {
    if (a.date !== b.date) {
      if (!a.date || !b.date) return a.date ? -1 : 1;
      return (sort === 'newest' ? a.date < b.date : a.date > b.date) ? 1 : -1;
    }
    return byId(a, b);
  });
}

// A cell Excel would run as a formula (=, +, -, @, a tab or a carriage return first) gets an apostrophe
// in front, which Excel reads as "text"; the JSON export keeps the text exactly.
const FORMULA = /^[=+\-@\t\r]/;

/** One value as a CSV cell: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvCell(value: string | number | readonly string[]): string {
  let s = Array.isArray(value) ? value.join(' › ') : String(value);
  if (typeof value === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A row as one CSV line (CRLF-terminated, as RFC 4180 and Excel write them); the date reads dd/mm/yyyy. */
export function csvLine(row: ExportRow): string {
  return EXPORT_COLUMNS.map(({ key }) => csvCell(key === 'date' ? citationDate(row.date) : row[key])).join(',') + '\r\n';
}

/** The CSV header line. */
export const CSV_HEADER = EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(',') + '\r\n';
