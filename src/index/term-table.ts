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

  /**
   * Compares term i of `a` with term j of `b` in the code-unit order the tables are sorted in, on their
   * UTF-8 bytes, without decoding either: merging the tables of two segments (segment-merge.ts) then
   * decodes none of their millions of terms.
   */
  static compare(a: TermTable, i: number, b: TermTable, j: number): number {
    const x = a.bytes;
    const y = b.bytes;
    let p = a.offsets[i];
    let q = b.offsets[j];
    const pEnd = a.offsets[i + 1];
    const qEnd = b.offsets[j + 1];
    for (; p < pEnd && q < qEnd; p++, q++) {
      const c = x[p];
      const d = y[q];
      if (c === d) continue;
      // UTF-8 orders by code point; UTF-16 puts the surrogates of U+10000 and above (lead bytes
      // F0-F4) before U+E000-U+FFFF (lead bytes EE, EF). They differ first at their lead bytes.
      if (c >= 0xf0 && (d === 0xee || d === 0xef)) return -1;
      if (d >= 0xf0 && (c === 0xee || c === 0xef)) return 1;
      return c - d;
    }
    return pEnd - p - (qEnd - q);
  }

  /** Every term, in order. */
  *[Symbol.iterator](): Generator<string> {
    for (let i = 0; i < this.size; i++) yield this.term(i);
  }
}
