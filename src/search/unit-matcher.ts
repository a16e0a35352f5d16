import { fold } from '../text/fold.js';
import type { Group } from './glossary.js';
import { phraseOccurrences, type DocWord } from './match.js';

/** How a unit stands in a paragraph: 3 as typed (diacritics too, when typed), 2 once folded, 1 inside a compound, 0 not as a phrase. */
export type UnitLevel = 0 | 1 | 2 | 3;

// Every lower-case letter that folds to a given bare letter ('a' → aàáảãạăằắ…), for matching
// a query typed without diacritics against text as written.
const FOLDS_TO = new Map<string, string>();
for (let cp = 0x61; cp <= 0x1ef9; cp++) {
  const ch = String.fromCodePoint(cp);
  if (ch.toLowerCase() !== ch || !/\p{L}/u.test(ch)) continue;
  const bare = fold(ch);
  if (bare.length === 1 && bare !== ch) FOLDS_TO.set(bare, (FOLDS_TO.get(bare) ?? bare) + ch);
}

// Only the characters that are syntax in a 'u' regular expression: there, escaping any other is an error.
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const foldedPattern = (word: string): string => [...word].map((c) => (FOLDS_TO.has(c) ? `[${FOLDS_TO.get(c)}]` : escape(c))).join('');

// A word stands alone where no letter, digit or mark touches it, nor a joiner that would make it part
// of a compound ('31/2022/NĐ-CP', 'Lai Châu-Điện Biên'). Words of a phrase are separated by white
// space only here: anything else is left to the full analysis.
const BEFORE = '(?<![\\p{L}\\p{N}\\p{M}])(?<![\\p{L}\\p{N}][./,\\-])';
const AFTER = '(?![\\p{L}\\p{N}\\p{M}])(?![./,\\-][\\p{L}\\p{N}])';

function phrasePattern(groups: readonly Group[], word: (w: string) => string): RegExp {
  const parts = groups.map((g) => `(?:${g.alternatives.map((a) => a.words.map((w) => word(w.surface.toLowerCase())).join('\\s+')).join('|')})`);
  return new RegExp(`${BEFORE}${parts.join('\\s+')}${AFTER}`, 'u');
}

/**
 * Decides how a unit stands in a paragraph. A regular expression over the lower-cased text confirms
 * the common case at a fraction of the cost of analyzing the paragraph; when it finds nothing, the
 * paragraph's analyzed words decide (tone placement, look-alike letters, punctuation between words),
 * so the answer is always that of the full analysis.
 */
export class UnitMatcher {
  private readonly exact: RegExp | undefined;
  private readonly folded: RegExp;
  /** The groups with only the forms that count (see countedForms); `groups` when every form does. */
  private readonly counted: Group[];

  constructor(
    private readonly groups: readonly Group[],
    private readonly accented: boolean,
  ) {
    this.counted = groups.map(countedForms);
    this.exact = accented ? phrasePattern(this.counted, escape) : undefined;
    this.folded = phrasePattern(this.counted, (w) => foldedPattern(fold(w)));
  }

  /** Level of the unit in a paragraph, from its lower-cased text, or its words when that is not enough. */
  level(lower: string, words: () => DocWord[]): UnitLevel {
    if ((this.exact ?? this.folded).test(lower)) return 3;
    const best = bestLevel(this.counted, words(), this.accented);
    if (best === 3 || this.counted.every((g, i) => g === this.groups[i])) return best;
    // Another form of a glossary term is a near match at best.
    return Math.max(best, Math.min(2, bestLevel(this.groups, words(), this.accented))) as UnitLevel;
  }
}

function bestLevel(groups: readonly Group[], words: DocWord[], accented: boolean): UnitLevel {
  let best = 0;
  for (const o of phraseOccurrences(groups as Group[], words, accented)) if (o.level > best) best = o.level;
  return best as UnitLevel;
}

// An abbreviation as typed: one word in capitals (UBND, HĐND, TP.HCM).
const isAbbreviation = (words: readonly { surface: string }[]): boolean => words.length === 1 && /\p{Lu}.*\p{Lu}/u.test(words[0].surface) && !/\p{Ll}/u.test(words[0].surface);

/**
 * The forms of a glossary group that make a full match. An abbreviation stands for its full forms, so
 * typing 'UBND' counts 'Ủy ban nhân dân' too; a full form typed is the phrase the user wants counted,
 * and its abbreviations ('BHTN' for 'bảo hiểm thất nghiệp') only come near.
 */
export function countedForms(group: Group): Group {
  if (group.alternatives.length < 2) return group;
  const typed = group.alternatives.find((a) => a.typed);
  if (!typed || isAbbreviation(typed.words)) return group;
  return { alternatives: group.alternatives.filter((a) => a.typed || !isAbbreviation(a.words)) };
}
