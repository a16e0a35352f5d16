import { isAllCapitals, startsUpperCase } from '../text/letter-case.js';
import { isFunctionWord, isInterrogative } from './function-words.js';
import type { Group } from './glossary.js';
import type { QueryWord } from './query.js';
import type { WordList } from './word-list.js';

/**
 * Where a unit comes from, shown to the user so that a hit's match can be understood:
 * a quoted phrase, a glossary term, a number or document number, a name (capitalised in the query or
 * in the corpus), a dictionary word, a term the corpus writes as one phrase, or a single syllable.
 */
export type UnitKind = 'quoted' | 'glossary' | 'number' | 'name' | 'word' | 'term' | 'syllable';

/** One unit of a query: groups that a full match holds side by side, as one phrase. */
export interface Unit {
  groups: Group[];
  kind: UnitKind;
  /** The unit as typed. */
  text: string;
  /** Function words only (của, tại, bao nhiêu): a question of several units may leave it unmatched. */
  functionWord: boolean;
}

/** What segmentation asks of the corpus. */
export interface UnitSources {
  /** Words of several syllables (a dictionary). */
  words: WordList;
  /** True when the corpus writes these words (folded terms, as typed when `exact` is given) as a name, every syllable capitalised. */
  isName(terms: readonly string[], exact: readonly string[] | undefined): boolean;
  /** Paragraphs where the two runs of groups stand side by side, and paragraphs that hold both. */
  cohesion(a: readonly Group[], b: readonly Group[]): { together: number; both: number };
}

/** Options of segment(); every one has a default. */
export interface SegmentOptions {
  /**
   * Two adjacent units become one term when, among the paragraphs that hold both, the share that hold
   * them side by side is at least this, with confidence (default 0.5: when they meet, they mostly meet
   * as one phrase). The share is the lower bound of its Wilson score interval (one-sided 95%), so that
   * two paragraphs out of two in a small corpus do not make a term.
   */
  cohesion?: number;
  /** Clauses of more units than this are not joined into terms, to bound the work (default 16). */
  maxUnitsToJoin?: number;
}

// A group of one plain syllable as typed: no glossary alternatives, no compound parts, letters only.
function syllable(g: Group): QueryWord | undefined {
  if (g.alternatives.length !== 1 || g.alternatives[0].words.length !== 1) return undefined;
  const w = g.alternatives[0].words[0];
  return w.parts.length === 0 && /^\p{L}+$/u.test(w.surface) ? w : undefined;
}

const textOf = (groups: readonly Group[]): string => groups.map((g) => g.alternatives[0].words.map((w) => w.surface).join(' ')).join(' ');

// A unit made only of function words ('của', 'bao nhiêu', 'như thế') carries grammar, not topic.
function unit(groups: Group[], kind: UnitKind, accented: boolean): Unit {
  const functionWord = groups.every((g) => {
    const w = syllable(g);
    return w !== undefined && isFunctionWord(w, accented);
  });
  return { groups, kind, text: textOf(groups), functionWord };
}

// A number keeps its kind when it also stands for its other spellings (9447 for 9.447).
const isNumber = (g: Group): boolean => g.alternatives.every((a) => a.words.length === 1 && /^[\d.,]+$/.test(a.words[0].surface));
const kindOf = (g: Group): UnitKind => (isNumber(g) ? 'number' : g.alternatives.length > 1 ? 'glossary' : syllable(g) ? 'syllable' : 'number');

/**
 * Splits one unquoted clause (its groups after glossary expansion) into units, in order:
 * glossary terms and numbers stand alone; a run of syllables is cut into names (capitalised as
 * typed, or written capitalised by the corpus), then dictionary words (longest first), then single
 * syllables; finally adjacent units that the corpus writes as one phrase are joined into terms.
 */
export function segment(groups: readonly Group[], text: string, accented: boolean, sources: UnitSources, options: SegmentOptions = {}): Unit[] {
  const units: Unit[] = [];
  // A query typed all in capitals says nothing about names.
  const caseTells = !isAllCapitals(text);
  let i = 0;
  while (i < groups.length) {
    if (!syllable(groups[i])) {
      units.push(unit([groups[i]], kindOf(groups[i]), accented));
      i++;
      continue;
    }
    let end = i;
    while (end < groups.length && syllable(groups[end])) end++;
    units.push(...syllableUnits(groups.slice(i, end), accented, caseTells, sources));
    i = end;
  }
  return joinTerms(units, accented, sources, options);
}

// A run of plain syllables cut into names, dictionary words and single syllables.
function syllableUnits(run: Group[], accented: boolean, caseTells: boolean, sources: UnitSources): Unit[] {
  const words = run.map((g) => syllable(g) as QueryWord);
  const out: Unit[] = [];
  let from = 0;
  let i = 0;
  while (i < run.length) {
    // Capitalised as typed: Điện Biên, Trần Tiến Dũng. Function words are never part of a name, and
    // neither is a syllable that opens a word with the next one ('Luật Xử lý': xử lý, not 'Luật Xử').
    let cap = i;
    while (caseTells && cap < run.length && startsUpperCase(words[cap].surface) && !isFunctionWord(words[cap], accented)) cap++;
    if (cap - i >= 2 && cap < run.length && !startsUpperCase(words[cap].surface) && inDictionary(words.slice(cap - 1, cap + 1), accented, sources.words)) cap--;
    if (cap - i >= 2) {
      out.push(...wordUnits(run.slice(from, i), words.slice(from, i), accented, sources));
      out.push(unit(run.slice(i, cap), 'name', accented));
      from = i = cap;
      continue;
    }
    i++;
  }
  out.push(...wordUnits(run.slice(from), words.slice(from), accented, sources));
  return out;
}

// Syllables cut into names the corpus writes and dictionary words, as few units as possible; among
// cuts of as many units, the one whose words mix fewest function words with content ('của' + 'công
// dân', not 'của công' + 'dân'), then the one with the longer words first (reading left to right).
function wordUnits(run: Group[], words: QueryWord[], accented: boolean, sources: UnitSources): Unit[] {
  const m = words.length;
  // best[i]: the best cut of words[i..m): its cost [units, mixed words] and its first step.
  const best: { units: number; mixed: number; length: number; kind: UnitKind }[] = new Array(m + 1);
  best[m] = { units: 0, mixed: 0, length: 0, kind: 'syllable' };
  for (let i = m - 1; i >= 0; i--) {
    let choice = { units: best[i + 1].units + 1, mixed: best[i + 1].mixed, length: 1, kind: 'syllable' as UnitKind };
    for (const found of wordsAt(words, i, accented, sources)) {
      const rest = best[i + found.length];
      const slice = words.slice(i, i + found.length);
      const fn = slice.filter((w) => isFunctionWord(w, accented)).length;
      const mixed = rest.mixed + (fn > 0 && fn < slice.length ? 1 : 0);
      const units = rest.units + 1;
      if (units < choice.units || (units === choice.units && (mixed < choice.mixed || (mixed === choice.mixed && found.length > choice.length)))) {
        choice = { units, mixed, length: found.length, kind: found.kind };
      }
    }
    best[i] = choice;
  }
  const out: Unit[] = [];
  for (let i = 0; i < m; i += best[i].length) out.push(unit(run.slice(i, i + best[i].length), best[i].kind, accented));
  return out;
}

// The names the corpus writes, and dictionary words, of two syllables or more starting at word i.
function wordsAt(words: QueryWord[], i: number, accented: boolean, sources: UnitSources): { length: number; kind: UnitKind }[] {
  const out: { length: number; kind: UnitKind }[] = [];
  const most = Math.min(words.length - i, Math.max(3, sources.words.longest));
  for (let n = most; n >= 2; n--) {
    const run = words.slice(i, i + n);
    if (run.some((w) => isFunctionWord(w, accented)) && !inDictionary(run, accented, sources.words)) continue;
    if (n <= 3 && sources.isName(run.map((w) => w.term), accented ? run.map((w) => w.exact) : undefined)) out.push({ length: n, kind: 'name' });
    else if (inDictionary(run, accented, sources.words)) out.push({ length: n, kind: 'word' });
  }
  return out;
}

function inDictionary(run: QueryWord[], accented: boolean, words: WordList): boolean {
  return accented ? words.exact.has(run.map((w) => w.exact).join(' ')) : words.folded.has(run.map((w) => w.term).join(' '));
}

// Adjacent units that the corpus mostly writes side by side become one term, strongest pair first:
// 'bảo hiểm' + 'thất nghiệp', 'Thủ tướng' + 'Chính phủ'. A question's many units are left apart.
function joinTerms(units: Unit[], accented: boolean, sources: UnitSources, options: SegmentOptions): Unit[] {
  const threshold = options.cohesion ?? 0.5;
  if (units.length < 2 || units.length > (options.maxUnitsToJoin ?? 16)) return units;
  const out = [...units];
  const score = new Map<string, number>();
  const cohesionAt = (k: number): number => {
    const a = out[k];
    const b = out[k + 1];
    if (a.functionWord || b.functionWord) return 0;
    const key = `${a.text}\u0000${b.text}`;
    let s = score.get(key);
    if (s === undefined) {
      const { together, both } = sources.cohesion(a.groups, b.groups);
      s = wilsonLower(together, both);
      score.set(key, s);
    }
    return s;
  };
  for (;;) {
    let best = -1;
    let bestScore = threshold;
    for (let k = 0; k + 1 < out.length; k++) {
      const s = cohesionAt(k);
      if (s >= bestScore) {
        best = k;
        bestScore = s;
      }
    }
    if (best < 0) return out;
    out.splice(best, 2, unit([...out[best].groups, ...out[best + 1].groups], 'term', accented));
  }
}

// Lower bound of the Wilson score interval of k successes in n trials, one-sided 95% (z = 1.645).
function wilsonLower(k: number, n: number): number {
  if (n <= 0) return 0;
  const z = 1.645;
  const p = k / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** Units of a quoted clause: the whole phrase as one, whatever is inside it. */
export function quotedUnit(groups: Group[], accented: boolean): Unit {
  return unit(groups, 'quoted', accented);
}

/**
 * True when the query asks a question: a question mark, or an interrogative unit ('như nào',
 * 'điều kiện gì'). Its answer seldom repeats all of its words, whereas a list of words wants them all.
 */
export function isQuestion(units: readonly Unit[], text: string, accented: boolean): boolean {
  if (text.includes('?')) return true;
  return units.some((u) => {
    const only = u.groups.length === 1 ? syllable(u.groups[0]) : undefined;
    return only !== undefined && isInterrogative(only, accented);
  });
}

/**
 * Indexes of units a question may leave unmatched: function words, and a noun of up to two syllables
 * before an interrogative ('trường hợp nào': the answer names the case, not the word 'case').
 */
export function optionalUnits(units: readonly Unit[], accented: boolean): Set<number> {
  const out = new Set<number>();
  units.forEach((u, i) => {
    if (u.functionWord) out.add(i);
    const only = u.groups.length === 1 ? syllable(u.groups[0]) : undefined;
    if (!only || !isInterrogative(only, accented)) return;
    out.add(i);
    const prev = units[i - 1];
    if (prev && !prev.functionWord && prev.kind !== 'quoted' && prev.groups.length <= 2 && prev.groups.every((g) => syllable(g))) out.add(i - 1);
  });
  return out;
}
