// candidates → tier: which candidates hold every required unit as typed (full, counted), only once
// folded or inside a compound (near, "gần đúng"), and the phrase tier of a full match.
import { EXACT } from '../index/fields.js';
import { hasDiacritics } from '../text/fold.js';
import { SortedIds, type IdCollection } from '../util/sorted-ids.js';
import { unitSetOf, type CandidateSource } from './candidates.js';
import type { CorpusView } from './corpus-view.js';
import type { Deadline } from './deadline.js';
import type { Group } from './glossary.js';
import { intersect } from './id-sets.js';
import { MatchLevel, phraseOccurrences } from './match.js';
import type { Plan } from './plan.js';
import { T_ALL_UNITS, T_EXACT_PHRASE, T_FOLDED_PHRASE, T_PART_PHRASE } from './tiers.js';
import { UnitMatcher } from './unit-matcher.js';
import type { Unit } from './units.js';

/** A query's full and near matches: `near` maps a paragraph to its level (2: another spelling or form of every unit, 1: some unit only inside a compound). */
export interface Matches {
  full: IdCollection;
  near: Map<number, number>;
}

/** Decides, paragraph by paragraph, how well candidates match a plan. */
export class MatchFinder {
  constructor(
    private readonly view: CorpusView,
    private readonly candidates: CandidateSource,
    private readonly deadline: Deadline,
  ) {}

  /**
   * Paragraphs holding every required unit of the query as a phrase, in two sets: `full`, as typed
   * (with the typed diacritics), which is what is counted; `near`, only once folded or inside a
   * compound ('che' for 'chè', 'diễn biến' for 'Điện Biên'), shown apart as "gần đúng".
   */
  matches(plan: Plan, allowed: Set<number> | undefined): Matches {
    const full: number[] = [];
    const near = new Map<number, number>();
    if (!plan.units.length) return { full: new Set(allowed ?? []), near };
    let candidates = intersect(plan.required.map((u) => unitSetOf(this.candidates, plan, u)));
    if (allowed) candidates = intersect([candidates, allowed]);
    if (plan.excludes.length) candidates = this.withoutExcluded(plan, candidates);
    const deciders = plan.required.map((u) => this.levelOf(u, plan.parsed.accented));
    const table = this.view.store.paragraphs;
    for (const n of candidates.keys()) {
      this.deadline.check();
      let lower: string | undefined;
      const text = () => (lower ??= table.text(n).toLowerCase());
      let level: MatchLevel = MatchLevel.EXACT;
      for (const decide of deciders) {
        level = Math.min(level, decide(n, text)) as MatchLevel;
        if (level === MatchLevel.NONE) break;
      }
      if (level === MatchLevel.EXACT) full.push(n);
      else if (level > MatchLevel.NONE) near.set(n, level);
    }
    // Candidates come in ascending order whenever they were merged as sorted lists.
    return { full: candidates instanceof SortedIds ? new SortedIds(Uint32Array.from(full)) : new Set(full), near };
  }

  /** True when a paragraph holds an excluded phrase: spelled as typed when it was typed with diacritics (-chè keeps che), else folded. */
  excludedBy(ex: Group[], n: number): boolean {
    const accented = ex.some((g) => g.alternatives[0].words.some((w) => hasDiacritics(w.surface)));
    return phraseOccurrences(ex, this.view.words(n), accented).some((o) => o.level >= (accented ? MatchLevel.EXACT : MatchLevel.FOLDED));
  }

  /**
   * Tier of a phrase candidate: checked word by word when `verify`, else an upper bound from the
   * posting lists (the pairs are there, and every word in its typed spelling when accented).
   */
  phraseTier(plan: Plan, n: number, verify: boolean): number {
    if (verify) {
      let best: MatchLevel = MatchLevel.NONE;
      let typed = false;
      for (const o of phraseOccurrences(plan.groups, this.view.words(n), plan.parsed.accented)) {
        if (o.level > best || (o.level === best && o.typed)) {
          best = o.level;
          typed = o.typed;
        }
      }
      const tier = best === MatchLevel.EXACT ? T_EXACT_PHRASE : best === MatchLevel.FOLDED ? T_FOLDED_PHRASE : best === MatchLevel.PART ? T_PART_PHRASE : T_ALL_UNITS;
      return tier + (typed && best ? 0.5 : 0);
    }
    if (!plan.parsed.accented) return T_EXACT_PHRASE + 0.5;
    const idx = this.view.store.index;
    plan.exactPostings ??= plan.groups.map((g) => g.alternatives.map((a) => a.words.map((w) => idx.postings(EXACT, w.exact))));
    const exact = plan.exactPostings.every((g) => g.some((a) => a.every((p) => p?.has(n))));
    return (exact ? T_EXACT_PHRASE : T_FOLDED_PHRASE) + 0.5;
  }

  // The candidates less those holding an excluded phrase.
  private withoutExcluded(plan: Plan, candidates: IdCollection): IdCollection {
    const kept = new Set(candidates.keys());
    for (const ex of plan.excludes) {
      const suspects = this.candidates.phraseSet(ex, intersect([candidates, ...ex.map((g) => this.candidates.groupSet(g))]));
      for (const n of suspects.keys()) if (this.excludedBy(ex, n)) kept.delete(n);
    }
    return kept;
  }

  /** How to find a unit's level in a paragraph: from the posting lists for a plain word, else from the text. */
  private levelOf(u: Unit, accented: boolean): (n: number, lower: () => string) => MatchLevel {
    const only = u.groups.length === 1 && u.groups[0].alternatives.length === 1 && u.groups[0].alternatives[0].words.length === 1 ? u.groups[0].alternatives[0].words[0] : undefined;
    if (only && !only.parts.length) {
      // A plain word's folded posting list holds exactly the paragraphs with it; the exact list, those spelled as typed.
      if (!accented) return () => MatchLevel.EXACT;
      const exact = this.view.store.index.postings(EXACT, only.exact);
      return (n) => (exact?.has(n) ? MatchLevel.EXACT : MatchLevel.FOLDED);
    }
    const matcher = new UnitMatcher(u.groups, accented);
    return (n, lower) => matcher.level(lower(), () => this.view.words(n));
  }
}
