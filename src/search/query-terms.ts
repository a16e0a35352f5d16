// plan → score: the terms a query scores with, and the weights of its groups and units.
import { bigram, EXACT, FOLDED, PAIR, type FieldName } from '../index/fields.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { unitSetOf, type CandidateSource } from './candidates.js';
import { sortedIds } from './id-sets.js';
import type { Plan } from './plan.js';
import { phraseTerm, scoredTerm, type RankWeights, type ScoredTerm } from './rank.js';

/** The terms a query scores with, and the weights of its groups and units. */
export interface ScoredTerms {
  terms: ScoredTerm[];
  /** Per group (the context bonus), the idf of its rarest word, times its unit's repeats. */
  groupWeights: number[];
  /** Per unit (coverage), the sum of its groups' weights. */
  unitWeights: number[];
}

/**
 * The terms to score, each tagged with its unit: a unit counts as present (coverage, real-unit test)
 * through its own word when it is one word, else through the word pairs inside it, never through
 * one of its syllables alone (a syllable still counts toward coverage). Pairs across units reward
 * proximity.
 */
export function scoredTerms(plan: Plan, idx: ParagraphIndex, weights: RankWeights, candidates: CandidateSource): ScoredTerms {
  const { groups, unitOf, units } = plan;
  const terms: ScoredTerm[] = [];
  const seen = new Set<string>();
  const groupWeights: number[] = [];
  const unitWeights = units.map(() => 0);
  const add = (field: FieldName, term: string, weight: number, u: number, covers: boolean) => {
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
        add(FOLDED, w.term, weights.folded, u, whole);
        add(EXACT, w.exact, weights.exact, u, whole);
        for (const p of w.parts) add(FOLDED, p, weights.folded / Math.max(2, w.parts.length), u, false);
        best = Math.max(best, Math.log(1 + idx.collectionParagraphs / (1 + idx.df(FOLDED, w.term))));
      }
      for (let i = 1; i < alt.words.length; i++) add(PAIR, bigram(alt.words[i - 1].term, alt.words[i].term), weights.pair, u, true);
    }
    groupWeights.push(best * plan.repeats[u]);
    unitWeights[u] += best * plan.repeats[u];
    if (g > 0 && !(unitOf[g - 1] !== u && plan.gapBefore.has(u))) {
      // A pair across a group boundary: inside a unit it shows the unit, across units only proximity.
      const inside = unitOf[g - 1] === u;
      for (const a of groups[g - 1].alternatives) {
        for (const b of group.alternatives) add(PAIR, bigram(a.words[a.words.length - 1].term, b.words[0].term), weights.pair, u, inside);
      }
    }
  });
  for (const { left, right, unit } of plan.pairsAcross) {
    for (const a of left.alternatives) for (const b of right.alternatives) add(PAIR, bigram(a.words[a.words.length - 1].term, b.words[0].term), weights.pair, unit, false);
  }
  // A unit longer than a pair, whole: its pairs also show parts of it ('quản lý nhà nước' in 'thống
  // nhất quản lý nhà nước'). The set may hold a few paragraphs with the pairs apart; verifying
  // every one would cost a look at each text.
  if (weights.unit > 0) {
    units.forEach((unit, u) => {
      if (unit.groups.length < 3) return;
      const set = unitSetOf(candidates, plan, unit);
      if (!set.size) return;
      const ids = sortedIds(set) ?? Uint32Array.from(set.keys()).sort();
      terms.push(phraseTerm(idx.collectionParagraphs, ids, weights.unit * plan.repeats[u], u, `unit\u0000${unit.text}`));
    });
  }
  return { terms, groupWeights, unitWeights };
}
