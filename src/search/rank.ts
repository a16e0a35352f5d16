import { FIELDS, PAIR, type FieldName } from '../index/fields.js';
import type { ParagraphIndex, Postings } from '../index/paragraph-index.js';
import { PostingList } from '../index/postings.js';

/** BM25 parameters and field weights of the ranker; defaults tuned on the development sets, not on any one query. */
export interface RankWeights {
  /** Term-frequency saturation (default 1.2). */
  k1: number;
  /** Length normalization (default 0.75). */
  b: number;
  /** Weight of folded terms (default 1). */
  folded: number;
  /** Weight of exact (accented) terms: rewards agreement in diacritics (default 1.2). */
  exact: number;
  /** Weight of adjacent word pairs: rewards phrases and proximity (default 1.6). */
  pair: number;
  /** Weight of query words found in the paragraph's headings and document title (default 2). */
  context: number;
  /**
   * Growth of the context bonus with the share of a heading's or title's words that are query words:
   * the bonus is multiplied by 1 + focus × share (best text of the context), so that a heading about
   * the query ('Luật Cư trú - Điều 12. Nơi cư trú…') outweighs one that merely contains its words
   * (default 0.5).
   */
  focus: number;
  /**
   * Weight of a unit of three syllables or more found whole ('thống nhất quản lý nhà nước'), scored as
   * one term with the phrase's own idf: its word pairs alone cannot tell the whole from a part of it
   * (default 1.6, as a pair).
   */
  unit: number;
}

/** The default ranking weights. */
export const DEFAULT_WEIGHTS: RankWeights = { k1: 1.2, b: 0.75, folded: 1, exact: 1.2, pair: 1.6, context: 2, focus: 0.5, unit: 1.6 };

/** One term to score: its field, posting list and BM25 idf times the field weight. */
export interface ScoredTerm {
  field: FieldName;
  term: string;
  postings: Postings;
  weight: number;
  /** Index of the query unit the term belongs to (coverage counts units, not terms). */
  group: number;
  /** False for a term that alone does not show its unit present (a syllable of a longer word): it counts for coverage, not in `whole`; default true. */
  covers?: boolean;
}

/** BM25 inverse document frequency. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Looks up a term's postings and weight, or undefined when the term does not occur. */
export function scoredTerm(index: ParagraphIndex, field: FieldName, term: string, fieldWeight: number, group: number): ScoredTerm | undefined {
  const postings = index.postings(field, term);
  if (!postings) return undefined;
  return { field, term, postings, weight: fieldWeight * idf(index.collectionParagraphs, postings.size), group };
}

/**
 * A phrase as one term, from the paragraphs that hold it (ascending): each counts it once, and its
 * length norm is that of the pair field, whose terms phrases are made of.
 */
export function phraseTerm(paragraphCount: number, ids: Uint32Array, fieldWeight: number, group: number, term: string): ScoredTerm {
  const postings = new PostingList(ids, new Uint16Array(ids.length).fill(1));
  return { field: PAIR, term, postings, weight: fieldWeight * idf(paragraphCount, ids.length), group };
}

/**
 * BM25 over several fields, accumulated term by term into arrays indexed by paragraph number.
 * Length norms are computed once per paragraph and field, so scoring a posting is one multiply-add;
 * the arrays are reused by every query (search is synchronous, so one set per engine suffices).
 */
export class Scorer {
  private readonly norms: Record<FieldName, Float32Array>;
  /** Accumulated BM25 per paragraph for the current query. */
  readonly acc: Float64Array;
  /** Bit u set when any term of query unit u matched the paragraph (units beyond 31 share the last bit). */
  readonly mask: Uint32Array;
  /** Bit u set when the paragraph holds unit u itself: its word, or a word pair inside it, not one of its syllables alone. */
  readonly whole: Uint32Array;
  // Paragraphs touched by the current query, in the order first touched: one slot per paragraph at
  // most, kept from query to query (a growing array was copied as it grew, for every query).
  private readonly touchedIds: Int32Array;
  private touchedCount = 0;

  constructor(
    index: ParagraphIndex,
    private readonly w: RankWeights = DEFAULT_WEIGHTS,
  ) {
    const n = index.paragraphCount;
    this.acc = new Float64Array(n);
    this.mask = new Uint32Array(n);
    this.whole = new Uint32Array(n);
    this.touchedIds = new Int32Array(n);
    this.norms = {} as Record<FieldName, Float32Array>;
    for (const f of FIELDS) {
      const norm = new Float32Array(n);
      const avg = index.averageLength(f);
      // Read off the lengths column directly: an engine over PostgreSQL is made again after every load,
      // and millions of calls of fieldLength() held that up.
      const lengths = index.fields[f].lengths;
      for (let i = 0; i < n; i++) norm[i] = w.k1 * (1 - w.b + (w.b * (lengths[i] ?? 0)) / avg);
      this.norms[f] = norm;
    }
  }

  /** BM25 contribution of a term to one paragraph (0 when absent). */
  termScore(t: ScoredTerm, n: number): number {
    const tf = t.postings.get(n);
    return tf ? (t.weight * tf * (this.w.k1 + 1)) / (tf + this.norms[t.field][n]) : 0;
  }

  /** Paragraphs touched by the current query, in the order first touched, so clearing costs what the query cost (a view: valid until the next query). */
  get touched(): Int32Array {
    return this.touchedIds.subarray(0, this.touchedCount);
  }

  /** The unit bit a term sets in `mask`. */
  bitOf(t: ScoredTerm): number {
    return 1 << Math.min(t.group, 31);
  }

  /** Adds a term's contribution to every paragraph in its posting list, optionally only where `member` is set. */
  addPostings(t: ScoredTerm, member?: Uint8Array): void {
    const norm = this.norms[t.field];
    const k = t.weight * (this.w.k1 + 1);
    const bit = this.bitOf(t);
    const wholeBit = t.covers === false ? 0 : bit;
    const { ids, tfs } = t.postings;
    for (let i = 0; i < ids.length; i++) {
      const n = ids[i];
      if (member && !member[n]) continue;
      const tf = tfs[i];
      if (this.mask[n] === 0) this.touchedIds[this.touchedCount++] = n;
      this.acc[n] += (k * tf) / (tf + norm[n]);
      this.mask[n] |= bit;
      this.whole[n] |= wholeBit;
    }
  }

  /** Adds a term's contribution to the listed paragraphs only (look-ups instead of a scan). */
  addTo(t: ScoredTerm, ids: ArrayLike<number>): void {
    const bit = this.bitOf(t);
    const wholeBit = t.covers === false ? 0 : bit;
    for (let i = 0; i < ids.length; i++) {
      const n = ids[i];
      const s = this.termScore(t, n);
      if (s > 0) {
        if (this.mask[n] === 0) this.touchedIds[this.touchedCount++] = n;
        this.acc[n] += s;
        this.mask[n] |= bit;
        this.whole[n] |= wholeBit;
      }
    }
  }

  /** Share of the query's units (weighted) a paragraph matched, or that `also` marks (bits as in `mask`; default none). */
  coverage(n: number, groupWeights: readonly number[], total: number, also = 0): number {
    if (!total) return 0;
    let covered = 0;
    const m = this.mask[n] | also;
    for (let g = 0; g < groupWeights.length; g++) if (m & (1 << Math.min(g, 31))) covered += groupWeights[g];
    return Math.min(1, covered / total);
  }

  /** Resets what the last query touched. */
  clear(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const n = this.touchedIds[i];
      this.acc[n] = 0;
      this.mask[n] = 0;
      this.whole[n] = 0;
    }
    this.touchedCount = 0;
  }
}
