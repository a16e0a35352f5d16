import SearchableMap from 'minisearch/SearchableMap';
import { FIELDS, type FieldName } from './fields.js';
import { PostingList } from './postings.js';
import { TermTable } from './term-table.js';

/** Posting list of one term in one field. */
export type Postings = PostingList;

/** The inverted index of one field, as columns: term i's postings are ids/tfs[starts[i] .. starts[i + 1]). */
export interface FieldColumns {
  terms: TermTable;
  starts: Uint32Array;
  ids: Uint32Array;
  tfs: Uint16Array;
  /** Number of terms of each paragraph in this field. */
  lengths: Uint32Array;
}

/**
 * The collection an index is a part of, for ranking: BM25's paragraph count and average lengths are
 * the collection's, so that a part read for one query (the PostgreSQL store) scores as the whole would.
 */
export interface CollectionStatistics {
  paragraphs: number;
  averageLength: Record<FieldName, number>;
}

/**
 * The inverted index over paragraphs: per field, sorted terms and their posting lists in flat typed
 * arrays. Paragraph numbers are 0..n-1 in store order. The ranker reads it directly so that it can plan
 * a query by term rarity and score only what it needs.
 *
 * The columns are built in one pass (IndexBuilder) and loaded from disk as views of one buffer: a
 * gazette-sized index opens in well under a second and takes a fraction of the memory that one Map per
 * term and field took. MiniSearch's radix tree (SearchableMap) still answers the fuzzy look-ups of
 * "did you mean", which is what it does best.
 */
export class ParagraphIndex {
  private readonly averages: Record<FieldName, number>;
  private fuzzy?: SearchableMap<true>;

  constructor(
    /** Number of paragraphs indexed. */
    readonly paragraphCount: number,
    /** The columns of each field. */
    readonly fields: Readonly<Record<FieldName, FieldColumns>>,
    /** The collection these paragraphs belong to (default: these paragraphs alone). */
    private readonly collection?: CollectionStatistics,
    /** The folded words "did you mean" looks among, as a radix tree (default: this index's own, built on first use). */
    nearWords?: SearchableMap<true>,
  ) {
    this.fuzzy = nearWords;
    this.averages = {} as Record<FieldName, number>;
    for (const f of FIELDS) {
      const lengths = fields[f].lengths;
      if (lengths.length !== paragraphCount) throw new Error(`field ${f} has ${lengths.length} lengths for ${paragraphCount} paragraphs`);
      // A part of a collection takes the collection's averages: no need to sum its own.
      if (collection) continue;
      let sum = 0;
      for (let i = 0; i < lengths.length; i++) sum += lengths[i];
      this.averages[f] = paragraphCount ? sum / paragraphCount : 0;
    }
  }

  /** Number of distinct terms over all fields. */
  get termCount(): number {
    return FIELDS.reduce((n, f) => n + this.fields[f].terms.size, 0);
  }

  /** Posting list of a term in a field; undefined when the term does not occur. */
  postings(field: FieldName, term: string): Postings | undefined {
    const c = this.fields[field];
    const i = c.terms.find(term);
    if (i < 0) return undefined;
    return new PostingList(c.ids.subarray(c.starts[i], c.starts[i + 1]), c.tfs.subarray(c.starts[i], c.starts[i + 1]));
  }

  /** Number of paragraphs containing the term in the field. */
  df(field: FieldName, term: string): number {
    const c = this.fields[field];
    const i = c.terms.find(term);
    return i < 0 ? 0 : c.starts[i + 1] - c.starts[i];
  }

  /** Length in terms of a paragraph's field. */
  fieldLength(n: number, field: FieldName): number {
    return this.fields[field].lengths[n] ?? 0;
  }

  /** Paragraphs of the collection, for idf: paragraphCount unless the index is a part of a larger collection. */
  get collectionParagraphs(): number {
    return this.collection?.paragraphs ?? this.paragraphCount;
  }

  /** Average length of a field over the collection's paragraphs. */
  averageLength(field: FieldName): number {
    return (this.collection ? this.collection.averageLength[field] : this.averages[field]) || 1;
  }

  /**
   * Folded words (field f, no digits) within an edit distance of a term, for "did you mean". The radix
   * tree is built on the first call, over the words only: numbers and codes are never corrected.
   */
  termsNear(term: string, distance: number): { term: string; distance: number }[] {
    this.fuzzy ??= fuzzyWords(this.fields.f.terms);
    return [...this.fuzzy.fuzzyGet(term, distance)].map(([t, [, d]]) => ({ term: t, distance: d }));
  }
}

/** The radix tree "did you mean" searches: the folded terms given, less those with digits (numbers and codes are never corrected). */
export function fuzzyWords(terms: Iterable<string>): SearchableMap<true> {
  const map = new SearchableMap<true>();
  for (const t of terms) if (!/\d/.test(t)) map.set(t, true);
  return map;
}
