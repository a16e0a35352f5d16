// Facets of the documents' own fields among a query's full matches: their types, years and issuing
// bodies, each with the number of full matches in documents bearing it, for the links beside the
// filters of a results page.
import type { DocumentRecord } from '../ingest/records.js';
import { fold } from '../text/fold.js';
import { issuerName, typeName } from './citation.js';
import type { DocumentCount, FieldCount, FieldFacets } from './results.js';

// Adds `count` under `key`, showing `value` (the first spelling met).
function add(counts: Map<string, FieldCount>, key: string, value: string, count: number): void {
  const seen = counts.get(key);
  if (seen) seen.count += count;
  else counts.set(key, { value, count });
}

/**
 * The types (as a sentence writes them: 'Nghị quyết'), years ('' for documents with no known date) and
 * issuers (as running text writes them: 'UBND tỉnh Lai Châu') of the documents in `perDocument`, at
 * most `limit` of each: types and bodies most matches first, years newest first.
 */
export function fieldFacets(perDocument: readonly DocumentCount[], record: (doc: string) => DocumentRecord | undefined, limit: number): FieldFacets {
  const types = new Map<string, FieldCount>();
  const years = new Map<string, FieldCount>();
  const bodies = new Map<string, FieldCount>();
  for (const { doc, count } of perDocument) {
    const d = record(doc);
    if (d?.type) add(types, fold(d.type.toLowerCase()), typeName(d.type), count);
    const year = d?.date && /^\d{4}/.test(d.date) ? d.date.slice(0, 4) : '';
    add(years, year, year, count);
    if (d?.body) {
      const name = issuerName(d.body);
      add(bodies, fold(name.toLowerCase()), name, count);
    }
  }
  const byCount = (a: FieldCount, b: FieldCount) => b.count - a.count || a.value.localeCompare(b.value, 'vi');
  // Newest first, the undated last.
  const byYear = (a: FieldCount, b: FieldCount) => (a.value === '' ? 1 : b.value === '' ? -1 : b.value.localeCompare(a.value));
  return {
    type: [...types.values()].sort(byCount).slice(0, limit),
    year: [...years.values()].sort(byYear).slice(0, limit),
    body: [...bodies.values()].sort(byCount).slice(0, limit),
  };
}
