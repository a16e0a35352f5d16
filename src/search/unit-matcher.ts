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

  constructor(
    private readonly groups: readonly Group[],
    private readonly accented: boolean,
  ) {
    this.exact = accented ? phrasePattern(groups, escape) : undefined;
    this.folded = phrasePattern(groups, (w) => foldedPattern(fold(w)));
  }

  /** Level of the unit in a paragraph, from its lower-cased text, or its words when that is not enough. */
  level(lower: string, words: () => DocWord[]): UnitLevel {
    if ((this.exact ?? this.folded).test(lower)) return 3;
    let best = 0;
    for (const o of phraseOccurrences(this.groups as Group[], words(), this.accented)) if (o.level > best) best = o.level;
    return best as UnitLevel;
  }
}
