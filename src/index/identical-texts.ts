import type { ParagraphTable } from './paragraph-table.js';

/**
 * Paragraphs whose texts are identical, byte for byte: the same table cell, form line or article
 * repeated in a document, or a consolidated text (VBHN) that repeats the document it consolidates.
 * Each group is a ring of paragraph numbers; a unique text is a ring of one. Built from the table on
 * the read side (one pass over the texts as bytes, about 0.2 s for the 362k paragraphs of the gazette),
 * so the index format does not change.
 */
export class IdenticalTexts {
  private readonly next: Uint32Array;
  private readonly firstOf: Uint32Array;

  constructor(table: ParagraphTable) {
    const n = table.length;
    this.next = new Uint32Array(n);
    this.firstOf = new Uint32Array(n);
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = table.textKey(i);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        this.next[i] = i;
        this.firstOf[i] = i;
      } else {
        this.next[i] = this.next[first];
        this.next[first] = i;
        this.firstOf[i] = first;
      }
    }
  }

  /** The lowest-numbered paragraph with the same text as paragraph n: the group's key. */
  first(n: number): number {
    return this.firstOf[n];
  }

  /** The other paragraphs with the same text as paragraph n, in paragraph order. */
  others(n: number): number[] {
    const out: number[] = [];
    for (let m = this.next[n]; m !== n; m = this.next[m]) out.push(m);
    return out.sort((a, b) => a - b);
  }
}
