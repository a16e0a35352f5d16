import { TermTable } from './term-table.js';
import type { Column } from './columns-file.js';
import type { VocabularyParts } from './vocabulary-builder.js';
import { radixOrder } from '../util/radix-order.js';
import { utf8Strings } from '../util/utf8-strings.js';

/**
 * The columns of VocabularyCounts, as stored (`counts.<build>.bin`, see store.ts): every count a
 * vocabulary is finished from, before anything is dropped.
 *
 * - `termBytes`/`termOffsets`: the folded terms counted, sorted in code-unit order (a TermTable);
 * - `exactBytes`/`exactOffsets`: the exact forms of the surfaces, sorted likewise;
 * - `surfaceBytes`/`surfaceOffsets`: the surfaces (NFC, as written or lower-cased), sorted by their
 *   folded term, then text; per surface `surfaceTerm` and `surfaceExact` (ids in the tables above),
 *   `wordCount` (occurrences) and `wordVotes` (occurrences outside all-capital paragraphs);
 * - `pairs`: two surface ids per pair written as one phrase, sorted by the folded terms of its two
 *   words, then by the surfaces; per pair `pairCount` and `pairVotes`;
 * - `triples`: three folded term ids per three-word run, sorted; per run `tripleCount`.
 */
export type CountsColumns = Record<(typeof COUNTS_COLUMNS)[number], Column>;

/** The names of the counts columns, in the order they are written. */
export const COUNTS_COLUMNS = [
  'termBytes',
  'termOffsets',
  'exactBytes',
  'exactOffsets',
  'surfaceBytes',
  'surfaceOffsets',
  'surfaceTerm',
  'surfaceExact',
  'wordCount',
  'wordVotes',
  'pairs',
  'pairCount',
  'pairVotes',
  'triples',
  'tripleCount',
] as const;

/** The counts columns that are u8 (the rest are u32). */
const BYTE_COLUMNS = new Set<string>(['termBytes', 'exactBytes', 'surfaceBytes']);

/** The strings behind the ids of VocabularyParts: folded terms with their code-unit ranks, and exact forms. */
export interface PartNames {
  term(id: number): string;
  /** Rank of each folded term id in code-unit order of the terms. */
  rank: Uint32Array;
  exact(id: number): string;
}

/**
 * The spellings counted for a vocabulary (VocabularyBuilder), kept whole and named by strings rather
 * than a build's ids, so that counts of several builds can be added and subtracted key by key. A
 * full build stores its counts beside the index; an incremental run reads them to work out the
 * vocabulary entries its documents change without counting the whole collection again
 * (vocabulary-patch.ts). Look-ups are binary searches over the sorted columns: nothing is built
 * when they are read.
 */
export class VocabularyCounts {
  /** The folded terms, sorted: a term's id is its rank. */
  readonly terms: TermTable;
  /** The exact forms, sorted. */
  readonly exacts: TermTable;
  private readonly surfaceText: Buffer;
  readonly surfaceTerm: Uint32Array;
  readonly surfaceExact: Uint32Array;
  readonly wordCount: Uint32Array;
  readonly wordVotes: Uint32Array;
  readonly pairs: Uint32Array;
  readonly pairCount: Uint32Array;
  readonly pairVotes: Uint32Array;
  readonly triples: Uint32Array;
  readonly tripleCount: Uint32Array;
  private termIds?: Map<string, number>;

  /** Reads the columns (throws when one is missing, of the wrong type, or they disagree in length). */
  constructor(readonly columns: CountsColumns) {
    for (const name of COUNTS_COLUMNS) {
      const want = BYTE_COLUMNS.has(name) ? Uint8Array : Uint32Array;
      if (!(columns[name] instanceof want)) throw new Error(`vocabulary counts: column ${name} is missing or of the wrong type`);
    }
    const u32 = (name: (typeof COUNTS_COLUMNS)[number]) => columns[name] as Uint32Array;
    const u8 = (name: (typeof COUNTS_COLUMNS)[number]) => columns[name] as Uint8Array;
    this.terms = new TermTable(u8('termBytes'), u32('termOffsets'));
    this.exacts = new TermTable(u8('exactBytes'), u32('exactOffsets'));
    const bytes = u8('surfaceBytes');
    this.surfaceText = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.surfaceTerm = u32('surfaceTerm');
    this.surfaceExact = u32('surfaceExact');
    this.wordCount = u32('wordCount');
    this.wordVotes = u32('wordVotes');
    this.pairs = u32('pairs');
    this.pairCount = u32('pairCount');
    this.pairVotes = u32('pairVotes');
    this.triples = u32('triples');
    this.tripleCount = u32('tripleCount');
    const surfaces = this.surfaceCount;
    const offsets = u32('surfaceOffsets');
    const same = (a: number, b: number, what: string) => {
      if (a !== b) throw new Error(`vocabulary counts: ${what} (${a} and ${b})`);
    };
    same(offsets.length, surfaces + 1, 'surface offsets do not match the surfaces');
    same(offsets[surfaces] ?? 0, bytes.length, 'surface offsets do not match the text');
    for (const c of [this.surfaceExact, this.wordCount, this.wordVotes]) same(c.length, surfaces, 'a surface column has the wrong length');
    same(this.pairs.length, this.pairCount.length * 2, 'pairs do not match their counts');
    same(this.pairVotes.length, this.pairCount.length, 'pair votes do not match their counts');
    same(this.triples.length, this.tripleCount.length * 3, 'triples do not match their counts');
    const terms = this.terms.size;
    for (const t of this.surfaceTerm) if (t >= terms) throw new Error('vocabulary counts: a surface names a term that is not there');
    for (const x of this.surfaceExact) if (x >= this.exacts.size) throw new Error('vocabulary counts: a surface names an exact form that is not there');
    for (const s of this.pairs) if (s >= surfaces) throw new Error('vocabulary counts: a pair names a surface that is not there');
    for (const t of this.triples) if (t >= terms) throw new Error('vocabulary counts: a run names a term that is not there');
  }

  /** Id of a folded term, or -1 (a Map of every term, made on first call: many look-ups cost less so than binary searches that decode terms). */
  termId(term: string): number {
    if (!this.termIds) {
      this.termIds = new Map();
      for (let i = 0; i < this.terms.size; i++) this.termIds.set(this.terms.term(i), i);
    }
    return this.termIds.get(term) ?? -1;
  }

  /** Number of surfaces. */
  get surfaceCount(): number {
    return this.surfaceTerm.length;
  }

  /** Number of pairs. */
  get pairTotal(): number {
    return this.pairCount.length;
  }

  /** Number of three-word runs. */
  get tripleTotal(): number {
    return this.tripleCount.length;
  }

  /** Text of surface s. */
  surface(s: number): string {
    const offsets = this.columns.surfaceOffsets;
    return this.surfaceText.toString('utf8', offsets[s], offsets[s + 1]);
  }

  /** The surfaces [from, to) whose folded term is term id `t`. */
  surfacesOf(t: number): [number, number] {
    const terms = this.surfaceTerm;
    return [lowerBound(terms.length, (i) => terms[i] < t), lowerBound(terms.length, (i) => terms[i] <= t)];
  }

  /** The pairs [from, to) whose words have the folded terms a and b (term ids). */
  pairsOf(a: number, b: number): [number, number] {
    const { pairs, surfaceTerm } = this;
    const before = (i: number, orEqual: boolean) => {
      const x = surfaceTerm[pairs[i * 2]];
      const y = surfaceTerm[pairs[i * 2 + 1]];
      return x < a || (x === a && (y < b || (orEqual && y === b)));
    };
    return [lowerBound(this.pairTotal, (i) => before(i, false)), lowerBound(this.pairTotal, (i) => before(i, true))];
  }

  /** Occurrences of the run of folded terms (a, b, c) (term ids); 0 when never seen. */
  tripleOf(a: number, b: number, c: number): number {
    const t = this.triples;
    const i = lowerBound(this.tripleTotal, (i) => t[i * 3] < a || (t[i * 3] === a && (t[i * 3 + 1] < b || (t[i * 3 + 1] === b && t[i * 3 + 2] < c))));
    return i < this.tripleTotal && t[i * 3] === a && t[i * 3 + 1] === b && t[i * 3 + 2] === c ? this.tripleCount[i] : 0;
  }

  /**
   * The counts of a builder's parts, named by `names`: surfaces never counted (the lower-case twin of
   * a word only ever written capitalised) and ids of terms no surface or run uses are left out.
   */
  static fromParts(parts: VocabularyParts, names: PartNames): VocabularyCounts {
    const pairsN = parts.pairs.length / 2;
    const triplesN = parts.triples.length / 3;
    const surfacesN = parts.surfaces.length;
    const keep = new Uint8Array(surfacesN);
    for (let s = 0; s < surfacesN; s++) if (parts.wordCount[s] > 0) keep[s] = 1;
    for (let p = 0; p < pairsN; p++) if (parts.pairCount[p] > 0) keep[parts.pairs[p * 2]] = keep[parts.pairs[p * 2 + 1]] = 1;

    // Folded terms in use, renumbered by rank (code-unit order).
    const rank = names.rank;
    const used = new Uint8Array(rank.length);
    for (let s = 0; s < surfacesN; s++) if (keep[s]) used[parts.surfaceTerm[s]] = 1;
    for (let r = 0; r < triplesN; r++) if (parts.tripleCount[r] > 0) for (let j = 0; j < 3; j++) used[parts.triples[r * 3 + j]] = 1;
    const byRank = new Uint32Array(rank.length);
    rank.forEach((r, id) => (byRank[r] = id));
    const termOf = new Uint32Array(rank.length);
    const terms: string[] = [];
    for (const id of byRank) if (used[id]) termOf[id] = terms.push(names.term(id)) - 1;

    // Exact forms in use, sorted.
    const exactIds = new Map<number, string>();
    for (let s = 0; s < surfacesN; s++) if (keep[s] && !exactIds.has(parts.surfaceExact[s])) exactIds.set(parts.surfaceExact[s], names.exact(parts.surfaceExact[s]));
    const exacts = [...new Set(exactIds.values())].sort(codeUnitOrder);
    const exactNumber = new Map(exacts.map((x, i) => [x, i]));

    // Surfaces by folded term, then text.
    const kept: number[] = [];
    for (let s = 0; s < surfacesN; s++) if (keep[s]) kept.push(s);
    const text = parts.surfaces;
    kept.sort((x, y) => termOf[parts.surfaceTerm[x]] - termOf[parts.surfaceTerm[y]] || codeUnitOrder(text[x], text[y]));
    const surfaceOf = new Uint32Array(surfacesN);
    kept.forEach((s, i) => (surfaceOf[s] = i));
    const surfaceTerm = Uint32Array.from(kept, (s) => termOf[parts.surfaceTerm[s]]);
    const { bytes: surfaceBytes, offsets: surfaceOffsets } = utf8Strings(kept.map((s) => text[s]));

    const { pairs, pairCount, pairVotes } = sortedPairs(parts, surfaceOf, surfaceTerm, Math.max(terms.length, kept.length, 1));
    const { triples, tripleCount } = sortedTriples(parts, termOf, terms.length);

    const termTable = TermTable.fromSorted(terms);
    const exactTable = TermTable.fromSorted(exacts);
    return new VocabularyCounts({
      termBytes: termTable.bytes,
      termOffsets: termTable.offsets,
      exactBytes: exactTable.bytes,
      exactOffsets: exactTable.offsets,
      surfaceBytes,
      surfaceOffsets,
      surfaceTerm,
      surfaceExact: Uint32Array.from(kept, (s) => exactNumber.get(exactIds.get(parts.surfaceExact[s]) as string) as number),
      wordCount: Uint32Array.from(kept, (s) => parts.wordCount[s]),
      wordVotes: Uint32Array.from(kept, (s) => parts.wordVotes[s]),
      pairs,
      pairCount,
      pairVotes,
      triples,
      tripleCount,
    });
  }
}

// The pairs counted, by the terms of their words, then their surfaces (renumbered by `surfaceOf`).
function sortedPairs(parts: VocabularyParts, surfaceOf: Uint32Array, surfaceTerm: Uint32Array, radix: number): { pairs: Uint32Array; pairCount: Uint32Array; pairVotes: Uint32Array } {
  const livePairs: number[] = [];
  for (let p = 0; p < parts.pairs.length / 2; p++) if (parts.pairCount[p] > 0) livePairs.push(p);
  const pairKey = (i: number, j: number) => {
    const s = surfaceOf[parts.pairs[livePairs[i] * 2 + (j & 1)]];
    return j < 2 ? surfaceTerm[s] : s;
  };
  const pairOrder = radixOrder(livePairs.length, radix, 4, pairKey);
  const pairs = new Uint32Array(livePairs.length * 2);
  const pairCount = new Uint32Array(livePairs.length);
  const pairVotes = new Uint32Array(livePairs.length);
  pairOrder.forEach((i, k) => {
    const p = livePairs[i];
    pairs[k * 2] = surfaceOf[parts.pairs[p * 2]];
    pairs[k * 2 + 1] = surfaceOf[parts.pairs[p * 2 + 1]];
    pairCount[k] = parts.pairCount[p];
    pairVotes[k] = parts.pairVotes[p];
  });
  return { pairs, pairCount, pairVotes };
}

// The runs of three words counted, sorted by their terms (renumbered by `termOf`).
function sortedTriples(parts: VocabularyParts, termOf: Uint32Array, terms: number): { triples: Uint32Array; tripleCount: Uint32Array } {
  const liveTriples: number[] = [];
  for (let r = 0; r < parts.triples.length / 3; r++) if (parts.tripleCount[r] > 0) liveTriples.push(r);
  const tripleOrder = radixOrder(liveTriples.length, Math.max(terms, 1), 3, (i, j) => termOf[parts.triples[liveTriples[i] * 3 + j]]);
  const triples = new Uint32Array(liveTriples.length * 3);
  const tripleCount = new Uint32Array(liveTriples.length);
  tripleOrder.forEach((i, k) => {
    const r = liveTriples[i];
    for (let j = 0; j < 3; j++) triples[k * 3 + j] = termOf[parts.triples[r * 3 + j]];
    tripleCount[k] = parts.tripleCount[r];
  });
  return { triples, tripleCount };
}

/** Code-unit order of two strings, as Array.prototype.sort orders strings. */
export const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// The first i in [0, n) for which before(i) is false; before must be true then false along i.
function lowerBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The buffers of counts columns, for postMessage's transfer list (each owns its buffer). */
export function countsBuffers(columns: CountsColumns): ArrayBuffer[] {
  return [...new Set(Object.values(columns).map((c) => c.buffer as ArrayBuffer))];
}
