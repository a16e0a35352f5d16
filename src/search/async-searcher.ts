// What the web layer needs from a searcher when the search itself may run elsewhere (a pool of
// worker threads, src/search/pool.ts): the same questions as Searcher, answered as promises, and the
// refusals an overloaded server gives instead of an answer.
import { MAX_LIMIT } from './engine.js';
import { QueryError, type DocumentView, type MatchList, type OutlineEntry, type ParagraphWindow, type PlacedParagraph, type SearchRequest, type SearchResponse, type Searcher } from './results.js';

/** The highlights of a page of a document for a query: the document's full matches and the match offsets of the page's paragraphs. */
export interface DocumentMarks {
  /** Paragraph numbers of the whole document that the search page would list as full matches, in reading order. */
  matched: number[];
  /** Per paragraph of the page (from `from`, at most `count`), in order, the [start, end) offsets to highlight. */
  ranges: [number, number][][];
}

/** A Searcher whose expensive questions (search, a document's marks) are answered later, cheap ones at once. */
export interface AsyncSearcher {
  search(request: SearchRequest): Promise<SearchResponse>;
  /** The marks of document `doc` for query `q`, for its paragraphs from index `from`, at most `count` (see DocumentMarks); undefined for an unknown document. */
  documentMarks(doc: string, q: string, from: number, count: number): Promise<DocumentMarks | undefined>;
  /** Completions for a prefix (Searcher.suggest): cheap, never queued behind searches. */
  suggest(prefix: string, limit?: number): Promise<string[]>;
  /** A document and its paragraphs (Searcher.document): cheap, never queued behind searches. */
  document(doc: string, window?: ParagraphWindow): Promise<DocumentView | undefined>;
  /** Every full match of a request, by document (Searcher.fullMatches): a search's work, queued as a heavy one. */
  fullMatches(request: SearchRequest): Promise<MatchList>;
  /** Paragraphs by index, with their documents (Searcher.paragraphsAt): cheap, never queued. */
  paragraphsAt(ids: readonly number[]): Promise<PlacedParagraph[]>;
  /** A document's table of contents (Searcher.outline): cheap, never queued. */
  outline(doc: string): Promise<OutlineEntry[] | undefined>;
  /** Number of documents and paragraphs served. */
  stats(): { documents: number; paragraphs: number };
}

/** Why a request got no answer: the queue was full (`busy`), it waited so long that its deadline passed before it could finish (`deadline`), or the store behind the searcher did not answer (`store`: a database server or shard down or too slow). */
export type OverloadReason = 'busy' | 'deadline' | 'store';

/** Thrown instead of an answer when the server is overloaded or its store unreachable; the web layer answers 503 with Retry-After and this message. */
export class OverloadError extends Error {
  override name = 'OverloadError';
  constructor(
    readonly reason: OverloadReason,
    /** Seconds after which trying again is reasonable (the Retry-After header). */
    readonly retryAfter: number,
    /** What the user reads when the reason is `store` (which server, what to expect). */
    detail?: string,
  ) {
    super(
      reason === 'busy'
        ? 'Máy chủ đang bận xử lý nhiều yêu cầu tìm kiếm. Vui lòng thử lại sau ít giây.'
        : reason === 'deadline'
          ? 'Máy chủ đang bận nên yêu cầu tìm kiếm này đã phải chờ quá lâu và bị dừng. Vui lòng thử lại sau ít giây.'
          : (detail ?? 'Kho dữ liệu tạm thời không trả lời. Vui lòng thử lại sau ít giây.'),
    );
  }
}

/** The marks of a document page computed with a plain Searcher (arguments as AsyncSearcher.documentMarks; `deadline` as SearchRequest's); undefined for an unknown document. */
export function documentMarks(searcher: Searcher, doc: string, q: string, from: number, count: number, deadline?: number): DocumentMarks | undefined {
  const view = searcher.document(doc, { from, count });
  return view ? pageMarks(searcher, doc, q, view.paragraphs, deadline) : undefined;
}

/** The marks of the given paragraphs of document `doc` for query `q`, by a searcher that holds at least the document's matches. */
export function pageMarks(searcher: Pick<Searcher, 'search' | 'highlight'>, doc: string, q: string, page: readonly { text: string }[], deadline?: number): DocumentMarks {
  // A query the engine refuses (too long, only operators, …) should not keep anyone from reading
  // the document it came with: it is shown unhighlighted instead.
  const refused = <T>(run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof QueryError) return fallback;
      throw error;
    }
  };
  // Highlighting alone would overcount: it also marks a single word of a longer query.
  const matched = refused(
    () =>
      searcher
        .search({ q, limit: MAX_LIMIT, filters: { doc }, deadline })
        .hits.filter((h) => !h.partial)
        .map((h) => h.paragraph)
        .sort((a, b) => a - b),
    [],
  );
  const ranges = page.map((p) => refused(() => searcher.highlight(q, p.text), []));
  return { matched, ranges };
}

/** A plain (synchronous) Searcher as an AsyncSearcher, answering on the calling thread: for tests and the CLI. */
export function inlineSearcher(searcher: Searcher): AsyncSearcher {
  // Promise.try semantics: a throw becomes a rejection, as it would from a pool.
  const later = async <T>(run: () => T): Promise<T> => run();
  return {
    search: (request) => later(() => searcher.search(request)),
    documentMarks: (doc, q, from, count) => later(() => documentMarks(searcher, doc, q, from, count)),
    suggest: (prefix, limit) => later(() => searcher.suggest(prefix, limit)),
    document: (doc, window) => later(() => searcher.document(doc, window)),
    fullMatches: (request) => later(() => searcher.fullMatches(request)),
    paragraphsAt: (ids) => later(() => searcher.paragraphsAt(ids)),
    outline: (doc) => later(() => searcher.outline(doc)),
    stats: () => searcher.stats(),
  };
}

/** Whether `s` is already an AsyncSearcher (it has documentMarks) rather than a plain Searcher. */
export function isAsyncSearcher(s: Searcher | AsyncSearcher): s is AsyncSearcher {
  return typeof (s as Partial<AsyncSearcher>).documentMarks === 'function';
}
