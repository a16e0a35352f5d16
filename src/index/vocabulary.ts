import type { ParagraphRecord } from '../ingest/records.js';
import { analyzeWords } from '../text/analyzer.js';
import { joinable, bigram } from './fields.js';
import { normalize } from '../text/normalize.js';

/** The corpus's own spellings, keyed by folded form: feeds completions and "did you mean" with accented text. */
export interface Vocabulary {
  /** Folded word → [most common spelling, occurrences]. */
  words: Record<string, [string, number]>;
  /** Folded word pair 'a+b' → [most common spelling, occurrences], for pairs seen at least `minPairCount` times. */
  pairs: Record<string, [string, number]>;
}

// Majority vote (Boyer–Moore) per key: finds the dominant spelling in O(1) memory per key,
// which matters for word pairs (millions of distinct keys on a large corpus).
interface Vote {
  candidate: string;
  lead: number;
  count: number;
}

function vote(map: Map<string, Vote>, key: string, surface: string): void {
  const v = map.get(key);
  if (!v) {
    map.set(key, { candidate: surface, lead: 1, count: 1 });
    return;
  }
  v.count++;
  if (v.candidate === surface) v.lead++;
  else if (v.lead === 0) {
    v.candidate = surface;
    v.lead = 1;
  } else v.lead--;
}

/** Collects spellings of words and word pairs; pairs rarer than `minPairCount` (default 2) are left out to keep it small. */
export function buildVocabulary(paragraphs: Iterable<ParagraphRecord>, minPairCount = 2): Vocabulary {
  const words = new Map<string, Vote>();
  const pairs = new Map<string, Vote>();
  for (const p of paragraphs) {
    const tokens = analyzeWords(p.text);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const surface = normalize(p.text.slice(t.start, t.end));
      vote(words, t.term, surface);
      const prev = tokens[i - 1];
      if (prev && joinable(p.text, prev, t)) {
        vote(pairs, bigram(prev.term, t.term), `${normalize(p.text.slice(prev.start, prev.end))} ${surface}`);
      }
    }
  }
  const out: Vocabulary = { words: {}, pairs: {} };
  for (const [k, v] of words) out.words[k] = [v.candidate, v.count];
  for (const [k, v] of pairs) if (v.count >= minPairCount) out.pairs[k] = [v.candidate, v.count];
  return out;
}
