// Vietnamese syllables, and the repair of syllables that PDF extraction split in two at a letter with a
// diacritic ('cô ng nghệ' for 'công nghệ', 'bệ nh' for 'bệnh'). Every Vietnamese word is written as
// syllables of one shape (onset + rhyme + tone), so a fragment that is no syllable gives the split away,
// and a join is only made when it yields a syllable: two real words are never glued.

import { HASH_START, hashStep } from '../util/code-unit-hash.js';

const TONE_MARKS: Readonly<Record<string, Tone>> = {
  '\u0300': 'huyen',
  '\u0301': 'sac',
  '\u0303': 'nga',
  '\u0309': 'hoi',
  '\u0323': 'nang',
};

/** The six tones; 'ngang' is the unmarked one. */
export type Tone = 'ngang' | 'huyen' | 'sac' | 'nga' | 'hoi' | 'nang';

/** Consonant onsets, longest first so 'ngh' is tried before 'ng' and 'n'. */
const ONSETS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];

/** Rhymes without a final consonant. */
const OPEN_RHYMES = new Set(
  ('a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uy uê uơ oa oe ' +
    'iêu yêu uôi ươi ươu oai oay oao oeo uây uya uyu').split(' '),
);

/** Final consonants each vowel nucleus takes ('ch' and 'nh' only after front vowels, 'c'/'ng' never after them). */
const CODAS: Readonly<Record<string, readonly string[]>> = {
  a: ['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'],
  ă: ['c', 'm', 'n', 'ng', 'p', 't'],
  â: ['c', 'm', 'n', 'ng', 'p', 't'],
  e: ['c', 'm', 'n', 'ng', 'p', 't'],
  ê: ['ch', 'm', 'n', 'nh', 'p', 't'],
  i: ['ch', 'm', 'n', 'nh', 'p', 't'],
  o: ['c', 'm', 'n', 'ng', 'p', 't'],
  oo: ['c', 'ng'],
  ô: ['c', 'm', 'n', 'ng', 'p', 't'],
  ơ: ['m', 'n', 'p', 't'],
  u: ['c', 'm', 'n', 'ng', 'p', 't'],
  ư: ['c', 'm', 'n', 'ng', 't'],
  iê: ['c', 'm', 'n', 'ng', 'p', 't'],
  yê: ['c', 'm', 'n', 'ng', 'p', 't'],
  uô: ['c', 'm', 'n', 'ng', 't'],
  ươ: ['c', 'm', 'n', 'ng', 'p', 't'],
  oa: ['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'],
  oă: ['c', 'm', 'n', 'ng', 't'],
  oe: ['n', 't'],
  uâ: ['n', 'ng', 't'],
  uê: ['ch', 'nh'],
  uy: ['ch', 'n', 'nh', 'p', 't'],
  uyê: ['n', 't'],
};

const CLOSED_RHYMES = new Set(Object.entries(CODAS).flatMap(([nucleus, codas]) => codas.map((c) => nucleus + c)));
/** A stop final (c, ch, p, t) allows only the rising and the heavy tone. */
const STOP_FINAL = /(?:c|ch|p|t)$/;
const FRONT = /^[ieêy]/;

/** The letters without their tone mark (NFC) and the tone, or null when a syllable carries two tone marks. */
export function splitTone(syllable: string): { base: string; tone: Tone } | null {
  let tone: Tone = 'ngang';
  let marks = 0;
  let base = '';
  for (const ch of syllable.normalize('NFD')) {
    const t = TONE_MARKS[ch];
    if (t) {
      tone = t;
      marks++;
    } else base += ch;
  }
  return marks > 1 ? null : { base: base.normalize('NFC'), tone };
}

/** True when the rhyme may follow the onset under Vietnamese spelling (k/c, gh/g, ngh/ng, qu). */
function spelled(onset: string, rhyme: string): boolean {
  if (onset === 'k') return FRONT.test(rhyme);
  if (onset === 'gh' || onset === 'ngh') return FRONT.test(rhyme) && !rhyme.startsWith('y');
  if (onset === 'c' || onset === 'ng') return !FRONT.test(rhyme);
  if (onset === 'g') return !/^[eê]/.test(rhyme);
  if (onset === 'qu') return !rhyme.startsWith('u');
  if (onset === 'gi') return !rhyme.startsWith('i');
  return true;
}

function validRhyme(rhyme: string, tone: Tone): boolean {
  if (OPEN_RHYMES.has(rhyme)) return !(rhyme.endsWith('ă') || rhyme.endsWith('â'));
  if (!CLOSED_RHYMES.has(rhyme)) return false;
  return !STOP_FINAL.test(rhyme) || tone === 'sac' || tone === 'nang';
}

const cache = new Map<string, boolean>();

/** True when `word` (any case, NFC) is one well-formed Vietnamese syllable: onset, rhyme and an allowed tone. */
export function isSyllable(word: string): boolean {
  let known = cache.get(word);
  if (known === undefined) {
    known = parses(word.toLowerCase());
    if (cache.size > 100_000) cache.clear();
    cache.set(word, known);
  }
  return known;
}

function parses(lower: string): boolean {
  const split = splitTone(lower);
  if (!split || !/^[a-zđăâêôơư]+$/.test(split.base)) return false;
  const { base, tone } = split;
  for (const onset of ONSETS) {
    if (!base.startsWith(onset)) continue;
    const rhyme = base.slice(onset.length);
    // 'gi' before no vowel is the onset 'g' with the vowel 'i' ('gì').
    if (onset === 'gi' && rhyme === '' && validRhyme('i', tone)) return true;
    if (rhyme && spelled(onset, rhyme) && validRhyme(rhyme, tone)) return true;
  }
  return false;
}

/** Letters of Latin script as Vietnamese writes them: ASCII, Latin-1 and Extended-A/B, combining marks, Latin Extended Additional. */
function isLetter(c: number): boolean {
  if (c < 0xc0) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return (c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x300 && c <= 0x36f) || (c >= 0x1e00 && c <= 0x1eff);
}

/** Times a joined word must occur whole in the document: a variable or list letter ('và n', 'điểm c') joins to no word in use. */
export const MIN_USES = 3;

/** Counts whole-word uses of a word in one document, case-blind; computed only for the few words a repair asks about. */
export function wordUses(documentText: string): (word: string) => number {
  const known = new Map<string, number>();
  // Made on the first question: most lines need no repair, and many documents none at all.
  let lower: string | undefined;
  return (word) => {
    const w = word.toLowerCase();
    let n = known.get(w);
    if (n === undefined) {
      lower ??= documentText.normalize('NFC').toLowerCase();
      n = 0;
      for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) {
        if (!isLetter(lower.charCodeAt(at - 1)) && !isLetter(lower.charCodeAt(at + w.length))) n++;
      }
      known.set(w, n);
    }
    return n;
  };
}

/** Only spaces between the halves, and the left half starts a word (not a unit after '/', '-' or a digit: 'J/m ở'). */
function joinable(text: string, leftStart: number, leftEnd: number, rightStart: number): boolean {
  const gap = rightStart - leftEnd;
  if (gap < 1 || gap > 3) return false;
  for (let i = leftEnd; i < rightStart; i++) if (text.charCodeAt(i) !== 32) return false;
  return leftStart === 0 || !/[\p{N}/\-.@_&]/u.test(text[leftStart - 1]);
}

function caseFits(left: string, right: string): boolean {
  // A split leaves the second half in the case of the word's tail: lower case, or capitals in a capitals word.
  if (right === right.toLowerCase()) return true;
  return left === left.toUpperCase() && right === right.toUpperCase();
}

/**
 * isSyllable(text.slice(start, end)), given hashSpan(text, start, end), with no string
 * made when the word was seen before: repairing a corpus asks about every word of it, millions of
 * times, and slicing and hashing a fresh string each time was most of the cost.
 */
export function isSyllableAt(text: string, start: number, end: number, hash: number): boolean {
  const seen = byHash.get(hash);
  if (seen !== undefined && seen.word.length === end - start && text.startsWith(seen.word, start)) return seen.valid;
  const word = text.slice(start, end);
  const valid = isSyllable(word);
  if (byHash.size > 100_000) byHash.clear();
  // A word whose hash another word has takes its place: the cache is only ever a shortcut.
  byHash.set(hash, { word, valid });
  return valid;
}

const byHash = new Map<number, { word: string; valid: boolean }>();

/**
 * The text with split syllables joined back, and how many joins were made. Two neighbours separated by
 * spaces are joined when at least one is no syllable, the join is one, and `uses` (see wordUses) shows
 * the joined word in use elsewhere in the document.
 */
export function repairSyllables(text: string, uses: (word: string) => number): { text: string; repairs: number } {
  let out = '';
  let from = 0;
  let repairs = 0;
  // The word before: its span, its length, and its text when it is a join (else the span's text).
  let hasLeft = false;
  let joinedLeft: string | null = null;
  let leftLength = 0;
  let leftValid = true;
  let leftStart = -1;
  let leftEnd = -1;
  let i = 0;
  while (i < text.length) {
    if (!isLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let hash = HASH_START;
    for (let c: number; i < text.length && isLetter((c = text.charCodeAt(i))); i++) hash = hashStep(hash, c);
    const rightValid = isSyllableAt(text, start, i, hash);
    // Two single letters are variables of a formula ('T n i i'), not the halves of a syllable.
    const letters = leftLength > 1 || i - start > 1;
    if (hasLeft && letters && (!leftValid || !rightValid) && joinable(text, leftStart, leftEnd, start)) {
      const left: string = joinedLeft ?? text.slice(leftStart, leftEnd);
      const right = text.slice(start, i);
      if (caseFits(left, right)) {
        const joined: string = (left + right).normalize('NFC');
        if (joined.length <= 8 && isSyllable(joined) && uses(joined) >= MIN_USES) {
          // Copy up to the gap and skip it: the two halves now read as one word.
          out += text.slice(from, leftEnd);
          from = start;
          repairs++;
          joinedLeft = joined;
          leftLength = joined.length;
          leftValid = true;
          leftEnd = i;
          continue;
        }
      }
    }
    hasLeft = true;
    joinedLeft = null;
    leftLength = i - start;
    leftValid = rightValid;
    leftStart = start;
    leftEnd = i;
  }
  return { text: repairs ? (out + text.slice(from)).normalize('NFC') : text, repairs };
}
