import { growU32, withRoom } from '../util/growable.js';
import { radixOrder } from '../util/radix-order.js';
import { TupleIds } from '../util/tuple-ids.js';
import { Heap } from '../util/heap.js';
import { KEY_JOIN, type Spellings, type Vocabulary, type VocabularyList } from './phrase-table.js';

// The write side of the vocabulary: counting spellings while paragraphs are indexed, then finishing
// and encoding the three lists (the read side, for queries, is phrase-table.ts).

// Forms kept per key: words have more real homographs once folded (tế, tè, tê, tệ) than phrases do.
const MAX_FORMS = { words: 4, pairs: 2 } as const;

/** Options of VocabularyBuilder: the rarest phrases kept (defaults 2 for pairs, 3 for triples, to keep it small). */
export interface VocabularyOptions {
  minPairCount?: number;
  minTripleCount?: number;
}

/**
 * A paragraph's words as the vocabulary needs them, one entry per word (compound parts excluded): the
 * ids of its surface as written and in lower case (from VocabularyBuilder.surface), the id of its
 * folded term, and whether it is written as one phrase with the word before it (see
 * TokenizedParagraphs.joined). Arrays may be longer than the words.
 */
export interface WordSpans {
  surface: Uint32Array;
  lower: Uint32Array;
  term: Uint32Array;
  joined: Uint8Array;
}

/** The folded terms behind the ids given to VocabularyBuilder: each id's text, and its rank in code-unit order. */
export interface TermNames {
  term(id: number): string;
  ranks(): Uint32Array;
}

// One way of writing a key (a surface, or two surfaces for a pair): the surfaces of its words (ids),
// their exact forms (x term ids), its occurrences, and the occurrences that vote on case (outside
// all-capital paragraphs). Its text is put together only if it is shown.
interface Writing {
  surfaces: readonly number[];
  exact: readonly number[];
  count: number;
  votes: number;
}

// A form of a key kept in the vocabulary: its occurrences, and the writing it is shown as.
interface Form {
  count: number;
  shown: Writing;
}

// The forms of a key from its writings: forms by count, each shown as it is written with most votes;
// on a tie, as the tone placement (the writing in lower case) with most votes in the form is written
// (`Ủy` and `ủy` outvote `Uỷ`), then first in code-unit order of the text (`surfaces` gives each
// surface id's text). Never the writing seen first: a key's entry then depends on its counts alone,
// not on the order of the files, so that an incremental run can work it out from the counts of the
// keys it changes (vocabulary-patch.ts) and give what a full rebuild gives. A second form seen once is
// as likely a typo as a spelling worth offering. Most keys are written one way only, which needs no
// grouping.
function keptForms(unordered: readonly Writing[], maxForms: number, surfaces: readonly string[]): Form[] {
  if (unordered.length === 1) return [{ count: unordered[0].count, shown: unordered[0] }];
  const writings = [...unordered].sort((x, y) => compareWritings(x, y, surfaces));
  const forms = new Map<string | number, { count: number; writings: Writing[]; order: number }>();
  for (const w of writings) {
    const key = w.exact.length === 1 ? w.exact[0] : w.exact.join(' ');
    const f = forms.get(key);
    if (!f) forms.set(key, { count: w.count, writings: [w], order: forms.size });
    else {
      f.count += w.count;
      f.writings.push(w);
    }
  }
  return [...forms.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .filter((f, i) => i === 0 || f.count >= 2)
    .slice(0, maxForms)
    .map((f) => ({ count: f.count, shown: shownWriting(f.writings, surfaces) }));
}

// The writing a form is shown as (see keptForms()); `writings` are in code-unit order.
function shownWriting(writings: readonly Writing[], surfaces: readonly string[]): Writing {
  if (writings.length === 1) return writings[0];
  const lower = (w: Writing) => w.surfaces.map((s) => surfaces[s].toLowerCase()).join(' ');
  const placementVotes = new Map<string, number>();
  for (const w of writings) placementVotes.set(lower(w), (placementVotes.get(lower(w)) ?? 0) + w.votes);
  let shown = writings[0];
  for (const w of writings) {
    if (w.votes > shown.votes || (w.votes === shown.votes && (placementVotes.get(lower(w)) as number) > (placementVotes.get(lower(shown)) as number))) shown = w;
  }
  return shown;
}

// Code-unit order of two writings' texts, word by word.
function compareWritings(x: Writing, y: Writing, surfaces: readonly string[]): number {
  for (let i = 0; i < x.surfaces.length; i++) {
    const a = surfaces[x.surfaces[i]];
    const b = surfaces[y.surfaces[i]];
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

// Lists of members per group, as typed arrays: first[g] and next[m], members in ascending order.
function groupMembers(groupOf: (m: number) => number, members: number, groups: number): { first: Int32Array; next: Int32Array } {
  const first = new Int32Array(groups).fill(-1);
  const next = new Int32Array(members).fill(-1);
  for (let m = members - 1; m >= 0; m--) {
    const g = groupOf(m);
    if (g < 0) continue;
    next[m] = first[g];
    first[g] = m;
  }
  return { first, next };
}

/**
 * What finishing a vocabulary takes, as strings and typed arrays only (VocabularyBuilder.parts()):
 * what crosses to another thread when the vocabulary is finished there.
 */
export interface VocabularyParts {
  options: VocabularyOptions;
  /** Surfaces by id, and per surface id its folded term and exact form (term ids). */
  surfaces: string[];
  surfaceTerm: Uint32Array;
  surfaceExact: Uint32Array;
  /** Per surface id (at least as many as surfaces; zeros for the uncounted). */
  wordCount: Uint32Array;
  wordVotes: Uint32Array;
  /** Surface pairs by id, two surface ids each, and per pair id its counts. */
  pairs: Uint32Array;
  pairCount: Uint32Array;
  pairVotes: Uint32Array;
  /** Three-word runs by id, three folded term ids each, and per run id its count. */
  triples: Uint32Array;
  tripleCount: Uint32Array;
}

/** The TermNames of folded terms listed by id, with their ranks in code-unit order. */
export function termNames(terms: readonly string[], rank: Uint32Array): TermNames {
  return { term: (id) => terms[id], ranks: () => rank };
}

/** The vocabulary as it is stored: JSON, in UTF-8. */
export function encodeVocabulary(vocabulary: Vocabulary): Uint8Array {
  return Buffer.from(JSON.stringify(vocabulary));
}

/**
 * Counts the spellings of words, and of word pairs and three-word runs written as one phrase, a
 * paragraph at a time. Everything is counted under integer ids (surfaces, folded terms) so that an
 * occurrence builds no string; keys and spellings are put together once, in finish().
 */
export class VocabularyBuilder {
  private readonly surfaceIds = new Map<string, number>();
  private readonly surfaces: string[] = [];
  private readonly surfaceTerm = growU32();
  private readonly surfaceExact = growU32();
  // Counts by id, as plain arrays with room for every id given out (zeros past the last counted).
  private wordCount = new Uint32Array(1 << 12);
  private wordVotes = new Uint32Array(1 << 12);
  private readonly pairs = new TupleIds(2, 1 << 16);
  private pairCount = new Uint32Array(1 << 16);
  private pairVotes = new Uint32Array(1 << 16);
  // Three-word runs are counted by folded terms alone (there are several times more of them than
  // pairs); their spelling is put together from the spellings of their two pairs at the end.
  private readonly triples = new TupleIds(3, 1 << 16);
  private tripleCount = new Uint32Array(1 << 16);
  private handedOver = false;

  constructor(private readonly options: VocabularyOptions = {}) {}

  /** Id of a surface (NFC, as written or lower-cased), given the ids of its folded term and exact form. */
  surface(text: string, term: number, exact: number): number {
    let id = this.surfaceIds.get(text);
    if (id === undefined) {
      id = this.surfaces.length;
      this.surfaceIds.set(text, id);
      this.surfaces.push(text);
      this.surfaceTerm.push(term);
      this.surfaceExact.push(exact);
      if (id >= this.wordCount.length) {
        this.wordCount = withRoom(this.wordCount, id + 1);
        this.wordVotes = withRoom(this.wordVotes, id + 1);
      }
    }
    return id;
  }

  /** Counts the first `n` words of a paragraph; `caseless` when it is written in capitals only (isCaseless()). */
  add(words: WordSpans, n: number, caseless: boolean): void {
    if (this.handedOver) throw new Error('VocabularyBuilder: its arrays were handed over by parts()');
    const vote = caseless ? 0 : 1;
    const surface = caseless ? words.lower : words.surface;
    const { wordCount, wordVotes } = this;
    // Index of the first word of the current run of words written as one phrase.
    let run = 0;
    for (let i = 0; i < n; i++) {
      const s = surface[i];
      wordCount[s]++;
      wordVotes[s] += vote;
      if (i === 0 || !words.joined[i]) {
        run = i;
        continue;
      }
      const p = this.pairs.id(surface[i - 1], s);
      if (p >= this.pairCount.length) {
        this.pairCount = withRoom(this.pairCount, p + 1);
        this.pairVotes = withRoom(this.pairVotes, p + 1);
      }
      this.pairCount[p]++;
      this.pairVotes[p] += vote;
      if (i - run >= 2) {
        const r = this.triples.id(words.term[i - 2], words.term[i - 1], words.term[i]);
        if (r >= this.tripleCount.length) this.tripleCount = withRoom(this.tripleCount, r + 1);
        this.tripleCount[r]++;
      }
    }
  }

  /** The vocabulary of everything added; `names` turns the folded term ids back into text. */
  finish(names: TermNames): Vocabulary {
    return finishVocabulary(this.parts(), names);
  }

  /**
   * What finishing takes (see finishVocabulary()), as views of the builder's own arrays, which
   * postMessage may then transfer: the builder is done with.
   */
  parts(): VocabularyParts {
    if (this.handedOver) throw new Error('VocabularyBuilder: its arrays were handed over by parts()');
    this.handedOver = true;
    return {
      options: this.options,
      surfaces: this.surfaces,
      surfaceTerm: this.surfaceTerm.view(),
      surfaceExact: this.surfaceExact.view(),
      wordCount: this.wordCount,
      wordVotes: this.wordVotes,
      pairs: this.pairs.keys(),
      pairCount: this.pairCount,
      pairVotes: this.pairVotes,
      triples: this.triples.keys(),
      tripleCount: this.tripleCount,
    };
  }
}

/** The vocabulary counted in `parts`; `names` turns the folded term ids back into text. */
export function finishVocabulary(parts: VocabularyParts, names: TermNames): Vocabulary {
  const sink = new ListSink(names, parts.surfaces);
  finishInto(parts, names, sink);
  return sink.vocabulary;
}

/**
 * As finishVocabulary(), encoded as stored (the bytes of encodeVocabulary()), written entry by entry:
 * a gazette's vocabulary is 300,000 entries, and building them as arrays and strings only to
 * stringify them took most of the time, and the collector's.
 */
export function finishVocabularyEncoded(parts: VocabularyParts, names: TermNames): Uint8Array {
  const sink = new JsonSink(names, parts.surfaces);
  finishInto(parts, names, sink);
  return sink.bytes();
}

// One spelling of an entry: the surfaces of its words, and its occurrences.
interface Spelled {
  surfaces: readonly number[];
  count: number;
}

// Where finishInto() puts the entries: list by list, in key order. A key is folded term ids (joined
// by KEY_JOIN), a spelling surface ids (joined by spaces).
interface VocabularySink {
  list(name: keyof Vocabulary): void;
  entry(key: readonly number[], spellings: readonly Spelled[]): void;
}

// Builds the Vocabulary object.
class ListSink implements VocabularySink {
  readonly vocabulary: Vocabulary = { words: [], pairs: [], triples: [] };
  private current: VocabularyList = this.vocabulary.words;

  constructor(
    private readonly names: TermNames,
    private readonly surfaces: readonly string[],
  ) {}

  list(name: keyof Vocabulary): void {
    this.current = this.vocabulary[name];
  }

  entry(key: readonly number[], spellings: readonly Spelled[]): void {
    this.current.push([key.map((t) => this.names.term(t)).join(KEY_JOIN), spellings.map((s) => [s.surfaces.map((id) => this.surfaces[id]).join(' '), s.count])]);
  }
}

// Characters JSON.stringify writes escaped: quote, backslash, controls, and (lone) surrogates.
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

// Writes the JSON of the Vocabulary object straight into UTF-8 bytes, as JSON.stringify would.
class JsonSink implements VocabularySink {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private at = 0;
  private pending = '';
  private lists = 0;
  private entries = 0;

  constructor(
    private readonly names: TermNames,
    private readonly surfaces: readonly string[],
  ) {}

  list(name: keyof Vocabulary): void {
    this.raw(this.lists++ === 0 ? `{"${name}":[` : `],"${name}":[`);
    this.entries = 0;
  }

  entry(key: readonly number[], spellings: readonly Spelled[]): void {
    this.raw(this.entries++ === 0 ? '["' : ',["');
    key.forEach((t, k) => {
      if (k) this.raw(KEY_JOIN);
      this.text(this.names.term(t));
    });
    this.raw('",[');
    spellings.forEach((s, k) => {
      this.raw(k ? ',["' : '["');
      s.surfaces.forEach((id, j) => {
        if (j) this.raw(' ');
        this.text(this.surfaces[id]);
      });
      this.raw(`",${s.count}]`);
    });
    this.raw(']]');
  }

  /** The bytes written, closed; the array owns its buffer (it may be transferred). */
  bytes(): Uint8Array {
    this.raw(this.lists ? ']}' : '{}');
    this.flush();
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
  }

  // A string's characters inside a JSON string literal.
  private text(s: string): void {
    this.raw(JSON_ESCAPED.test(s) ? JSON.stringify(s).slice(1, -1) : s);
  }

  // Pieces are joined in a string and encoded some 64 KB at a time: encoding each one alone cost
  // more than making the pieces.
  private raw(s: string): void {
    this.pending += s;
    if (this.pending.length > 1 << 16) this.flush();
  }

  private flush(): void {
    const s = this.pending;
    this.pending = '';
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    if (this.at + s.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + s.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(s, this.at);
  }
}

// The entries of the vocabulary counted in `parts`, into `sink`.
function finishInto(parts: VocabularyParts, names: TermNames, sink: VocabularySink): void {
  const rank = names.ranks();
  const termOf = parts.surfaceTerm;
  const exactOf = parts.surfaceExact;
  const surfaces = parts.surfaces;
  const pairKeys = parts.pairs;
  const pairsSize = pairKeys.length / 2;
  const tripleKeys = parts.triples;
  const triplesSize = tripleKeys.length / 3;
  const spellingsOf = (forms: readonly Form[]): Spelled[] => forms.map((f) => ({ surfaces: f.shown.surfaces, count: f.count }));

  // Words: the surfaces seen, grouped by folded term, in the terms' order.
  const wordCount = parts.wordCount;
  sink.list('words');
  const byTerm = groupMembers((s) => (wordCount[s] > 0 ? termOf[s] : -1), surfaces.length, rank.length);
  const wordTerms = [...byTerm.first.keys()].filter((t) => byTerm.first[t] >= 0).sort((a, b) => rank[a] - rank[b]);
  for (const t of wordTerms) {
    const ws: Writing[] = [];
    for (let s = byTerm.first[t]; s >= 0; s = byTerm.next[s]) ws.push({ surfaces: [s], exact: [exactOf[s]], count: wordCount[s], votes: parts.wordVotes[s] });
    sink.entry([t], spellingsOf(keptForms(ws, MAX_FORMS.words, surfaces)));
  }

  // Pairs: grouped by their two folded terms; groups seen fewer than minPairCount times are dropped.
  const pairCount = parts.pairCount;
  const pairTerms = new TupleIds(2, pairsSize);
  const groupOf = new Int32Array(pairsSize);
  const groupCount = growU32();
  for (let p = 0; p < pairsSize; p++) {
    const g = pairTerms.id(termOf[pairKeys[p * 2]], termOf[pairKeys[p * 2 + 1]]);
    groupOf[p] = g;
    groupCount.add(g, pairCount[p]);
  }
  const minPair = parts.options.minPairCount ?? 2;
  const kept = (g: number) => groupCount.get(g) >= minPair;
  const byPair = groupMembers((p) => (kept(groupOf[p]) ? groupOf[p] : -1), pairsSize, pairTerms.size);
  const pairGroups: number[] = [];
  for (let g = 0; g < pairTerms.size; g++) if (kept(g)) pairGroups.push(g);
  // In the order of their terms, which is the code-unit order of the keys 'a+b': '+' sorts below
  // every character a term can hold (letters, digits, marks and . , / -).
  const pairOrder = radixOrder(pairGroups.length, rank.length, 2, (i, j) => rank[pairTerms.at(pairGroups[i], j)]);
  // Filled in key order, not group order: made full length so that it stays a plain array.
  const pairForms: (Form[] | undefined)[] = new Array<Form[] | undefined>(pairTerms.size).fill(undefined);
  sink.list('pairs');
  for (const i of pairOrder) {
    const g = pairGroups[i];
    const ws: Writing[] = [];
    for (let p = byPair.first[g]; p >= 0; p = byPair.next[p]) {
      const a = pairKeys[p * 2];
      const b = pairKeys[p * 2 + 1];
      ws.push({ surfaces: [a, b], exact: [exactOf[a], exactOf[b]], count: pairCount[p], votes: parts.pairVotes[p] });
    }
    const forms = keptForms(ws, MAX_FORMS.pairs, surfaces);
    pairForms[g] = forms;
    sink.entry([pairTerms.at(g, 0), pairTerms.at(g, 1)], spellingsOf(forms));
  }

  // Triples seen at least minTripleCount times, spelled from their pairs: the first pair, then the
  // last word of the second pair, in forms that agree on the middle word.
  const minTriple = parts.options.minTripleCount ?? 3;
  const tripleCount = parts.tripleCount;
  const frequent: number[] = [];
  for (let r = 0; r < triplesSize; r++) if (tripleCount[r] >= minTriple) frequent.push(r);
  const spelling = (first: readonly Form[] | undefined, second: readonly Form[] | undefined): readonly number[] | undefined => {
    if (!first || !second) return undefined;
    for (const f of first) {
      for (const g of second) if (g.shown.exact[0] === f.shown.exact[1]) return [f.shown.surfaces[0], f.shown.surfaces[1], g.shown.surfaces[1]];
    }
    return undefined;
  };
  sink.list('triples');
  for (const i of radixOrder(frequent.length, rank.length, 3, (i, j) => rank[tripleKeys[frequent[i] * 3 + j]])) {
    const r = frequent[i];
    const a = tripleKeys[r * 3];
    const b = tripleKeys[r * 3 + 1];
    const c = tripleKeys[r * 3 + 2];
    const spelled = spelling(pairForms[pairTerms.find(a, b)], pairForms[pairTerms.find(b, c)]);
    if (spelled) sink.entry([a, b, c], [{ surfaces: spelled, count: tripleCount[r] }]);
  }
}
