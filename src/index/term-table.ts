import { utf8Strings } from '../util/utf8-strings.js';

/**
 * The distinct terms of a field, sorted in code-unit order and stored as UTF-8 in one buffer with
 * offsets. A look-up is a binary search that decodes a score of short strings, and loading it costs
 * one read: no Map of millions of strings is built when an index is opened.
 */
export class TermTable {
  // The same bytes as a Buffer, made once: decoding a term is then one toString, with no view to allocate.
  private readonly buf: Buffer;

  constructor(
    /** The terms' UTF-8 bytes, back to back. */
    readonly bytes: Uint8Array,
    /** Byte offset of term i at i; one more entry than terms, ending with bytes.length. */
    readonly offsets: Uint32Array,
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Encodes terms already sorted in code-unit order (as Array.prototype.sort leaves strings). */
  static fromSorted(terms: readonly string[]): TermTable {
    const { bytes, offsets } = utf8Strings(terms);
    return new TermTable(bytes, offsets);
  }

  /** Number of terms. */
  get size(): number {
    return this.offsets.length - 1;
  }

  /** Term number i. */
  term(i: number): string {
    return this.buf.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  /** Number of the first term not below `term`. */
  lowerBound(term: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.term(mid) < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of a term, or -1 when the table does not hold it. */
  find(term: string): number {
    const i = this.lowerBound(term);
    return i < this.size && this.term(i) === term ? i : -1;
  }

  /** Every term, in order. */
  *[Symbol.iterator](): Generator<string> {
    for (let i = 0; i < this.size; i++) yield this.term(i);
  }
}
