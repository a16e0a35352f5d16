import type { StoredIndex } from '../index/store.js';
import { phraseKey, vocabularyLookup, KEY_JOIN, type Spellings, type VocabularyLookup } from '../index/phrase-table.js';
import { exactWords } from './exact-words.js';
import { hasDiacritics } from '../text/fold.js';
import { isFunctionWord } from './function-words.js';
import { normalize } from '../text/normalize.js';
import { queryWords, type QueryWord } from './query.js';
import { corpusSpelling } from './spelling.js';

/** Longest input looked at, in characters; completion only ever needs the last few words. */
export const MAX_PREFIX_LENGTH = 200;

// One position of a phrase to find: a word typed in full, the word being typed, or a word to propose.
type Slot = { kind: 'word' | 'partial'; word: QueryWord } | { kind: 'free' };

interface Candidate {
  text: string;
  /** Folded words of the part found in the vocabulary, and their exact keys in the chosen spelling. */
  terms: string[];
  exact: string[];
  count: number;
}

// Typed tone signs are the last character of an exact key (see src/text/tone.ts).
const TONE_AT_END = /[`'~?*]$/;

/**
 * True when a corpus word can be the completion of a word being typed with diacritics: its letters
 * extend the typed ones ('giả' → 'giải', 'giảng'), and a tone typed already is its tone ('giả' ↛ 'giá').
 * Both are exact keys, whose tone sits at the end, so the letters are compared without it.
 */
export function completes(corpusExact: string, typedExact: string): boolean {
  const typedTone = TONE_AT_END.test(typedExact) ? typedExact.slice(-1) : '';
  const corpusTone = TONE_AT_END.test(corpusExact) ? corpusExact.slice(-1) : '';
  const typedBase = typedTone ? typedExact.slice(0, -1) : typedExact;
  const corpusBase = corpusTone ? corpusExact.slice(0, -1) : corpusExact;
  return corpusBase.startsWith(typedBase) && (!typedTone || typedTone === corpusTone);
}

// Words a person would not pick from a list unless typing them: parts of document numbers
// ('ngành/lĩnh') and footnote marks glued to a word ('công1').
const NOISE = /\/|\p{L}\p{M}*\d|\d\p{L}/u;

const accented = (w: QueryWord): boolean => hasDiacritics(w.surface);

/** The most frequent spelling agreeing with what was typed, and the occurrences of all that agree. */
function agreeing(slots: Slot[], terms: string[], spellings: Spellings): { surface: string; exact: string[]; count: number } | undefined {
  let best: { surface: string; exact: string[]; count: number } | undefined;
  for (const [surface, n] of spellings) {
    const words = surface.split(' ');
    const exact = exactWords(surface);
    const ok = slots.every((slot, i) => {
      // A phrase ending in 'và', 'của', 'theo' is half a phrase.
      if (slot.kind === 'free') return !NOISE.test(words[i]) && !isFunctionWord({ term: terms[i], exact: exact[i] }, true);
      const w = slot.word;
      if (slot.kind === 'word') return !accented(w) || exact[i] === w.exact;
      if (NOISE.test(words[i]) && !NOISE.test(w.surface)) return false;
      return !accented(w) || completes(exact[i], w.exact);
    });
    if (!ok) continue;
    if (best) best.count += n;
    else best = { surface, exact, count: n };
  }
  return best;
}

// Entries read per pattern at most: the scan is most frequent first, so only typed diacritics that
// few entries agree with make it read past the first ones.
const SCAN_LIMIT = 400;

function find(v: VocabularyLookup, slots: Slot[], head: string, limit: number, out: Candidate[]): void {
  const table = v.tables[slots.length - 1];
  const typed = slots.filter((s): s is Exclude<Slot, { kind: 'free' }> => s.kind !== 'free').map((s) => s.word.term);
  const free = slots.length - typed.length;
  const prefix = phraseKey(typed) + (free && slots[typed.length - 1]?.kind === 'word' ? KEY_JOIN : '');
  let found = 0;
  let read = 0;
  for (const i of table.withPrefix(prefix)) {
    if (++read > SCAN_LIMIT) break;
    const terms = table.key(i).split(KEY_JOIN);
    const s = agreeing(slots, terms, table.spellings(i));
    if (!s) continue;
    out.push({ text: head ? `${head} ${s.surface}` : s.surface, terms, exact: s.exact, count: s.count });
    if (++found >= limit) break;
  }
}

// A phrase is extended by the word that follows it in at least this share of its occurrences (and
// often enough to tell), so that 'ủy ban nhân' is offered as 'ủy ban nhân dân' and 'kinh tế xã' as
// 'kinh tế xã hội', while 'đầu tư công', often followed by 'năm', stays whole.
const CLOSURE_SHARE = 0.9;
const CLOSURE_MIN_COUNT = 3;
const MAX_WORDS = 6;

function close(v: VocabularyLookup, c: Candidate): Candidate {
  while (c.terms.length >= 2 && c.terms.length < MAX_WORDS) {
    const [y, z] = c.terms.slice(-2);
    const [ey, ez] = c.exact.slice(-2);
    const pairCount = v.pairs.count(phraseKey([y, z]));
    const next = v.triples.bestWithPrefix(phraseKey([y, z]) + KEY_JOIN);
    if (next < 0 || v.triples.countAt(next) < CLOSURE_MIN_COUNT || v.triples.countAt(next) < CLOSURE_SHARE * pairCount) break;
    const key = v.triples.key(next);
    const spelling = v.triples.spellings(next).find(([s]) => {
      const e = exactWords(s);
      return e[0] === ey && e[1] === ez && !NOISE.test(s.split(' ')[2]);
    });
    if (!spelling) break;
    const last = spelling[0].split(' ')[2];
    c = { text: `${c.text} ${last}`, terms: [...c.terms, key.split(KEY_JOIN)[2]], exact: [...c.exact, exactWords(last)[0]], count: c.count };
  }
  return c;
}

/**
 * Completions from the corpus for what is being typed, with or without diacritics: whole phrases in the
 * corpus's spelling (the words already typed respelled too), of two or three words where the corpus has
 * them, single words otherwise; most frequent first. Words typed with diacritics keep them.
 */
export function suggestCompletions(store: Pick<StoredIndex, 'vocabulary'>, prefix: string, limit = 8): string[] {
  const text = normalize(prefix.slice(-MAX_PREFIX_LENGTH));
  const words = queryWords(text);
  if (!words.length || limit < 1) return [];
  const v = vocabularyLookup(store.vocabulary);
  // A word is finished once something that cannot belong to it follows: a space, a comma.
  const ended = !/[\p{L}\p{N}\p{M}]$/u.test(text);
  const complete = ended ? words : words.slice(0, -1);
  const partial = ended ? undefined : words[words.length - 1];
  const typedSlots = (ws: QueryWord[]): Slot[] => ws.map((word) => ({ kind: 'word', word }));
  const headText = (head: QueryWord[], context: QueryWord[]) => corpusSpelling(v, [...head, ...context]).slice(0, head.length).join(' ');

  const phrases: Candidate[] = [];
  // The more typed words a phrase covers, the better it knows what comes next: try the longest first.
  for (let ctx = Math.min(2, complete.length); ctx >= 0 && !phrases.length; ctx--) {
    const context = complete.slice(complete.length - ctx);
    const head = complete.slice(0, complete.length - ctx);
    const patterns: Slot[][] = [];
    if (partial) {
      if (ctx >= 1) patterns.push([...typedSlots(context), { kind: 'partial', word: partial }]);
      // Proposing a next word after an unknown head would only guess.
      if (ctx + 2 <= 3 && (ctx >= 1 || !head.length)) patterns.push([...typedSlots(context), { kind: 'partial', word: partial }, { kind: 'free' }]);
    } else if (ctx >= 1) patterns.push([...typedSlots(context), { kind: 'free' }]);
    const headSpelled = head.length ? headText(head, partial ? [...context, partial] : context) : '';
    for (const slots of patterns) find(v, slots, headSpelled, limit, phrases);
  }
  const single: Candidate[] = [];
  if (partial && (!complete.length || !phrases.length)) {
    find(v, [{ kind: 'partial', word: partial }], complete.length ? headText(complete, [partial]) : '', limit, single);
  }

  const byCount = (a: Candidate, b: Candidate) => b.count - a.count || a.text.localeCompare(b.text);
  const ordered = [...phrases.sort(byCount).slice(0, limit).map((c) => close(v, c)), ...single.sort(byCount)];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of ordered) {
    // One entry per exact form: 'Ủy ban', 'ủy ban' and 'Uỷ ban' are the same suggestion.
    const k = exactWords(c.text).join(' ');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c.text);
    if (out.length >= limit) break;
  }
  return out;
}
