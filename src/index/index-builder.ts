import { bigram, FIELDS, type FieldName } from './fields.js';
import { finishIndex, indexFromArrays, pairRanks, termRanks, type FieldParts, type IndexParts } from './finish-index.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { growU16, growU32, type Growable } from '../util/growable.js';
import { TupleIds } from '../util/tuple-ids.js';

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
  // The pair field's terms when pair() gives them as pairs of folded term ids: a pair's string is then
  // made only when asked for, and the field sorts by the ranks of its two words.
  private pairs?: TupleIds;
  private handedOver = false;

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
      if (field === 'b' && this.pairs) throw new Error("IndexBuilder: the pair field's terms come from pair() or intern(), not both");
      id = b.terms.length;
      b.ids.set(term, id);
      b.terms.push(term);
      b.seenIn.push(0);
      b.entryAt.push(0);
    }
    return id;
  }

  /**
   * Id of the pair field's term for two folded terms (ids of field f): the same term as
   * intern('b', bigram(a, b)), found by integer ids. A corpus has a few hundred thousand distinct
   * pairs and millions of occurrences; none of them builds a string here.
   */
  pair(a: number, b: number): number {
    const build = this.build.b;
    if (!this.pairs) {
      if (build.terms.length) throw new Error("IndexBuilder: the pair field's terms come from pair() or intern(), not both");
      this.pairs = new TupleIds(2, 1 << 16);
    }
    const id = this.pairs.id(a, b);
    if (id === build.seenIn.length) {
      build.seenIn.push(0);
      build.entryAt.push(0);
    }
    return id;
  }

  /** Term of a field by id. */
  term(field: FieldName, id: number): string {
    const pairs = field === 'b' ? this.pairs : undefined;
    if (!pairs) return this.build[field].terms[id];
    return bigram(this.term('f', pairs.at(id, 0)), this.term('f', pairs.at(id, 1)));
  }

  // Number of terms of a field.
  private termCount(field: FieldName): number {
    return field === 'b' && this.pairs ? this.pairs.size : this.build[field].terms.length;
  }

  /** Adds the next paragraph's terms per field (repeats count as term frequency); returns its number. */
  add(terms: Readonly<Record<FieldName, readonly string[]>>): number {
    const ids = {} as Record<FieldName, Uint32Array>;
    for (const f of FIELDS) ids[f] = Uint32Array.from(terms[f], (t) => this.intern(f, t));
    return this.addIds(ids);
  }

  /** As add(), with the terms given as ids from intern(). */
  addIds(ids: Readonly<Record<FieldName, ArrayLike<number>>>): number {
    if (this.handedOver) throw new Error('IndexBuilder: its arrays were handed over by parts()');
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
    const pairs = field === 'b' ? this.pairs : undefined;
    if (b.rank?.length !== this.termCount(field)) b.rank = pairs ? pairRanks(pairs.keys(), this.ranks('f')) : termRanks(b.terms);
    return b.rank;
  }

  /**
   * What finishing the index takes (see finishIndex()), as views of the builder's own arrays, which
   * postMessage may then transfer (copying them cost more than finishing): the builder is done with.
   */
  parts(): IndexParts {
    if (this.handedOver) throw new Error('IndexBuilder: its arrays were handed over by parts()');
    this.handedOver = true;
    const fields = {} as Record<FieldName, FieldParts>;
    for (const f of FIELDS) {
      const b = this.build[f];
      const pairs = f === 'b' ? this.pairs : undefined;
      fields[f] = {
        terms: b.terms,
        pairs: pairs?.keys(),
        entryTerm: b.entryTerm.view(),
        entryParagraph: b.entryParagraph.view(),
        entryTf: b.entryTf.view(),
        lengths: b.lengths.view(),
        // A copy (a few hundred kilobytes): the vocabulary still reads the word ranks here.
        rank: b.rank?.length === this.termCount(f) ? b.rank.slice() : undefined,
      };
    }
    return { count: this.count, fields };
  }

  /** The finished index: terms sorted, each term's postings contiguous and in paragraph order (once). */
  finish(): ParagraphIndex {
    return indexFromArrays(finishIndex(this.parts()));
  }
}
