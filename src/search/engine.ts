// The search engine over one loaded index. A search reads as a sequence of steps, each in its own
// file: parse and plan (plan.ts) → candidates (candidates.ts) → full and near matches (match-finder.ts)
// → score (query-terms.ts, rank.ts) → tier and page (ranker.ts, hit-folding.ts) → present (present.ts).
import { loadIndex, type StoredIndex } from '../index/store.js';
import { vocabularyLookup } from '../index/phrase-table.js';
import { PostingCandidates, type EntityParagraphs } from './candidates.js';
import { CorpusView, numberKey } from './corpus-view.js';
import { Deadline } from './deadline.js';
import { loadGlossary, type Glossary } from './glossary.js';
import { HitFolding } from './hit-folding.js';
import { MatchFinder, type Matches } from './match-finder.js';
import { paragraphWords } from './match.js';
import { ParagraphContexts } from './paragraph-contexts.js';
import { paragraphUrl } from './permalink.js';
import { planQuery, type Plan } from './plan.js';
import { matchRanges, Presenter } from './present.js';
import { scoredTerms } from './query-terms.js';
import { DEFAULT_WEIGHTS, type RankWeights } from './rank.js';
import { Ranker, type RankedList, type RankerOptions } from './ranker.js';
import { QueryError, type DocumentView, type MatchList, type NumberedDocument, type OutlineEntry, type ParagraphWindow, type PlacedParagraph, type SearchRequest, type SearchResponse, type Searcher } from './results.js';
import { matchList } from './match-list.js';
import { fieldFacets } from './field-facets.js';
import { documentOutline } from './outline.js';
import { suggestSpelling } from './spelling.js';
import { suggestCompletions } from './suggest.js';
import { T_EXACT_PHRASE, type Ranked } from './tiers.js';
import { corpusUnitSources } from './unit-sources.js';
import type { UnitSources } from './units.js';
import { loadWordList, type WordList } from './word-list.js';

export type { EntityParagraphs } from './candidates.js';
export { MAX_ELSEWHERE } from './present.js';

/** Options of the engine; every one has a default. */
export interface EngineOptions extends RankerOptions {
  /** Abbreviation glossary (default: the one the project ships). */
  glossary?: Glossary;
  /** Ranking weights (default DEFAULT_WEIGHTS). */
  weights?: RankWeights;
  /** Vietnamese words of several syllables, for cutting a query into units (default: the Viet74K list, see word-list.ts). */
  words?: WordList;
  /** The paragraphs naming each place and person (EntityIndex), for the `entity` filter and `facets` (default none: that filter matches nothing, and no facets). */
  entities?: EntityParagraphs;
  /** The clock that request deadlines are read against (default Date.now). */
  clock?: () => number;
}

/** Largest page a request may ask for (`limit`); the default page is 20 (web/params.ts). */
export const MAX_LIMIT = 1000;
/** Deepest hit a request may reach: ranking the 100,000th hit costs ranking all before it, so offset + limit is bounded. */
export const MAX_WINDOW = 10_000;
const DEFAULT_LIMIT = 20;
const SORTS = ['relevance', 'newest', 'oldest'];

/** The search engine over one loaded index: parses, plans, ranks, highlights and cites. */
export class SearchEngine implements Searcher {
  private readonly glossary: Glossary;
  private readonly view: CorpusView;
  private readonly candidates: PostingCandidates;
  private readonly unitSources: UnitSources;
  private readonly finder: MatchFinder;
  private readonly ranker: Ranker;
  private readonly folding: HitFolding;
  private readonly presenter: Presenter;
  private readonly deadline: Deadline;
  private readonly weights: RankWeights;
  private readonly entities: EntityParagraphs | undefined;
  /** The plan of the query last highlighted (undefined when the query is refused). */
  private lastHighlight: { q: string; plan: Plan | undefined } | undefined;
  /** Tables of contents of the last few documents asked (pages of one document are asked in a row). */
  private readonly outlines = new Map<string, OutlineEntry[]>();

  /** Loads the index in `dir` (throws IndexLoadError with what to run when it is missing or stale). */
  static load(dir: string, options: EngineOptions = {}): SearchEngine {
    return new SearchEngine(loadIndex(dir), options);
  }

  constructor(
    private readonly store: StoredIndex,
    options: EngineOptions = {},
  ) {
    this.glossary = options.glossary ?? loadGlossary();
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
    this.entities = options.entities;
    this.deadline = new Deadline(options.clock);
    this.view = new CorpusView(store);
    this.candidates = new PostingCandidates(this.view, this.glossary, this.entities);
    // The vocabulary look-up is built once here rather than on the first suggestion or did-you-mean, which would pay for it.
    this.unitSources = corpusUnitSources(options.words ?? loadWordList(), vocabularyLookup(store.vocabulary), this.candidates);
    this.finder = new MatchFinder(this.view, this.candidates, this.deadline);
    const contexts = new ParagraphContexts(this.view, this.weights);
    this.ranker = new Ranker(this.view, store.index, this.weights, contexts, this.finder, this.candidates, this.deadline, options);
    this.folding = new HitFolding(this.view);
    this.presenter = new Presenter(this.view);
  }

  /** Number of documents and paragraphs served. */
  stats() {
    return { documents: this.store.documents.length, paragraphs: this.store.paragraphs.length };
  }

  /** The document and its paragraphs. */
  document(doc: string, window?: ParagraphWindow): DocumentView | undefined {
    const document = this.view.document(doc);
    if (!document) return undefined;
    const all = this.view.paragraphsOf(doc);
    const numbers = window ? all.slice(window.from, window.from + window.count) : all;
    return { document, paragraphs: numbers.map((n) => this.store.paragraphs.get(n)), paragraphCount: all.length };
  }

  /** Runs a search request. Throws QueryError for a request the user must change. */
  search(request: SearchRequest): SearchResponse {
    this.deadline.start(request.deadline);
    try {
      return this.run(request);
    } finally {
      this.deadline.end();
    }
  }

  /** Offsets of every match of a query in a text. */
  highlight(q: string, text: string): [number, number][] {
    // A page highlights many paragraphs for one query: it is planned once, not once per paragraph.
    if (this.lastHighlight?.q !== q) {
      let plan: Plan | undefined;
      try {
        plan = this.plan(q);
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
      }
      this.lastHighlight = { q, plan };
    }
    const { plan } = this.lastHighlight;
    return plan ? matchRanges(plan, paragraphWords(text)) : [];
  }

  /** Completions from the corpus, accented, for a prefix typed with or without diacritics. */
  suggest(prefix: string, limit = 8): string[] {
    return suggestCompletions(this.store, prefix, limit);
  }

  /** Every full match of a request, by document in reading order (see MatchList); stops at the request's deadline like search(). */
  fullMatches(request: SearchRequest): MatchList {
    this.deadline.start(request.deadline);
    try {
      const plan = this.plan(request.q, request.filters);
      const table = this.store.paragraphs;
      return matchList(this.finder.matches(plan, this.candidates.filterSet(plan.filters)).full.keys(), (n) => table.doc(n), (doc) => this.view.document(doc), plan.filters);
    } finally {
      this.deadline.end();
    }
  }

  /** The paragraphs with these indexes (MatchList ids), with their documents. */
  paragraphsAt(ids: readonly number[]): PlacedParagraph[] {
    return ids.map((n) => {
      const paragraph = this.store.paragraphs.get(n);
      return { paragraph, document: this.view.document(paragraph.doc) };
    });
  }

  /** A document's table of contents (see outline.ts), kept for the last few documents asked. */
  outline(doc: string): OutlineEntry[] | undefined {
    const range = this.view.range(doc);
    if (!range) return undefined;
    let entries = this.outlines.get(doc);
    if (!entries) {
      const t = this.store.paragraphs;
      const [first, end] = range;
      entries = documentOutline({ count: end - first, heading: (i) => t.heading(first + i), paragraph: (i) => t.columns.paragraph[first + i], text: (i) => t.text(first + i) });
      // The largest gazette document's 41,867 paragraphs take a few milliseconds to walk.
      if (this.outlines.size >= 32) this.outlines.clear();
      this.outlines.set(doc, entries);
    }
    return entries;
  }

  private plan(q: string, extra: SearchRequest['filters'] = {}): Plan {
    return planQuery(q, extra, this.glossary, this.unitSources);
  }

  private run(request: SearchRequest): SearchResponse {
    const t0 = performance.now();
    const { limit, offset, sort, perDoc } = checkedRequest(request);
    const plan = this.plan(request.q, request.filters);
    const allowed = this.candidates.filterSet(plan.filters);
    const matches = this.finder.matches(plan, allowed);
    const { full, near } = matches;
    const scored = scoredTerms(plan, this.store.index, this.weights, this.candidates);
    const partial = request.partial !== false;
    const rank = (want: number): RankedList => (sort === 'relevance' ? this.ranker.rank(plan, scored, matches, allowed, want, partial) : { ranked: this.ranker.byDate(matches, want, sort), partialTotal: 0, truncated: false });
    const { result, ranked, others, more } = this.rankPage(rank, offset + limit, allowed, matches, request.collapse === true, perDoc);
    const { partialTotal, truncated } = result;
    const undated = this.undatedMatches(plan);
    const numbered = this.numbered(plan);
    const exactHits = ranked.some((r) => r.tier >= T_EXACT_PHRASE);
    const hits = ranked.slice(offset, offset + limit).map((r) => {
      const hit = this.presenter.hit(plan, r, others?.get(r.n));
      const rest = more?.get(r.n);
      return rest ? { ...hit, moreInDocument: rest } : hit;
    });
    const didYouMean = full.size === 0 || !exactHits || !plan.parsed.accented ? suggestSpelling(this.store, plan.parsed, full.size > 0) : undefined;
    const folded = request.collapse || perDoc;
    const perDocument = this.presenter.perDocument(this.folding.countsByDocument(full));
    return {
      query: request.q,
      total: full.size,
      totalNear: near.size,
      totalPartial: partialTotal,
      tookMs: Math.round((performance.now() - t0) * 100) / 100,
      units: plan.units.map((u) => ({ text: u.text, kind: u.kind, ...(plan.required.includes(u) ? {} : { optional: true }) })),
      ...(request.facets && this.entities ? { facets: this.entities.facets(full.keys(), request.facets) } : {}),
      ...(request.facets ? { fieldFacets: fieldFacets(perDocument, (doc) => this.view.document(doc), request.facets) } : {}),
      ...(folded ? { distinct: { total: this.folding.foldedCount(full.keys(), request.collapse === true, perDoc), near: this.folding.foldedCount(near.keys(), request.collapse === true, perDoc) } } : {}),
      hits,
      perDocument,
      ...(didYouMean ? { didYouMean } : {}),
      ...(numbered.length ? { numbered } : {}),
      ...(undated !== undefined ? { undated } : {}),
      ...(truncated ? { truncated, notice: `Truy vấn khớp quá nhiều đoạn: chỉ ${this.ranker.maxRanked.toLocaleString('vi-VN')} đoạn có điểm cao nhất được xếp hạng đầy đủ, số đếm vẫn chính xác. Thêm từ hoặc bộ lọc để có thứ tự chính xác.` } : {}),
      filters: plan.filters,
    };
  }

  /**
   * The ranked list up to `wanted`, folded when the request collapses identical texts or groups by
   * document: then more paragraphs are ranked until a page's worth of folded hits is there. The
   * ranking is deterministic, so a longer list only adds to the end of a shorter one. At most 8 times
   * the page: a text repeated thousands of times must not rank the whole window.
   */
  private rankPage(rank: (want: number) => RankedList, wanted: number, allowed: Set<number> | undefined, { full }: Matches, collapse: boolean, perDoc: number | undefined): { result: RankedList; ranked: Ranked[]; others?: Map<number, number[]>; more?: Map<number, number> } {
    let result = rank(wanted);
    if (!collapse && !perDoc) return { result, ranked: result.ranked };
    const fullIn = perDoc ? this.folding.countsByDocument(full) : undefined;
    for (let want = wanted; ; ) {
      const folded = this.folding.fold(result.ranked, allowed, collapse, perDoc, fullIn);
      if (folded.ranked.length >= wanted || result.ranked.length < want || want >= Math.min(MAX_WINDOW, 8 * wanted)) return { result, ...folded };
      want = Math.min(MAX_WINDOW, 8 * wanted, want * 2);
      result = rank(want);
    }
  }

  // The documents whose own number the query types, in the filters' bounds: what a legal portal's look-up by number finds.
  private numbered(plan: Plan): NumberedDocument[] {
    const out: NumberedDocument[] = [];
    for (const u of plan.units) {
      if (u.kind !== 'number' && u.kind !== 'quoted') continue;
      for (const d of this.view.numbered(numberKey(u.text))) {
        if (out.some((o) => o.doc === d.doc)) continue;
        out.push({ doc: d.doc, title: d.title ?? d.doc, number: d.number as string, ...(d.type ? { type: d.type } : {}), ...(d.date ? { date: d.date } : {}), url: paragraphUrl(d.doc) });
      }
    }
    return out;
  }

  // Full matches in undated documents that a date filter leaves out (passing the other filters), so that none is lost without a word.
  private undatedMatches(plan: Plan): number | undefined {
    const f = plan.filters;
    if ((f.from === undefined && f.to === undefined && f.year === undefined) || f.undated) return undefined;
    return this.finder.matches(plan, this.candidates.filterSet(f, 'undated')).full.size;
  }
}

/** The paging and ordering of a request, checked: a request out of bounds is the user's to change (QueryError, in Vietnamese). */
function checkedRequest(request: SearchRequest): { limit: number; offset: number; sort: 'relevance' | 'newest' | 'oldest'; perDoc: number | undefined } {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const offset = request.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new QueryError(`limit phải là số nguyên từ 1 đến ${MAX_LIMIT}.`);
  if (!Number.isInteger(offset) || offset < 0) throw new QueryError('offset phải là số nguyên, từ 0 trở lên.');
  // Ranking the 100,000th hit costs ranking all before it: deep pages are refused, not run on.
  if (offset + limit > MAX_WINDOW) throw new QueryError(`Chỉ xem được ${MAX_WINDOW.toLocaleString('vi-VN')} kết quả đầu tiên (offset + limit ≤ ${MAX_WINDOW}). Hãy thu hẹp truy vấn hoặc thêm bộ lọc (năm, loại văn bản, cơ quan).`);
  const sort = request.sort ?? 'relevance';
  if (!SORTS.includes(sort)) throw new QueryError('sort chỉ nhận relevance (liên quan nhất), newest (mới nhất) hoặc oldest (cũ nhất).');
  const perDoc = request.perDocument;
  if (perDoc !== undefined && (!Number.isInteger(perDoc) || perDoc < 1)) throw new QueryError('perDocument phải là số nguyên từ 1 trở lên.');
  return { limit, offset, sort, perDoc };
}

/** Kept for callers of the engine module; the citations live in citation.ts. */
export { citation } from './citation.js';
