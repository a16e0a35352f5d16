// The JSON API's response body, built field by field so that whatever else an engine keeps on
// its objects never leaks into the published contract. The CLI's --json prints the same shape.
import type { DocumentCount, NumberedDocument, QueryUnit, SearchFilters, SearchHit, SearchResponse } from '../search/results.js';

/** One hit as the API publishes it: exactly the SearchHit contract's fields. */
export type ApiHit = SearchHit;

/** The body of a 200 from /api/search. */
export interface ApiSearchResponse {
  query: string;
  total: number;
  totalNear: number;
  totalPartial: number;
  tookMs: number;
  units: QueryUnit[];
  /** Present with `collapse=1`: distinct texts among the full and near matches. */
  distinct?: { total: number; near: number };
  hits: ApiHit[];
  perDocument: DocumentCount[];
  /** Present when the query types a document's own number: that document. */
  numbered?: NumberedDocument[];
  /** Present with a date filter: full matches in undated documents, left out. */
  undated?: number;
  /** Present when the query matched more paragraphs than are ranked in full (see README). */
  truncated?: boolean;
  notice?: string;
  /** null when the query has full matches or no better spelling is known. */
  didYouMean: string | null;
  filters: SearchFilters;
}

/** SearchResponse → the API's JSON body. */
export function toApiResponse(response: SearchResponse): ApiSearchResponse {
  return {
    query: response.query,
    total: response.total,
    totalNear: response.totalNear,
    totalPartial: response.totalPartial,
    tookMs: response.tookMs,
    units: response.units.map(({ text, kind, optional }) => ({ text, kind, ...(optional ? { optional } : {}) })),
    ...(response.distinct ? { distinct: { total: response.distinct.total, near: response.distinct.near } } : {}),
    hits: response.hits.map(toApiHit),
    perDocument: response.perDocument.map(({ doc, title, date, count }) => ({ doc, title, date, count })),
    ...(response.numbered ? { numbered: response.numbered.map(({ doc, title, number, type, date, url }) => ({ doc, title, number, ...(type ? { type } : {}), ...(date ? { date } : {}), url })) } : {}),
    ...(response.undated !== undefined ? { undated: response.undated } : {}),
    ...(response.truncated ? { truncated: true, notice: response.notice } : {}),
    didYouMean: response.didYouMean ?? null,
    filters: response.filters,
  };
}

function toApiHit(hit: SearchHit): ApiHit {
  const { id, doc, title, paragraph, text, snippet, score, url, partial, near, html, heading, matches, citation, citations, meta, elsewhere, elsewhereTotal } = hit;
  return {
    ...{ id, doc, title, paragraph, text, snippet, score, url, partial, ...(near ? { near } : {}), html, heading, matches, citation },
    citations: { press: citations.press, legal: citations.legal },
    meta,
    ...(elsewhere ? { elsewhere: elsewhere.map(({ id, doc, title, paragraph, url }) => ({ id, doc, title, paragraph, url })), elsewhereTotal } : {}),
    ...(hit.moreInDocument ? { moreInDocument: hit.moreInDocument } : {}),
  };
}
