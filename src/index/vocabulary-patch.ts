import { codeUnitOrder, type VocabularyCounts } from './vocabulary-counts.js';
import { finishVocabulary, termNames, type VocabularyOptions, type VocabularyParts } from './vocabulary-builder.js';
import { KEY_JOIN, type Spellings, type Vocabulary, type VocabularyList } from './phrase-table.js';

/**
 * The entries of a vocabulary that an incremental run changes, per list: [key, spellings] for a key
 * whose entry is new or different, [key, null] for one that is gone; sorted by key in code-unit
 * order, as the lists are. Applied to the vocabulary of the main segment (applyVocabularyPatch), it
 * gives the vocabulary a full rebuild gives.
 */
export type VocabularyPatch = Record<keyof Vocabulary, [string, Spellings | null][]>;

const LISTS = ['words', 'pairs', 'triples'] as const;

/** Thrown by vocabularyPatch() when the counts given cannot be of one collection: the stored counts are damaged. */
export class CountsMismatchError extends Error {
  override name = 'CountsMismatchError';
}

// A way of writing a key, summed over the sources: its text (surfaces joined by NUL), exact forms, counts.
interface Summed {
  surfaces: string[];
  exacts: string[];
  count: number;
  votes: number;
}

// The counts given, with their sign: +1 for counts to add, -1 for counts to take away.
type Sources = readonly (readonly [VocabularyCounts, number])[];

/**
 * The entries that change when the documents counted in `added` join those counted in `main` and the
 * documents counted in `removed` (which `main` or `added` hold) leave. An entry depends only on the
 * counts of its own key, and a run's entry on the forms of its two pairs too (see keptForms() in
 * vocabulary.ts): the keys the change counts, and the runs of a pair whose forms it changes, are
 * worked out again from the sources' counts by finishVocabulary itself, so a patched vocabulary is
 * what finishing the whole would give. Costs time in proportion to the keys changed, and one pass
 * over the runs of `main` and `added` when a pair's forms change. Throws CountsMismatchError when
 * `removed` counts more than the others hold (counts that do not belong together).
 */
export function vocabularyPatch(main: VocabularyCounts, added: VocabularyCounts, removed: VocabularyCounts, options: VocabularyOptions = {}): VocabularyPatch {
  const all: Sources = [
    [main, 1],
    [added, 1],
    [removed, -1],
  ];
  // The keys the change counts.
  const words = new Set<string>();
  const pairs = new Map<string, [string, string]>();
  const triples = new Map<string, string[]>();
  for (const c of [added, removed]) {
    for (let s = 0; s < c.surfaceCount; s++) if (c.wordCount[s] > 0) words.add(c.terms.term(c.surfaceTerm[s]));
    for (let p = 0; p < c.pairTotal; p++) {
      const a = c.terms.term(c.surfaceTerm[c.pairs[p * 2]]);
      const b = c.terms.term(c.surfaceTerm[c.pairs[p * 2 + 1]]);
      pairs.set(a + KEY_JOIN + b, [a, b]);
    }
    for (let r = 0; r < c.tripleTotal; r++) {
      const t = [0, 1, 2].map((j) => c.terms.term(c.triples[r * 3 + j]));
      triples.set(t.join(KEY_JOIN), t);
    }
  }
  const now = finishKeys(all, words, pairs, new Map(), options);
  // A run is spelled from the forms of its two pairs: the runs of each pair whose forms change change too.
  const before = finishKeys([[main, 1]], new Set(), pairs, new Map(), options);
  const shown = (spellings: Spellings | undefined) => spellings?.map((s) => s[0]).join('\u0000');
  const moved = [...pairs].filter(([key]) => shown(now.pairs.get(key)) !== shown(before.pairs.get(key)));
  for (const c of [main, added]) {
    const n = c.terms.size;
    const ids = new Set<number>();
    // The first words of the moved pairs, marked: most runs are passed over on one array read.
    const first = new Uint8Array(n);
    for (const [, [a, b]] of moved) {
      const x = c.termId(a);
      const y = c.termId(b);
      if (x >= 0 && y >= 0) ids.add(x * n + y), (first[x] = 1);
    }
    if (!ids.size) continue;
    const t = c.triples;
    for (let r = 0; r < c.tripleTotal; r++) {
      const x = t[r * 3];
      const y = t[r * 3 + 1];
      const z = t[r * 3 + 2];
      if (!(first[x] && ids.has(x * n + y)) && !(first[y] && ids.has(y * n + z))) continue;
      const terms = [0, 1, 2].map((j) => c.terms.term(t[r * 3 + j]));
      triples.set(terms.join(KEY_JOIN), terms);
    }
  }
  // The runs, with their pairs in full.
  const spelledFrom = new Map<string, [string, string]>();
  for (const [a, b, c] of triples.values()) {
    spelledFrom.set(a + KEY_JOIN + b, [a, b]);
    spelledFrom.set(b + KEY_JOIN + c, [b, c]);
  }
  const runs = finishKeys(all, new Set(), spelledFrom, triples, options);

  const entries = (keys: Iterable<string>, finished: Map<string, Spellings>): [string, Spellings | null][] => [...keys].sort(codeUnitOrder).map((k) => [k, finished.get(k) ?? null]);
  return { words: entries(words, now.words), pairs: entries(pairs.keys(), now.pairs), triples: entries(triples.keys(), runs.triples) };
}

/**
 * The entries of the given words, pairs and runs (keys: folded terms joined by KEY_JOIN) with the
 * counts of the sources summed, finished as any vocabulary is; a key without an entry is missing.
 * The pairs a run is spelled from must be among `pairs`.
 */
function finishKeys(sources: Sources, words: ReadonlySet<string>, pairs: ReadonlyMap<string, readonly [string, string]>, triples: ReadonlyMap<string, readonly string[]>, options: VocabularyOptions): Record<keyof Vocabulary, Map<string, Spellings>> {
  const { wordWritings, pairWritings, tripleCounts } = summedWritings(sources, words, pairs, triples);
  const negative = [...wordWritings.values(), ...pairWritings.values()].some((m) => [...m.values()].some((s) => s.count < 0 || s.votes < 0)) || [...tripleCounts.values()].some((n) => n < 0);
  if (negative) throw new CountsMismatchError('the vocabulary counts of the removed documents exceed those of the index: they do not belong to it');

  // Those counts as the parts of a vocabulary of their own, finished as any vocabulary is.
  const termList = [...new Set([...words, ...[...pairs.values()].flat(), ...[...triples.values()].flat()])].sort(codeUnitOrder);
  const parts = partsOf(termList, wordWritings, pairWritings, tripleCounts, pairs, triples, options);
  const finished = finishVocabulary(parts, termNames(termList, Uint32Array.from(termList, (_, i) => i)));
  return { words: new Map(finished.words), pairs: new Map(finished.pairs), triples: new Map(finished.triples) };
}

// The writings of each word and pair, and the count of each run, summed over the sources (a removed
// source counts with sign -1).
function summedWritings(sources: Sources, words: ReadonlySet<string>, pairs: ReadonlyMap<string, readonly [string, string]>, triples: ReadonlyMap<string, readonly string[]>) {
  const add = (into: Map<string, Summed>, key: string, surfaces: string[], exacts: string[], count: number, votes: number) => {
    const s = into.get(key);
    if (s) {
      s.count += count;
      s.votes += votes;
    } else into.set(key, { surfaces, exacts, count, votes });
  };
  const wordWritings = new Map<string, Map<string, Summed>>();
  for (const term of words) {
    const writings = new Map<string, Summed>();
    for (const [c, sign] of sources) {
      const id = c.termId(term);
      if (id < 0) continue;
      const [from, to] = c.surfacesOf(id);
      for (let s = from; s < to; s++) {
        const text = c.surface(s);
        add(writings, text, [text], [c.exacts.term(c.surfaceExact[s])], sign * c.wordCount[s], sign * c.wordVotes[s]);
      }
    }
    wordWritings.set(term, writings);
  }
  const pairWritings = new Map<string, Map<string, Summed>>();
  for (const [key, [a, b]] of pairs) {
    const writings = new Map<string, Summed>();
    for (const [c, sign] of sources) {
      const x = c.termId(a);
      const y = c.termId(b);
      if (x < 0 || y < 0) continue;
      const [from, to] = c.pairsOf(x, y);
      for (let p = from; p < to; p++) {
        const sa = c.pairs[p * 2];
        const sb = c.pairs[p * 2 + 1];
        const texts = [c.surface(sa), c.surface(sb)];
        add(writings, texts.join('\u0000'), texts, [c.exacts.term(c.surfaceExact[sa]), c.exacts.term(c.surfaceExact[sb])], sign * c.pairCount[p], sign * c.pairVotes[p]);
      }
    }
    pairWritings.set(key, writings);
  }
  const tripleCounts = new Map<string, number>();
  for (const [key, terms] of triples) {
    let count = 0;
    for (const [c, sign] of sources) {
      const ids = terms.map((t) => c.termId(t));
      if (ids.every((id) => id >= 0)) count += sign * c.tripleOf(ids[0], ids[1], ids[2]);
    }
    tripleCounts.set(key, count);
  }
  return { wordWritings, pairWritings, tripleCounts };
}

// Summed writings and counts as the parts of a vocabulary builder, terms numbered in `termList`'s order.
function partsOf(termList: readonly string[], wordWritings: Map<string, Map<string, Summed>>, pairWritings: Map<string, Map<string, Summed>>, tripleCounts: Map<string, number>, pairs: ReadonlyMap<string, readonly [string, string]>, triples: ReadonlyMap<string, readonly string[]>, options: VocabularyOptions): VocabularyParts {
  const termId = new Map(termList.map((t, i) => [t, i]));
  const exactIds = new Map<string, number>();
  const exactId = (x: string) => exactIds.get(x) ?? (exactIds.set(x, exactIds.size), exactIds.size - 1);
  const surfaces: string[] = [];
  const surfaceIds = new Map<string, number>();
  const surfaceTerm: number[] = [];
  const surfaceExact: number[] = [];
  const wordCount: number[] = [];
  const wordVotes: number[] = [];
  const surfaceId = (text: string, term: string, exact: string): number => {
    let id = surfaceIds.get(text);
    if (id === undefined) {
      surfaceIds.set(text, (id = surfaces.push(text) - 1));
      surfaceTerm.push(termId.get(term) as number);
      surfaceExact.push(exactId(exact));
      wordCount.push(0);
      wordVotes.push(0);
    }
    return id;
  };
  for (const [term, writings] of wordWritings) {
    for (const w of writings.values()) {
      const id = surfaceId(w.surfaces[0], term, w.exacts[0]);
      wordCount[id] = w.count;
      wordVotes[id] = w.votes;
    }
  }
  const pairList: number[] = [];
  const pairCount: number[] = [];
  const pairVotes: number[] = [];
  for (const [key, writings] of pairWritings) {
    const [a, b] = pairs.get(key) as [string, string];
    for (const w of writings.values()) {
      if (w.count <= 0) continue;
      pairList.push(surfaceId(w.surfaces[0], a, w.exacts[0]), surfaceId(w.surfaces[1], b, w.exacts[1]));
      pairCount.push(w.count);
      pairVotes.push(w.votes);
    }
  }
  const tripleList: number[] = [];
  const tripleCount: number[] = [];
  for (const [key, terms] of triples) {
    const count = tripleCounts.get(key) as number;
    if (count <= 0) continue;
    for (const t of terms) tripleList.push(termId.get(t) as number);
    tripleCount.push(count);
  }
  return {
    options,
    surfaces,
    surfaceTerm: Uint32Array.from(surfaceTerm),
    surfaceExact: Uint32Array.from(surfaceExact),
    wordCount: Uint32Array.from(wordCount),
    wordVotes: Uint32Array.from(wordVotes),
    pairs: Uint32Array.from(pairList),
    pairCount: Uint32Array.from(pairCount),
    pairVotes: Uint32Array.from(pairVotes),
    triples: Uint32Array.from(tripleList),
    tripleCount: Uint32Array.from(tripleCount),
  };
}

/** The vocabulary with a patch applied (see VocabularyPatch); `vocabulary` is left as it was. */
export function applyVocabularyPatch(vocabulary: Vocabulary, patch: VocabularyPatch): Vocabulary {
  const out = {} as Vocabulary;
  for (const list of LISTS) {
    const from = vocabulary[list];
    const changes = patch[list];
    const merged: VocabularyList = [];
    let i = 0;
    for (const [key, spellings] of changes) {
      while (i < from.length && from[i][0] < key) merged.push(from[i++]);
      if (i < from.length && from[i][0] === key) i++;
      if (spellings) merged.push([key, spellings]);
    }
    while (i < from.length) merged.push(from[i++]);
    out[list] = merged;
  }
  return out;
}

/**
 * As applyVocabularyPatch(), on the vocabulary as stored (encodeVocabulary()'s bytes), giving the
 * bytes encodeVocabulary() would give for the patched one: the entries left as they are stay as
 * bytes, found by one scan of the JSON, and only the patched ones are encoded. Parsing and encoding
 * the gazette's 12 MB every time an index with a delta is loaded cost more than merging its columns.
 */
export function patchEncodedVocabulary(bytes: Uint8Array, patch: VocabularyPatch): Buffer {
  const json = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lists = entrySpans(json);
  const out: Uint8Array[] = [];
  LISTS.forEach((list, l) => {
    const { starts, ends } = lists[l];
    const n = starts.length;
    const key = (i: number): string => {
      // The key is the entry's first string: `["key",…`.
      let end = starts[i] + 2;
      let escaped = false;
      while (json[end] !== 0x22) {
        if (json[end] === 0x5c) {
          escaped = true;
          end += 2;
        } else end++;
      }
      const raw = json.toString('utf8', starts[i] + 1, end + 1);
      return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    };
    out.push(Buffer.from(`${l === 0 ? '{' : ','}${JSON.stringify(list)}:[`));
    let i = 0;
    let pieces = 0;
    const piece = (b: Uint8Array) => out.push(...(pieces++ ? [COMMA, b] : [b]));
    for (const [k, spellings] of patch[list]) {
      // The first entry whose key is not below k, by binary search from i.
      let lo = i;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (key(mid) < k) lo = mid + 1;
        else hi = mid;
      }
      if (lo > i) piece(json.subarray(starts[i], ends[lo - 1]));
      i = lo < n && key(lo) === k ? lo + 1 : lo;
      if (spellings) piece(Buffer.from(JSON.stringify([k, spellings])));
    }
    if (i < n) piece(json.subarray(starts[i], ends[n - 1]));
    out.push(Buffer.from(']'));
  });
  out.push(Buffer.from('}'));
  return Buffer.concat(out);
}

const COMMA = Buffer.from(',');

// Where each entry of each list starts and ends in a stored vocabulary's JSON: one scan of its bytes,
// minding strings and their escapes. The lists come in the order encodeVocabulary() writes them.
function entrySpans(json: Buffer): { starts: Uint32Array; ends: Uint32Array }[] {
  const spans = LISTS.map(() => ({ starts: [] as number[], ends: [] as number[] }));
  let list = -1;
  let depth = 0;
  for (let p = 0; p < json.length; p++) {
    const c = json[p];
    if (c === 0x22) {
      // A string: skip to its closing quote.
      for (p++; json[p] !== 0x22; p++) if (json[p] === 0x5c) p++;
    } else if (c === 0x5b || c === 0x7b) {
      if (depth === 1) list++;
      else if (depth === 2) spans[list].starts.push(p);
      depth++;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 2) spans[list].ends.push(p + 1);
    }
  }
  if (list !== LISTS.length - 1 || depth !== 0) throw new Error('the vocabulary is not the JSON encodeVocabulary() writes');
  return spans.map((s) => ({ starts: Uint32Array.from(s.starts), ends: Uint32Array.from(s.ends) }));
}

/** Throws when a patch is not one (lists of [string, spellings or null], keys ascending): read from disk, it may be damaged. */
export function checkVocabularyPatch(x: unknown): asserts x is VocabularyPatch {
  const patch = x as Partial<Record<string, unknown>>;
  for (const list of LISTS) {
    const entries = patch?.[list];
    if (!Array.isArray(entries)) throw new Error(`vocabulary patch: no list ${list}`);
    let last: string | undefined;
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || !(e[1] === null || Array.isArray(e[1]))) throw new Error(`vocabulary patch: an entry of ${list} is not [key, spellings]`);
      if (last !== undefined && !(last < e[0])) throw new Error(`vocabulary patch: the keys of ${list} are out of order`);
      last = e[0];
    }
  }
}
