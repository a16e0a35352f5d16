import { scanTokens } from '../text/tokenize.js';
import { growU32, growU8 } from '../util/growable.js';
import { isAllCapitals } from '../text/letter-case.js';

/**
 * The raw tokens of a run of paragraphs, as plain arrays: each distinct token text once (`words`), and
 * per token its word number and whether it is written as one phrase with the token before it,
 * paragraph after paragraph (`counts` tokens each). Made where the files are read (an ingest worker)
 * so that the indexing thread needs no paragraph text at all, only looks up each distinct word, and
 * gets arrays that are transferred between threads, not copied.
 */
export interface TokenizedParagraphs {
  words: string[];
  counts: Uint32Array;
  word: Uint32Array;
  /** Per token: 1 when only spaces or a dash stand between it and the token before it (phraseGap()). */
  joined: Uint8Array;
  /** Per paragraph: 1 when it is written in capitals only (isCaseless()). */
  caseless: Uint8Array;
}

// Words make a phrase when only spaces or a dash stand between them ('kinh tế - xã hội'); across a
// comma they are usually two phrases ('kinh tế, Tổng công ty'), which the pair field may join but a
// completion should not offer. Checked on char codes, as the gap runs for every word of a corpus.
const GAP_CHAR = /[\s\-–]/;
/** True when text[from, to) is a gap between two words of one phrase: 1 to 4 spaces or dashes. */
export function phraseGap(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 4) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 45 && !GAP_CHAR.test(text[i])) return false;
  }
  return true;
}

/**
 * True for a text in capitals (a heading, a title page): it says nothing about how its words are
 * cased, so the vocabulary takes its words in lower case and lets any other spelling outvote them.
 */
export const isCaseless = isAllCapitals;

/** Tokenizes paragraph texts with the analyzer's tokenizer (see tokenize()). */
export function tokenizeParagraphs(texts: Iterable<string>): TokenizedParagraphs {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const counts = growU32();
  const caseless = growU8();
  const word = growU32(1 << 12);
  const joined = growU8(1 << 12);
  for (const text of texts) {
    let n = 0;
    let last = 0;
    scanTokens(text, (start, end) => {
      const raw = text.slice(start, end);
      let id = ids.get(raw);
      if (id === undefined) {
        id = words.length;
        ids.set(raw, id);
        words.push(raw);
      }
      word.push(id);
      joined.push(n > 0 && phraseGap(text, last, start) ? 1 : 0);
      last = end;
      n++;
    });
    counts.push(n);
    caseless.push(isCaseless(text) ? 1 : 0);
  }
  // Copies of exact length, so that transferring them moves no spare capacity.
  return { words, counts: counts.view().slice(), word: word.view().slice(), joined: joined.view().slice(), caseless: caseless.view().slice() };
}

/** The buffers of a TokenizedParagraphs, for postMessage's transfer list. */
export function transferables(t: TokenizedParagraphs): ArrayBuffer[] {
  return [t.counts.buffer, t.word.buffer, t.joined.buffer, t.caseless.buffer] as ArrayBuffer[];
}
