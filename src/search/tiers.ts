// Ranking tiers, best first, and the order of ranked paragraphs. A hit's score is tier * TIER +
// relevance, so the tiers never interleave. Tiers from T_ALL_UNITS up are full matches: every unit of
// the query, as typed; they are what is counted.

/** Spacing of tiers in a hit's score. */
export const TIER = 1000;
/** The whole query as a phrase, spelled as typed. */
export const T_EXACT_PHRASE = 5;
/** The whole query as a phrase once diacritics are folded. */
export const T_FOLDED_PHRASE = 4;
/** The phrase inside compounds (31/2022 in 31/2022/NĐ-CP). */
export const T_PART_PHRASE = 3;
/** Every unit, apart. */
export const T_ALL_UNITS = 2;
/** Every unit, but only once folded, in another form or inside a compound: "gần đúng", not counted (+0.25 without compounds). */
export const T_NEAR = 1.5;
/** Some units. */
export const T_PARTIAL = 1;

/** A paragraph in a ranked list. */
export interface Ranked {
  n: number;
  tier: number;
  relevance: number;
  /** A blank-form line, table cell or label that says nothing by itself (see fragment.ts). */
  fragment: boolean;
  /** The tier of its match when it was ranked as a question's (see QUESTION_UNITS in plan.ts), else `tier`. */
  match?: number;
}

// Full matches, then near ones, then partial ones: what a hit is counted as comes before all else.
const matchClass = (tier: number): number => (tier >= T_ALL_UNITS ? 2 : tier >= T_NEAR ? 1 : 0);

/**
 * True when a ranks before b: full before near before partial, then within each a paragraph that says
 * something before a fragment, then higher tier, higher relevance, document order.
 */
export const better = (a: Ranked, b: Ranked): boolean => {
  const ca = matchClass(a.tier);
  const cb = matchClass(b.tier);
  if (ca !== cb) return ca > cb;
  if (a.fragment !== b.fragment) return b.fragment;
  return a.tier > b.tier || (a.tier === b.tier && (a.relevance > b.relevance || (a.relevance === b.relevance && a.n < b.n)));
};
