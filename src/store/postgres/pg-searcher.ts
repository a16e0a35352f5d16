// Searching a collection in PostgreSQL with the embedded index's own engine: for each query, the part
// of the collection it can touch (query-subset.ts) is read, indexed in memory with the collection's
// statistics and vocabulary and ranked by the same SearchEngine, so both stores answer a query the same way.
// PostgreSQL finds the paragraphs (the GIN index on the folded tsvectors, across the shards); the
// engine verifies, ranks, highlights and cites them.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import type { DocumentRecord, ParagraphRecord } from '../../ingest/records.js';
import type SearchableMap from 'minisearch/SearchableMap';
import { FOLDED, type FieldName } from '../../index/fields.js';
import { memoryIndex } from '../../index/memory-index.js';
import { fuzzyWords, ParagraphIndex, type Postings } from '../../index/paragraph-index.js';
import { vocabularyLookup, type PhraseTable } from '../../index/phrase-table.js';
import { OverloadError, pageMarks, type AsyncSearcher, type DocumentMarks } from '../../search/async-searcher.js';
import { SearchEngine, type EntityParagraphs } from '../../search/engine.js';
import type { EntityIndex } from '../../entities/entity-index.js';
import { expandWithGlossary, loadGlossary, type Glossary } from '../../search/glossary.js';
import { documentOutline } from '../../search/outline.js';
import { parseQuery } from '../../search/query.js';
import { QueryError, type DocumentView, type MatchList, type OutlineEntry, type ParagraphWindow, type PlacedParagraph, type SearchRequest, type SearchResponse } from '../../search/results.js';
import { suggestCompletions } from '../../search/suggest.js';
import { loadWordList, type WordList } from '../../search/word-list.js';
import { checkCollection, readSnapshot, type CollectionSnapshot } from './collection-cache.js';
import { StoreUnreachableError } from './connection.js';
import { keyNumber, numberKey, readByKeys, readOutlineRows, readPage } from './paragraph-reads.js';
import { PgThreads } from './pg-threads.js';
import { readSubset, SUBSET_LIMIT, type Subset, type SubsetRequest } from './query-subset.js';
import { lostConnection, storeUnavailable } from './store-errors.js';
import { readVocabulary, type StoredVocabulary } from './vocabulary-reads.js';

/** Options of PgSearcher.open(); every one but `url` has a default. */
export interface PgSearcherOptions {
  /** Connection string of the collection's database (its coordinator when sharded). */
  url: string;
  /** Connections kept to the database (default 4). */
  connections?: number;
  /** Time one statement may take, in ms, before it is cancelled and answered 503 (default 2,000). */
  statementTimeoutMs?: number;
  /** How often the documents and statistics are checked for committed changes, in ms (default 250). */
  refreshMs?: number;
  /** Most paragraphs a query reads; past it the answer says it is incomplete (default SUBSET_LIMIT). */
  subsetLimit?: number;
  /** Worker threads that run searches off the calling thread; 0 runs them on it (default: one per core). */
  threads?: number;
  /** Searches that may wait for a thread; one more is refused at once with a 503 (default 64). */
  maxQueue?: number;
  /** Abbreviation glossary (default: the one the project ships). */
  glossary?: Glossary;
  /** Words of several syllables (default: the Viet74K list). */
  words?: WordList;
}

// The part of the collection a query reads, ranked by the engine over it.
interface Part {
  engine: SearchEngine;
  subset: Subset;
  index: PartIndex;
}

// The collection's vocabulary as the parts read it: the lists, their look-up, and the words "did you mean" searches.
interface PartVocabulary extends StoredVocabulary {
  words: PhraseTable;
  near: SearchableMap<true>;
}

/**
 * The index of a part: "did you mean" looks among the collection's words, and a word of the collection
 * that the part lacks (a correction whose paragraphs were not read) is noted, for a second read.
 */
class PartIndex extends ParagraphIndex {
  /** Folded words of the collection asked of this part that it does not hold. */
  readonly missing = new Set<string>();

  constructor(
    base: ParagraphIndex,
    collection: CollectionSnapshot['statistics'],
    private readonly vocabulary: PartVocabulary,
  ) {
    super(base.paragraphCount, base.fields, collection, vocabulary.near);
  }

  override postings(field: FieldName, term: string): Postings | undefined {
    const found = super.postings(field, term);
    if (!found && field === FOLDED && this.vocabulary.words.get(term)) this.missing.add(term);
    return found;
  }
}

// Folded terms of every way the query's words may be written: glossary forms, number spellings, compound parts.
function foldedTerms(q: string, glossary: Glossary): string[] {
  const out = new Set<string>();
  for (const c of parseQuery(q).clauses) {
    for (const g of expandWithGlossary(c.words, glossary)) {
      for (const a of g.alternatives) for (const w of a.words) for (const t of [w.term, ...w.parts]) out.add(t);
    }
  }
  return [...out];
}

// The entity filter and facets of the engine over a part: the collection's entities (numbered in the
// whole collection's order) seen through the part's own paragraph numbers.
function partEntities(snapshot: CollectionSnapshot, part: Subset): EntityParagraphs {
  const global = part.paragraphs.map((p, n) => (snapshot.firstParagraph.get(part.docIds[n]) ?? 0) + p.paragraph - 1);
  const local = new Map(global.map((g, n) => [g, n]));
  return {
    paragraphs(kind, name) {
      const out: number[] = [];
      for (const g of snapshot.entities.paragraphs(kind, name)) {
        const n = local.get(g);
        if (n !== undefined) out.push(n);
      }
      return Uint32Array.from(out);
    },
    facets: (paragraphNumbers, limit) => snapshot.entities.facets([...paragraphNumbers].map((n) => global[n]), limit),
  };
}

/** A searcher over a collection in PostgreSQL, with the same answers as the embedded index's engine. */
export class PgSearcher implements AsyncSearcher {
  private snapshot!: CollectionSnapshot;
  private refreshing: Promise<CollectionSnapshot> | undefined;
  private vocabulary!: PartVocabulary;
  private rereading: Promise<PartVocabulary> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private threads: PgThreads | undefined;
  // Loaded on first use: a searcher whose threads answer the searches never needs them.
  private loadedGlossary: Glossary | undefined;
  private loadedWords: WordList | undefined;
  private readonly outlines = new Map<string, OutlineEntry[]>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly o: Required<Omit<PgSearcherOptions, 'glossary' | 'words'>> & Pick<PgSearcherOptions, 'glossary' | 'words'>,
  ) {}

  /** Connects, checks the collection's schema and analyzer, reads its documents; throws StoreUnreachableError or SchemaError with what to do. */
  static async open(options: PgSearcherOptions): Promise<PgSearcher> {
    const o = { connections: 4, statementTimeoutMs: 2000, refreshMs: 250, subsetLimit: SUBSET_LIMIT, threads: availableParallelism(), maxQueue: 64, ...options };
    // query_timeout backs statement_timeout up on our side: a server that stops answering at all
    // (a stopped process) cannot cancel its own statement.
    const pool = new pg.Pool({ connectionString: o.url, max: o.connections, statement_timeout: o.statementTimeoutMs, query_timeout: o.statementTimeoutMs + 1000, connectionTimeoutMillis: 2000 });
    // An idle connection that dies is replaced at its next use; its error must not end the process.
    pool.on('error', () => undefined);
    const searcher = new PgSearcher(pool, o);
    try {
      await searcher.use(async (c) => {
        await checkCollection(c);
        searcher.snapshot = await readSnapshot(c);
        searcher.vocabulary = partVocabulary(await readVocabulary(c));
      });
    } catch (e) {
      await pool.end();
      if (e instanceof OverloadError) throw new StoreUnreachableError(`${e.message} Máy chủ đã chạy chưa? (npm run db:local khởi động một máy chủ trên máy này.)`);
      throw e;
    }
    searcher.timer = setInterval(() => {
      void searcher.refresh().catch(() => undefined);
      void searcher.rereadVocabulary().catch(() => undefined);
    }, o.refreshMs).unref();
    if (o.threads > 0) {
      // Each thread opens its own searcher from the plain options (the glossary and word list load there).
      const { glossary: _g, words: _w, ...plain } = o;
      searcher.threads = new PgThreads({ count: o.threads, maxQueue: o.maxQueue, searcher: { ...plain, threads: 0 } });
      try {
        await searcher.threads.ready();
      } catch (e) {
        await searcher.close();
        throw e;
      }
    }
    return searcher;
  }

  /** Stops checking for changes and closes the connections. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.threads?.close();
    await this.pool.end();
  }

  /** The places and persons of the collection, as of the last look at it. */
  get entities(): EntityIndex {
    return this.snapshot.entities;
  }

  stats(): { documents: number; paragraphs: number } {
    return { documents: this.snapshot.documentCount, paragraphs: this.snapshot.statistics.paragraphs };
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    if (this.threads) return this.threads.run('search', [request]);
    let part = await this.requestPart(request);
    let response = part.engine.search(request);
    // "Did you mean" asked about words the part lacks: read them too, and ask again.
    if (part.index.missing.size) {
      part = await this.requestPart(request, [...part.index.missing]);
      response = part.engine.search(request);
    }
    if (!part.subset.cut) return response;
    return { ...response, truncated: true, notice: `Truy vấn khớp quá nhiều đoạn: chỉ ${this.o.subsetLimit.toLocaleString('vi-VN')} đoạn đầu tiên được đọc, nên số đếm và thứ tự chưa đầy đủ. Thêm từ hoặc bộ lọc để thu hẹp.` };
  }

  async fullMatches(request: SearchRequest): Promise<MatchList> {
    if (this.threads) return this.threads.run('fullMatches', [request]);
    const { engine, subset } = await this.requestPart(request);
    const list = engine.fullMatches(request);
    // Paragraph numbers of the part mean nothing after it is gone: the ids become store keys.
    const key = (n: number) => keyNumber({ docId: subset.docIds[n], paragraph: subset.paragraphs[n].paragraph });
    return { ...list, documents: list.documents.map((d) => ({ ...d, ids: d.ids.map(key) })) };
  }

  async paragraphsAt(ids: readonly number[]): Promise<PlacedParagraph[]> {
    const paragraphs = await this.use((c) => readByKeys(c, ids.map(numberKey)));
    return paragraphs.map((paragraph) => ({ paragraph, document: this.document_(paragraph.doc) }));
  }

  async document(doc: string, window?: ParagraphWindow): Promise<DocumentView | undefined> {
    const document = this.document_(doc);
    const docId = this.snapshot.ids.get(doc);
    if (!document || docId === undefined) return undefined;
    const count = this.snapshot.paragraphCounts.get(doc) ?? 0;
    const from = window ? window.from + 1 : 1;
    const to = window ? window.from + window.count : count;
    const paragraphs = await this.use((c) => readPage(c, docId, from, to));
    return { document, paragraphs, paragraphCount: count };
  }

  async documentMarks(doc: string, q: string, from: number, count: number): Promise<DocumentMarks | undefined> {
    if (this.threads) return this.threads.run('documentMarks', [doc, q, from, count]);
    const docId = this.snapshot.ids.get(doc);
    if (docId === undefined) return undefined;
    let terms: string[];
    try {
      terms = foldedTerms(q, this.glossary);
    } catch (e) {
      // A query the engine refuses leaves the document readable, unhighlighted.
      if (e instanceof QueryError) return { matched: [], ranges: [] };
      throw e;
    }
    const { engine, subset } = await this.part({ terms, docId, also: { from: from + 1, to: from + count } });
    const page = subset.paragraphs.filter((p) => p.doc === doc && p.paragraph > from && p.paragraph <= from + count);
    return pageMarks(engine, doc, q, page);
  }

  async suggest(prefix: string, limit = 8): Promise<string[]> {
    return suggestCompletions(this.vocabulary, prefix, limit);
  }

  async outline(doc: string): Promise<OutlineEntry[] | undefined> {
    const docId = this.snapshot.ids.get(doc);
    if (docId === undefined) return undefined;
    let entries = this.outlines.get(doc);
    if (!entries) {
      const rows = await this.use((c) => readOutlineRows(c, docId));
      entries = documentOutline({ count: rows.length, heading: (i) => rows[i].heading, paragraph: (i) => rows[i].paragraph, text: (i) => rows[i].text });
      if (this.outlines.size >= 32) this.outlines.clear();
      this.outlines.set(doc, entries);
    }
    return entries;
  }

  private get glossary(): Glossary {
    return (this.loadedGlossary ??= this.o.glossary ?? loadGlossary());
  }

  private get words(): WordList {
    return (this.loadedWords ??= this.o.words ?? loadWordList());
  }

  // The part a request reads: its words' paragraphs (and those of `more` words), in its `doc` filter's document only when it has one.
  private requestPart(request: SearchRequest, more: readonly string[] = []): Promise<Part> {
    const doc = request.filters?.doc;
    return this.part({ terms: [...foldedTerms(request.q, this.glossary), ...more], docId: doc === undefined ? undefined : (this.snapshot.ids.get(doc) ?? -1) });
  }

  // The snapshot's record of a document.
  private document_(doc: string): DocumentRecord | undefined {
    return this.snapshot.byId.get(this.snapshot.ids.get(doc) ?? -1);
  }

  // Reads the part of the collection a request touches and sets the engine over it.
  private async part(request: SubsetRequest): Promise<Part> {
    const subset = await this.use((c) => readSubset(c, { limit: this.o.subsetLimit, ...request }));
    let snapshot = this.snapshot;
    // A document committed since the last look: its record is read before it is served.
    if (subset.docIds.some((id) => !snapshot.byId.has(id))) snapshot = await this.refresh();
    const known = subset.docIds.map((id) => snapshot.byId.has(id));
    const kept: Subset = known.every(Boolean) ? subset : { cut: subset.cut, docIds: subset.docIds.filter((_, i) => known[i]), paragraphs: subset.paragraphs.filter((_, i) => known[i]) };
    const vocabulary = this.vocabulary;
    const stored = memoryIndex(kept.paragraphs as ParagraphRecord[], snapshot.documents, snapshot.statistics, vocabulary.vocabulary);
    const index = new PartIndex(stored.index, snapshot.statistics, vocabulary);
    const entities = partEntities(snapshot, kept);
    return { engine: new SearchEngine({ ...stored, index }, { glossary: this.glossary, words: this.words, entities }), subset: kept, index };
  }

  // The vocabulary as last folded (one read at a time; a fold is seen within one refresh period).
  private rereadVocabulary(): Promise<PartVocabulary> {
    this.rereading ??= this.use((c) => readVocabulary(c, this.vocabulary))
      .then((v) => (this.vocabulary = v === this.vocabulary ? this.vocabulary : partVocabulary(v)))
      .finally(() => (this.rereading = undefined));
    return this.rereading;
  }

  // The collection's documents and statistics as committed now (one read at a time).
  private refresh(): Promise<CollectionSnapshot> {
    this.refreshing ??= this.use((c) => readSnapshot(c, this.snapshot))
      .then((s) => {
        this.outlines.clear();
        return (this.snapshot = s);
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  // Runs statements on a pooled connection: a lost connection is retried once on a new one; a server
  // or shard that does not answer becomes a 503 naming it (OverloadError); anything else is thrown as is.
  private async use<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const result = await run(client);
        client.release();
        return result;
      } catch (e) {
        const lost = lostConnection(e);
        client?.release(lost || storeUnavailable(e) !== undefined ? (e as Error) : undefined);
        if (lost && attempt === 0) continue;
        throw storeUnavailable(e) ?? e;
      }
    }
  }
}

// The vocabulary with what parts read of it made once: its look-up and the words "did you mean" searches.
function partVocabulary(stored: StoredVocabulary): PartVocabulary {
  const words = vocabularyLookup(stored.vocabulary).words;
  return { ...stored, words, near: fuzzyWords(stored.vocabulary.words.map(([word]) => word)) };
}
