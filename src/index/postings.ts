import { indexOfSorted } from '../util/sorted-ids.js';

/**
 * Posting list of one term in one field: ascending paragraph numbers and their term frequencies, as
 * views into the index's columns. It answers what a Map<paragraph, frequency> would (size, has, get,
 * keys) without one object per posting, so a loaded index is a few large arrays.
 */
export class PostingList {
  constructor(
    /** Paragraph numbers, ascending. */
    readonly ids: Uint32Array,
    /** Term frequency of the term in each paragraph of `ids`. */
    readonly tfs: Uint16Array,
  ) {}

  /** Number of paragraphs holding the term. */
  get size(): number {
    return this.ids.length;
  }

  /** Position of paragraph `n` in the list, or -1 (binary search: ids are sorted). */
  indexOf(n: number): number {
    return indexOfSorted(this.ids, n);
  }

  /** True when paragraph `n` holds the term. */
  has(n: number): boolean {
    return this.indexOf(n) >= 0;
  }

  /** Term frequency in paragraph `n`, or undefined when it does not hold the term. */
  get(n: number): number | undefined {
    const i = this.indexOf(n);
    return i < 0 ? undefined : this.tfs[i];
  }

  /** The paragraph numbers, ascending (iterable like a Set's keys). */
  keys(): Uint32Array {
    return this.ids;
  }
}
