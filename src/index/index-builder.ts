import { FIELDS, type FieldName } from './fields.js';
import { ParagraphIndex, type FieldColumns } from './paragraph-index.js';
import { TermTable } from './term-table.js';
import { growU16, growU32, type Growable } from '../util/growable.js';

// Postings of one field while building: one entry (term id, paragraph, frequency) per distinct term of
// a paragraph, in paragraph order. Term ids are in order of first sight until finish() sorts the terms.
interface FieldBuild {
  ids: Map<string, number>;
  terms: string[];
  entryTerm: Growable<Uint32Array>;
  entryParagraph: Growable<Uint32Array>;
  entryTf: Growable<Uint16Array>;
  lengths: Growable<Uint32Array>;
  // Per term id: 1 + the last paragraph it was seen in, and its entry there, so that a repeat in the
  // same paragraph adds to that entry's frequency with no sorting of the paragraph's terms.
  seenIn: Growable<Uint32Array>;
  entryAt: Growable<Uint32Array>;
  rank?: Uint32Array;
}

const MAX_TF = 0xffff;

/** Builds the paragraph index in one pass: add each paragraph's terms in paragraph order, then finish(). */
export class IndexBuilder {
  private readonly build: Record<FieldName, FieldBuild>;
  private count = 0;

  constructor() {
    this.build = {} as Record<FieldName, FieldBuild>;
    for (const f of FIELDS) {
      this.build[f] = { ids: new Map(), terms: [], entryTerm: growU32(1 << 16), entryParagraph: growU32(1 << 16), entryTf: growU16(1 << 16), lengths: growU32(1 << 12), seenIn: growU32(1 << 12), entryAt: growU32(1 << 12) };
    }
  }

  /** Number of paragraphs added so far (the next paragraph's number). */
  get size(): number {
    return this.count;
  }

  /** Id of a term of a field, given in order of first sight. */
  intern(field: FieldName, term: string): number {
    const b = this.build[field];
    let id = b.ids.get(term);
    if (id === undefined) {
      id = b.terms.length;
      b.ids.set(term, id);
      b.terms.push(term);
      b.seenIn.push(0);
      b.entryAt.push(0);
    }
    return id;
  }

  /** Term of a field by id. */
  term(field: FieldName, id: number): string {
    return this.build[field].terms[id];
  }

  /** Adds the next paragraph's terms per field (repeats count as term frequency); returns its number. */
  add(terms: Readonly<Record<FieldName, readonly string[]>>): number {
    const ids = {} as Record<FieldName, Uint32Array>;
    for (const f of FIELDS) ids[f] = Uint32Array.from(terms[f], (t) => this.intern(f, t));
    return this.addIds(ids);
  }

  /** As add(), with the terms given as ids from intern(). */
  addIds(ids: Readonly<Record<FieldName, ArrayLike<number>>>): number {
    const n = this.count++;
    for (const f of FIELDS) {
      const b = this.build[f];
      const list = ids[f];
      b.lengths.push(list.length);
      for (let i = 0; i < list.length; i++) {
        const id = list[i];
        if (b.seenIn.get(id) === n + 1) {
          const e = b.entryAt.get(id);
          if (b.entryTf.get(e) < MAX_TF) b.entryTf.add(e, 1);
          continue;
        }
        b.seenIn.set(id, n + 1);
        b.entryAt.set(id, b.entryTerm.length);
        b.entryTerm.push(id);
        b.entryParagraph.push(n);
        b.entryTf.push(1);
      }
    }
    return n;
  }

  /** Rank of each term id of a field in code-unit order of the terms (computed once, after the last add). */
  ranks(field: FieldName): Uint32Array {
    const b = this.build[field];
    if (b.rank?.length !== b.terms.length) {
      const order = b.terms.map((_, i) => i).sort((x, y) => (b.terms[x] < b.terms[y] ? -1 : b.terms[x] > b.terms[y] ? 1 : 0));
      b.rank = new Uint32Array(order.length);
      order.forEach((id, r) => ((b.rank as Uint32Array)[id] = r));
    }
    return b.rank;
  }

  /** The finished index: terms sorted, each term's postings contiguous and in paragraph order. */
  finish(): ParagraphIndex {
    const fields = {} as Record<FieldName, FieldColumns>;
    for (const f of FIELDS) {
      const b = this.build[f];
      const rank = this.ranks(f);
      const order = new Uint32Array(rank.length);
      rank.forEach((r, id) => (order[r] = id));
      // Counting sort by term rank; entries arrive in paragraph order, so each list comes out sorted.
      const termOf = b.entryTerm.view();
      const starts = new Uint32Array(order.length + 1);
      for (let e = 0; e < termOf.length; e++) starts[rank[termOf[e]] + 1]++;
      for (let r = 0; r < order.length; r++) starts[r + 1] += starts[r];
      const fill = starts.slice(0, order.length);
      const ids = new Uint32Array(termOf.length);
      const tfs = new Uint16Array(termOf.length);
      const paragraphOf = b.entryParagraph.view();
      const tfOf = b.entryTf.view();
      for (let e = 0; e < termOf.length; e++) {
        const at = fill[rank[termOf[e]]]++;
        ids[at] = paragraphOf[e];
        tfs[at] = tfOf[e];
      }
      fields[f] = { terms: TermTable.fromSorted(Array.from(order, (id) => b.terms[id])), starts, ids, tfs, lengths: b.lengths.view().slice() };
    }
    return new ParagraphIndex(this.count, fields);
  }
}
