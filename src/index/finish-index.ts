import { bigram, FIELDS, FOLDED, type FieldName } from './fields.js';
import { ParagraphIndex, type FieldColumns } from './paragraph-index.js';
import { TermTable } from './term-table.js';
import { radixOrder } from '../util/radix-order.js';

/** One field of an index being built, as IndexBuilder.parts() hands it over. */
export interface FieldParts {
  /** Terms by id; empty for a pair field given as `pairs`. */
  terms: string[];
  /** For the pair field built from term ids: the ids (in field f) of each term's two words, two per term. */
  pairs?: Uint32Array;
  /** One entry per distinct term of a paragraph, in paragraph order: its term id and frequency. */
  entryTerm: Uint32Array;
  entryTf: Uint16Array;
  /** Number of entries of each paragraph, which says whose each entry is. */
  entryCounts: Uint32Array;
  /** Number of terms of each paragraph. */
  lengths: Uint32Array;
  /** Rank of each term id in code-unit order of the terms, when already known (termRanks()). */
  rank?: Uint32Array;
}

/**
 * Everything finishing an index takes, as strings and typed arrays only: what crosses to another
 * thread when the index is finished there while other work goes on.
 */
export interface IndexParts {
  count: number;
  fields: Record<FieldName, FieldParts>;
}

/** A finished field as typed arrays (its term table as bytes and offsets): what crosses back. */
export interface FieldArrays {
  termBytes: Uint8Array;
  termOffsets: Uint32Array;
  starts: Uint32Array;
  ids: Uint32Array;
  tfs: Uint16Array;
  lengths: Uint32Array;
}

/** A finished index as typed arrays (indexFromArrays() makes it a ParagraphIndex). */
export interface IndexArrays {
  count: number;
  fields: Record<FieldName, FieldArrays>;
}

/** Rank of each term id in code-unit order of the terms. */
export function termRanks(terms: readonly string[]): Uint32Array {
  const order = terms.map((_, i) => i).sort((x, y) => (terms[x] < terms[y] ? -1 : terms[x] > terms[y] ? 1 : 0));
  return rankOf(order);
}

/**
 * Rank of each pair term id, given the ids of its two words and their ranks (`wordRank`). The code-unit
 * order of the pair terms 'a+b' is the order of (a, b): '+' sorts below every character a term can
 * hold (letters, digits, marks and . , / -), so no string is made or compared.
 */
export function pairRanks(pairs: Uint32Array, wordRank: Uint32Array): Uint32Array {
  return rankOf(radixOrder(pairs.length / 2, wordRank.length, 2, (id, j) => wordRank[pairs[id * 2 + j]]));
}

function rankOf(order: ArrayLike<number>): Uint32Array {
  const rank = new Uint32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}

/** The finished index: terms sorted, each term's postings contiguous and in paragraph order. */
export function finishIndex(parts: IndexParts): IndexArrays {
  const wordRank = parts.fields.f.rank ?? termRanks(parts.fields.f.terms);
  const fields = {} as Record<FieldName, FieldArrays>;
  for (const f of FIELDS) {
    const p = parts.fields[f];
    const rank = f === FOLDED ? wordRank : (p.rank ?? (p.pairs ? pairRanks(p.pairs, wordRank) : termRanks(p.terms)));
    const order = new Uint32Array(rank.length);
    rank.forEach((r, id) => (order[r] = id));
    // Counting sort by term rank; entries arrive in paragraph order, so each list comes out sorted.
    const termOf = p.entryTerm;
    const starts = new Uint32Array(order.length + 1);
    for (let e = 0; e < termOf.length; e++) starts[rank[termOf[e]] + 1]++;
    for (let r = 0; r < order.length; r++) starts[r + 1] += starts[r];
    const fill = starts.slice(0, order.length);
    const ids = new Uint32Array(termOf.length);
    const tfs = new Uint16Array(termOf.length);
    const counts = p.entryCounts;
    for (let n = 0, e = 0; n < counts.length; n++) {
      for (const end = e + counts[n]; e < end; e++) {
        const at = fill[rank[termOf[e]]]++;
        ids[at] = n;
        tfs[at] = p.entryTf[e];
      }
    }
    const pairs = p.pairs;
    const words = parts.fields.f.terms;
    const term = pairs ? (id: number) => bigram(words[pairs[id * 2]], words[pairs[id * 2 + 1]]) : (id: number) => p.terms[id];
    const table = TermTable.fromSorted(Array.from(order, term));
    fields[f] = { termBytes: table.bytes, termOffsets: table.offsets, starts, ids, tfs, lengths: p.lengths };
  }
  return { count: parts.count, fields };
}

/** The ParagraphIndex of finished arrays. */
export function indexFromArrays(arrays: IndexArrays): ParagraphIndex {
  const fields = {} as Record<FieldName, FieldColumns>;
  for (const f of FIELDS) {
    const { termBytes, termOffsets, ...rest } = arrays.fields[f];
    fields[f] = { terms: new TermTable(termBytes, termOffsets), ...rest };
  }
  return new ParagraphIndex(arrays.count, fields);
}

/** The buffers of index parts or finished arrays, for postMessage's transfer list: each must own its buffer. */
export function indexBuffers(x: IndexParts | IndexArrays): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const f of FIELDS) for (const v of Object.values(x.fields[f])) if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
  return [...out];
}
