import { fold } from '../text/fold.js';
import type { Group } from './glossary.js';
import { MatchLevel, phraseOccurrences, type DocWord } from './match.js';

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

// As the tokenizer cuts words (src/text/tokenize.ts): a word is letters and decimal digits with their
// marks; one joiner . , / - between two words makes them one token ('31/2022/NĐ-CP'). So a word stands
// alone where no word character touches it, nor a joiner that touches another word; and two words are
// neighbours across any run of other characters except one joiner alone (a phrase ignores punctuation).
// Word characters are spelled as the Latin ranges Vietnamese is written in: Unicode property classes
// cost milliseconds to compile per expression, which each query would pay. A paragraph with a word
// character outside them (another script) is left to the full analysis (OTHER_SCRIPT).
const W = '0-9a-zA-Z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0300-\\u036f\\u1e00-\\u1eff';
const BEFORE = `(?<![${W}])(?<![${W}][./,\\-])`;
const AFTER = `(?![${W}])(?![./,\\-][${W}])`;
const BETWEEN = `(?:[^${W}]{2,}|[^${W}./,\\-])`;
const OTHER_SCRIPT = new RegExp(`(?![${W}])[\\p{L}\\p{Nd}\\p{M}]`, 'u');
// Anything outside those ranges and plain punctuation: most paragraphs have none, and skip OTHER_SCRIPT.
const BEYOND_LATIN = /[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]/;
const otherScript = (text: string): boolean => BEYOND_LATIN.test(text) && OTHER_SCRIPT.test(text);

// Letters that look like đ and are mapped to it by normalization: text holding one needs the full analysis.
const LOOKALIKE = /[\u00d0\u00f0\u0189\u0256]/;

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const VOWEL = /[aeiouy]/;

// Every placement of a word's tone mark on one of its vowels ('hoà', 'hòa'): all have one exact key
// (src/text/tone.ts), so each is the word as typed.
function tonePlacements(word: string): string[] {
  const nfd = word.normalize('NFD');
  const tone = nfd.match(TONE_MARKS)?.[0];
  if (!tone) return [word];
  const bare = nfd.replace(TONE_MARKS, '');
  const out = new Set<string>([word]);
  for (let i = 0; i < bare.length; i++) {
    if (!VOWEL.test(bare[i])) continue;
    // After the vowel and any mark of its own (ơ, ư, ê…), so that NFC composes them all.
    let j = i + 1;
    while (j < bare.length && /\p{M}/u.test(bare[j])) j++;
    out.add((bare.slice(0, j) + tone + bare.slice(j)).normalize('NFC'));
  }
  return [...out];
}

const exactPattern = (word: string): string => {
  const forms = tonePlacements(word).map(escape);
  return forms.length === 1 ? forms[0] : `(?:${forms.join('|')})`;
};

function phrasePattern(groups: readonly Group[], word: (w: string) => string): RegExp {
  const parts = groups.map((g) => `(?:${g.alternatives.map((a) => a.words.map((w) => word(w.surface.toLowerCase())).join(BETWEEN)).join('|')})`);
  return new RegExp(`${BEFORE}${parts.join(BETWEEN)}${AFTER}`);
}

/**
 * Decides how a unit stands in a paragraph. Regular expressions over the lower-cased text, cut as the
 * tokenizer cuts words, decide the common cases at a fraction of the cost of analyzing the paragraph;
 * when they find nothing, the paragraph's analyzed words decide, so the answer is always that of the
 * full analysis.
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
    this.exact = accented ? phrasePattern(this.counted, exactPattern) : undefined;
    this.folded = phrasePattern(this.counted, (w) => foldedPattern(fold(w)));
  }

  /** Level of the unit in a paragraph, from its lower-cased text, or its words when that is not enough. */
  level(lower: string, words: () => DocWord[]): MatchLevel {
    if (!otherScript(lower)) {
      if ((this.exact ?? this.folded).test(lower)) return MatchLevel.EXACT;
      // Typed with diacritics and found only folded: another spelling, unless a look-alike letter hides the typed one.
      if (this.exact && !LOOKALIKE.test(lower) && this.folded.test(lower)) return MatchLevel.FOLDED;
    }
    const best = bestLevel(this.counted, words(), this.accented);
    if (best === MatchLevel.EXACT || this.counted.every((g, i) => g === this.groups[i])) return best;
    // Another form of a glossary term is a near match at best.
    return Math.max(best, Math.min(MatchLevel.FOLDED, bestLevel(this.groups, words(), this.accented))) as MatchLevel;
  }
}

function bestLevel(groups: readonly Group[], words: DocWord[], accented: boolean): MatchLevel {
  let best: MatchLevel = MatchLevel.NONE;
  for (const o of phraseOccurrences(groups as Group[], words, accented)) if (o.level > best) best = o.level;
  return best;
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
