// Searching a collection in PostgreSQL with the embedded index's own engine: the server keeps a view of
// the collection as the engine reads an index (collection-view.ts: every paragraph's layout, the
// statistics and the vocabulary); for each query the posting rows of its terms are read from every
// shard at once (posting-reads.ts) and the same SearchEngine runs over the view with them, so both
// stores answer a query the same way. What the engine finds missing (the text of a paragraph it
// verifies or shows, a term it weighs) is read and the query run again, until nothing is missing: the
// engine never answers from a guess.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import type { DocumentRecord } from '../../ingest/records.js';
import { fuzzyWords } from '../../index/paragraph-index.js';
import { OverloadError, pageMarks, type AsyncSearcher, type DocumentMarks } from '../../search/async-searcher.js';
import { SearchEngine, type EntityParagraphs } from '../../search/engine.js';
import type { EntityIndex } from '../../entities/entity-index.js';
import { loadGlossary, type Glossary } from '../../search/glossary.js';
import { documentOutline } from '../../search/outline.js';
import { QueryError, type DocumentView, type MatchList, type OutlineEntry, type ParagraphWindow, type PlacedParagraph, type SearchRequest, type SearchResponse } from '../../search/results.js';
import { suggestCompletions } from '../../search/suggest.js';
import { loadWordList, type WordList } from '../../search/word-list.js';
import { checkCollection, readSnapshot, type CollectionSnapshot } from './collection-cache.js';
import { StoreUnreachableError } from './connection.js';
import { keyNumber, numberKey, readByKeys, readOutlineRows, readPage, type ParagraphKey } from './paragraph-reads.js';
import { PgThreads } from './pg-threads.js';
import { CollectionView, type QueryReads, type TermAsked, type ViewSource } from './collection-view.js';
import { ReadCache } from './read-cache.js';
import { planPostingReads, type PostingRead } from './read-plan.js';
import { readKeyFrequencies } from './term-stats.js';
import { readLayouts, readPostings, type DocumentLayout, type PostingRow } from './posting-reads.js';
import { termsToRead } from './terms-to-read.js';
import { shardPools, withConnection, type ShardPool } from './shard-pools.js';
import { storeUnavailable } from './store-errors.js';
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
  /** Worker threads that run searches off the calling thread; 0 runs them on it (default: one per core). */
  threads?: number;
  /** Searches that may wait for a thread; one more is refused at once with a 503 (default 64). */
  maxQueue?: number;
  /** Posting rows kept for later queries, in MB, by each searcher (each thread keeps its own; default 256; 0 keeps none). */
  postingCacheMb?: number;
  /** Paragraph texts kept for later queries, in MB, by each searcher (each thread keeps its own; default 256; 0 keeps none). */
  textCacheMb?: number;
  /** Paragraph numbers one statement reads at most (read-plan.ts; default 250,000): a larger term is read in runs of documents. */
  readBudget?: number;
  /** Build the view of the collection (every document's layout) before open() returns, so that no search waits for it (default false; the threads of a server do). */
  warm?: boolean;
  /** Abbreviation glossary (default: the one the project ships). */
  glossary?: Glossary;
  /** Words of several syllables (default: the Viet74K list). */
  words?: WordList;
}

// Runs of the engine over one query's part before what is still missing is let be (a safeguard: each
// run reads what the last one found missing, and a query needs two or three).
const MAX_RUNS = 8;

// Paragraphs whose layouts one statement reads (about 0.1 s of the gazette's).
const LAYOUT_BATCH = 20_000;

// The collection's vocabulary as the view reads it, with the words "did you mean" searches made once.
type ViewVocabulary = StoredVocabulary & Pick<ViewSource, 'near'>;

/** A searcher over a collection in PostgreSQL, with the same answers as the embedded index's engine. */
export class PgSearcher implements AsyncSearcher {
  private snapshot!: CollectionSnapshot;
  // The servers holding the paragraphs and posting rows, read directly (shard-pools.ts).
  private shards: ShardPool[] = [];
  private refreshing: Promise<CollectionSnapshot> | undefined;
  private vocabulary!: ViewVocabulary;
  private rereading: Promise<ViewVocabulary> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private threads: PgThreads | undefined;
  // Loaded on first use: a searcher whose threads answer the searches never needs them.
  private loadedGlossary: Glossary | undefined;
  private loadedWords: WordList | undefined;
  private readonly outlines = new Map<string, OutlineEntry[]>();
  // The layouts of the collection's documents (a document's rows never change under its id).
  private readonly layouts = new Map<number, DocumentLayout>();
  // The collection as the engine reads it, as of the last committed state a search saw (one build at a time).
  private view: { key: string; view: CollectionView } | undefined;
  private viewing: Promise<CollectionView> | undefined;
  // What queries read, kept for the next ones (read-cache.ts).
  private readonly cache: ReadCache;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly o: Required<Omit<PgSearcherOptions, 'glossary' | 'words'>> & Pick<PgSearcherOptions, 'glossary' | 'words'>,
  ) {
    this.cache = new ReadCache({ postings: o.postingCacheMb * 1024 * 1024, texts: o.textCacheMb * 1024 * 1024 });
  }

  /** Connects, checks the collection's schema and analyzer, reads its documents; throws StoreUnreachableError or SchemaError with what to do. */
  static async open(options: PgSearcherOptions): Promise<PgSearcher> {
    const o = { connections: 4, statementTimeoutMs: 2000, refreshMs: 250, threads: availableParallelism(), maxQueue: 64, warm: false, postingCacheMb: 256, textCacheMb: 256, readBudget: 250_000, ...options };
    // query_timeout backs statement_timeout up on our side: a server that stops answering at all
    // (a stopped process) cannot cancel its own statement.
    const settings = { max: o.connections, statement_timeout: o.statementTimeoutMs, query_timeout: o.statementTimeoutMs + 1000, connectionTimeoutMillis: 2000 };
    const pool = new pg.Pool({ connectionString: o.url, ...settings });
    // An idle connection that dies is replaced at its next use; its error must not end the process.
    pool.on('error', () => undefined);
    const searcher = new PgSearcher(pool, o);
    try {
      await searcher.use(async (c) => {
        await checkCollection(c);
        searcher.snapshot = await readSnapshot(c);
        searcher.vocabulary = viewVocabulary(await readVocabulary(c));
        searcher.shards = await shardPools(c, pool, settings);
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
    if (o.warm) {
      try {
        await searcher.currentView();
      } catch (e) {
        await searcher.close();
        throw e;
      }
    }
    if (o.threads > 0) {
      // Each thread opens its own searcher from the plain options (the glossary and word list load there).
      const { glossary: _g, words: _w, ...plain } = o;
      searcher.threads = new PgThreads({ count: o.threads, maxQueue: o.maxQueue, searcher: { ...plain, threads: 0, warm: true } });
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
    await Promise.all(this.shards.filter((s) => s.pool !== this.pool).map((s) => s.pool.end()));
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
    return (await this.run(request.q, this.docFilter(request), [], (engine) => engine.search(request))).value;
  }

  async fullMatches(request: SearchRequest): Promise<MatchList> {
    if (this.threads) return this.threads.run('fullMatches', [request]);
    const { value: list, view } = await this.run(request.q, this.docFilter(request), [], (engine) => engine.fullMatches(request));
    // Paragraph numbers of the view mean nothing once it is rebuilt: the ids become store keys.
    const key = (n: number) => keyNumber(view.keyOf(n));
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
    const page = await this.use((c) => readPage(c, docId, from + 1, from + count));
    return (await this.run(q, docId, page.map((p) => ({ docId, paragraph: p.paragraph, text: p.text })), (engine) => pageMarks(engine, doc, q, page))).value;
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

  // The store id of a request's `doc` filter: -1 for a document the collection does not hold (nothing matches).
  private docFilter(request: SearchRequest): number | undefined {
    const doc = request.filters?.doc;
    return doc === undefined ? undefined : (this.snapshot.ids.get(doc) ?? -1);
  }

  // The snapshot's record of a document.
  private document_(doc: string): DocumentRecord | undefined {
    return this.snapshot.byId.get(this.snapshot.ids.get(doc) ?? -1);
  }

  /**
   * Runs `ask` on the engine over the collection's view with what query `q` needs read (in document
   * `docId` only, when given; with the texts `known` besides), reading what each run finds missing and
   * running again until nothing is.
   */
  private async run<T>(q: string, docId: number | undefined, known: readonly (ParagraphKey & { text: string })[], ask: (engine: SearchEngine) => T): Promise<{ value: T; view: CollectionView }> {
    const view = await this.currentView();
    const reads: QueryReads = { postings: new Map(), texts: new Map() };
    for (const k of known) {
      const n = view.numberOf(k.docId, k.paragraph);
      if (n !== undefined) reads.texts.set(n, k.text);
    }
    let terms = termsToRead(q, this.glossary);
    let texts = new Map<number, ParagraphKey>();
    for (let runs = 1; ; runs++) {
      await this.read(view, reads, terms, texts, docId);
      const { value, missing } = view.run(reads, ask);
      if ((!missing.terms.size && !missing.texts.size) || runs >= MAX_RUNS) return { value, view };
      terms = missing.terms;
      texts = missing.texts;
    }
  }

  // Reads the posting lists of `terms` and the texts of `texts` (by the view's paragraph numbers) not read yet.
  private async read(view: CollectionView, reads: QueryReads, terms: ReadonlyMap<string, TermAsked>, texts: ReadonlyMap<number, ParagraphKey>, docId: number | undefined): Promise<void> {
    const fresh = [...terms.keys()].filter((key) => !reads.postings.has(key));
    const [rows, read] = await Promise.all([
      !fresh.length || docId === -1 ? ([] as PostingRow[]) : docId === undefined ? this.cache.readPostings(this.shards, fresh, view.lastId, (keys, after) => this.planReads(view, keys, after)) : readPostings(this.shards, [{ keys: fresh, docId }]),
      texts.size ? this.cache.readTexts(this.shards, [...texts.values()]) : new Map<number, string>(),
    ]);
    const byKey = new Map<string, PostingRow[]>(fresh.map((key) => [key, []]));
    for (const r of rows) byKey.get(r.key)?.push(r);
    for (const [key, list] of byKey) reads.postings.set(key, view.postingList(list));
    for (const [n, key] of texts) reads.texts.set(n, read.get(keyNumber(key)) ?? '');
  }

  // The statements that read these keys' rows of the view's documents above `after`, each of bounded size (read-plan.ts).
  private async planReads(view: CollectionView, keys: string[], after?: number): Promise<PostingRead[]> {
    const known = await this.use((c) => readKeyFrequencies(c, keys));
    return planPostingReads(new Map(keys.map((k) => [k, known.get(k) ?? 0])), view.documentRuns, after, { budget: this.o.readBudget });
  }

  // The view of the collection as committed now: built again when documents or the vocabulary changed
  // since. While a new one is built (seconds for a large collection), searches keep the last one, whose
  // postings still come from the store as committed (a removed document has none); only the first
  // build is waited for, and a searcher made with `warm` waits for it before it serves.
  private currentView(): Promise<CollectionView> {
    const snapshot = this.snapshot;
    const vocabulary = this.vocabulary;
    const key = `${snapshot.marker}\u0000${vocabulary.version}`;
    if (this.view?.key === key) return Promise.resolve(this.view.view);
    this.viewing ??= (async () => {
      const ids = snapshot.documents.map((d) => snapshot.ids.get(d.doc) as number);
      await this.readLayouts(ids);
      let dropped = false;
      for (const id of this.layouts.keys()) {
        if (snapshot.byId.has(id)) continue;
        this.layouts.delete(id);
        dropped = true;
      }
      // The rows of documents gone would only take room.
      if (dropped) this.cache.clear();
      const source: ViewSource = { documents: snapshot.documents, ids, statistics: snapshot.statistics, vocabulary: vocabulary.vocabulary, near: vocabulary.near };
      const view = new CollectionView(source, this.layouts, { glossary: this.glossary, words: this.words, entities: snapshot.entities });
      this.view = { key, view };
      return view;
    })().finally(() => (this.viewing = undefined));
    if (this.view) {
      this.viewing.catch(() => undefined);
      return Promise.resolve(this.view.view);
    }
    return this.viewing;
  }

  // Reads the layouts of the documents not read yet, a few thousand paragraphs a statement (each well within the statement timeout).
  private async readLayouts(docIds: readonly number[]): Promise<void> {
    let batch: number[] = [];
    let size = 0;
    const flush = async () => {
      const ids = batch;
      batch = [];
      size = 0;
      if (ids.length) for (const [id, layout] of await readLayouts(this.shards, ids)) this.layouts.set(id, layout);
    };
    for (const id of docIds) {
      if (this.layouts.has(id)) continue;
      batch.push(id);
      size += this.snapshot.byId.get(id)?.paragraphs ?? 0;
      if (size >= LAYOUT_BATCH) await flush();
    }
    await flush();
  }

  // The vocabulary as last folded (one read at a time; a fold is seen within one refresh period).
  private rereadVocabulary(): Promise<ViewVocabulary> {
    this.rereading ??= this.use((c) => readVocabulary(c, this.vocabulary))
      .then((v) => (this.vocabulary = v === this.vocabulary ? this.vocabulary : viewVocabulary(v)))
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
  private use<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withConnection(this.pool, run, (e) => storeUnavailable(e) ?? e);
  }
}

// The vocabulary with the words "did you mean" searches, made once per fold.
function viewVocabulary(stored: StoredVocabulary): ViewVocabulary {
  return { ...stored, near: fuzzyWords(stored.vocabulary.words.map(([word]) => word)) };
}
