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
}

const MAX_TF = 0xffff;

/** Builds the paragraph index in one pass: add each paragraph's terms in paragraph order, then finish(). */
export class IndexBuilder {
  private readonly build: Record<FieldName, FieldBuild>;
  private count = 0;
  // Scratch for one paragraph's term ids, reused so that adding allocates nothing per paragraph.
  private scratch = new Uint32Array(1024);

  constructor() {
    this.build = {} as Record<FieldName, FieldBuild>;
    for (const f of FIELDS) {
      this.build[f] = { ids: new Map(), terms: [], entryTerm: growU32(1 << 16), entryParagraph: growU32(1 << 16), entryTf: growU16(1 << 16), lengths: growU32(1 << 12) };
    }
  }

  /** Number of paragraphs added so far (the next paragraph's number). */
  get size(): number {
    return this.count;
  }

  /** Adds the next paragraph's terms per field (repeats count as term frequency); returns its number. */
  add(terms: Readonly<Record<FieldName, readonly string[]>>): number {
    const n = this.count++;
    for (const f of FIELDS) {
      const b = this.build[f];
      const list = terms[f];
      b.lengths.push(list.length);
      if (this.scratch.length < list.length) this.scratch = new Uint32Array(list.length * 2);
      const ids = this.scratch.subarray(0, list.length);
      for (let i = 0; i < list.length; i++) {
        let id = b.ids.get(list[i]);
        if (id === undefined) {
          id = b.terms.length;
          b.ids.set(list[i], id);
          b.terms.push(list[i]);
        }
        ids[i] = id;
      }
      ids.sort();
      for (let i = 0; i < ids.length; ) {
        let j = i + 1;
        while (j < ids.length && ids[j] === ids[i]) j++;
        b.entryTerm.push(ids[i]);
        b.entryParagraph.push(n);
        b.entryTf.push(Math.min(MAX_TF, j - i));
        i = j;
      }
    }
    return n;
  }

  /** The finished index: terms sorted, each term's postings contiguous and in paragraph order. */
  finish(): ParagraphIndex {
    const fields = {} as Record<FieldName, FieldColumns>;
    for (const f of FIELDS) {
      const b = this.build[f];
      const order = b.terms.map((_, i) => i).sort((x, y) => (b.terms[x] < b.terms[y] ? -1 : b.terms[x] > b.terms[y] ? 1 : 0));
      const rank = new Uint32Array(order.length);
      order.forEach((id, r) => (rank[id] = r));
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
      fields[f] = { terms: TermTable.fromSorted(order.map((id) => b.terms[id])), starts, ids, tfs, lengths: b.lengths.view().slice() };
    }
    return new ParagraphIndex(this.count, fields);
  }
}
