import { tokenize } from '../text/tokenize.js';
import { growU32 } from '../util/growable.js';

/**
 * The raw tokens of a run of paragraphs, as plain arrays: each distinct token text once (`words`), and
 * per token its word number and offsets, paragraph after paragraph (`counts` tokens each). Made where
 * the files are read (an ingest worker) so that the indexing thread only looks up each distinct word,
 * and cheap to pass between threads: the arrays are transferred, not copied.
 */
export interface TokenizedParagraphs {
  words: string[];
  counts: Uint32Array;
  word: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
}

/** Tokenizes paragraph texts with the analyzer's tokenizer (see tokenize()). */
export function tokenizeParagraphs(texts: Iterable<string>): TokenizedParagraphs {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const counts = growU32();
  const word = growU32(1 << 12);
  const start = growU32(1 << 12);
  const end = growU32(1 << 12);
  for (const text of texts) {
    const raw = tokenize(text);
    counts.push(raw.length);
    for (const r of raw) {
      let id = ids.get(r.text);
      if (id === undefined) {
        id = words.length;
        ids.set(r.text, id);
        words.push(r.text);
      }
      word.push(id);
      start.push(r.start);
      end.push(r.end);
    }
  }
  // Copies of exact length, so that transferring them moves no spare capacity.
  return { words, counts: counts.view().slice(), word: word.view().slice(), start: start.view().slice(), end: end.view().slice() };
}

/** The buffers of a TokenizedParagraphs, for postMessage's transfer list. */
export function transferables(t: TokenizedParagraphs): ArrayBuffer[] {
  return [t.counts.buffer, t.word.buffer, t.start.buffer, t.end.buffer] as ArrayBuffer[];
}
