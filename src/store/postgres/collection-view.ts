// The collection in PostgreSQL as the search engine reads an index, kept by a server from one committed
// state of the collection to the next: every paragraph numbered in store order (documents by id, then
// paragraph; the entities' numbering too), with what the documents' layouts say of it (lengths, kind,
// headings, heading texts, text hash, fragment mark). What one query needs besides, its terms' posting
// lists and the texts it verifies or shows, is read for it and set on the view while the engine runs
// (synchronously: one query's run at a time); what the engine asks that was not read is noted, never
// guessed, and the searcher reads it and runs the query again (pg-searcher.ts).
import type SearchableMap from 'minisearch/SearchableMap';
import { FIELDS, type FieldName } from '../../index/fields.js';
import type { StoredIndex } from '../../index/index-files.js';
import { memoryManifest } from '../../index/memory-manifest.js';
import { ParagraphIndex, type CollectionStatistics, type FieldColumns, type Postings } from '../../index/paragraph-index.js';
import { ParagraphTable, type ParagraphColumns } from '../../index/paragraph-table.js';
import { PostingList } from '../../index/postings.js';
import type { Vocabulary } from '../../index/phrase-table.js';
import { TermTable } from '../../index/term-table.js';
import type { DocumentRecord, ParagraphRecord } from '../../ingest/records.js';
import { SearchEngine, type EngineOptions } from '../../search/engine.js';
import type { ParagraphKey } from './paragraph-reads.js';
import type { DocumentLayout, PostingRow } from './posting-reads.js';
import { postingKey } from './posting-rows.js';
import type { DocumentRuns } from './read-plan.js';

/** A term of the engine's, as the postings table keys it. */
export interface TermAsked {
  field: FieldName;
  term: string;
}

/** What one query has read so far; it grows from one run of the engine to the next. */
export interface QueryReads {
  /** Posting lists by postingKey(), in the view's numbering; null for a term the collection does not hold. */
  postings: Map<string, Postings | null>;
  /** Texts by paragraph number of the view. */
  texts: Map<number, string>;
}

/** What a run of the engine found missing. */
export interface Missing {
  terms: Map<string, TermAsked>;
  /** By paragraph number of the view. */
  texts: Map<number, ParagraphKey>;
}

/** The collection at one committed state: its documents in store order, statistics and vocabulary. */
export interface ViewSource {
  documents: DocumentRecord[];
  /** Store ids of `documents`, in the same order (ascending). */
  ids: number[];
  statistics: CollectionStatistics;
  vocabulary: Vocabulary;
  /** The collection's folded words, for "did you mean". */
  near: SearchableMap<true>;
}

// The query being run, shared by the view's index and table.
interface Current {
  reads: QueryReads;
  missing: Missing;
}

const EMPTY_TERMS = TermTable.fromSorted([]);

// 1, 2, … n, as a view of one array shared by every view of the collection (copied in with set()).
let numbers = new Uint32Array(0);
function numbering(n: number): Uint32Array {
  if (numbers.length < n) numbers = Uint32Array.from({ length: Math.max(n, 2 * numbers.length) }, (_, i) => i + 1);
  return numbers.subarray(0, n);
}

// The view's index: posting lists come from the query being run; a term not read is noted, not taken for absent.
class ViewIndex extends ParagraphIndex {
  constructor(
    lengths: Record<FieldName, Uint32Array>,
    collection: CollectionStatistics,
    near: SearchableMap<true>,
    private readonly current: () => Current,
  ) {
    const fields = {} as Record<FieldName, FieldColumns>;
    for (const f of FIELDS) fields[f] = { terms: EMPTY_TERMS, starts: new Uint32Array(1), ids: new Uint32Array(0), tfs: new Uint16Array(0), lengths: lengths[f] };
    super(lengths.f.length, fields, collection, near);
  }

  override postings(field: FieldName, term: string): Postings | undefined {
    const key = postingKey(field, term);
    const { reads, missing } = this.current();
    const found = reads.postings.get(key);
    if (found === undefined) missing.terms.set(key, { field, term });
    return found ?? undefined;
  }

  override df(field: FieldName, term: string): number {
    return this.postings(field, term)?.size ?? 0;
  }
}

// What the view's table reads of each document: its layout and the number of its first paragraph, by
// document index (the table's doc column). Headings, heading texts and notes are looked up in the
// layout, not copied out per paragraph: the view is made again after every load.
interface ViewLayouts {
  docIdOf: Uint32Array;
  layoutOf: readonly (DocumentLayout | undefined)[];
  firstOf: Uint32Array;
  hashes: Buffer;
  fragments: Uint8Array;
}

// The view's paragraphs: a text comes from the query being run (or is a heading's, kept); one not read is noted and read as empty for this run.
class ViewTable extends ParagraphTable {
  constructor(
    columns: ParagraphColumns,
    private readonly view: ViewLayouts,
    private readonly current: () => Current,
  ) {
    super(columns);
  }

  // Paragraph n's document layout and its index there.
  private at(n: number): [DocumentLayout, number] {
    const d = this.columns.doc[n];
    return [this.view.layoutOf[d] as DocumentLayout, n - this.view.firstOf[d]];
  }

  override heading(n: number): string[] {
    const [layout, i] = this.at(n);
    return layout.headings[layout.heading[i]];
  }

  override get(n: number): ParagraphRecord {
    const p = super.get(n);
    const [layout, i] = this.at(n);
    const notes = layout.notes.get(i);
    return notes ? { ...p, ...notes } : p;
  }

  override text(n: number): string {
    const [layout, i] = this.at(n);
    const heading = layout.headingText.get(i);
    if (heading !== undefined) return heading;
    const { reads, missing } = this.current();
    const text = reads.texts.get(n);
    if (text !== undefined) return text;
    missing.texts.set(n, { docId: this.view.docIdOf[n], paragraph: this.columns.paragraph[n] });
    return '';
  }

  override hasText(n: number): boolean {
    const [layout, i] = this.at(n);
    return layout.headingText.has(i) || this.current().reads.texts.has(n);
  }

  override textKey(n: number): string {
    return this.view.hashes.toString('latin1', n * 16, n * 16 + 16);
  }

  override storedFragment(n: number): boolean {
    return this.view.fragments[n] === 1;
  }
}

/** The collection as one engine reads it (see the file's opening comment). */
export class CollectionView {
  /** Per paragraph of the view, its document's store id. */
  readonly docIdOf: Uint32Array;
  /** The view's documents in store order with their paragraphs, as reads are planned over them. */
  readonly documentRuns: DocumentRuns;
  /** The view's number of each document's first paragraph, by store id. */
  private readonly first = new Map<number, number>();
  private readonly engine: SearchEngine;
  private readonly table: ViewTable;
  private running: Current | undefined;

  /** `layouts` must hold every document of `source` that has paragraphs. */
  constructor(
    readonly source: ViewSource,
    layouts: ReadonlyMap<number, DocumentLayout>,
    options: EngineOptions,
  ) {
    let n = 0;
    const paragraphs = new Uint32Array(source.ids.length);
    const firstOf = new Uint32Array(source.ids.length);
    const layoutOf = source.ids.map((id, d) => {
      this.first.set(id, (firstOf[d] = n));
      const layout = layouts.get(id);
      // A document without paragraphs has no layout rows.
      paragraphs[d] = layout?.count ?? 0;
      n += paragraphs[d];
      return layout;
    });
    this.documentRuns = { ids: source.ids, paragraphs };
    this.docIdOf = new Uint32Array(n);
    const columns: ParagraphColumns = {
      docNames: source.documents.map((d) => d.doc),
      // Read from the layouts (ViewTable.heading, ViewTable.get).
      headings: [],
      notes: {},
      heading: new Uint32Array(n),
      doc: new Uint32Array(n),
      paragraph: new Uint32Array(n),
      start: new Uint32Array(n),
      end: new Uint32Array(n),
      kind: new Uint8Array(n),
      textOffsets: new Uint32Array(n + 1),
      text: new Uint8Array(0),
    };
    const lengths = { f: new Uint32Array(n), x: new Uint32Array(n), b: new Uint32Array(n) };
    const hashes = Buffer.alloc(n * 16);
    const fragments = new Uint8Array(n);
    layoutOf.forEach((layout, d) => {
      if (!layout) return;
      const at = firstOf[d];
      this.docIdOf.fill(source.ids[d], at, at + layout.count);
      columns.doc.fill(d, at, at + layout.count);
      columns.paragraph.set(numbering(layout.count), at);
      columns.start.set(layout.start, at);
      columns.end.set(layout.end, at);
      columns.kind.set(layout.kind, at);
      for (const f of FIELDS) lengths[f].set(layout.lengths[f], at);
      hashes.set(layout.hash, at * 16);
      fragments.set(layout.fragment, at);
    });
    const current = () => {
      if (!this.running) throw new Error('CollectionView: the engine read the view outside a run');
      return this.running;
    };
    const index = new ViewIndex(lengths, source.statistics, source.near, current);
    this.table = new ViewTable(columns, { docIdOf: this.docIdOf, layoutOf, firstOf, hashes, fragments }, current);
    const store: StoredIndex = { manifest: memoryManifest(source.documents.length, n), documents: source.documents, paragraphs: this.table, index, vocabulary: source.vocabulary };
    this.engine = new SearchEngine(store, options);
  }

  /** The highest store id of the view's documents (0 for none): every document committed up to it that the view leaves out was removed. */
  get lastId(): number {
    return this.source.ids.length ? this.source.ids[this.source.ids.length - 1] : 0;
  }

  /** The view's number of paragraph `paragraph` of document `docId`, or undefined for a document it does not hold. */
  numberOf(docId: number, paragraph: number): number | undefined {
    const first = this.first.get(docId);
    return first === undefined ? undefined : first + paragraph - 1;
  }

  /** Where the view's paragraph n stands in the store. */
  keyOf(n: number): ParagraphKey {
    return { docId: this.docIdOf[n], paragraph: this.table.columns.paragraph[n] };
  }

  /** The posting list of rows read for one term (those of documents the view does not hold are left out), in the view's numbering. */
  postingList(rows: readonly PostingRow[]): Postings | null {
    const kept = rows.filter((r) => this.first.has(r.docId)).sort((a, b) => a.docId - b.docId);
    if (!kept.length) return null;
    let size = 0;
    for (const r of kept) size += r.ids.length / 4;
    const ids = new Uint32Array(size);
    const tfs = new Uint16Array(size);
    let k = 0;
    for (const r of kept) {
      // Read from the row's bytes as they came (a Buffer of a row need not be aligned for a typed view).
      const base = (this.first.get(r.docId) as number) - 1;
      const b = r.ids;
      const t = r.tfs;
      for (let j = 0, m = b.length / 4; j < m; j++, k++) {
        ids[k] = base + (b[4 * j] | (b[4 * j + 1] << 8) | (b[4 * j + 2] << 16)) + b[4 * j + 3] * 0x1000000;
        tfs[k] = t[2 * j] | (t[2 * j + 1] << 8);
      }
    }
    return new PostingList(ids, tfs);
  }

  /** Runs `ask` on the engine with what `reads` hold, and returns its answer and what it found missing. */
  run<T>(reads: QueryReads, ask: (engine: SearchEngine) => T): { value: T; missing: Missing } {
    const missing: Missing = { terms: new Map(), texts: new Map() };
    this.running = { reads, missing };
    try {
      return { value: ask(this.engine), missing };
    } finally {
      this.running = undefined;
    }
  }
}
