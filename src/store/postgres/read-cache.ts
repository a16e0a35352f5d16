// The posting rows and paragraph texts a server has read, kept for the next queries. A query of the
// gazette reads about 1.4 MB of posting rows on average, mostly of the same common words (của, và,
// các, quy định…), and a unit of several syllables has its candidates' texts read to be verified; a
// collection 16 times as large reads 16 times as much, and sending, parsing and copying it is most of
// a search.
//
// Both stay true once read. A paragraph's text never changes under its key (document id, paragraph).
// A document's posting rows never change under its id, and ids only grow (one load at a time), so a
// term's rows read up to some document id stay true; what a later load committed is read on top of
// them (`doc_id > upTo`). Rows of documents removed since stay until the entry goes: the collection's
// view leaves them out (CollectionView.postingList), and the searcher clears the cache when a view
// leaves documents out.
import { ByteLru } from '../../util/byte-lru.js';
import { keyNumber, type ParagraphKey } from './paragraph-reads.js';
import { readPostings, readTexts, type PostingRow } from './posting-reads.js';
import type { PostingRead } from './read-plan.js';
import type { ShardPool } from './shard-pools.js';

/** The statements that read the rows of `keys` of the documents with ids above `after` (all when undefined). */
export type PlanReads = (keys: string[], after?: number) => Promise<PostingRead[]>;

// What a row or an entry costs besides its bytes (objects, map slots), roughly.
const OVERHEAD = 96;

interface Entry {
  rows: PostingRow[];
  /** Every committed document with an id up to this one has its rows here. */
  upTo: number;
}

/** Budgets of a ReadCache, in bytes. */
export interface ReadCacheBudget {
  postings: number;
  texts: number;
}

/** Posting rows by key and texts by paragraph, each within a byte budget (see the file's opening comment). */
export class ReadCache {
  private readonly postings: ByteLru<string, Entry>;
  private readonly texts: ByteLru<number, string>;

  constructor(budget: ReadCacheBudget) {
    this.postings = new ByteLru(budget.postings);
    this.texts = new ByteLru(budget.texts, 1_000);
  }

  /** Forgets everything (a view that dropped documents makes their rows dead weight). */
  clear(): void {
    this.postings.clear();
    this.texts.clear();
  }

  /**
   * The rows of `keys` for a view whose documents have ids up to `upTo` (rows of later documents may
   * come too): from the cache where it holds them, with what was committed since read on top, and read
   * in full from the shards for the rest, in the statements `plan` makes. What was read is kept.
   */
  async readPostings(shards: readonly ShardPool[], keys: readonly string[], upTo: number, plan: PlanReads): Promise<PostingRow[]> {
    const out: PostingRow[] = [];
    const missing: string[] = [];
    // Keys held but read up to an earlier document, by that document; and their entries as they were.
    const stale = new Map<number, string[]>();
    const held = new Map<string, Entry>();
    for (const key of keys) {
      const e = this.postings.get(key);
      if (!e) missing.push(key);
      else if (e.upTo >= upTo) for (const r of e.rows) out.push(r);
      else {
        held.set(key, e);
        const list = stale.get(e.upTo);
        if (list) list.push(key);
        else stale.set(e.upTo, [key]);
      }
    }
    const plans = await Promise.all([missing.length ? plan(missing) : [], ...[...stale].map(([after, list]) => plan(list, after))]);
    const byKey = new Map<string, PostingRow[]>();
    for (const r of await readPostings(shards, plans.flat())) {
      out.push(r);
      const list = byKey.get(r.key);
      if (list) list.push(r);
      else byKey.set(r.key, [r]);
    }
    for (const [key, e] of held) {
      for (const r of e.rows) out.push(r);
      this.keepPostings(key, [...e.rows, ...(byKey.get(key) ?? [])], upTo);
    }
    for (const key of missing) this.keepPostings(key, byKey.get(key) ?? [], upTo);
    return out;
  }

  /** The texts of these paragraphs by keyNumber(): from the cache where it holds them, read from the shards for the rest (a paragraph no longer stored is left out). */
  async readTexts(shards: readonly ShardPool[], keys: readonly ParagraphKey[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const missing: ParagraphKey[] = [];
    for (const k of keys) {
      const n = keyNumber(k);
      const text = this.texts.get(n);
      if (text === undefined) missing.push(k);
      else out.set(n, text);
    }
    for (const [n, text] of await readTexts(shards, missing)) {
      out.set(n, text);
      this.texts.set(n, text, text.length * 2 + OVERHEAD);
    }
    return out;
  }

  // Keeps a key's rows of documents up to `upTo` (later ones may not all be committed yet).
  private keepPostings(key: string, rows: PostingRow[], upTo: number): void {
    const kept = rows.filter((r) => r.docId <= upTo);
    let bytes = key.length * 2 + OVERHEAD;
    for (const r of kept) bytes += r.ids.length + r.tfs.length + OVERHEAD;
    this.postings.set(key, { rows: kept, upTo }, bytes);
  }
}
