import { FOLDED } from '../index/fields.js';
import type { StoredIndex } from '../index/store.js';
import type { Postings } from '../index/paragraph-index.js';
import { phraseKey, total, vocabularyLookup, type Spellings, type VocabularyLookup } from '../index/phrase-table.js';
import { exactWords } from './exact-words.js';
import { hasDiacritics } from '../text/fold.js';
import type { ParsedQuery, QueryWord } from './query.js';

/** Longest query, in words, that "did you mean" looks at: the search over spellings grows with it. */
export const MAX_SPELLING_WORDS = 8;

const accented = (w: QueryWord): boolean => hasDiacritics(w.surface);

/** Edit distance (insert, delete, substitute one UTF-16 unit); exact keys are NFC, one unit per letter. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

// A word typed with diacritics keeps them: only spellings with its exact form agree with it.
const agrees = (w: QueryWord, exact: string) => !accented(w) || w.exact === exact;

/** The most frequent spelling of a phrase whose words agree with the typed ones, split into words. */
function agreeingSpelling(spellings: Spellings | undefined, words: QueryWord[]): string[] | undefined {
  for (const [surface] of spellings ?? []) {
    const exact = exactWords(surface);
    if (words.every((w, i) => agrees(w, exact[i]))) return surface.split(' ');
  }
  return undefined;
}

/**
 * The words as the corpus writes them, one surface per word: from the spelling of the pair a word
 * forms with its neighbour where there is one (so 'Muong Te' → 'Mường', 'Tè'), else of the word
 * alone, else as typed. Diacritics a word was typed with are kept.
 */
export function corpusSpelling(v: VocabularyLookup, words: QueryWord[]): string[] {
  return words.map((w, i) => {
    const next = words[i + 1];
    const prev = words[i - 1];
    const right = next && agreeingSpelling(v.pairs.get(phraseKey([w.term, next.term])), [w, next]);
    if (right) return right[0];
    const left = prev && agreeingSpelling(v.pairs.get(phraseKey([prev.term, w.term])), [prev, w]);
    if (left) return left[1];
    return agreeingSpelling(v.words.get(w.term), [w])?.[0] ?? w.surface;
  });
}

// Costs of the search for the likeliest intended phrase. One edit of the folded word costs 1, and
// replacing a word the corpus has costs a little more than an unknown one. A word pair the corpus
// has earns a bonus that grows with its frequency: more than one edit, so that 'giải ngâm' becomes
// 'giải ngân' (a common pair) rather than a word that is nearer but never follows 'giải'.
const KNOWN_WORD_PENALTY = 0.3;
// People seldom mistype the first letter: 'Muong' is not a typo of 'tượng', however common 'tượng tệ' is.
const FIRST_LETTER_PENALTY = 1;
const EXACT_WEIGHT = 0.3;
const PAIR_BONUS = 1.5;
const PAIR_BONUS_PER_LOG = 0.2;
const FREQUENCY_WEIGHT = 0.02;
// Among forms of the chosen words, a pair of forms the corpus writes together beats any diacritic distance.
const FORM_PAIR_BONUS = 3;
const MAX_OPTIONS = 8;

const pairBonus = (count: number) => (count ? PAIR_BONUS + PAIR_BONUS_PER_LOG * Math.log(1 + count) : 0);

/** Cheapest path through per-position options, where adjacent choices may earn a bonus; the chosen option per position. */
function cheapestPath<T>(options: { item: T; cost: number }[][], bonus: (a: T, b: T) => number): T[] {
  let cost = options[0].map((o) => o.cost);
  const back: number[][] = [];
  for (let i = 1; i < options.length; i++) {
    const row: number[] = [];
    const from: number[] = [];
    for (const o of options[i]) {
      let best = Infinity;
      let arg = 0;
      options[i - 1].forEach((p, k) => {
        const c = cost[k] - bonus(p.item, o.item);
        if (c < best) [best, arg] = [c, k];
      });
      row.push(best + o.cost);
      from.push(arg);
    }
    cost = row;
    back.push(from);
  }
  let j = cost.indexOf(Math.min(...cost));
  const out: T[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    out.unshift(options[i][j].item);
    if (i > 0) j = back[i - 1][j];
  }
  return out;
}

/** Folded words the typed one may stand for, with what choosing each costs. */
function termOptions(store: Pick<StoredIndex, 'index'>, v: VocabularyLookup, w: QueryWord, fixed: boolean): { item: string; cost: number }[] {
  const own = v.words.get(w.term);
  const cost = (term: string, spellings: Spellings, distance: number) => {
    const exactDistance = accented(w) ? Math.min(...spellings.map(([s]) => editDistance(exactWords(s)[0], w.exact))) : 0;
    const firstLetter = term[0] !== w.term[0] ? FIRST_LETTER_PENALTY : 0;
    return distance + (distance && own ? KNOWN_WORD_PENALTY : 0) + firstLetter + EXACT_WEIGHT * exactDistance - FREQUENCY_WEIGHT * Math.log(1 + total(spellings));
  };
  const out = own ? [{ item: w.term, cost: cost(w.term, own, 0) }] : [];
  // Numbers and document codes are taken as typed; so is every word when the query already matches.
  if (fixed || w.parts.length || /\d/.test(w.term)) return out;
  const distance = w.term.length >= 6 ? 2 : w.term.length >= 3 || !own ? 1 : 0;
  if (!distance) return out;
  const near = store.index
    .termsNear(w.term, distance)
    .flatMap((t) => {
      const spellings = t.term === w.term ? undefined : v.words.get(t.term);
      return spellings ? [{ item: t.term, cost: cost(t.term, spellings, t.distance) }] : [];
    })
    .sort((a, b) => a.cost - b.cost)
    .slice(0, MAX_OPTIONS);
  return [...out, ...near];
}

/** True when some paragraph has every one of the folded words. */
function cooccur(store: Pick<StoredIndex, 'index'>, terms: string[]): boolean {
  const lists = terms.map((t) => store.index.postings(FOLDED, t));
  if (lists.some((l) => !l)) return false;
  const [first, ...rest] = (lists as Postings[]).sort((a, b) => a.size - b.size);
  for (const n of first.keys()) if (rest.every((l) => l.has(n))) return true;
  return false;
}

interface Form {
  surface: string;
  exact: string;
}

/** Spellings a chosen word may take: its own forms and its forms in the pairs it makes with its neighbours. */
function formOptions(v: VocabularyLookup, terms: string[], i: number, w: QueryWord): { item: Form; cost: number }[] {
  const forms = new Map<string, { item: Form; cost: number }>();
  const add = (surface: string, count: number) => {
    const exact = exactWords(surface)[0];
    if (forms.has(exact)) return;
    const distance = accented(w) ? editDistance(exact, w.exact) : 0;
    forms.set(exact, { item: { surface, exact }, cost: distance - FREQUENCY_WEIGHT * Math.log(1 + count) });
  };
  for (const [s, n] of v.words.get(terms[i]) ?? []) add(s, n);
  if (i > 0) for (const [s, n] of v.pairs.get(phraseKey([terms[i - 1], terms[i]])) ?? []) add(s.split(' ')[1], n);
  if (i + 1 < terms.length) for (const [s, n] of v.pairs.get(phraseKey([terms[i], terms[i + 1]])) ?? []) add(s.split(' ')[0], n);
  return forms.size ? [...forms.values()] : [{ item: { surface: w.surface, exact: w.exact }, cost: 0 }];
}

/**
 * "Did you mean": one spelling of the query that the corpus has, or undefined. Unknown or unlikely
 * words are replaced by near ones (in folded and in exact form) that make word pairs the corpus has,
 * and every word is written as the corpus writes it, so 'Muong Te' and 'Mường Tê' become 'Mường Tè'
 * and 'giải ngâm' becomes 'giải ngân'. `hasMatches` says the query already has full matches: then,
 * unless it has a word pair the corpus lacks, the words stay and only their diacritics may change.
 * Never the query itself.
 */
export function suggestSpelling(store: Pick<StoredIndex, 'index' | 'vocabulary'>, parsed: ParsedQuery, hasMatches: boolean): string | undefined {
  const words = parsed.clauses.flatMap((c) => c.words);
  if (!words.length || words.length > MAX_SPELLING_WORDS) return undefined;
  const v = vocabularyLookup(store.vocabulary);
  // A query that matches and whose word pairs the corpus has is spelled right but for its diacritics.
  const fixed = hasMatches && words.every((w, i) => i === 0 || v.pairs.count(phraseKey([words[i - 1].term, w.term])) > 0);
  const termChoices = words.map((w) => termOptions(store, v, w, fixed));
  if (termChoices.some((o) => !o.length)) return undefined;
  const terms = cheapestPath(termChoices, (a, b) => pairBonus(v.pairs.count(phraseKey([a, b]))));

  const formChoices = words.map((w, i) => formOptions(v, terms, i, w));
  const together = (a: Form, b: Form, i: number) => (v.pairs.get(phraseKey([terms[i - 1], terms[i]])) ?? []).some(([s]) => exactWords(s).join(' ') === `${a.exact} ${b.exact}`);
  const forms = cheapestPath(
    formChoices.map((o, i) => o.map((x) => ({ ...x, item: { ...x.item, i } }))),
    (a, b) => (together(a, b, b.i) ? FORM_PAIR_BONUS : 0),
  );
  if (forms.every((f, i) => terms[i] === words[i].term && f.exact === words[i].exact)) return undefined;
  // A suggestion for a query without matches must have some, or it would only lead to another empty page.
  if (!hasMatches && !cooccur(store, terms)) return undefined;
  // Where the corpus agrees with what was typed, the typed word stays, so only real differences show.
  const suggestion = forms.map((f, i) => (terms[i] === words[i].term && f.exact === words[i].exact ? words[i].surface : f.surface)).join(' ');
  return suggestion.toLowerCase() === words.map((w) => w.surface).join(' ').toLowerCase() ? undefined : suggestion;
}
