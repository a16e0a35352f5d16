// Every full match of a query grouped by document, for exports: paragraph indexes only, so that
// the list of a query matching 300,000 paragraphs stays a few megabytes until rows are written.
import type { DocumentRecord } from '../ingest/records.js';
import type { MatchList, SearchFilters } from './results.js';

/** Paragraph indexes grouped by their document, in index order and reading order within each (`docOf` names a paragraph's document). */
export function matchList(ids: Iterable<number>, docOf: (n: number) => string, record: (doc: string) => DocumentRecord | undefined, filters: SearchFilters): MatchList {
  const sorted = Uint32Array.from(ids).sort();
  const documents: MatchList['documents'] = [];
  let current: MatchList['documents'][number] | undefined;
  for (const n of sorted) {
    const doc = docOf(n);
    if (current?.doc !== doc) {
      const d = record(doc);
      current = { doc, title: d?.title ?? doc, ...(d?.date ? { date: d.date } : {}), ids: [] };
      documents.push(current);
    }
    current.ids.push(n);
  }
  return { total: sorted.length, documents, filters };
}
