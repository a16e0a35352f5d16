// The write side of the stored posting lists: one row per document, field and term (the `postings`
// table, schema.ts), from the document's own paragraph index. A search reads the rows of its terms
// (posting-reads.ts) instead of every paragraph that holds them.
//
// Row format: `key` is the field letter, ':' and the term as a lexeme (lexeme.ts: cut to 2,047 bytes
// of UTF-8); `ids` the 1-based paragraph numbers of the document holding it, ascending, as u32
// little-endian; `tfs` how often each holds it, as u16 little-endian, in the same order.
import { FIELDS, type FieldName } from '../../index/fields.js';
import type { ParagraphIndex } from '../../index/paragraph-index.js';
import { copyRow } from './copy-text.js';
import { lexeme } from './lexeme.js';

/** The key of a field's term in the postings table. */
export function postingKey(field: FieldName, term: string): string {
  return `${field}:${lexeme(term)}`;
}

// A typed array as a bytea literal of COPY's text format ('\x' and hex; copyRow escapes the backslash).
const bytea = (a: Uint32Array | Uint16Array): string => `\\x${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')}`;

/**
 * The COPY rows of a document's posting lists, given the index of its paragraphs (numbered from 0 in
 * reading order, as `numbers` maps them to their paragraph numbers). Two terms cut to one lexeme keep
 * the first one's row (the key is unique per document).
 */
export function* postingRows(docId: number, index: ParagraphIndex, numbers: ArrayLike<number>): Generator<string> {
  const seen = new Set<string>();
  for (const f of FIELDS) {
    const c = index.fields[f];
    for (let i = 0; i < c.terms.size; i++) {
      const key = postingKey(f, c.terms.term(i));
      if (seen.has(key)) continue;
      seen.add(key);
      const from = c.starts[i];
      const to = c.starts[i + 1];
      const ids = new Uint32Array(to - from);
      for (let k = from; k < to; k++) ids[k - from] = numbers[c.ids[k]];
      yield copyRow([docId, key, bytea(ids), bytea(c.tfs.subarray(from, to))]);
    }
  }
}
