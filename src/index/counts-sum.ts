// Adding and taking away vocabulary counts as a whole: the collection's counts in PostgreSQL are those
// it held plus the counts of the documents a load added, less those of the documents it removed, and
// its vocabulary is finished from the sum (src/store/postgres/vocabulary-changes.ts).
import { finishVocabularyEncoded, type TermNames, type VocabularyOptions, type VocabularyParts } from './vocabulary-builder.js';
import { codeUnitOrder, VocabularyCounts, type PartNames } from './vocabulary-counts.js';
import { CountsMismatchError } from './vocabulary-patch.js';
import { Interner } from '../util/interner.js';

/** Counts with the sign they are taken with: +1 to add them, -1 to take them away. */
export type SignedCounts = readonly [VocabularyCounts, number];

// A growable column of signed counts, indexed by id.
class Tally {
  values = new Float64Array(1024);

  add(id: number, n: number): void {
    if (id >= this.values.length) {
      const grown = new Float64Array(Math.max(id + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[id] += n;
  }

  // The first `length` values as counts; throws when one went below zero (counts taken away that were never added).
  counts(length: number): Uint32Array {
    const out = new Uint32Array(length);
    for (let i = 0; i < length; i++) {
      const v = this.values[i] ?? 0;
      if (v < 0) throw new CountsMismatchError('vocabulary counts: more taken away than was added');
      out[i] = v;
    }
    return out;
  }
}

/**
 * The sum of signed counts, as counts of their own (entries whose sum is zero are left out). Each source
 * is read once; strings are matched by text, so sources of different builds add up.
 */
export function sumCounts(sources: readonly SignedCounts[]): VocabularyCounts {
  const terms = new Interner();
  const exacts = new Interner();
  const surfaces = new Interner();
  const surfaceTerm: number[] = [];
  const surfaceExact: number[] = [];
  const [wordCount, wordVotes, pairCount, pairVotes, tripleCount] = [new Tally(), new Tally(), new Tally(), new Tally(), new Tally()];
  const pairIds = new Interner();
  const pairs: number[] = [];
  const tripleIds = new Interner();
  const triples: number[] = [];
  for (const [c, sign] of sources) {
    const termOf = Array.from({ length: c.terms.size }, (_, t) => terms.id(c.terms.term(t)));
    const surfaceOf = new Uint32Array(c.surfaceCount);
    for (let s = 0; s < c.surfaceCount; s++) {
      const id = surfaces.id(c.surface(s));
      if (id === surfaceTerm.length) {
        surfaceTerm.push(termOf[c.surfaceTerm[s]]);
        surfaceExact.push(exacts.id(c.exacts.term(c.surfaceExact[s])));
      }
      surfaceOf[s] = id;
      wordCount.add(id, sign * c.wordCount[s]);
      wordVotes.add(id, sign * c.wordVotes[s]);
    }
    for (let p = 0; p < c.pairTotal; p++) {
      const a = surfaceOf[c.pairs[p * 2]];
      const b = surfaceOf[c.pairs[p * 2 + 1]];
      const id = pairIds.id(`${a},${b}`);
      if (id * 2 === pairs.length) pairs.push(a, b);
      pairCount.add(id, sign * c.pairCount[p]);
      pairVotes.add(id, sign * c.pairVotes[p]);
    }
    for (let r = 0; r < c.tripleTotal; r++) {
      const a = termOf[c.triples[r * 3]];
      const b = termOf[c.triples[r * 3 + 1]];
      const d = termOf[c.triples[r * 3 + 2]];
      const id = tripleIds.id(`${a},${b},${d}`);
      if (id * 3 === triples.length) triples.push(a, b, d);
      tripleCount.add(id, sign * c.tripleCount[r]);
    }
  }
  const rank = new Uint32Array(terms.list.length);
  terms.list
    .map((_, id) => id)
    .sort((x, y) => codeUnitOrder(terms.list[x], terms.list[y]))
    .forEach((id, r) => (rank[id] = r));
  const nSurfaces = surfaces.list.length;
  const parts: VocabularyParts = {
    options: {},
    surfaces: surfaces.list,
    surfaceTerm: Uint32Array.from(surfaceTerm),
    surfaceExact: Uint32Array.from(surfaceExact),
    wordCount: wordCount.counts(nSurfaces),
    wordVotes: wordVotes.counts(nSurfaces),
    pairs: Uint32Array.from(pairs),
    pairCount: pairCount.counts(pairs.length / 2),
    pairVotes: pairVotes.counts(pairs.length / 2),
    triples: Uint32Array.from(triples),
    tripleCount: tripleCount.counts(triples.length / 3),
  };
  const names: PartNames = { term: (id) => terms.list[id], rank, exact: (id) => exacts.list[id] };
  return VocabularyCounts.fromParts(parts, names);
}

/** Counts as the parts a vocabulary is finished from: their ids are already dense and sorted, so nothing is renumbered. */
export function countsParts(c: VocabularyCounts, options: VocabularyOptions = {}): { parts: VocabularyParts; names: TermNames } {
  const rank = Uint32Array.from({ length: c.terms.size }, (_, i) => i);
  const parts: VocabularyParts = {
    options,
    surfaces: Array.from({ length: c.surfaceCount }, (_, s) => c.surface(s)),
    surfaceTerm: c.surfaceTerm,
    surfaceExact: c.surfaceExact,
    wordCount: c.wordCount,
    wordVotes: c.wordVotes,
    pairs: c.pairs,
    pairCount: c.pairCount,
    pairVotes: c.pairVotes,
    triples: c.triples,
    tripleCount: c.tripleCount,
  };
  return { parts, names: { term: (id) => c.terms.term(id), ranks: () => rank } };
}

/** The vocabulary of counts, encoded as stored (encodeVocabulary()). */
export function finishCountsEncoded(c: VocabularyCounts, options: VocabularyOptions = {}): Uint8Array {
  const { parts, names } = countsParts(c, options);
  return finishVocabularyEncoded(parts, names);
}
