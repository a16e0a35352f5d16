// The contract between the search engine and its front ends (web page, JSON API, CLI).
import type { Citations } from './citation.js';
import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';

/** Metadata filters a query can carry (`type:`, `year:`, `body:`) or the API can pass. */
export interface SearchFilters {
  /** Document type, folded match, e.g. 'nghi dinh' matches 'NGHỊ ĐỊNH'. */
  type?: string;
  /** Year of the document's date. */
  year?: number;
  /** Issuing body: every word of it among the issuer's and place's words, folded, with the glossary applied (see body-filter.ts). */
  body?: string;
  /** Documents dated on or after this day, month or year (2023, 2023-03, 2023-03-15); undated documents are left out and counted apart. */
  from?: string;
  /** Documents dated on or before this day, month or year; as `from`. */
  to?: string;
  /** Only documents with no known date (default false). */
  undated?: boolean;
  /** Only this source file. */
  doc?: string;
  /** Only paragraphs naming this entity, written 'kind:name' ('place:tỉnh Lai Châu', 'person:Trần Tiến Dũng'; see EntityIndex.paragraphs). */
  entity?: string;
}

/** One search request. */
export interface SearchRequest {
  /** The query as the user typed it. */
  q: string;
  /** Page size; default 20, 1..1000. */
  limit?: number;
  /** Hits to skip; default 0. */
  offset?: number;
  /** Filters added to those written in the query. */
  filters?: SearchFilters;
  /** Whether partial matches may follow the full and near ones (default true; the every-mention view asks for none). */
  partial?: boolean;
  /** Places and persons, and document types, years and issuing bodies, to list among the full matches, at most this many per kind (default 0: none). */
  facets?: number;
  /** Date.now() after which the search stops with SearchTimeoutError (default none). */
  deadline?: number;
  /** Order of the hits: by relevance (default), or by the document's date, newest or oldest first (undated documents last; then in reading order). Date order lists full and near matches only. */
  sort?: 'relevance' | 'newest' | 'oldest';
  /** At most this many hits of one document, the last saying how many more it holds (`moreInDocument`); default none: every hit. */
  perDocument?: number;
  /** Whether paragraphs with identical texts collapse into one hit that lists where else they occur (default false: every paragraph is a hit). */
  collapse?: boolean;
}

/** A place or person named among the hits, with the number of hits naming it. */
export interface EntityCount {
  kind: 'person' | 'place';
  name: string;
  count: number;
}

/** A value of a document field among the full matches, and the full matches in documents bearing it. */
export interface FieldCount {
  value: string;
  count: number;
}

/** The types, years ('' for no known date) and issuing bodies of the documents holding full matches. */
export interface FieldFacets {
  type: FieldCount[];
  year: FieldCount[];
  body: FieldCount[];
}

/** A document found by its number. */
export interface NumberedDocument {
  doc: string;
  title: string;
  number: string;
  type?: string;
  date?: string;
  url: string;
}

/** Where a paragraph is: its id, document, title, number and link. */
export interface ParagraphPlace {
  id: string;
  doc: string;
  title: string;
  paragraph: number;
  url: string;
}

/** One unit of the query as the engine cut it (see src/search/units.ts), shown so that a user sees why a paragraph matched. */
export interface QueryUnit {
  text: string;
  kind: 'quoted' | 'glossary' | 'number' | 'name' | 'word' | 'term' | 'syllable';
  /** A function word (or the noun an interrogative asks about) that a full match may lack. */
  optional?: boolean;
}

/** One ranked paragraph, as the JSON API sends it. */
export interface SearchHit {
  id: string;
  doc: string;
  title: string;
  paragraph: number;
  /** The whole paragraph in its original spelling. */
  text: string;
  /** Escaped HTML around the best match, matches wrapped in <mark>. */
  snippet: string;
  score: number;
  /** Permalink to the paragraph in the document view, e.g. '/doc/004_x.txt?q=…#p12'. */
  url: string;
  /** True when the paragraph is not a full match: it holds only some units, or holds them only once folded (`near`). Not counted in `total`. */
  partial: boolean;
  /** True for a "gần đúng" hit: every unit, but only once diacritics are folded or inside a compound ('che' for 'chè'). */
  near?: boolean;
  /** Whole paragraph as escaped HTML with every match in <mark>. */
  html: string;
  /** Heading path of the paragraph. */
  heading: string[];
  /** [start, end) offsets into `text` of every match, used for highlighting. */
  matches: [number, number][];
  /** Ready-to-copy citation, the default style of `citations`: legal for a document with a type and a number, press otherwise. */
  citation: string;
  /** The same citation in both styles, báo chí (`press`) and văn bản pháp luật (`legal`), each ending with the permalink. */
  citations: Citations;
  /** Date, number, type, body and source of the document, where known. */
  meta: Pick<DocumentRecord, 'date' | 'dateText' | 'number' | 'type' | 'body' | 'source' | 'place' | 'signer'>;
  /** With `collapse`: the other paragraphs with this very text, in reading order (the first MAX_ELSEWHERE). */
  elsewhere?: ParagraphPlace[];
  /** With `collapse`: how many other paragraphs have this very text. */
  elsewhereTotal?: number;
  /** With `perDocument`: on a document's last hit shown, how many more full matches the document holds. */
  moreInDocument?: number;
}

/** Mentions per document, for the reporters' "all mentions" view. */
export interface DocumentCount {
  doc: string;
  title: string;
  date?: string;
  count: number;
}

/** The answer to one search request. */
export interface SearchResponse {
  query: string;
  /** Number of full matches: paragraphs that hold every unit of the query as a phrase, with the diacritics typed. */
  total: number;
  /** Number of near ("gần đúng") matches, ranked after the full ones and not counted in `total`. */
  totalNear: number;
  /** Number of partial matches available after the full and near ones. */
  totalPartial: number;
  tookMs: number;
  /** The query's units, in order. */
  units: QueryUnit[];
  hits: SearchHit[];
  /** With `facets`: the places and persons named in the full matches, most first (counts are paragraphs). */
  facets?: EntityCount[];
  /** With `facets`: the types, years and issuing bodies of the documents holding full matches, at most `facets` of each. */
  fieldFacets?: FieldFacets;
  /** With `collapse` or `perDocument`: how many hits the folded list holds among the full and the near matches (one per distinct text, at most perDocument per document). */
  distinct?: { total: number; near: number };
  /** Full matches per document, most first. */
  perDocument: DocumentCount[];
  /** One suggested spelling that exists in the corpus, when the query has no full match. */
  didYouMean?: string;
  /** Documents whose own number is a number typed in the query (`01/NQ-CP`): the document itself, ahead of the paragraphs that cite it. */
  numbered?: NumberedDocument[];
  /** With a date filter: the full matches in documents whose date is not known, left out of `total` (filter `undated` lists them). */
  undated?: number;
  /** True when the query matched more paragraphs than the engine ranks in full: the order past the best ones is rough (counts stay exact). */
  truncated?: boolean;
  /** With `truncated`: what happened and what to do, in Vietnamese. */
  notice?: string;
  /** Filters in force (from the query and the request). */
  filters: SearchFilters;
}

/** Every full match of a query, document by document: what an export streams. */
export interface MatchList {
  /** Number of full matches (the `total` of the same search). */
  total: number;
  /** Documents holding full matches, in the index's order, each with its matches' paragraph indexes (for paragraphsAt) in reading order. */
  documents: { doc: string; title: string; date?: string; ids: number[] }[];
  /** Filters in force (from the query and the request). */
  filters: SearchFilters;
}

/** A paragraph with its document, as paragraphsAt gives it. */
export interface PlacedParagraph {
  paragraph: ParagraphRecord;
  document: DocumentRecord | undefined;
}

/** One entry of a document's table of contents: where a heading's section starts. */
export interface OutlineEntry {
  /** Paragraph number (1-based, as in `#p12`) where the section starts. */
  paragraph: number;
  /** Depth in the heading path, 1 for the outermost. */
  depth: number;
  /** The heading's label as the path holds it ('Chương II', 'Điều 5', 'I', '1', 'a)'). */
  label: string;
  /** The heading line when the section starts with one (at most OUTLINE_TEXT characters), else the label. */
  text: string;
}

/** A document with its paragraphs, for the document view. */
export interface DocumentView {
  document: DocumentRecord;
  /** The paragraphs asked for: all of them, or the window. */
  paragraphs: ParagraphRecord[];
  /** How many paragraphs the whole document has. */
  paragraphCount: number;
}

/** Part of a document: `count` paragraphs from the 0-based `from`. */
export interface ParagraphWindow {
  from: number;
  count: number;
}

/** What the front ends need from an engine; `SearchEngine` in engine.ts implements it. */
export interface Searcher {
  search(request: SearchRequest): SearchResponse;
  /** Completions from the corpus for a prefix typed with or without diacritics, accented, most frequent first. */
  suggest(prefix: string, limit?: number): string[];
  /** The document and its paragraphs (only those of `window` when given: a page of a long document costs what the page holds), or undefined for an unknown id. */
  document(doc: string, window?: ParagraphWindow): DocumentView | undefined;
  /** Every full match of a request, by document in reading order (its limit, offset, sort and grouping do not apply). */
  fullMatches(request: SearchRequest): MatchList;
  /** The paragraphs with these indexes (MatchList ids), in the same order, with their documents. */
  paragraphsAt(ids: readonly number[]): PlacedParagraph[];
  /** A document's table of contents (every section start of its heading paths), or undefined for an unknown id. */
  outline(doc: string): OutlineEntry[] | undefined;
  /** Offsets [start, end) of every query match inside `text`, for highlighting a paragraph outside the result list. */
  highlight(q: string, text: string): [number, number][];
  /** Number of documents and paragraphs served. */
  stats(): { documents: number; paragraphs: number };
}

/** Thrown for a request the user can fix; the web layer answers 400 with its message. */
export class QueryError extends Error {
  override name = 'QueryError';
}

/** Thrown when a search runs past its request's deadline; the query was too broad to answer in time. */
export class SearchTimeoutError extends QueryError {
  override name = 'SearchTimeoutError';
  constructor() {
    super('Truy vấn cần quá nhiều thời gian nên đã dừng. Hãy dùng cụm từ cụ thể hơn hoặc thêm bộ lọc (năm, loại văn bản, cơ quan).');
  }
}
