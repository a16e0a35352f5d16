import { toneKey } from '../text/tone.js';

// Kept apart from the vocabulary it reads so that building a vocabulary (on an ingest worker) does not
// load the tone tables and unorm, which only questions need.

// Completion and "did you mean" compare the same few thousand spellings again and again.
const EXACT_CACHE_LIMIT = 50_000;
let exactCache = new Map<string, string[]>();

/** Exact keys of the words of a spelling, one per word ('Ủy ban' → ['uy?', 'ban']), to compare with typed diacritics. */
export function exactWords(surface: string): string[] {
  let e = exactCache.get(surface);
  if (!e) {
    e = surface.toLowerCase().split(' ').map(toneKey);
    if (exactCache.size >= EXACT_CACHE_LIMIT) exactCache = new Map();
    exactCache.set(surface, e);
  }
  return e;
}

