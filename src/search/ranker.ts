// score → tier → page: the best `wanted` paragraphs of a query in order, full matches first (phrase
// matches, then every unit apart), then near ones, then partial ones, each only when the page reaches them.
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { Heap, TopK } from '../util/heap.js';
import { nthSmallest } from '../util/nth-smallest.js';
import type { IdCollection } from '../util/sorted-ids.js';
import type { CandidateSource } from './candidates.js';
import type { CorpusView } from './corpus-view.js';
import type { Deadline } from './deadline.js';
import type { MatchFinder, Matches } from './match-finder.js';
import type { ParagraphContexts } from './paragraph-contexts.js';
import type { Plan } from './plan.js';
import type { ScoredTerms } from './query-terms.js';
import { Scorer, type RankWeights, type ScoredTerm } from './rank.js';
import { better, T_ALL_UNITS, T_NEAR, T_PARTIAL, type Ranked } from './tiers.js';

/** Options of the ranker. */
export interface RankerOptions {
  /** Partial-match candidates (best by their rare words) that get the full score; at least 4 × the page end (default 2000). */
  rescore?: number;
  /** Candidates of one kind (phrase, all units apart, near) ranked in full; past it, only the best by BM25 are, and the answer says `truncated` (default 10,000). */
  maxRanked?: number;
}

/** A ranked list and what ranking it found out on the way. */
export interface RankedList {
  ranked: Ranked[];
  /** Partial matches in all (estimated past the rescored ones). */
  partialTotal: number;
  /** True when some kind of candidate was too many to rank in full. */
  truncated: boolean;
}

/** Ranks the matches of a plan, reading scores from one Scorer (so one query at a time). */
export class Ranker {
  /** Candidates of one kind ranked in full (RankerOptions.maxRanked). */
  readonly maxRanked: number;
  private readonly rescore: number;
  private readonly scorer: Scorer;
  /** Scratch marks, one per paragraph, for membership tests during a query; always cleared after use. */
  private readonly member: Uint8Array;

  constructor(
    private readonly view: CorpusView,
    index: ParagraphIndex,
    weights: RankWeights,
    private readonly contexts: ParagraphContexts,
    private readonly finder: MatchFinder,
    private readonly candidates: CandidateSource,
    private readonly deadline: Deadline,
    options: RankerOptions = {},
  ) {
    this.rescore = options.rescore ?? 2000;
    this.maxRanked = options.maxRanked ?? 10_000;
    this.scorer = new Scorer(index, weights);
    this.member = new Uint8Array(view.store.paragraphs.length);
  }

  /**
   * The best `wanted` hits: full matches (phrase matches from a heap, best first, then the paragraphs
   * with every unit apart), then near ones, then partial ones, each only when the list reaches them.
   * A question's matches (see QUESTION_UNITS in plan.ts) are one list ranked as partial ones, unless `partial` is off.
   */
  rank(plan: Plan, scored: ScoredTerms, { full, near }: Matches, allowed: Set<number> | undefined, wanted: number, partial: boolean): RankedList {
    const { terms, groupWeights, unitWeights } = scored;
    // A view without partial matches (every mention) ranks a question's full matches as usual.
    const asQuestion = plan.rankAsQuestion && partial;
    this.scorer.clear();
    const state = { truncated: false };
    const ranked = asQuestion ? [] : this.fullMatches(plan, scored, full, wanted, state);
    // Near matches, then partial ones, only when the page reaches past the full ones.
    if (!asQuestion && wanted > full.size && near.size) {
      const nearIds = this.bounded(this.accumulated(terms, Int32Array.from(near.keys())), state);
      const top = new TopK<Ranked>(wanted - full.size, better);
      // Another spelling of the whole phrase before a number found inside a longer one.
      for (const n of nearIds) top.push(this.ranked(n, (near.get(n) as number) >= 2 ? T_NEAR + 0.25 : T_NEAR, this.scorer.acc[n] + this.contexts.bonus(plan, groupWeights, n)));
      for (const r of top.sorted()) ranked.push(r);
    }
    let partialTotal = 0;
    const reached = full.size + near.size;
    if (asQuestion) {
      const question = this.partialMatches(plan, terms, groupWeights, unitWeights, { full: new Set(), near: new Map() }, allowed, wanted);
      partialTotal = Math.max(0, question.total - reached);
      for (const r of question.ranked) ranked.push({ ...r, match: full.has(r.n) ? T_ALL_UNITS : near.has(r.n) ? T_NEAR : T_PARTIAL });
    } else if (wanted > reached && plan.units.length > 1 && partial) {
      const found = this.partialMatches(plan, terms, groupWeights, unitWeights, { full, near }, allowed, wanted - reached);
      partialTotal = found.total;
      for (const r of found.ranked) ranked.push(r);
    }
    return { ranked, partialTotal, truncated: state.truncated };
  }

  /**
   * Full and near matches by the date of their document, newest or oldest first, undated documents
   * last, then in reading order: the first `wanted` of them.
   */
  byDate({ full, near }: Matches, wanted: number, sort: 'newest' | 'oldest'): Ranked[] {
    const dates = new Map<string, string>();
    const dateOf = (n: number): string => {
      const doc = this.view.store.paragraphs.doc(n);
      let d = dates.get(doc);
      if (d === undefined) dates.set(doc, (d = this.view.document(doc)?.date ?? ''));
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

  /**
   * The best `wanted` full matches. From the posting lists a phrase tier is an upper bound (checking
   * the words can only lower it): best first, a candidate on top is checked and pushed back with its
   * true tier, so only about a page of candidates is ever checked word by word, however common the phrase.
   * Paragraphs that say something come first, then fragments: each pass takes the phrase matches of its
   * kind from the heap, then the paragraphs with every unit apart (scored only when the page reaches them).
   */
  private fullMatches(plan: Plan, { terms, groupWeights }: ScoredTerms, full: IdCollection, wanted: number, state: { truncated: boolean }): Ranked[] {
    const { groups } = plan;
    // The whole query as a phrase is no phrase the user typed once a repeat is dropped from it.
    const phrase = groups.length && !plan.gapBefore.size ? this.candidates.phraseSet(groups, full) : new Set<number>();
    const phraseIds = this.bounded(this.accumulated(terms, Int32Array.from(phrase.keys())), state);
    const heap = new Heap(
      better,
      Array.from(phraseIds, (n) => ({ ...this.ranked(n, this.finder.phraseTier(plan, n, false), this.scorer.acc[n] + this.contexts.bonus(plan, groupWeights, n)), verified: false })),
    );
    const ranked: Ranked[] = [];
    const demoted: Ranked[] = [];
    let rest: Ranked[] | undefined;
    for (const fragment of [false, true]) {
      while (ranked.length < wanted && heap.size && (heap.peek() as Ranked).fragment === fragment) {
        this.deadline.check();
        const e = heap.pop() as Ranked & { verified: boolean };
        if (e.verified) ranked.push(e);
        else {
          e.tier = this.finder.phraseTier(plan, e.n, true);
          e.verified = true;
          if (e.tier > T_ALL_UNITS) heap.push(e);
          else demoted.push(e);
        }
      }
      if (ranked.length >= wanted) break;
      if (!rest && full.size <= ranked.length + demoted.length) rest = [];
      if (!rest) {
        const restIds = this.bounded(this.accumulated(terms, Int32Array.from([...full.keys()].filter((n) => !phrase.has(n)))), state);
        rest = Array.from(restIds, (n) => this.ranked(n, T_ALL_UNITS, this.scorer.acc[n] + this.contexts.bonus(plan, groupWeights, n)));
      }
      const top = new TopK<Ranked>(wanted - ranked.length, better);
      for (const e of demoted) if (e.fragment === fragment) top.push(e);
      for (const e of rest) if (e.fragment === fragment) top.push(e);
      for (const r of top.sorted()) ranked.push(r);
    }
    return ranked;
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
  private partialMatches(plan: Plan, terms: ScoredTerm[], groupWeights: number[], unitWeights: number[], { full, near }: Matches, allowed: Set<number> | undefined, k: number): { ranked: Ranked[]; total: number } {
    const sc = this.scorer;
    sc.clear();
    const rest = this.nominate(terms);
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
      this.deadline.check();
      this.member[m] = 0;
      if (!qualifies(m) || plan.excludes.some((ex) => this.finder.excludedBy(ex, m))) continue;
      qualified++;
      // A unit the heading or title names counts as covered: under 'Quyền của Trọng tài viên' a
      // clause need not say whose rights it lists.
      const context = this.contexts.match(plan, groupWeights, m);
      const coverage = sc.coverage(m, unitWeights, totalWeight, context.units);
      const relevance = (acc[m] + context.bonus) * (0.5 + coverage);
      if (relevance > 0) top.push(this.ranked(m, T_PARTIAL, relevance));
    }
    // Past the rescored candidates, the share that qualified stands for the rest.
    const total = ids.length ? Math.round((qualified / ids.length) * nominated) : 0;
    return { ranked: top.sorted(), total };
  }

  // Scores the rarest terms in full (they nominate partial-match candidates) and returns the others.
  private nominate(terms: ScoredTerm[]): ScoredTerm[] {
    const n = this.view.store.index.collectionParagraphs;
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
      this.scorer.addPostings(t);
      nominators++;
      budget += t.postings.size;
    }
    return rest;
  }

  // Past `maxRanked` candidates, only the best by BM25 are ranked in full (context, fragments, tiers):
  // a query as common as 'của' costs what a page of it costs, and the answer says the order is rough.
  private bounded(ids: Int32Array, state: { truncated: boolean }): Int32Array {
    if (ids.length <= this.maxRanked) return ids;
    state.truncated = true;
    return this.bestScored(ids, this.maxRanked);
  }

  /** Adds the BM25 of every term to the listed paragraphs (scanning a posting list when it is the shorter, else looking up), and returns them. */
  private accumulated(terms: ScoredTerm[], ids: Int32Array): Int32Array {
    for (const n of ids) this.member[n] = 1;
    for (const t of terms) {
      if (t.postings.size <= ids.length) this.scorer.addPostings(t, this.member);
      else this.scorer.addTo(t, ids);
    }
    for (const n of ids) this.member[n] = 0;
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

  // A ranked entry, with whether its paragraph is a fragment.
  private ranked(n: number, tier: number, relevance: number): Ranked {
    return { n, tier, relevance, fragment: this.view.fragment(n) };
  }
}
