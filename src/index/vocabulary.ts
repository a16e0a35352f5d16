import type { ParagraphRecord } from '../ingest/records.js';
import { analyzeWords } from '../text/analyzer.js';
import type { Token } from '../text/token.js';
import { normalize } from '../text/normalize.js';
import { toneKey } from '../text/tone.js';
// A plain data structure with no dependencies of its own; it lives with the ranker that uses it most.
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

// Forms kept per key: words have more real homographs once folded (tế, tè, tê, tệ) than phrases do.
const MAX_FORMS = { words: 4, pairs: 2 } as const;

// One exact form of a key (its words' exact keys): its count, and how often it was written each way
// ('Ủy ban', 'ủy ban', 'Uỷ ban'), for the few ways seen first; a form is shown the way it is written most.
// Words are kept apart rather than joined, so that counting an occurrence builds no string.
interface Form {
  exact: string[];
  count: number;
  surfaces: [string[], number][];
}
const SURFACE_CAP = 4;

// Most keys have a single form: the array is only allocated for a second one. New forms beyond a
// hard cap are dropped (OCR noise), so memory stays proportional to the number of keys.
type Tally = Form | Form[];
const FORM_CAP = 8;

const sameRun = (a: string[], b: string[], at: number): boolean => {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[at + k]) return false;
  return true;
};

/**
 * Counts the `n` words from `at` of a paragraph (exact keys and surfaces given per word) under `key`.
 * `vote` is 0 for text in capitals: it counts, but its case only shows where no other text has the form.
 */
function tally(map: Map<string, Tally>, key: string, exact: string[], surfaces: string[], at: number, n: number, vote: number): void {
  const t = map.get(key);
  if (!t) {
    map.set(key, { exact: exact.slice(at, at + n), count: 1, surfaces: [[surfaces.slice(at, at + n), vote]] });
    return;
  }
  const forms = Array.isArray(t) ? t : [t];
  let f = forms.find((x) => sameRun(x.exact, exact, at));
  if (!f) {
    if (forms.length >= FORM_CAP) return;
    f = { exact: exact.slice(at, at + n), count: 0, surfaces: [] };
    forms.push(f);
    if (!Array.isArray(t)) map.set(key, forms);
  }
  f.count++;
  const s = f.surfaces.find((x) => sameRun(x[0], surfaces, at));
  if (s) s[1] += vote;
  else if (f.surfaces.length < SURFACE_CAP) f.surfaces.push([surfaces.slice(at, at + n), vote]);
}

const shown = (f: Form): string => f.surfaces.reduce((a, b) => (b[1] > a[1] ? b : a))[0].join(' ');

// Code-unit order, the order binary search and prefix ranges rely on (not localeCompare).
const byKey = (a: [string, Spellings], b: [string, Spellings]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function toList(map: Map<string, Tally>, minCount: number, maxForms: number): VocabularyList {
  const out: VocabularyList = [];
  for (const [key, t] of map) {
    const forms = Array.isArray(t) ? [...t].sort((a, b) => b.count - a.count) : [t];
    if (forms.reduce((n, f) => n + f.count, 0) < minCount) continue;
    // A second form seen once is as likely a typo as a spelling worth offering.
    const kept = forms.filter((f, i) => i === 0 || f.count >= 2).slice(0, maxForms);
    out.push([key, kept.map((f) => [shown(f), f.count])]);
  }
  return out.sort(byKey);
}

/** Options of buildVocabulary: the rarest phrases kept (defaults 2 for pairs, 3 for triples, to keep it small). */
export interface VocabularyOptions {
  minPairCount?: number;
  minTripleCount?: number;
}

// Words make a phrase when only spaces or a dash stand between them ('kinh tế - xã hội'); across a
// comma they are usually two phrases ('kinh tế, Tổng công ty'), which the pair field may join but a
// completion should not offer.
const PHRASE_GAP = /^[\s\-–]{1,4}$/;
const inPhrase = (text: string, a: Token, b: Token) => PHRASE_GAP.test(text.slice(a.end, b.start));

// A paragraph in capitals (a heading, a title page) says nothing about how its words are cased:
// its words are taken in lower case and outvoted by any other spelling.
const isCaseless = (text: string) => !/\p{Ll}/u.test(text) && /\p{Lu}/u.test(text);

/** Collects the spellings of words, and of word pairs and three-word runs written as one phrase, a paragraph at a time. */
export class VocabularyBuilder {
  private readonly words = new Map<string, Tally>();
  private readonly pairs = new Map<string, Tally>();
  // Three-word runs are counted by key alone (there are several times more of them than pairs);
  // their spelling is put together from the spellings of their two pairs at the end.
  private readonly triples = new Map<string, number>();

  constructor(private readonly options: VocabularyOptions = {}) {}

  /** Counts a paragraph's words, given its text and its whole-word tokens (analyzeWords(text)), so that indexing analyzes each text once. */
  add(text: string, tokens: readonly Token[]): void {
    const caseless = isCaseless(text);
    const vote = caseless ? 0 : 1;
    const exact = tokens.map((t) => t.exact);
    const surfaces = tokens.map((t) => {
      const surface = normalize(text.slice(t.start, t.end));
      return caseless ? surface.toLowerCase() : surface;
    });
    // Index of the first word of the current run of words written as one phrase.
    let run = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      tally(this.words, t.term, exact, surfaces, i, 1, vote);
      if (i === 0 || !inPhrase(text, tokens[i - 1], t)) {
        run = i;
        continue;
      }
      const pair = `${tokens[i - 1].term}${KEY_JOIN}${t.term}`;
      tally(this.pairs, pair, exact, surfaces, i - 1, 2, vote);
      if (i - run >= 2) {
        const key = `${tokens[i - 2].term}${KEY_JOIN}${pair}`;
        this.triples.set(key, (this.triples.get(key) ?? 0) + 1);
      }
    }
  }

  /** The vocabulary of everything added. */
  finish(): Vocabulary {
    const pairList = toList(this.pairs, this.options.minPairCount ?? 2, MAX_FORMS.pairs);
    return {
      words: toList(this.words, 1, MAX_FORMS.words),
      pairs: pairList,
      triples: tripleList(this.triples, new Map(pairList), this.options.minTripleCount ?? 3),
    };
  }
}

/** The vocabulary of a set of paragraphs (indexing builds it alongside the index instead). */
export function buildVocabulary(paragraphs: Iterable<ParagraphRecord>, options: VocabularyOptions = {}): Vocabulary {
  const builder = new VocabularyBuilder(options);
  for (const p of paragraphs) builder.add(p.text, analyzeWords(p.text));
  return builder.finish();
}

/** Triples spelled as their first pair followed by the last word of their second pair, both in forms that agree on the middle word. */
function tripleList(counts: Map<string, number>, pairs: Map<string, Spellings>, minCount: number): VocabularyList {
  const out: VocabularyList = [];
  for (const [key, count] of counts) {
    if (count < minCount) continue;
    const [a, b, c] = key.split(KEY_JOIN);
    const first = pairs.get(`${a}${KEY_JOIN}${b}`) ?? [];
    const second = pairs.get(`${b}${KEY_JOIN}${c}`) ?? [];
    let spelling: string | undefined;
    for (const [s1] of first) {
      const middle = exactWords(s1)[1];
      const s2 = second.find(([s]) => exactWords(s)[0] === middle);
      if (s2) {
        spelling = `${s1} ${s2[0].split(' ')[1]}`;
        break;
      }
    }
    if (spelling) out.push([key, [[spelling, count]]]);
  }
  return out.sort(byKey);
}

// Completion and "did you mean" compare the same few thousand spellings again and again.
const EXACT_CACHE_LIMIT = 50_000;
let exactCache = new Map<string, string[]>();

/** Exact keys of the words of a spelling, one per word ('Ủy ban' → ['uy?', 'ban']), to compare with typed diacritics. */
export function exactWords(surface: string): string[] {
  let e = exactCache.get(surface);
  if (!e) {
    e = surface.toLowerCase().split(' ').map(toneKey);
    if (exactCache.size >= EXACT_CACHE_LIMIT) exactCache = new Map();
    exactCache.set(surface, e);
  }
  return e;
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
