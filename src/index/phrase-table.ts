// The read side of the vocabulary: the corpus's spellings of words and short phrases, looked up by
// folded key and scanned by prefix at query time (the write side is vocabulary-builder.ts).
import { Heap } from '../util/heap.js';

/**
 * Spellings of one folded key, most frequent first: [surface, occurrences] for each distinct exact
 * form (lower case, tone placement canonical), shown as the corpus most often writes it ('Ủy ban'
 * and 'ủy ban' are one form). Several forms are kept so that typed diacritics can pick theirs.
 */
export type Spellings = [string, number][];

/** Entries [folded key, spellings] sorted by key in code-unit order, so that a key prefix is one contiguous range. */
export type VocabularyList = [string, Spellings][];

/** The corpus's own spellings of words and short phrases, keyed by folded form: feeds completions and "did you mean". */
export interface Vocabulary {
  /** Folded word → spellings; every word of the corpus. */
  words: VocabularyList;
  /** Folded word pair 'a+b' → spellings, for pairs seen at least `minPairCount` times. */
  pairs: VocabularyList;
  /** Folded three words 'a+b+c' → one spelling, for runs seen at least `minTripleCount` times. */
  triples: VocabularyList;
}

/** Separator of the words of a phrase key; the same '+' as the pair field (it never occurs inside a token). */
export const KEY_JOIN = '+';

/** Key of a phrase from its folded words: 'giai+ngan'. */
export function phraseKey(terms: readonly string[]): string {
  return terms.join(KEY_JOIN);
}

/** Occurrences of an entry: the sum over its kept spellings. */
export function total(spellings: Spellings): number {
  let n = 0;
  for (const s of spellings) n += s[1];
  return n;
}

// A prefix range can hold most of a table ('t' in a million pairs). Each block of BLOCK entries keeps
// its BLOCK_TOP most frequent ones, so a wide range is read as at most two partial blocks plus the
// short top lists of the blocks between: the cost is bounded by the table size over BLOCK, not by it.
const BLOCK = 64;
const BLOCK_TOP = 16;

/** One list of the vocabulary with binary-search look-up and most-frequent-first prefix scans. */
export class PhraseTable {
  private readonly counts: Float64Array;
  private readonly blockTop: Int32Array;

  constructor(readonly entries: VocabularyList) {
    this.counts = Float64Array.from(entries, (e) => total(e[1]));
    const blocks = Math.ceil(entries.length / BLOCK);
    this.blockTop = new Int32Array(blocks * BLOCK_TOP).fill(-1);
    for (let b = 0; b < blocks; b++) {
      const ids = this.byCount(b * BLOCK, Math.min(entries.length, (b + 1) * BLOCK));
      for (let k = 0; k < Math.min(BLOCK_TOP, ids.length); k++) this.blockTop[b * BLOCK_TOP + k] = ids[k];
    }
  }

  private byCount(from: number, to: number): number[] {
    const ids: number[] = [];
    for (let i = from; i < to; i++) ids.push(i);
    return ids.sort((a, b) => this.counts[b] - this.counts[a] || a - b);
  }

  /** Index of the first entry whose key is not below `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid][0] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Spellings of a key, or undefined when the corpus does not have it. */
  get(key: string): Spellings | undefined {
    const i = this.lowerBound(key);
    const e = this.entries[i];
    return e && e[0] === key ? e[1] : undefined;
  }

  /** Occurrences of a key (0 when absent). */
  count(key: string): number {
    const s = this.get(key);
    return s ? total(s) : 0;
  }

  /** Key of entry i. */
  key(i: number): string {
    return this.entries[i][0];
  }

  /** Spellings of entry i. */
  spellings(i: number): Spellings {
    return this.entries[i][1];
  }

  /** Occurrences of entry i. */
  countAt(i: number): number {
    return this.counts[i];
  }

  private range(prefix: string): [number, number] {
    return [this.lowerBound(prefix), this.lowerBound(prefix + '\uffff')];
  }

  /** Indexes of the block top lists fully inside [lo, hi), and the edge entries outside them. */
  private split(lo: number, hi: number): { edges: number[]; blocks: number[] } {
    const firstBlock = Math.ceil(lo / BLOCK);
    const endBlock = Math.floor(hi / BLOCK);
    const edges: number[] = [];
    for (let i = lo; i < firstBlock * BLOCK; i++) edges.push(i);
    for (let i = endBlock * BLOCK; i < hi; i++) edges.push(i);
    const blocks: number[] = [];
    for (let b = firstBlock; b < endBlock; b++) blocks.push(b);
    return { edges, blocks };
  }

  /** Index of the most frequent entry whose key starts with `prefix`, or -1 (bounded like withPrefix). */
  bestWithPrefix(prefix: string): number {
    const [lo, hi] = this.range(prefix);
    let best = -1;
    const consider = (i: number) => {
      if (i >= 0 && (best < 0 || this.counts[i] > this.counts[best])) best = i;
    };
    if (hi - lo <= 4 * BLOCK) for (let i = lo; i < hi; i++) consider(i);
    else {
      const { edges, blocks } = this.split(lo, hi);
      edges.forEach(consider);
      for (const b of blocks) consider(this.blockTop[b * BLOCK_TOP]);
    }
    return best;
  }

  /**
   * Indexes of the entries whose key starts with `prefix`, most frequent first. Exact for a range of up
   * to a few blocks; for a wider one, only each block's top BLOCK_TOP entries take part, which can miss
   * an entry a caller's filter would have wanted, never a frequent one.
   */
  *withPrefix(prefix: string): Generator<number> {
    const [lo, hi] = this.range(prefix);
    if (hi - lo <= 4 * BLOCK) {
      yield* this.byCount(lo, hi);
      return;
    }
    // Lists sorted by count, merged best first: the edge entries, then one top list per inner block.
    const { edges, blocks } = this.split(lo, hi);
    const lists: number[][] = [edges.sort((a, b) => this.counts[b] - this.counts[a] || a - b)];
    for (const b of blocks) {
      const top: number[] = [];
      for (let k = 0; k < BLOCK_TOP && this.blockTop[b * BLOCK_TOP + k] >= 0; k++) top.push(this.blockTop[b * BLOCK_TOP + k]);
      lists.push(top);
    }
    const heads = lists.map(() => 0);
    const heap = new Heap<number>((x, y) => this.counts[lists[x][heads[x]]] > this.counts[lists[y][heads[y]]]);
    lists.forEach((l, x) => l.length && heap.push(x));
    while (heap.size) {
      const x = heap.pop() as number;
      yield lists[x][heads[x]++];
      if (heads[x] < lists[x].length) heap.push(x);
    }
  }
}

/** The three lists of a vocabulary ready for look-ups; tables[n - 1] holds phrases of n words. */
export interface VocabularyLookup {
  words: PhraseTable;
  pairs: PhraseTable;
  triples: PhraseTable;
  tables: readonly [PhraseTable, PhraseTable, PhraseTable];
}

const lookups = new WeakMap<Vocabulary, VocabularyLookup>();

/** The look-up structures of a loaded vocabulary, built on first use and kept as long as the vocabulary. */
export function vocabularyLookup(v: Vocabulary): VocabularyLookup {
  let l = lookups.get(v);
  if (!l) {
    const words = new PhraseTable(v.words);
    const pairs = new PhraseTable(v.pairs);
    const triples = new PhraseTable(v.triples);
    l = { words, pairs, triples, tables: [words, pairs, triples] };
    lookups.set(v, l);
  }
  return l;
}
