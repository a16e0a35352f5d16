import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fold } from '../text/fold.js';
import { normalize } from '../text/normalize.js';
import { toneKey } from '../text/tone.js';

/**
 * Vietnamese words of several syllables, keyed as a query is: exact keys (lower case, tone placement
 * canonical, see src/text/tone.ts) and folded keys, syllables joined by one space.
 */
export interface WordList {
  /** Exact keys of the words ('giải ngân'). */
  exact: ReadonlySet<string>;
  /** Folded keys of the words ('giai ngan'). */
  folded: ReadonlySet<string>;
  /** Most syllables in one word. */
  longest: number;
}

// The word list of @vntk/dictionary (MIT): Viet74K, the 74,000 headwords of Hồ Ngọc Đức's Free
// Vietnamese Dictionary Project, one per line. Only its plain-text list is read: the package's own
// entry point also parses an 11 MB definitions file that a search engine has no use for.
const require = createRequire(import.meta.url);

/** Path of the word list the project uses (@vntk/dictionary's data/Viet74K.txt). */
export function defaultWordListPath(): string {
  return require.resolve('@vntk/dictionary/data/Viet74K.txt');
}

// A headword with a hyphen or a digit is a loanword spelling ('a-đa'), never typed as a query phrase.
const SYLLABLES = /^\p{L}+(?: \p{L}+)+$/u;

/** Builds a word list from lines of text, keeping the words of 2 to 4 syllables (longer headwords are idioms). */
export function wordListFrom(lines: Iterable<string>): WordList {
  const exact = new Set<string>();
  const folded = new Set<string>();
  let longest = 1;
  for (const line of lines) {
    const w = normalize(line.trim()).toLowerCase().replace(/\s+/g, ' ');
    if (!SYLLABLES.test(w)) continue;
    const syllables = w.split(' ');
    if (syllables.length > 4) continue;
    exact.add(syllables.map(toneKey).join(' '));
    folded.add(fold(w));
    longest = Math.max(longest, syllables.length);
  }
  return { exact, folded, longest };
}

let shared: WordList | undefined;

/** The project's word list, read once per process. */
export function loadWordList(path: string = defaultWordListPath()): WordList {
  if (path === defaultWordListPath() && shared) return shared;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Không đọc được danh sách từ tiếng Việt ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Hãy chạy npm install.`);
  }
  const list = wordListFrom(text.split('\n'));
  if (path === defaultWordListPath()) shared = list;
  return list;
}
