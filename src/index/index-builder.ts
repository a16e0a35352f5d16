import { bigram, FIELDS, FOLDED, PAIR, type FieldName } from './fields.js';
import { finishIndex, indexFromArrays, pairRanks, termRanks, type FieldParts, type IndexParts } from './finish-index.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { growU32, withRoom, type Growable } from '../util/growable.js';
import { TupleIds } from '../util/tuple-ids.js';

// Postings of one field while building: one entry (term id, frequency) per distinct term of a
// paragraph, in paragraph order, and the number of entries of each paragraph (which gives each entry's
// paragraph without a column of 4 bytes per entry). Term ids are in order of first sight until
// finish() sorts the terms.
interface FieldBuild {
  ids: Map<string, number>;
  terms: string[];
  // The entries are plain arrays and a count, written in addIds' loop without a call per value.
  entryTerm: Uint32Array;
  entryTf: Uint16Array;
  entries: number;
  entryCounts: Growable<Uint32Array>;
  lengths: Growable<Uint32Array>;
  // Number of term ids given out so far; seenIn and entryAt have room for at least that many.
  known: number;
  // Per term id: 1 + the last paragraph it was seen in, and its entry there, so that a repeat in the
  // same paragraph adds to that entry's frequency with no sorting of the paragraph's terms.
  seenIn: Uint32Array;
  entryAt: Uint32Array;
  rank?: Uint32Array;
}

const MAX_TF = 0xffff;

// Gives a field's next term id its place in the per-term arrays.
function newTerm(b: FieldBuild): void {
  b.known++;
  if (b.known > b.seenIn.length) {
    b.seenIn = withRoom(b.seenIn, b.known);
    b.entryAt = withRoom(b.entryAt, b.known);
  }
}

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
      this.build[f] = {
        ids: new Map(),
        terms: [],
        entryTerm: new Uint32Array(1 << 16),
        entryTf: new Uint16Array(1 << 16),
        entries: 0,
        entryCounts: growU32(1 << 12),
        lengths: growU32(1 << 12),
        known: 0,
        seenIn: new Uint32Array(1 << 12),
        entryAt: new Uint32Array(1 << 12),
      };
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
      if (field === PAIR && this.pairs) throw new Error("IndexBuilder: the pair field's terms come from pair() or intern(), not both");
      id = b.terms.length;
      b.ids.set(term, id);
      b.terms.push(term);
      newTerm(b);
    }
    return id;
  }

  /**
   * Id of the pair field's term for two folded terms (ids of field f): the same term as
   * intern(PAIR, bigram(a, b)), found by integer ids. A corpus has a few hundred thousand distinct
   * pairs and millions of occurrences; none of them builds a string here.
   */
  pair(a: number, b: number): number {
    const build = this.build.b;
    if (!this.pairs) {
      if (build.terms.length) throw new Error("IndexBuilder: the pair field's terms come from pair() or intern(), not both");
      this.pairs = new TupleIds(2, 1 << 16);
    }
    const id = this.pairs.id(a, b);
    if (id === build.known) newTerm(build);
    return id;
  }

  /** Terms of a field by id (not the pair field when pair() gave its terms). */
  terms(field: FieldName): string[] {
    if (field === PAIR && this.pairs) throw new Error("IndexBuilder: the pair field's terms are pairs of ids, not a list");
    return this.build[field].terms;
  }

  /** Term of a field by id. */
  term(field: FieldName, id: number): string {
    const pairs = field === PAIR ? this.pairs : undefined;
    if (!pairs) return this.build[field].terms[id];
    return bigram(this.term(FOLDED, pairs.at(id, 0)), this.term(FOLDED, pairs.at(id, 1)));
  }

  // Number of terms of a field.
  private termCount(field: FieldName): number {
    return this.build[field].known;
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
    const mark = n + 1;
    for (const f of FIELDS) {
      const b = this.build[f];
      const list = ids[f];
      const m = list.length;
      b.lengths.push(m);
      // At most one entry per term of the paragraph: room for all of them, once.
      if (b.entries + m > b.entryTerm.length) {
        b.entryTerm = withRoom(b.entryTerm, b.entries + m);
        b.entryTf = withRoom(b.entryTf, b.entries + m);
      }
      const { entryTerm, entryTf, seenIn, entryAt, known } = b;
      const first = b.entries;
      let e = first;
      for (let i = 0; i < m; i++) {
        const id = list[i];
        if (id >= known) throw new RangeError(`IndexBuilder: term id ${id} of field ${f} was not given by intern() or pair()`);
        if (seenIn[id] === mark) {
          const at = entryAt[id];
          if (entryTf[at] < MAX_TF) entryTf[at]++;
          continue;
        }
        seenIn[id] = mark;
        entryAt[id] = e;
        entryTerm[e] = id;
        entryTf[e] = 1;
        e++;
      }
      b.entries = e;
      b.entryCounts.push(e - first);
    }
    return n;
  }

  /** Rank of each term id of a field in code-unit order of the terms (computed once, after the last add). */
  ranks(field: FieldName): Uint32Array {
    const b = this.build[field];
    const pairs = field === PAIR ? this.pairs : undefined;
    if (b.rank?.length !== this.termCount(field)) b.rank = pairs ? pairRanks(pairs.keys(), this.ranks(FOLDED)) : termRanks(b.terms);
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
      const pairs = f === PAIR ? this.pairs : undefined;
      fields[f] = {
        terms: b.terms,
        pairs: pairs?.keys(),
        entryTerm: b.entryTerm.subarray(0, b.entries),
        entryTf: b.entryTf.subarray(0, b.entries),
        entryCounts: b.entryCounts.view(),
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
