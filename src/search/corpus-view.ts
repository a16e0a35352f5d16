// What the ranker reads of a loaded index besides its posting lists: documents by id and by number,
// each document's paragraphs, headings by path, and per-paragraph facts decided once (its words, whether
// it is a fragment).
import { FOLDED } from '../index/fields.js';
import type { DocumentRecord } from '../ingest/records.js';
import type { StoredIndex } from '../index/store.js';
import { fold } from '../text/fold.js';
import { isFragment } from './fragment.js';
import { paragraphWords, type DocWord } from './match.js';

// Keys of the document numbers seen: every engine made over a part (the PostgreSQL store) keys the same documents again.
const numberKeys = new Map<string, string>();

/** A document number as compared: folded, lower case, without spaces ('01/NQ-CP' = '01/nq-cp' = '01 / NQ-CP'). */
export function numberKey(number: string): string {
  let key = numberKeys.get(number);
  if (key === undefined) {
    key = fold(number.toLowerCase()).replace(/\s+/g, '');
    // Bounded: a query's typed numbers pass here too.
    if (numberKeys.size > 100_000) numberKeys.clear();
    numberKeys.set(number, key);
  }
  return key;
}

/** A loaded index as the search steps read it. */
export class CorpusView {
  private readonly docs = new Map<string, DocumentRecord>();
  /** Documents by their own number (numberKey), for the look-up of a document by its number. */
  private readonly byNumber = new Map<string, DocumentRecord[]>();
  /** Per document, its paragraph numbers [first, end). */
  private readonly docRange = new Map<string, [number, number]>();
  /** Per document, the paragraph number of its first heading with each path (path joined by NUL); made when first asked. */
  private readonly headingParagraph = new Map<string, Map<string, number>>();
  private readonly wordsCache = new Map<number, DocWord[]>();
  /** Per paragraph: 0 not yet decided, 1 says something, 2 a fragment (see fragment.ts). */
  private readonly fragments: Uint8Array;

  constructor(
    /** The loaded index. */
    readonly store: StoredIndex,
  ) {
    this.fragments = new Uint8Array(store.paragraphs.length);
    for (const d of store.documents) {
      this.docs.set(d.doc, d);
      if (!d.number) continue;
      const key = numberKey(d.number);
      this.byNumber.set(key, [...(this.byNumber.get(key) ?? []), d]);
    }
    const table = store.paragraphs;
    // Paragraphs of a document are contiguous. Only the ranges are made here: a view of a collection in
    // PostgreSQL is made again after every load, and millions of paragraphs' headings would hold it up.
    let range: [number, number] = [0, 0];
    for (let n = 0; n < table.length; n++) {
      if (n === 0 || table.docIndex(n) !== table.docIndex(n - 1)) this.docRange.set(table.doc(n), (range = [n, n]));
      range[1] = n + 1;
    }
  }

  /** The document with id `doc`, or undefined. */
  document(doc: string): DocumentRecord | undefined {
    return this.docs.get(doc);
  }

  /** The documents whose own number has this numberKey. */
  numbered(key: string): readonly DocumentRecord[] {
    return this.byNumber.get(key) ?? [];
  }

  /** A document's paragraph numbers [first, end), or undefined for an unknown document. */
  range(doc: string): readonly [number, number] | undefined {
    return this.docRange.get(doc);
  }

  /** Paragraph numbers of a document, in order. */
  paragraphsOf(doc: string): number[] {
    const range = this.docRange.get(doc);
    const out: number[] = [];
    if (range) for (let n = range[0]; n < range[1]; n++) out.push(n);
    return out;
  }

  /** Paragraph number of the first heading of `doc` whose path is `path`, or undefined. */
  heading(doc: string, path: readonly string[]): number | undefined {
    let headings = this.headingParagraph.get(doc);
    if (!headings) {
      headings = new Map();
      const table = this.store.paragraphs;
      const range = this.docRange.get(doc) ?? [0, 0];
      for (let n = range[0]; n < range[1]; n++) {
        if (table.kind(n) !== 'heading') continue;
        const key = table.heading(n).join('\u0000');
        if (!headings.has(key)) headings.set(key, n);
      }
      this.headingParagraph.set(doc, headings);
    }
    return headings.get(path.join('\u0000'));
  }

  /** The words of paragraph n with their offsets, from a small cache. */
  words(n: number): DocWord[] {
    // A text the store has not read yet is read as empty for now: nothing of it is kept.
    if (!this.store.paragraphs.hasText(n)) return paragraphWords(this.store.paragraphs.text(n));
    let w = this.wordsCache.get(n);
    if (!w) {
      // Paragraph words are large (a token object per word): a small cache bounds a busy server's memory.
      if (this.wordsCache.size > 4_000) this.wordsCache.clear();
      w = paragraphWords(this.store.paragraphs.text(n));
      this.wordsCache.set(n, w);
    }
    return w;
  }

  /** Whether paragraph n is a fragment that says nothing by itself (see fragment.ts), decided once per paragraph. */
  fragment(n: number): boolean {
    let f = this.fragments[n];
    if (f === 0) {
      const p = this.store.paragraphs;
      f = this.fragments[n] = (p.storedFragment(n) ?? isFragment(p.kind(n), this.store.index.fieldLength(n, FOLDED), () => p.text(n))) ? 2 : 1;
    }
    return f === 2;
  }
}
