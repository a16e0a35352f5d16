// The part of a collection one query reads, put together from stored posting rows: the paragraphs its
// terms are in (and the headings above them), numbered in store order, with the posting lists of its
// terms, each paragraph's lengths, kind and headings from the documents' layouts, and the texts read so
// far. What the engine asks of it that was not read (a term's postings, a paragraph's text) is noted
// as missing, rather than guessed: the searcher reads it and runs the query again (pg-searcher.ts).
import type SearchableMap from 'minisearch/SearchableMap';
import { bigram, EXACT, FIELDS, FOLDED, PAIR, type FieldName } from '../../index/fields.js';
import type { StoredIndex } from '../../index/index-files.js';
import { memoryManifest } from '../../index/memory-manifest.js';
import { ParagraphIndex, type CollectionStatistics, type FieldColumns, type Postings } from '../../index/paragraph-index.js';
import { kindCode, ParagraphTable, type ParagraphColumns } from '../../index/paragraph-table.js';
import type { Vocabulary } from '../../index/phrase-table.js';
import { TermTable } from '../../index/term-table.js';
import { codeUnitOrder } from '../../index/vocabulary-counts.js';
import type { DocumentRecord } from '../../ingest/records.js';
import { expandWithGlossary, type Glossary } from '../../search/glossary.js';
import { parseQuery } from '../../search/query.js';
import { QueryError } from '../../search/results.js';
import { keyNumber, type ParagraphKey } from './paragraph-reads.js';
import type { DocumentLayout, PostingRow } from './posting-reads.js';
import { postingKey } from './posting-rows.js';

/** What one query has read so far; it grows from one run of the engine to the next. */
export interface PartReads {
  /** Terms asked, by postingKey(), whether the collection holds them or not. */
  terms: Map<string, { field: FieldName; term: string }>;
  /** Posting rows by key, of committed documents only. */
  rows: Map<string, PostingRow[]>;
  /** Paragraph texts by keyNumber(). */
  texts: Map<number, string>;
}

/** The collection as of the query: its documents, statistics and vocabulary. */
export interface PartCollection {
  documents: DocumentRecord[];
  byId: ReadonlyMap<number, DocumentRecord>;
  statistics: CollectionStatistics;
  vocabulary: Vocabulary;
  /** The collection's folded words, for "did you mean". */
  near: SearchableMap<true>;
}

/** A part and what the engine found missing in it. */
export interface AssembledPart {
  store: StoredIndex;
  /** Per part paragraph, its document's store id and its paragraph number. */
  docIds: Uint32Array;
  numbers: Uint32Array;
  /** Terms the engine asked of the part that were not read. */
  missingTerms: Map<string, { field: FieldName; term: string }>;
  /** Paragraphs whose texts the engine asked that were not read. */
  missingTexts: Map<number, ParagraphKey>;
}

/**
 * The terms a query's ranking asks first: every folded word of every glossary form with its compound
 * parts, its exact form, and the word pairs inside a form and across adjacent groups. What else it
 * asks is read when it does (PartIndex notes it). None for a query the engine refuses (it then says why).
 */
export function termsToRead(q: string, glossary: Glossary): PartReads['terms'] {
  const out: PartReads['terms'] = new Map();
  const add = (field: FieldName, term: string) => out.set(postingKey(field, term), { field, term });
  let clauses;
  try {
    clauses = parseQuery(q).clauses;
  } catch (e) {
    if (e instanceof QueryError) return out;
    throw e;
  }
  for (const c of clauses) {
    const groups = expandWithGlossary(c.words, glossary);
    groups.forEach((g, i) => {
      for (const a of g.alternatives) {
        a.words.forEach((w, j) => {
          add(FOLDED, w.term);
          add(EXACT, w.exact);
          for (const p of w.parts) add(FOLDED, p);
          if (j > 0) add(PAIR, bigram(a.words[j - 1].term, w.term));
        });
        if (i > 0) for (const b of groups[i - 1].alternatives) add(PAIR, bigram(b.words[b.words.length - 1].term, a.words[0].term));
      }
    });
  }
  return out;
}

// The index of the part: a term not read is noted, not taken for absent.
class PartIndex extends ParagraphIndex {
  constructor(
    base: { paragraphCount: number; fields: Record<FieldName, FieldColumns> },
    collection: CollectionStatistics,
    near: SearchableMap<true>,
    private readonly reads: PartReads,
    private readonly missing: AssembledPart['missingTerms'],
  ) {
    super(base.paragraphCount, base.fields, collection, near);
  }

  override postings(field: FieldName, term: string): Postings | undefined {
    this.note(field, term);
    return super.postings(field, term);
  }

  override df(field: FieldName, term: string): number {
    this.note(field, term);
    return super.df(field, term);
  }

  private note(field: FieldName, term: string): void {
    const key = postingKey(field, term);
    if (!this.reads.terms.has(key)) this.missing.set(key, { field, term });
  }
}

// The paragraphs of the part: a text not read is noted and read as empty for this run.
class PartTable extends ParagraphTable {
  constructor(
    columns: ParagraphColumns,
    private readonly keys: { docIds: Uint32Array; numbers: Uint32Array; hashes: string[]; fragments: Uint8Array },
    private readonly reads: PartReads,
    private readonly missing: AssembledPart['missingTexts'],
  ) {
    super(columns);
  }

  override text(n: number): string {
    const key = { docId: this.keys.docIds[n], paragraph: this.keys.numbers[n] };
    const k = keyNumber(key);
    const text = this.reads.texts.get(k);
    if (text !== undefined) return text;
    this.missing.set(k, key);
    return '';
  }

  override textKey(n: number): string {
    return this.keys.hashes[n];
  }

  override storedFragment(n: number): boolean {
    return this.keys.fragments[n] === 1;
  }
}

// The headings above a paragraph (by index), as the first heading of each path prefix: its heading
// path, less its own line when it is a heading itself (as ParagraphContexts reads them). Indexes, not
// paragraph numbers; computed once per path and kind for a document, as many paragraphs share them.
function ancestors(layout: DocumentLayout, index: number): number[] {
  const heading = layout.kind[index] === HEADING;
  const memo = layout.heading[index] * 2 + (heading ? 1 : 0);
  let out = layout.above.get(memo);
  if (!out) {
    const path = layout.headings[layout.heading[index]];
    const own = heading ? path.length - 1 : path.length;
    out = [];
    for (let i = 1; i <= own; i++) {
      const at = layout.headingAt.get(path.slice(0, i).join('\u0000'));
      if (at !== undefined) out.push(at - 1);
    }
    layout.above.set(memo, out);
  }
  return out;
}
const HEADING = kindCode('heading');

/**
 * The part the reads make: every paragraph of a committed document in the rows read, those of `extra`,
 * and the headings above them, in store order (document id, then paragraph). `layouts` must hold
 * every document of the rows and of `extra`.
 */
export function assemblePart(collection: PartCollection, layouts: ReadonlyMap<number, DocumentLayout>, reads: PartReads, extra: readonly ParagraphKey[] = []): AssembledPart {
  // The paragraphs of the part, marked per document by index (paragraph number - 1).
  const marks = new Map<number, Uint8Array>();
  const marksOf = (docId: number): Uint8Array => {
    let m = marks.get(docId);
    if (!m) marks.set(docId, (m = new Uint8Array((layouts.get(docId) as DocumentLayout).count)));
    return m;
  };
  for (const rows of reads.rows.values()) {
    for (const r of rows) {
      const m = marksOf(r.docId);
      for (const p of r.ids) m[p - 1] = 1;
    }
  }
  for (const k of extra) if (collection.byId.has(k.docId)) marksOf(k.docId)[k.paragraph - 1] = 1;
  let n = 0;
  for (const [docId, m] of marks) {
    const layout = layouts.get(docId) as DocumentLayout;
    for (let i = 0; i < m.length; i++) if (m[i] === 1) for (const h of ancestors(layout, i)) m[h] = 1;
    for (let i = 0; i < m.length; i++) n += m[i];
  }
  const docOrder = [...marks.keys()].sort((a, b) => a - b);
  const docIds = new Uint32Array(n);
  const numbers = new Uint32Array(n);
  const hashes = new Array<string>(n);
  const fragments = new Uint8Array(n);
  // Part number of each paragraph, per document, by index (-1 when not in the part).
  const partOf = new Map<number, Int32Array>();
  const columns: ParagraphColumns = {
    docNames: [],
    headings: [],
    notes: {},
    doc: new Uint32Array(n),
    paragraph: numbers,
    heading: new Uint32Array(n),
    start: new Uint32Array(n),
    end: new Uint32Array(n),
    kind: new Uint8Array(n),
    textOffsets: new Uint32Array(n + 1),
    text: new Uint8Array(0),
  };
  const lengths = { f: new Uint32Array(n), x: new Uint32Array(n), b: new Uint32Array(n) };
  let at = 0;
  for (const docId of docOrder) {
    const layout = layouts.get(docId) as DocumentLayout;
    const m = marks.get(docId) as Uint8Array;
    const doc = columns.docNames.push((collection.byId.get(docId) as DocumentRecord).doc) - 1;
    const headingBase = columns.headings.length;
    for (const h of layout.headings) columns.headings.push(h);
    const local = new Int32Array(layout.count).fill(-1);
    partOf.set(docId, local);
    for (let i = 0; i < m.length; i++) {
      if (!m[i]) continue;
      local[i] = at;
      docIds[at] = docId;
      numbers[at] = i + 1;
      columns.doc[at] = doc;
      columns.heading[at] = headingBase + layout.heading[i];
      columns.start[at] = layout.start[i];
      columns.end[at] = layout.end[i];
      columns.kind[at] = layout.kind[i];
      const notes = layout.notes.get(i);
      if (notes) columns.notes[at] = notes;
      for (const f of FIELDS) lengths[f][at] = layout.lengths[f][i];
      hashes[at] = layout.hash[i];
      fragments[at] = layout.fragment[i];
      const heading = layout.headingText.get(i);
      if (heading !== undefined) reads.texts.set(keyNumber({ docId, paragraph: i + 1 }), heading);
      at++;
    }
  }
  const fields = partFields(reads, partOf, lengths);
  const missingTerms: AssembledPart['missingTerms'] = new Map();
  const missingTexts: AssembledPart['missingTexts'] = new Map();
  const index = new PartIndex({ paragraphCount: n, fields }, collection.statistics, collection.near, reads, missingTerms);
  const table = new PartTable(columns, { docIds, numbers, hashes, fragments }, reads, missingTexts);
  const store: StoredIndex = { manifest: memoryManifest(collection.documents.length, n), documents: collection.documents, paragraphs: table, index, vocabulary: collection.vocabulary };
  return { store, docIds, numbers, missingTerms, missingTexts };
}

// The part's posting lists, per field: the terms read, in code-unit order, each with the rows of every
// document put one after another in document order (which is the part's), paragraph numbers mapped to
// the part's by `partOf`.
function partFields(reads: PartReads, partOf: ReadonlyMap<number, Int32Array>, lengths: Record<FieldName, Uint32Array>): Record<FieldName, FieldColumns> {
  const fields = {} as Record<FieldName, FieldColumns>;
  for (const f of FIELDS) {
    const terms = [...reads.terms.entries()].filter(([, t]) => t.field === f);
    terms.sort((a, b) => codeUnitOrder(a[1].term, b[1].term));
    const kept = terms.filter(([, t], i) => i === 0 || t.term !== terms[i - 1][1].term);
    const starts = new Uint32Array(kept.length + 1);
    let size = 0;
    for (const [key] of kept) for (const r of reads.rows.get(key) ?? []) size += r.ids.length;
    const ids = new Uint32Array(size);
    const tfs = new Uint16Array(size);
    let k = 0;
    kept.forEach(([key], t) => {
      starts[t] = k;
      // Rows come in any order from the shards; by document id they follow the part's numbering.
      const rows = [...(reads.rows.get(key) ?? [])].sort((a, b) => a.docId - b.docId);
      for (const r of rows) {
        const local = partOf.get(r.docId) as Int32Array;
        for (let j = 0; j < r.ids.length; j++) {
          ids[k] = local[r.ids[j] - 1];
          tfs[k++] = r.tfs[j];
        }
      }
    });
    starts[kept.length] = k;
    fields[f] = { terms: TermTable.fromSorted(kept.map(([, t]) => t.term)), starts, ids, tfs, lengths: lengths[f] };
  }
  return fields;
}
