import { analyze } from '../text/analyzer.js';
import type { QueryWord } from './query.js';
import type { Alternative, Group } from './glossary.js';

/** A word of a paragraph as the matcher sees it: analyzed, with its folded compound parts and source offsets. */
export interface DocWord {
  term: string;
  exact: string;
  parts: string[];
  start: number;
  end: number;
}

/** Analyzes a paragraph into whole words with their compound parts attached. */
export function paragraphWords(text: string): DocWord[] {
  const out: DocWord[] = [];
  for (const t of analyze(text)) {
    if (t.part) out[out.length - 1]?.parts.push(t.term);
    else out.push({ term: t.term, exact: t.exact, parts: [], start: t.start, end: t.end });
  }
  return out;
}

/**
 * How well words match, best highest; a phrase matches at the level of its weakest word, so levels
 * compare as numbers.
 */
export const MatchLevel = {
  /** No match. */
  NONE: 0,
  /** The query word is a run of the document word's parts ('31/2022' in '31/2022/NĐ-CP'). */
  PART: 1,
  /** The same word once folded (another spelling of what the user typed with diacritics). */
  FOLDED: 2,
  /** The same word, with the same diacritics when the query has any. */
  EXACT: 3,
} as const;
/** One of the MatchLevel values. */
export type MatchLevel = (typeof MatchLevel)[keyof typeof MatchLevel];

/** How well a document word matches a query word (see MatchLevel). */
export function wordLevel(q: QueryWord, d: DocWord, accented: boolean): MatchLevel {
  if (d.term === q.term) return !accented || d.exact === q.exact ? MatchLevel.EXACT : MatchLevel.FOLDED;
  if (d.parts.length === 0) return MatchLevel.NONE;
  const need = q.parts.length ? q.parts : [q.term];
  if (need.length >= d.parts.length) return MatchLevel.NONE;
  outer: for (let i = 0; i + need.length <= d.parts.length; i++) {
    for (let k = 0; k < need.length; k++) if (d.parts[i + k] !== need[k]) continue outer;
    return MatchLevel.PART;
  }
  return MatchLevel.NONE;
}

/** Level of an alternative starting at word i: the weakest of its words, 0 when it does not occur there. */
export function alternativeAt(alt: Alternative, words: DocWord[], i: number, accented: boolean): MatchLevel {
  let level: MatchLevel = MatchLevel.EXACT;
  for (let k = 0; k < alt.words.length; k++) {
    const d = words[i + k];
    if (!d) return MatchLevel.NONE;
    level = Math.min(level, wordLevel(alt.words[k], d, accented)) as MatchLevel;
    if (level === MatchLevel.NONE) return MatchLevel.NONE;
  }
  return level;
}

/** A place where query words occur: word indexes [from, to), the match level, and whether the typed form matched. */
export interface Occurrence {
  from: number;
  to: number;
  level: MatchLevel;
  typed: boolean;
}

/** Every occurrence of a group (any of its alternatives) in the words. */
export function groupOccurrences(group: Group, words: DocWord[], accented: boolean): Occurrence[] {
  const out: Occurrence[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const alt of group.alternatives) {
      const level = alternativeAt(alt, words, i, accented);
      if (level) out.push({ from: i, to: i + alt.words.length, level, typed: alt.typed });
    }
  }
  return out;
}

/** Best match of the groups in order as one contiguous phrase starting at word i (level 0 when there is none). */
export function phraseAt(groups: Group[], words: DocWord[], i: number, accented: boolean): Occurrence {
  let best: Occurrence = { from: i, to: i, level: MatchLevel.NONE, typed: false };
  const walk = (g: number, at: number, level: MatchLevel, typed: boolean) => {
    if (g === groups.length) {
      if (level > best.level || (level === best.level && typed && !best.typed)) best = { from: i, to: at, level, typed };
      return;
    }
    for (const alt of groups[g].alternatives) {
      const l = alternativeAt(alt, words, at, accented);
      if (l) walk(g + 1, at + alt.words.length, Math.min(level, l) as MatchLevel, typed && alt.typed);
    }
  };
  walk(0, i, MatchLevel.EXACT, true);
  return best;
}

/** Every occurrence of the groups as one phrase. */
export function phraseOccurrences(groups: Group[], words: DocWord[], accented: boolean): Occurrence[] {
  const out: Occurrence[] = [];
  if (!groups.length) return out;
  for (let i = 0; i < words.length; i++) {
    const o = phraseAt(groups, words, i, accented);
    if (o.level) out.push(o);
  }
  return out;
}

/** Query words as groups of one alternative each, spelled as typed (for excluded words, which the glossary does not expand). */
export function wordsAsGroups(words: QueryWord[]): Group[] {
  return words.map((w) => ({ alternatives: [{ words: [w], typed: true }] }));
}
