import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';
import { citation, citations } from './citation.js';
import { loadIndex, type StoredIndex } from '../index/store.js';
import { bigram } from '../index/fields.js';
import { phraseKey, vocabularyLookup, type VocabularyLookup } from '../index/vocabulary.js';
import type { Postings } from '../index/paragraph-index.js';
import { fold, hasDiacritics } from '../text/fold.js';
import { normalize } from '../text/normalize.js';
import { parseQuery, type ParsedQuery, type QueryWord } from './query.js';
import { expandWithGlossary, loadGlossary, type Glossary, type Group } from './glossary.js';
import { groupOccurrences, paragraphWords, phraseOccurrences, wordsAsGroups, type DocWord } from './match.js';
import { isQuestion, optionalUnits, segment, quotedUnit, type Unit, type UnitSources } from './units.js';
import { UnitMatcher } from './unit-matcher.js';
import { loadWordList, type WordList } from './word-list.js';
import { startsUpperCase } from '../text/letter-case.js';
import { toneKey } from '../text/tone.js';
import { isFragment } from './fragment.js';
import { bodyMatcher } from './body-filter.js';
import { inDateRange } from './date-range.js';
import { paragraphUrl } from './permalink.js';
import { IdenticalTexts } from '../index/identical-texts.js';
import { DEFAULT_WEIGHTS, phraseTerm, Scorer, scoredTerm, type RankWeights, type ScoredTerm } from './rank.js';
import { Heap, TopK } from '../util/heap.js';
import { nthSmallest } from '../util/nth-smallest.js';
import { SortedIds, type IdCollection } from '../util/sorted-ids.js';
import { PostingList } from '../index/postings.js';
import { highlight } from './highlight.js';
import { suggestSpelling } from './spelling.js';
import { suggestCompletions } from './suggest.js';
import { snippet } from './snippet.js';
import { QueryError, SearchTimeoutError, type DocumentCount, type DocumentView, type EntityCount, type NumberedDocument, type ParagraphPlace, type ParagraphWindow, type SearchFilters, type SearchHit, type SearchRequest, type SearchResponse, type Searcher } from './results.js';

/** Options of the engine; every one has a default. */
export interface EngineOptions {
  /** Abbreviation glossary (default: the one the project ships). */
  glossary?: Glossary;
  /** Ranking weights (default DEFAULT_WEIGHTS). */
  weights?: RankWeights;
  /** Partial-match candidates (best by their rare words) that get the full score; at least 4 × the page end (default 2000). */
  rescore?: number;
  /** Vietnamese words of several syllables, for cutting a query into units (default: the Viet74K list, see word-list.ts). */
  words?: WordList;
  /** The paragraphs naming each place and person (EntityIndex), for the `entity` filter and `facets` (default none: that filter matches nothing, and no facets). */
  entities?: EntityParagraphs;
  /** The clock that request deadlines are read against (default Date.now). */
  clock?: () => number;
  /** Candidates of one kind (phrase, all units apart, near) ranked in full; past it, only the best by BM25 are, and the answer says `truncated` (default 10,000). */
  maxRanked?: number;
}

/** What the `entity` filter needs of the entities of an index (src/entities/entity-index.ts). */
export interface EntityParagraphs {
  paragraphs(kind: 'person' | 'place', name: string): Uint32Array;
  /** The places and persons named in the given paragraphs, with counts, most first; at most `limit` per kind. */
  facets(paragraphNumbers: Iterable<number>, limit?: number): EntityCount[];
}

// Ranking tiers, best first. A hit's score is tier * TIER + relevance, so the tiers never interleave.
// Tiers from T_ALL_UNITS up are full matches: every unit of the query, as typed; they are what is counted.
const TIER = 1000;
const T_EXACT_PHRASE = 5; // the whole query as a phrase, spelled as typed
const T_FOLDED_PHRASE = 4; // the whole query as a phrase once diacritics are folded
const T_PART_PHRASE = 3; // the phrase inside compounds (31/2022 in 31/2022/NĐ-CP)
const T_ALL_UNITS = 2; // every unit, apart
const T_NEAR = 1.5; // every unit, but only once folded, in another form or inside a compound: "gần đúng", not counted (+0.25 without compounds)
const T_PARTIAL = 1; // some units

// A question of this many required units or more ranks every match, full or partial, by relevance and
// coverage alone: its answer seldom holds all of its words, and one that does is often about another
// thing (the every-unit tier still decides `total`, `partial` and the every-mention view).
const QUESTION_UNITS = 4;

/** Default page size and its bounds. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;
// A document number as compared: folded, lower case, without spaces ('01/NQ-CP' = '01/nq-cp' = '01 / NQ-CP').
const numberKey = (number: string): string => fold(number.toLowerCase()).replace(/\s+/g, '');

/** Most times a repeated unit of a query counts in its weight (default 3). */
const MAX_REPEATS = 3;
/** Deepest hit a request may reach (offset + limit); default of Elasticsearch's max_result_window too. */
export const MAX_WINDOW = 10_000;
/** Most places listed as a collapsed hit's "where else" (elsewhereTotal tells how many there are). */
export const MAX_ELSEWHERE = 20;

interface Plan {
  parsed: ParsedQuery;
  groups: Group[];
  /** The query cut into words and names (see units.ts), in order; groups are theirs, flattened. */
  units: Unit[];
  /** Units a full match must contain: all but function words, when enough content units remain. */
  required: Unit[];
  /** True for a question of QUESTION_UNITS required units or more, without quotes: every match is ranked as a partial one. */
  rankAsQuestion: boolean;
  /** Index in `units` of each group's unit. */
  unitOf: number[];
  /** Per unit, how many times the query holds it (at most MAX_REPEATS). */
  repeats: number[];
  /** Units whose predecessor in the query was a repeat, dropped: they were not side by side with the unit before them. */
  gapBefore: Set<number>;
  /** The pairs of groups side by side in the query across a dropped repeat, scored for proximity with `unit`. */
  pairsAcross: { left: Group; right: Group; unit: number }[];
  /** Per group and alternative, the numbers (in `needleNumbers`) of the folded words that the context bonus looks for. */
  contextNeedles?: number[][][];
  /** Each folded word the context bonus looks for, numbered. */
  needleNumbers?: Map<string, number>;
  /** Per word list of a context (see SearchEngine.context), the numbers of the words it holds and their share of its words. */
  neededIn?: Map<readonly string[], { numbers: number[]; share: number }>;
  /** Scratch marks of the needles a context holds (see contextMatch), one per query. */
  contextPresent?: Uint8Array;
  /** What each context names of the query, by context key, filled as the query meets contexts. */
  contextMatches?: Map<string, ContextMatch>;
  /** Paragraphs that may hold each unit as a phrase (see unitSet), by unit, once per query. */
  unitSets?: Map<Unit, IdCollection>;
  /** Per group and alternative, the exact-spelling posting list of each word (for tier estimates). */
  exactPostings?: (Postings | undefined)[][][];
  quoted: Group[][];
  excludes: Group[][];
  filters: SearchFilters;
}

/** The terms a query scores with, and the weights of its groups and units. */
interface ScoredTerms {
  terms: ScoredTerm[];
  groupWeights: number[];
  unitWeights: number[];
}

/** What a paragraph's headings and document title name of a query. */
interface ContextMatch {
  /** The context bonus (see RankWeights.context). */
  bonus: number;
  /** Bit u set when the context holds every group of unit u (units beyond 31 share the last bit, as in Scorer.mask). */
  units: number;
}

const NO_CONTEXT: ContextMatch = { bonus: 0, units: 0 };

interface Ranked {
  n: number;
  tier: number;
  relevance: number;
  /** A blank-form line, table cell or label that says nothing by itself (see fragment.ts). */
  fragment: boolean;
  /** The tier of its match when it was ranked as a question's (see QUESTION_UNITS), else `tier`. */
  match?: number;
}

// Full matches, then near ones, then partial ones: what a hit is counted as comes before all else.
const matchClass = (tier: number): number => (tier >= T_ALL_UNITS ? 2 : tier >= T_NEAR ? 1 : 0);

/**
 * True when a ranks before b: full before near before partial, then within each a paragraph that says
 * something before a fragment, then higher tier, higher relevance, document order.
 */
const better = (a: Ranked, b: Ranked): boolean => {
  const ca = matchClass(a.tier);
  const cb = matchClass(b.tier);
  if (ca !== cb) return ca > cb;
  if (a.fragment !== b.fragment) return b.fragment;
  return a.tier > b.tier || (a.tier === b.tier && (a.relevance > b.relevance || (a.relevance === b.relevance && a.n < b.n)));
};

// Whether every needle of some alternative is marked present (loops, not closures: this runs for
// every group of every context a query meets).
function namesAlternative(alternatives: readonly (readonly number[])[], present: Uint8Array): boolean {
  next: for (const needles of alternatives) {
    for (const i of needles) if (present[i] !== 1) continue next;
    return true;
  }
  return false;
}

// Ascending paragraph numbers of a collection when it keeps them so (posting lists, SortedIds).
const sortedIds = (c: IdCollection): Uint32Array | undefined => (c instanceof SortedIds ? c.ids : c instanceof PostingList ? c.ids : undefined);

// First index at or after `from` whose id is not below n (galloping, then binary search).
function seek(ids: Uint32Array, n: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < ids.length && ids[hi] < n) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, ids.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (ids[mid] < n) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/** Paragraphs in every one of `sets`: merged as sorted arrays when they all are (no Set is built), else by look-ups. */
const intersect = (sets: IdCollection[]): IdCollection => {
  if (!sets.length) return new Set<number>();
  const arrays = sets.map(sortedIds);
  if (arrays.every((a) => a !== undefined)) {
    const sorted = (arrays as Uint32Array[]).sort((a, b) => a.length - b.length);
    const [first, ...others] = sorted;
    const out = new Uint32Array(first.length);
    const at = others.map(() => 0);
    let size = 0;
    next: for (let i = 0; i < first.length; i++) {
      const n = first[i];
      for (let k = 0; k < others.length; k++) {
        const j = seek(others[k], n, at[k]);
        at[k] = j;
        if (j >= others[k].length) break next;
        if (others[k][j] !== n) continue next;
      }
      out[size++] = n;
    }
    return new SortedIds(out.subarray(0, size));
  }
  const out = new Set<number>();
  const bySize = [...sets].sort((a, b) => a.size - b.size);
  const [first, ...others] = bySize;
  next: for (const n of first.keys()) {
    for (let i = 0; i < others.length; i++) if (!others[i].has(n)) continue next;
    out.add(n);
  }
  return out;
};

const union = (sets: IdCollection[]): SortedIds => SortedIds.union(sets);

// Contexts whose folded text is kept between queries.
const CONTEXT_CACHE = 100_000;

/** The search engine over one loaded index: parses, plans, ranks, highlights and cites. */
export class SearchEngine implements Searcher {
  private readonly glossary: Glossary;
  private readonly weights: RankWeights;
  private readonly rescore: number;
  private readonly maxRanked: number;
  private readonly clock: () => number;
  /** Date.now() past which the current search stops (Infinity when the request set none), and a counter that spaces the checks. */
  private deadline = Infinity;
  private ticks = 0;
  /** The plan of the query last highlighted (undefined when the query is refused). */
  private lastHighlight: { q: string; plan: Plan | undefined } | undefined;
  private readonly scorer: Scorer;
  /** Scratch marks, one per paragraph, for membership tests during a query; always cleared after use. */
  private readonly member: Uint8Array;
  /** Groups of identical texts, built on the first request that collapses them. */
  private identical: IdenticalTexts | undefined;
  /** Per paragraph: 0 not yet decided, 1 says something, 2 a fragment (see fragment.ts). */
  private readonly fragments: Uint8Array;
  private readonly docs = new Map<string, DocumentRecord>();
  /** Documents by their own number (numberKey), for the look-up of a document by its number. */
  private readonly byNumber = new Map<string, DocumentRecord[]>();
  /** Per document, its paragraph numbers [first, end). */
  private readonly docRange = new Map<string, [number, number]>();
  /** Paragraph number of the first heading with a given document and path. */
  private readonly headingParagraph = new Map<string, number>();
  private readonly wordsCache = new Map<number, DocWord[]>();
  /** Per paragraph, the key of its context (document title and ancestor headings), once computed; folded texts by key, a bounded few. */
  private readonly contextKey: (string | undefined)[] = [];
  private readonly contextFolded = new Map<string, string[][]>();
  private readonly textFolded = new Map<string, string[]>();
  private readonly lookup: VocabularyLookup;
  private readonly unitSources: UnitSources;
  private readonly entities: EntityParagraphs | undefined;

  /** Loads the index in `dir` (throws IndexLoadError with what to run when it is missing or stale). */
  static load(dir: string, options: EngineOptions = {}): SearchEngine {
    return new SearchEngine(loadIndex(dir), options);
  }

  constructor(
    private readonly store: StoredIndex,
    options: EngineOptions = {},
  ) {
    this.glossary = options.glossary ?? loadGlossary();
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
    this.rescore = options.rescore ?? 2000;
    this.maxRanked = options.maxRanked ?? 10_000;
    this.clock = options.clock ?? Date.now;
    this.entities = options.entities;
    this.unitSources = this.makeUnitSources(options.words ?? loadWordList());
    this.scorer = new Scorer(store.index, this.weights);
    this.member = new Uint8Array(store.paragraphs.length);
    this.fragments = new Uint8Array(store.paragraphs.length);
    // Built once here rather than on the first suggestion or did-you-mean, which would pay for it.
    this.lookup = vocabularyLookup(store.vocabulary);
    for (const d of store.documents) {
      this.docs.set(d.doc, d);
      if (!d.number) continue;
      const key = numberKey(d.number);
      this.byNumber.set(key, [...(this.byNumber.get(key) ?? []), d]);
    }
    const table = store.paragraphs;
    // Paragraphs of a document are contiguous; a heading is found by its document and path.
    for (let n = 0; n < table.length; n++) {
      const doc = table.doc(n);
      const range = this.docRange.get(doc);
      if (range) range[1] = n + 1;
      else this.docRange.set(doc, [n, n + 1]);
      if (table.kind(n) === 'heading') {
        const key = `${doc}\u0000${table.heading(n).join('\u0000')}`;
        if (!this.headingParagraph.has(key)) this.headingParagraph.set(key, n);
      }
    }
  }

  /** Paragraph numbers of a document, in order. */
  private paragraphsOf(doc: string): number[] {
    const range = this.docRange.get(doc);
    const out: number[] = [];
    if (range) for (let n = range[0]; n < range[1]; n++) out.push(n);
    return out;
  }

  /** Key of a paragraph's context (its document and ancestor headings), computed on first use; the context text is kept by key. */
  private contextKeyOf(n: number): string {
    let key = this.contextKey[n];
    if (key === undefined) {
      key = `${this.store.paragraphs.doc(n)}\u0000${this.ancestors(n).join('\u0000')}`;
      this.contextKey[n] = key;
    }
    return key;
  }

  /** The headings above a paragraph: its heading path, less its own line when it is a heading. */
  private ancestors(n: number): string[] {
    const table = this.store.paragraphs;
    const heading = table.heading(n);
    return table.kind(n) === 'heading' ? heading.slice(0, -1) : heading;
  }

  /**
   * Folded words of a paragraph's document title, place, body and type, and of its ancestor headings:
   * one list per text, shared by every context that holds the text, so that a cached context costs a
   * few references.
   */
  private context(n: number): string[][] {
    const key = this.contextKeyOf(n);
    let lists = this.contextFolded.get(key);
    if (lists === undefined) {
      const table = this.store.paragraphs;
      const doc = table.doc(n);
      const ancestors = this.ancestors(n);
      // A heading names what the paragraphs under it are about; the title names the whole document.
      // A question often names the place or body that issued the document rather than the paragraph's words.
      lists = [
        this.foldedWords(`d\u0000${doc}`, () => {
          const d = this.docs.get(doc);
          return [d?.title ?? '', d?.place ?? '', d?.body ?? '', d?.type ?? ''].join(' \n ');
        }),
      ];
      for (let i = 1; i <= ancestors.length; i++) {
        const h = this.headingParagraph.get(`${doc}\u0000${ancestors.slice(0, i).join('\u0000')}`);
        if (h !== undefined) lists.push(this.foldedWords(`h\u0000${h}`, () => table.text(h)));
      }
      // Bounded, so that a long-running server does not end up holding every context of the corpus.
      if (this.contextFolded.size >= CONTEXT_CACHE) this.contextFolded.clear();
      this.contextFolded.set(key, lists);
    }
    return lists;
  }

  // The folded words of a text (a document's title line, a heading), kept by `key`: contexts of one
  // document share its title and their outer headings, and folding them again for each context cost
  // most of a long question's ranking.
  private foldedWords(key: string, text: () => string): string[] {
    let words = this.textFolded.get(key);
    if (words === undefined) {
      words = fold(normalize(text()).toLowerCase()).split(/[^\p{L}\p{Nd}]+/u);
      if (this.textFolded.size >= CONTEXT_CACHE) this.textFolded.clear();
      this.textFolded.set(key, words);
    }
    return words;
  }

  /** Score for the query groups a paragraph's headings and document title name (see RankWeights.context). */
  private contextBonus(plan: Plan, groupWeights: readonly number[], n: number): number {
    return this.contextMatch(plan, groupWeights, n).bonus;
  }

  /** The groups and units of the query that a paragraph's headings and document title name. */
  private contextMatch(plan: Plan, groupWeights: readonly number[], n: number): ContextMatch {
    if (this.weights.context <= 0) return NO_CONTEXT;
    // Paragraphs under one heading of one document share their context, and so their bonus.
    plan.contextMatches ??= new Map();
    const known = plan.contextMatches.get(this.contextKeyOf(n));
    if (known !== undefined) return known;
    // The query's words, numbered once per query; a context's words then mark which are present, in
    // one pass over the context, since this runs for every candidate.
    if (!plan.contextNeedles || !plan.needleNumbers) {
      const numbers = new Map<string, number>();
      const number = (t: string) => numbers.get(t) ?? (numbers.set(t, numbers.size), numbers.size - 1);
      plan.contextNeedles = plan.groups.map((g) => g.alternatives.map((a) => a.words.flatMap((w) => (w.parts.length ? w.parts : [w.term]).map(number))));
      plan.needleNumbers = numbers;
    }
    // Which of them a text holds is found once per query and text: contexts share their texts.
    const found = (plan.neededIn ??= new Map());
    // One scratch array per query, cleared for each context: this runs for thousands of contexts.
    const present = (plan.contextPresent ??= new Uint8Array(plan.needleNumbers.size)).fill(0);
    let share = 0;
    for (const list of this.context(n)) {
      let held = found.get(list);
      if (!held) {
        const numbers: number[] = [];
        let words = 0;
        for (const w of list) {
          if (!w) continue;
          words++;
          const i = plan.needleNumbers.get(w);
          if (i !== undefined) numbers.push(i);
        }
        held = { numbers, share: numbers.length / Math.max(1, words) };
        found.set(list, held);
      }
      for (const i of held.numbers) present[i] = 1;
      share = Math.max(share, held.share);
    }
    let bonus = 0;
    // Units start whole and lose their bit with any group the context lacks.
    let units = plan.units.length >= 32 ? ~0 : (1 << plan.units.length) - 1;
    for (let g = 0; g < plan.contextNeedles.length; g++) {
      if (namesAlternative(plan.contextNeedles[g], present)) bonus += groupWeights[g];
      else units &= ~(1 << Math.min(plan.unitOf[g], 31));
    }
    const result = { bonus: this.weights.context * bonus * (1 + this.weights.focus * share), units };
    plan.contextMatches.set(this.contextKeyOf(n), result);
    return result;
  }




  /** Number of documents and paragraphs served. */
  stats() {
    return { documents: this.store.documents.length, paragraphs: this.store.paragraphs.length };
  }

  /** The document and its paragraphs. */
  document(doc: string, window?: ParagraphWindow): DocumentView | undefined {
    const document = this.docs.get(doc);
    if (!document) return undefined;
    const all = this.paragraphsOf(doc);
    const numbers = window ? all.slice(window.from, window.from + window.count) : all;
    return { document, paragraphs: numbers.map((n) => this.store.paragraphs.get(n)), paragraphCount: all.length };
  }

  private words(n: number): DocWord[] {
    let w = this.wordsCache.get(n);
    if (!w) {
      // Paragraph words are large (a token object per word): a small cache bounds a busy server's memory.
      if (this.wordsCache.size > 4_000) this.wordsCache.clear();
      w = paragraphWords(this.store.paragraphs.text(n));
      this.wordsCache.set(n, w);
    }
    return w;
  }

  private plan(q: string, extra: SearchFilters = {}): Plan {
    const parsed = parseQuery(q);
    const quoted: Group[][] = [];
    const units: Unit[] = [];
    const typed: Unit[] = [];
    for (const c of parsed.clauses) {
      const g = expandWithGlossary(c.words, this.glossary);
      if (c.quoted) typed.push(quotedUnit(g, parsed.accented));
      else for (const u of segment(g, parsed.text, parsed.accented, this.unitSources)) typed.push(u);
    }
    // A unit typed again adds no condition and no work: `a a a …` or `"của" "của" …` is matched as one
    // unit, which weighs as much as it was typed (at most MAX_REPEATS times), as BM25's query term
    // frequency has it. The word pairs around a dropped repeat still count for proximity.
    const first = new Map<string, number>();
    const repeats: number[] = [];
    const keptAs: number[] = [];
    typed.forEach((u) => {
      const key = `${u.kind}\u0000${u.text.normalize('NFC').toLowerCase()}`;
      const i = first.get(key);
      if (i !== undefined) {
        repeats[i] = Math.min(MAX_REPEATS, repeats[i] + 1);
        keptAs.push(-1 - i);
        return;
      }
      first.set(key, units.length);
      keptAs.push(units.length);
      repeats.push(1);
      units.push(u);
      if (u.kind === 'quoted') quoted.push(u.groups);
    });
    const unitIndex = (t: number) => (keptAs[t] >= 0 ? keptAs[t] : -1 - keptAs[t]);
    const gapBefore = new Set<number>();
    const pairsAcross: { left: Group; right: Group; unit: number }[] = [];
    for (let t = 1; t < typed.length; t++) {
      if (keptAs[t] >= 0 && keptAs[t - 1] === keptAs[t] - 1) continue;
      if (keptAs[t] >= 0) gapBefore.add(keptAs[t]);
      const left = typed[t - 1].groups;
      pairsAcross.push({ left: left[left.length - 1], right: typed[t].groups[0], unit: unitIndex(t) });
    }
    const groups = units.flatMap((u) => u.groups);
    const unitOf = units.flatMap((u, i) => u.groups.map(() => i));
    const optional = optionalUnits(units, parsed.accented);
    const content = units.filter((_, i) => !optional.has(i));
    // In 'tăng trưởng của tỉnh' the function word decides nothing; in 'của' alone it is the query.
    const required = content.length >= 2 ? content : units;
    for (const u of units) if (u.kind === 'quoted' && !required.includes(u)) required.push(u);
    const rankAsQuestion = !quoted.length && required.length >= QUESTION_UNITS && isQuestion(units, parsed.text, parsed.accented);
    return { parsed, groups, units, repeats, gapBefore, pairsAcross, required, rankAsQuestion, unitOf, quoted, excludes: parsed.excludes.map((c) => wordsAsGroups(c.words)), filters: { ...parsed.filters, ...extra } };
  }

  /** What cutting a query into units asks of this index: the word list, names the corpus writes, and how often units meet side by side. */
  private makeUnitSources(words: WordList): UnitSources {
    return {
      words,
      isName: (terms, exact) => {
        const table = terms.length === 2 ? this.lookup.pairs : terms.length === 3 ? this.lookup.triples : undefined;
        const spellings = table?.get(phraseKey(terms));
        if (!spellings) return false;
        for (const [surface, count] of spellings) {
          const words = surface.split(' ');
          if (exact && words.map((w) => toneKey(w.toLowerCase())).join(' ') !== exact.join(' ')) continue;
          return count >= 2 && words.every((w) => startsUpperCase(w));
        }
        return false;
      },
      cohesion: (a, b) => {
        const both = intersect([this.unitSet(a), this.unitSet(b)]);
        return { together: both.size ? this.phraseSet([...a, ...b], both).size : 0, both: both.size };
      },
    };
  }

  /** unitSet of a unit of the plan, computed once per query (matching and scoring both need it). */
  private unitSetOf(plan: Plan, u: Unit): IdCollection {
    plan.unitSets ??= new Map();
    let set = plan.unitSets.get(u);
    if (!set) {
      set = this.unitSet(u.groups);
      plan.unitSets.set(u, set);
    }
    return set;
  }

  /** Paragraphs that may hold the groups as one phrase (folded): a superset of those that do. */
  private unitSet(groups: readonly Group[]): IdCollection {
    return this.phraseSet(groups as Group[], intersect(groups.map((g) => this.groupSet(g))));
  }

  // --- candidate sets from the posting lists ---

  private wordSet(w: QueryWord): IdCollection {
    const whole = this.store.index.postings('f', w.term);
    if (!w.parts.length) return whole ?? new Set();
    const parts = w.parts.map((p) => this.store.index.postings('f', p) ?? new Set<number>());
    return union([whole ?? new Set(), intersect(parts)]);
  }

  /** Paragraphs that may hold the words in a row: every word, and every adjacent pair of plain words. */
  private runSet(words: QueryWord[]): IdCollection {
    const sets: IdCollection[] = words.map((w) => this.wordSet(w));
    for (let i = 1; i < words.length; i++) {
      if (words[i - 1].parts.length || words[i].parts.length) continue;
      sets.push(this.store.index.postings('b', bigram(words[i - 1].term, words[i].term)) ?? new Set());
    }
    return sets.length === 1 ? sets[0] : intersect(sets);
  }

  private groupSet(g: Group): IdCollection {
    return g.alternatives.length === 1 ? this.runSet(g.alternatives[0].words) : union(g.alternatives.map((a) => this.runSet(a.words)));
  }

  /** Paragraphs that may hold the groups as one phrase: every group and a word pair across each boundary. */
  private phraseSet(groups: Group[], base: IdCollection): IdCollection {
    const sets: IdCollection[] = [base];
    for (let i = 1; i < groups.length; i++) {
      const pairs: Postings[] = [];
      let unknown = false;
      for (const a of groups[i - 1].alternatives) {
        for (const b of groups[i].alternatives) {
          const x = a.words[a.words.length - 1];
          const y = b.words[0];
          if (x.parts.length || y.parts.length) unknown = true;
          const p = this.store.index.postings('b', bigram(x.term, y.term));
          if (p) pairs.push(p);
        }
      }
      if (!unknown) sets.push(union(pairs));
    }
    return sets.length === 1 ? base : intersect(sets);
  }

  // 'place:tỉnh Lai Châu' → the paragraphs naming it (none for an unknown entity or kind).
  private entityParagraphs(filter: string): Set<number> {
    const at = filter.indexOf(':');
    const kind = filter.slice(0, at);
    if (at < 0 || (kind !== 'person' && kind !== 'place') || !this.entities) return new Set();
    return new Set(this.entities.paragraphs(kind, filter.slice(at + 1)));
  }

  private filterSet(f: SearchFilters, dates: 'in range' | 'undated' = 'in range'): Set<number> | undefined {
    const dated = f.from !== undefined || f.to !== undefined || f.year !== undefined;
    if (f.type === undefined && !dated && !f.undated && f.body === undefined && f.doc === undefined && f.entity === undefined) return undefined;
    const entity = f.entity !== undefined ? this.entityParagraphs(f.entity) : undefined;
    const type = f.type !== undefined ? fold(f.type.toLowerCase()) : undefined;
    const body = f.body !== undefined ? bodyMatcher(f.body, this.glossary) : undefined;
    // A year is the range of that year.
    const from = f.year !== undefined ? String(f.year) : f.from;
    const to = f.year !== undefined ? String(f.year) : f.to;
    const out = new Set<number>();
    for (const d of this.store.documents) {
      if (f.doc !== undefined && d.doc !== f.doc) continue;
      if (dates === 'undated' || f.undated) {
        if (d.date) continue;
      } else if (dated && !(d.date && inDateRange(d.date, from, to))) continue;
      if (type !== undefined && !fold((d.type ?? '').toLowerCase()).includes(type)) continue;
      if (body !== undefined && !body(`${d.body ?? ''} ${d.place ?? ''}`)) continue;
      for (const n of this.paragraphsOf(d.doc)) if (!entity || entity.has(n)) out.add(n);
    }
    return out;
  }

  // The documents whose own number the query types, in the filters' bounds: what a legal portal's look-up by number finds.
  private numbered(plan: Plan): NumberedDocument[] {
    const out: NumberedDocument[] = [];
    for (const u of plan.units) {
      if (u.kind !== 'number' && u.kind !== 'quoted') continue;
      for (const d of this.byNumber.get(numberKey(u.text)) ?? []) {
        if (out.some((o) => o.doc === d.doc)) continue;
        out.push({ doc: d.doc, title: d.title ?? d.doc, number: d.number as string, ...(d.type ? { type: d.type } : {}), ...(d.date ? { date: d.date } : {}), url: paragraphUrl(d.doc) });
      }
    }
    return out;
  }

  // Full matches in undated documents that a date filter leaves out (passing the other filters), so that none is lost without a word.
  private undatedMatches(plan: Plan): number | undefined {
    const f = plan.filters;
    if ((f.from === undefined && f.to === undefined && f.year === undefined) || f.undated) return undefined;
    return this.matches(plan, this.filterSet(f, 'undated')).full.size;
  }

  /**
   * Full and near matches by the date of their document, newest or oldest first, undated documents
   * last, then in reading order: the first `wanted` of them.
   */
  private byDate(full: IdCollection, near: ReadonlyMap<number, number>, wanted: number, sort: 'newest' | 'oldest'): Ranked[] {
    const dates = new Map<string, string>();
    const dateOf = (n: number): string => {
      const doc = this.store.paragraphs.doc(n);
      let d = dates.get(doc);
      if (d === undefined) dates.set(doc, (d = this.docs.get(doc)?.date ?? ''));
      return d;
    };
    const order = (ids: number[]) =>
      ids.sort((a, b) => {
        const da = dateOf(a);
        const db = dateOf(b);
        if (da !== db) {
          if (!da || !db) return da ? -1 : 1;
          return sort === 'newest' ? (da < db ? 1 : -1) : da < db ? -1 : 1;
        }
        return a - b;
      });
    const out: Ranked[] = [];
    for (const n of order([...full.keys()]).slice(0, wanted)) out.push(this.ranked(n, T_ALL_UNITS, 0));
    if (out.length < wanted) for (const n of order([...near.keys()]).slice(0, wanted - out.length)) out.push(this.ranked(n, T_NEAR, 0));
    return out;
  }

  // --- scoring ---

  /**
   * The terms to score, each tagged with its unit: a unit counts as present (coverage, real-unit test)
   * through its own word when it is one word, else through the word pairs inside it, never through
   * one of its syllables alone (a syllable still counts toward coverage). Pairs across units reward
   * proximity. Weights: per group (the context bonus), the idf of its rarest word; per unit
   * (coverage), the sum over its groups.
   */
  private scoredTerms(plan: Plan): ScoredTerms {
    const idx = this.store.index;
    const { groups, unitOf, units } = plan;
    const terms: ScoredTerm[] = [];
    const seen = new Set<string>();
    const groupWeights: number[] = [];
    const unitWeights = units.map(() => 0);
    const add = (field: 'f' | 'x' | 'b', term: string, weight: number, u: number, covers: boolean) => {
      const key = `${u}\u0000${field}\u0000${term}\u0000${covers}`;
      if (seen.has(key)) return;
      seen.add(key);
      const t = scoredTerm(idx, field, term, weight * plan.repeats[u], u);
      if (t) terms.push(covers ? t : { ...t, covers });
    };
    groups.forEach((group, g) => {
      const u = unitOf[g];
      const oneGroup = units[u].groups.length === 1;
      let best = 0;
      for (const alt of group.alternatives) {
        const whole = oneGroup && alt.words.length === 1;
        for (const w of alt.words) {
          add('f', w.term, this.weights.folded, u, whole);
          add('x', w.exact, this.weights.exact, u, whole);
          for (const p of w.parts) add('f', p, this.weights.folded / Math.max(2, w.parts.length), u, false);
          best = Math.max(best, Math.log(1 + idx.documentCount / (1 + idx.df('f', w.term))));
        }
        for (let i = 1; i < alt.words.length; i++) add('b', bigram(alt.words[i - 1].term, alt.words[i].term), this.weights.pair, u, true);
      }
      groupWeights.push(best * plan.repeats[u]);
      unitWeights[u] += best * plan.repeats[u];
      if (g > 0 && !(unitOf[g - 1] !== u && plan.gapBefore.has(u))) {
        // A pair across a group boundary: inside a unit it shows the unit, across units only proximity.
        const inside = unitOf[g - 1] === u;
        for (const a of groups[g - 1].alternatives) {
          for (const b of group.alternatives) add('b', bigram(a.words[a.words.length - 1].term, b.words[0].term), this.weights.pair, u, inside);
        }
      }
    });
    for (const { left, right, unit } of plan.pairsAcross) {
      for (const a of left.alternatives) for (const b of right.alternatives) add('b', bigram(a.words[a.words.length - 1].term, b.words[0].term), this.weights.pair, unit, false);
    }
    // A unit longer than a pair, whole: its pairs also show parts of it ('quản lý nhà nước' in 'thống
    // nhất quản lý nhà nước'). The set may hold a few paragraphs with the pairs apart; verifying
    // every one would cost a look at each text.
    if (this.weights.unit > 0) {
      units.forEach((unit, u) => {
        if (unit.groups.length < 3) return;
        const set = this.unitSetOf(plan, unit);
        if (!set.size) return;
        const ids = sortedIds(set) ?? Uint32Array.from(set.keys()).sort();
        terms.push(phraseTerm(idx.documentCount, ids, this.weights.unit * plan.repeats[u], u, `unit\u0000${unit.text}`));
      });
    }
    return { terms, groupWeights, unitWeights };
  }

  /** Adds the BM25 of every term to the listed paragraphs: scans a posting list when it is the shorter, else looks up. */
  // Called in every loop that grows with the corpus; reads the clock once in 256 calls.
  private checkDeadline(): void {
    if ((++this.ticks & 255) === 0 && this.clock() > this.deadline) throw new SearchTimeoutError();
  }

  private accumulate(terms: ScoredTerm[], ids: Int32Array): void {
    for (const n of ids) this.member[n] = 1;
    for (const t of terms) {
      if (t.postings.size <= ids.length) this.scorer.addPostings(t, this.member);
      else this.scorer.addTo(t, ids);
    }
    for (const n of ids) this.member[n] = 0;
  }

  // The ids, once their BM25 is accumulated.
  private accumulated(terms: ScoredTerm[], ids: Int32Array): Int32Array {
    this.accumulate(terms, ids);
    return ids;
  }

  // The `keep` ids with the highest accumulated BM25 (ties at the threshold all kept), in their order.
  private bestScored(ids: ArrayLike<number>, keep: number): Int32Array {
    const acc = this.scorer.acc;
    if (ids.length <= keep) return Int32Array.from(ids);
    const scores = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) scores[i] = acc[ids[i]];
    const threshold = nthSmallest(scores, scores.length - keep);
    return Int32Array.from(ids).filter((n) => acc[n] >= threshold);
  }

  /**
   * Tier of a phrase candidate: checked word by word when `verify`, else an upper bound from the
   * posting lists (the pairs are there, and every word in its typed spelling when accented).
   */
  private phraseTier(plan: Plan, n: number, verify: boolean): number {
    if (verify) {
      let best = 0;
      let typed = false;
      for (const o of phraseOccurrences(plan.groups, this.words(n), plan.parsed.accented)) {
        if (o.level > best || (o.level === best && o.typed)) {
          best = o.level;
          typed = o.typed;
        }
      }
      const tier = best === 3 ? T_EXACT_PHRASE : best === 2 ? T_FOLDED_PHRASE : best === 1 ? T_PART_PHRASE : T_ALL_UNITS;
      return tier + (typed && best ? 0.5 : 0);
    }
    if (!plan.parsed.accented) return T_EXACT_PHRASE + 0.5;
    const idx = this.store.index;
    plan.exactPostings ??= plan.groups.map((g) => g.alternatives.map((a) => a.words.map((w) => idx.postings('x', w.exact))));
    const exact = plan.exactPostings.every((g) => g.some((a) => a.every((p) => p?.has(n))));
    return (exact ? T_EXACT_PHRASE : T_FOLDED_PHRASE) + 0.5;
  }

  /** True when a paragraph holds an excluded phrase: spelled as typed when it was typed with diacritics (-chè keeps che), else folded. */
  private excludedBy(ex: Group[], n: number): boolean {
    const accented = ex.some((g) => g.alternatives[0].words.some((w) => hasDiacritics(w.surface)));
    return this.contains(ex, n, accented, accented ? 3 : 2);
  }

  private contains(groups: Group[], n: number, accented: boolean, minLevel: number): boolean {
    return phraseOccurrences(groups, this.words(n), accented).some((o) => o.level >= minLevel);
  }

  /**
   * Paragraphs holding every required unit of the query as a phrase, in two sets: `full`, as typed
   * (with the typed diacritics), which is what is counted; `near`, only once folded or inside a
   * compound ('che' for 'chè', 'diễn biến' for 'Điện Biên'), shown apart as "gần đúng".
   */
  private matches(plan: Plan, allowed: Set<number> | undefined): { full: IdCollection; near: Map<number, number> } {
    const full: number[] = [];
    const near = new Map<number, number>();
    if (!plan.units.length) return { full: new Set(allowed ?? []), near };
    // near: paragraph → its level (2: another spelling or form of every unit, 1: some unit only inside a compound).
    let candidates = intersect(plan.required.map((u) => this.unitSetOf(plan, u)));
    if (allowed) candidates = intersect([candidates, allowed]);
    if (plan.excludes.length) {
      const kept = new Set(candidates.keys());
      for (const ex of plan.excludes) {
        const suspects = this.phraseSet(ex, intersect([candidates, ...ex.map((g) => this.groupSet(g))]));
        for (const n of suspects.keys()) if (this.excludedBy(ex, n)) kept.delete(n);
      }
      candidates = kept;
    }
    const deciders = plan.required.map((u) => this.levelOf(u, plan.parsed.accented));
    const table = this.store.paragraphs;
    for (const n of candidates.keys()) {
      this.checkDeadline();
      let lower: string | undefined;
      const text = () => (lower ??= table.text(n).toLowerCase());
      let level = 3;
      for (const decide of deciders) {
        level = Math.min(level, decide(n, text));
        if (level === 0) break;
      }
      if (level === 3) full.push(n);
      else if (level > 0) near.set(n, level);
    }
    // Candidates come in ascending order whenever they were merged as sorted lists.
    return { full: candidates instanceof SortedIds ? new SortedIds(Uint32Array.from(full)) : new Set(full), near };
  }

  /** How to find a unit's level in a paragraph: from the posting lists for a plain word, else from the text. */
  private levelOf(u: Unit, accented: boolean): (n: number, lower: () => string) => number {
    const only = u.groups.length === 1 && u.groups[0].alternatives.length === 1 && u.groups[0].alternatives[0].words.length === 1 ? u.groups[0].alternatives[0].words[0] : undefined;
    if (only && !only.parts.length) {
      // A plain word's folded posting list holds exactly the paragraphs with it; the exact list, those spelled as typed.
      if (!accented) return () => 3;
      const exact = this.store.index.postings('x', only.exact);
      return (n) => (exact?.has(n) ? 3 : 2);
    }
    const matcher = new UnitMatcher(u.groups, accented);
    return (n, lower) => matcher.level(lower(), () => this.words(n));
  }

  // A ranked entry, with whether its paragraph is a fragment (decided once per paragraph, then kept).
  private ranked(n: number, tier: number, relevance: number): Ranked {
    let f = this.fragments[n];
    if (f === 0) {
      const p = this.store.paragraphs;
      f = this.fragments[n] = isFragment(p.kind(n), this.store.index.fieldLength(n, 'f'), () => p.text(n)) ? 2 : 1;
    }
    return { n, tier, relevance, fragment: f === 2 };
  }

  /**
   * The best `wanted` hits: full matches (phrase matches from a heap, best first, then the paragraphs
   * with every unit apart), then near ones, then partial ones, each only when the list reaches them.
   * A question's matches (see QUESTION_UNITS) are one list ranked as partial ones, unless `partial` is off.
   */
  private rank(plan: Plan, scored: ScoredTerms, full: IdCollection, near: ReadonlyMap<number, number>, allowed: Set<number> | undefined, wanted: number, partial: boolean): { ranked: Ranked[]; partialTotal: number; truncated: boolean } {
    const { groups } = plan;
    const { terms, groupWeights, unitWeights } = scored;
    // A view without partial matches (every mention) ranks a question's full matches as usual.
    const asQuestion = plan.rankAsQuestion && partial;
    // The whole query as a phrase is no phrase the user typed once a repeat is dropped from it.
    const phrase = groups.length && !asQuestion && !plan.gapBefore.size ? this.phraseSet(groups, full) : new Set<number>();
    this.scorer.clear();
    let truncated = false;
    // Past `maxRanked` candidates, only the best by BM25 are ranked in full (context, fragments, tiers):
    // a query as common as 'của' costs what a page of it costs, and the answer says the order is rough.
    const bounded = (ids: Int32Array): Int32Array => {
      if (ids.length <= this.maxRanked) return ids;
      truncated = true;
      return this.bestScored(ids, this.maxRanked);
    };
    const phraseIds = bounded(this.accumulated(terms, Int32Array.from(phrase.keys())));
    // From the posting lists a phrase tier is an upper bound (checking the words can only lower it):
    // best first, a candidate on top is checked and pushed back with its true tier, so only about a page
    // of candidates is ever checked word by word, however common the phrase.
    const heap = new Heap(
      better,
      Array.from(phraseIds, (n) => ({ ...this.ranked(n, this.phraseTier(plan, n, false), this.scorer.acc[n] + this.contextBonus(plan, groupWeights, n)), verified: false })),
    );
    const ranked: Ranked[] = [];
    const demoted: Ranked[] = [];
    let rest: Ranked[] | undefined;
    // Paragraphs that say something, then fragments: each pass takes the phrase matches of its kind
    // from the heap, then the paragraphs with every unit apart (scored only when the page reaches them).
    for (const fragment of asQuestion ? [] : [false, true]) {
      while (ranked.length < wanted && heap.size && (heap.peek() as Ranked).fragment === fragment) {
        this.checkDeadline();
        const e = heap.pop() as Ranked & { verified: boolean };
        if (e.verified) ranked.push(e);
        else {
          e.tier = this.phraseTier(plan, e.n, true);
          e.verified = true;
          if (e.tier > T_ALL_UNITS) heap.push(e);
          else demoted.push(e);
        }
      }
      if (ranked.length >= wanted) break;
      if (!rest && full.size <= ranked.length + demoted.length) rest = [];
      if (!rest) {
        const restIds = bounded(this.accumulated(terms, Int32Array.from([...full.keys()].filter((n) => !phrase.has(n)))));
        rest = Array.from(restIds, (n) => this.ranked(n, T_ALL_UNITS, this.scorer.acc[n] + this.contextBonus(plan, groupWeights, n)));
      }
      const top = new TopK<Ranked>(wanted - ranked.length, better);
      for (const e of demoted) if (e.fragment === fragment) top.push(e);
      for (const e of rest) if (e.fragment === fragment) top.push(e);
      for (const r of top.sorted()) ranked.push(r);
    }

    // Near matches, then partial ones, only when the page reaches past the full ones.
    if (!asQuestion && wanted > full.size && near.size) {
      const nearIds = bounded(this.accumulated(terms, Int32Array.from(near.keys())));
      const top = new TopK<Ranked>(wanted - full.size, better);
      // Another spelling of the whole phrase before a number found inside a longer one.
      for (const n of nearIds) top.push(this.ranked(n, (near.get(n) as number) >= 2 ? T_NEAR + 0.25 : T_NEAR, this.scorer.acc[n] + this.contextBonus(plan, groupWeights, n)));
      for (const r of top.sorted()) ranked.push(r);
    }
    let partialTotal = 0;
    const reached = full.size + near.size;
    if (asQuestion) {
      const question = this.partialMatches(plan, terms, groupWeights, unitWeights, new Set(), new Map(), allowed, wanted);
      partialTotal = Math.max(0, question.total - reached);
      for (const r of question.ranked) ranked.push({ ...r, match: full.has(r.n) ? T_ALL_UNITS : near.has(r.n) ? T_NEAR : T_PARTIAL });
    } else if (wanted > reached && plan.units.length > 1 && partial) {
      const partial = this.partialMatches(plan, terms, groupWeights, unitWeights, full, near, allowed, wanted - reached);
      partialTotal = partial.total;
      for (const r of partial.ranked) ranked.push(r);
    }

    return { ranked, partialTotal, truncated };
  }

  /**
   * Folds a ranked list: with `collapse`, keeps the first of each set of identical texts, the others
   * (wherever they rank, those the filters allow) becoming its "where else"; with `perDoc`, keeps at
   * most that many hits of a document, the last of them saying how many more full matches it holds.
   */
  private fold(ranked: Ranked[], allowed: Set<number> | undefined, collapse: boolean, perDoc: number | undefined, fullIn: Map<string, number> | undefined): { ranked: Ranked[]; others: Map<number, number[]>; more: Map<number, number> } {
    const same = collapse ? (this.identical ??= new IdenticalTexts(this.store.paragraphs)) : undefined;
    const seen = new Set<number>();
    const shown = new Map<string, number>();
    const shownFull = new Map<string, number>();
    const kept: Ranked[] = [];
    const others = new Map<number, number[]>();
    const more = new Map<number, number>();
    for (const r of ranked) {
      if (same) {
        const key = same.first(r.n);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const doc = this.store.paragraphs.doc(r.n);
      if (perDoc) {
        const count = shown.get(doc) ?? 0;
        if (count >= perDoc) continue;
        shown.set(doc, count + 1);
        if ((r.match ?? r.tier) >= T_ALL_UNITS) shownFull.set(doc, (shownFull.get(doc) ?? 0) + 1);
        if (count + 1 === perDoc) {
          const rest = (fullIn?.get(doc) ?? 0) - (shownFull.get(doc) ?? 0);
          if (rest > 0) more.set(r.n, rest);
        }
      }
      kept.push(r);
      if (same) {
        const rest = same.others(r.n).filter((m) => !allowed || allowed.has(m));
        if (rest.length) others.set(r.n, rest);
      }
    }
    return { ranked: kept, others, more };
  }

  // Full matches per document.
  private countsByDocument(full: IdCollection): Map<string, number> {
    const counts = new Map<string, number>();
    for (const n of full.keys()) {
      const doc = this.store.paragraphs.doc(n);
      counts.set(doc, (counts.get(doc) ?? 0) + 1);
    }
    return counts;
  }

  // How many hits a folded list of these paragraphs holds: one per distinct text (with `collapse`), at most `perDoc` per document.
  private foldedCount(ns: Iterable<number>, collapse: boolean, perDoc: number | undefined): number {
    const same = collapse ? (this.identical ??= new IdenticalTexts(this.store.paragraphs)) : undefined;
    const texts = new Map<string, Set<number>>();
    for (const n of ns) {
      const doc = this.store.paragraphs.doc(n);
      let set = texts.get(doc);
      if (!set) texts.set(doc, (set = new Set()));
      set.add(same ? same.first(n) : n);
    }
    // Identical texts in two documents are one hit: counted in the first document only.
    let total = 0;
    const counted = new Set<number>();
    for (const set of texts.values()) {
      let inDoc = 0;
      for (const key of set) {
        if (counted.has(key)) continue;
        counted.add(key);
        inDoc++;
      }
      total += perDoc ? Math.min(perDoc, inDoc) : inDoc;
    }
    return total;
  }

  /** Runs a search request. Throws QueryError for a request the user must change. */
  search(request: SearchRequest): SearchResponse {
    this.deadline = request.deadline ?? Infinity;
    // A request that waited past its deadline in a queue is not started at all.
    if (this.clock() > this.deadline) throw new SearchTimeoutError();
    try {
      return this.run(request);
    } finally {
      this.deadline = Infinity;
    }
  }

  private run(request: SearchRequest): SearchResponse {
    const t0 = performance.now();
    const limit = request.limit ?? DEFAULT_LIMIT;
    const offset = request.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new QueryError(`limit phải là số nguyên từ 1 đến ${MAX_LIMIT}.`);
    if (!Number.isInteger(offset) || offset < 0) throw new QueryError('offset phải là số nguyên, từ 0 trở lên.');
    // Ranking the 100,000th hit costs ranking all before it: deep pages are refused, not run on.
    if (offset + limit > MAX_WINDOW) throw new QueryError(`Chỉ xem được ${MAX_WINDOW.toLocaleString('vi-VN')} kết quả đầu tiên (offset + limit ≤ ${MAX_WINDOW}). Hãy thu hẹp truy vấn hoặc thêm bộ lọc (năm, loại văn bản, cơ quan).`);
    const plan = this.plan(request.q, request.filters);
    const allowed = this.filterSet(plan.filters);
    const { full, near } = this.matches(plan, allowed);
    const scored = this.scoredTerms(plan);
    const wanted = offset + limit;
    const partial = request.partial !== false;
    const sort = request.sort ?? 'relevance';
    if (!['relevance', 'newest', 'oldest'].includes(sort)) throw new QueryError('sort chỉ nhận relevance (liên quan nhất), newest (mới nhất) hoặc oldest (cũ nhất).');
    const rank = (want: number) => (sort === 'relevance' ? this.rank(plan, scored, full, near, allowed, want, partial) : { ranked: this.byDate(full, near, want, sort), partialTotal: 0, truncated: false });
    let result = rank(wanted);
    let ranked = result.ranked;
    let others: Map<number, number[]> | undefined;
    let more: Map<number, number> | undefined;
    const perDoc = request.perDocument;
    if (perDoc !== undefined && (!Number.isInteger(perDoc) || perDoc < 1)) throw new QueryError('perDocument phải là số nguyên từ 1 trở lên.');
    if (request.collapse || perDoc) {
      const fullIn = perDoc ? this.countsByDocument(full) : undefined;
      // Rank more paragraphs until a page's worth of folded hits is there: the ranking is
      // deterministic, so a longer list only adds to the end of a shorter one. At most 8 times the
      // page: a text repeated thousands of times must not rank the whole window.
      for (let want = wanted; ; ) {
        ({ ranked, others, more } = this.fold(result.ranked, allowed, request.collapse === true, perDoc, fullIn));
        if (ranked.length >= wanted || result.ranked.length < want || want >= Math.min(MAX_WINDOW, 8 * wanted)) break;
        want = Math.min(MAX_WINDOW, 8 * wanted, want * 2);
        result = rank(want);
      }
    }
    const { partialTotal, truncated } = result;
    const undated = this.undatedMatches(plan);
    const numbered = this.numbered(plan);
    const exactHits = ranked.some((r) => r.tier >= T_EXACT_PHRASE);
    const page = ranked.slice(offset, offset + limit);
    const hits = page.map((r) => {
      const hit = this.hit(plan, r, others?.get(r.n));
      const rest = more?.get(r.n);
      return rest ? { ...hit, moreInDocument: rest } : hit;
    });
    const perDocument = this.perDocument(full);
    const didYouMean = full.size === 0 || !exactHits || !plan.parsed.accented ? suggestSpelling(this.store, plan.parsed, full.size > 0) : undefined;
    return {
      query: request.q,
      total: full.size,
      totalNear: near.size,
      totalPartial: partialTotal,
      tookMs: Math.round((performance.now() - t0) * 100) / 100,
      units: plan.units.map((u) => ({ text: u.text, kind: u.kind, ...(plan.required.includes(u) ? {} : { optional: true }) })),
      ...(request.facets && this.entities ? { facets: this.entities.facets(full.keys(), request.facets) } : {}),
      ...(request.collapse || perDoc ? { distinct: { total: this.foldedCount(full.keys(), request.collapse === true, perDoc), near: this.foldedCount(near.keys(), request.collapse === true, perDoc) } } : {}),
      hits,
      perDocument,
      ...(didYouMean ? { didYouMean } : {}),
      ...(numbered.length ? { numbered } : {}),
      ...(undated !== undefined ? { undated } : {}),
      ...(truncated ? { truncated, notice: `Truy vấn khớp quá nhiều đoạn: chỉ ${this.maxRanked.toLocaleString('vi-VN')} đoạn có điểm cao nhất được xếp hạng đầy đủ, số đếm vẫn chính xác. Thêm từ hoặc bộ lọc để có thứ tự chính xác.` } : {}),
      filters: plan.filters,
    };
  }

  /**
   * The best `k` paragraphs with some but not all units, in two phases. The rarest terms nominate
   * candidates and are scored in full; then only the best `max(rescore, 4k)` candidates by that score
   * get the common words (của, và, các), headings and coverage added, so long questions full of common
   * words cost what their rare words cost. A candidate must hold a real unit of the query (a word or
   * name of several syllables, a glossary term, a number), or most of a query of three units or more:
   * a syllable shared by chance ('ngân' of 'ngân hàng' for 'giải ngân') is no match. `total` is exact
   * when every candidate was rescored, else estimated from the share of the rescored ones that qualify.
   */
  private partialMatches(plan: Plan, terms: ScoredTerm[], groupWeights: number[], unitWeights: number[], full: IdCollection, near: ReadonlyMap<number, number>, allowed: Set<number> | undefined, k: number): { ranked: Ranked[]; total: number } {
    const n = this.store.index.documentCount;
    const sc = this.scorer;
    sc.clear();
    const byRarity = [...terms].sort((a, b) => a.postings.size - b.postings.size);
    const rest: ScoredTerm[] = [];
    let budget = 0;
    let nominators = 0;
    for (const t of byRarity) {
      // A common word (của, và, các) nominates only while the scan stays cheap; it still scores below.
      if (nominators >= 2 && t.postings.size > n * 0.05 && budget + t.postings.size > 20_000) {
        rest.push(t);
        continue;
      }
      sc.addPostings(t);
      nominators++;
      budget += t.postings.size;
    }
    // A real unit is anything but a lone syllable; "most" of a query is half its content units, by weight.
    let real = 0;
    let content = 0;
    plan.units.forEach((u, i) => {
      if (u.kind !== 'syllable') real |= 1 << Math.min(i, 31);
      if (!u.functionWord) content += unitWeights[i];
    });
    const contentWeights = unitWeights.map((w, i) => (plan.units[i].functionWord ? 0 : w));
    const qualifies = (m: number) => (sc.whole[m] & real) !== 0 || (plan.units.length >= 3 && sc.coverage(m, contentWeights, content) >= 0.5);
    const taken = full.size || near.size || allowed;
    const candidates = taken ? sc.touched.filter((m) => !full.has(m) && !near.has(m) && (!allowed || allowed.has(m))) : sc.touched.slice();
    const nominated = candidates.length;
    const acc = sc.acc;
    const ids = this.bestScored(candidates, Math.max(this.rescore, 4 * k));
    for (const m of ids) this.member[m] = 1;
    for (const t of rest) {
      if (t.postings.size <= ids.length) sc.addPostings(t, this.member);
      else sc.addTo(t, ids);
    }
    const totalWeight = unitWeights.reduce((x, y) => x + y, 0);
    const top = new TopK<Ranked>(k, better);
    let qualified = 0;
    for (const m of ids) {
      this.checkDeadline();
      this.member[m] = 0;
      if (!qualifies(m) || plan.excludes.some((ex) => this.excludedBy(ex, m))) continue;
      qualified++;
      // A unit the heading or title names counts as covered: under 'Quyền của Trọng tài viên' a
      // clause need not say whose rights it lists.
      const context = this.contextMatch(plan, groupWeights, m);
      const coverage = sc.coverage(m, unitWeights, totalWeight, context.units);
      const relevance = (acc[m] + context.bonus) * (0.5 + coverage);
      if (relevance > 0) top.push(this.ranked(m, T_PARTIAL, relevance));
    }
    // Past the rescored candidates, the share that qualified stands for the rest.
    const total = ids.length ? Math.round((qualified / ids.length) * nominated) : 0;
    return { ranked: top.sorted(), total };
  }

  private perDocument(full: IdCollection): DocumentCount[] {
    return [...this.countsByDocument(full)]
      .map(([doc, count]) => ({ doc, title: this.docs.get(doc)?.title ?? doc, date: this.docs.get(doc)?.date, count }))
      .sort((a, b) => b.count - a.count || a.doc.localeCompare(b.doc));
  }

  /** Character ranges of a plan's matches in a paragraph: for each group, its best-matching occurrences. */
  private ranges(plan: Plan, words: DocWord[]): [number, number][] {
    const out: [number, number][] = [];
    for (const g of plan.groups) {
      const occ = groupOccurrences(g, words, plan.parsed.accented);
      // A loop, not Math.max(...): a paragraph may hold more occurrences than a call takes arguments.
      let best = 0;
      for (const o of occ) if (o.level > best) best = o.level;
      for (const o of occ) if (o.level === best) out.push([words[o.from].start, words[o.to - 1].end]);
    }
    return out;
  }

  /** Offsets of every match of a query in a text. */
  highlight(q: string, text: string): [number, number][] {
    // A page highlights many paragraphs for one query: it is planned once, not once per paragraph.
    if (this.lastHighlight?.q !== q) {
      let plan: Plan | undefined;
      try {
        plan = this.plan(q);
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
      }
      this.lastHighlight = { q, plan };
    }
    const { plan } = this.lastHighlight;
    return plan ? this.ranges(plan, paragraphWords(text)) : [];
  }

  // Where a paragraph is: its document, number and link.
  private place(plan: Plan, n: number): ParagraphPlace {
    const t = this.store.paragraphs;
    const doc = t.doc(n);
    const paragraph = t.columns.paragraph[n];
    return { id: `${doc}#p${paragraph}`, doc, title: this.docs.get(doc)?.title ?? doc, paragraph, url: paragraphUrl(doc, paragraph, plan.parsed.text) };
  }

  private hit(plan: Plan, r: Ranked, others?: number[]): SearchHit {
    const p: ParagraphRecord = this.store.paragraphs.get(r.n);
    const d = this.docs.get(p.doc);
    const matches = this.ranges(plan, this.words(r.n));
    const match = r.match ?? r.tier;
    const url = paragraphUrl(p.doc, p.paragraph, plan.parsed.text);
    // Without the query: a citation points at the paragraph, not at a search.
    const permalink = paragraphUrl(p.doc, p.paragraph);
    const meta = {
      ...(d?.date ? { date: d.date } : {}),
      ...(d?.dateText ? { dateText: d.dateText } : {}),
      ...(d?.number ? { number: d.number } : {}),
      ...(d?.type ? { type: d.type } : {}),
      ...(d?.body ? { body: d.body } : {}),
      ...(d?.source ? { source: d.source } : {}),
      ...(d?.place ? { place: d.place } : {}),
      ...(d?.signer ? { signer: d.signer } : {}),
    };
    return {
      id: p.id,
      doc: p.doc,
      title: d?.title ?? p.doc,
      paragraph: p.paragraph,
      text: p.text,
      snippet: snippet(p.text, matches),
      score: Math.round((r.tier * TIER + r.relevance) * 1000) / 1000,
      url,
      partial: match < T_ALL_UNITS,
      ...(match >= T_NEAR && match < T_ALL_UNITS ? { near: true } : {}),
      html: highlight(p.text, matches),
      heading: p.heading,
      matches,
      citation: citation(d, p, permalink),
      citations: citations(d, p, permalink),
      meta,
      ...(others ? { elsewhere: others.slice(0, MAX_ELSEWHERE).map((m) => this.place(plan, m)), elsewhereTotal: others.length } : {}),
    };
  }

  /** Completions from the corpus, accented, for a prefix typed with or without diacritics. */
  suggest(prefix: string, limit = 8): string[] {
    return suggestCompletions(this.store, prefix, limit);
  }
}

/** Kept for callers of the engine module; the citations live in citation.ts. */
export { citation } from './citation.js';
