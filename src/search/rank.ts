import type { FieldName } from '../index/fields.js';
import type { ParagraphIndex, Postings } from '../index/paragraph-index.js';

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
}

/** The default ranking weights. */
export const DEFAULT_WEIGHTS: RankWeights = { k1: 1.2, b: 0.75, folded: 1, exact: 1.2, pair: 1.6, context: 2 };

/** One term to score: its field, posting list and BM25 idf times the field weight. */
export interface ScoredTerm {
  field: FieldName;
  term: string;
  postings: Postings;
  weight: number;
  /** Index of the query group the term belongs to (coverage counts groups, not terms). */
  group: number;
}

/** BM25 inverse document frequency. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Looks up a term's postings and weight, or undefined when the term does not occur. */
export function scoredTerm(index: ParagraphIndex, field: FieldName, term: string, fieldWeight: number, group: number): ScoredTerm | undefined {
  const postings = index.postings(field, term);
  if (!postings) return undefined;
  return { field, term, postings, weight: fieldWeight * idf(index.documentCount, postings.size), group };
}

/** Scores paragraphs by BM25 over several fields. */
export class Bm25 {
  private readonly avg: Record<FieldName, number>;

  constructor(
    private readonly index: ParagraphIndex,
    private readonly w: RankWeights = DEFAULT_WEIGHTS,
  ) {
    this.avg = { f: index.averageLength('f'), x: index.averageLength('x'), b: index.averageLength('b') };
  }

  /** BM25 contribution of one term to one paragraph (0 when absent). */
  termScore(t: ScoredTerm, n: number): number {
    const tf = t.postings.get(n);
    if (!tf) return 0;
    const len = this.index.fieldLength(n, t.field);
    const norm = 1 - this.w.b + (this.w.b * len) / this.avg[t.field];
    return (t.weight * tf * (this.w.k1 + 1)) / (tf + this.w.k1 * norm);
  }

  /** Sum over terms, and the share of query groups (weighted by idf) the paragraph covers. */
  score(terms: ScoredTerm[], n: number, groupWeights: number[]): { score: number; coverage: number } {
    let score = 0;
    const seen = new Set<number>();
    for (const t of terms) {
      const s = this.termScore(t, n);
      if (s > 0) {
        score += s;
        seen.add(t.group);
      }
    }
    let covered = 0;
    let all = 0;
    groupWeights.forEach((w, g) => {
      all += w;
      if (seen.has(g)) covered += w;
    });
    return { score, coverage: all ? covered / all : 0 };
  }
}
