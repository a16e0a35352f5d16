import { phraseKey, type VocabularyLookup } from '../index/phrase-table.js';
import { startsUpperCase } from '../text/letter-case.js';
import { toneKey } from '../text/tone.js';
import type { CandidateSource } from './candidates.js';
import { intersect } from './id-sets.js';
import type { UnitSources } from './units.js';
import type { WordList } from './word-list.js';

/** What cutting a query into units asks of an index: the word list, names the corpus writes, and how often units meet side by side. */
export function corpusUnitSources(words: WordList, lookup: VocabularyLookup, candidates: CandidateSource): UnitSources {
  return {
    words,
    isName: (terms, exact) => {
      const table = terms.length === 2 ? lookup.pairs : terms.length === 3 ? lookup.triples : undefined;
      const spellings = table?.get(phraseKey(terms));
      if (!spellings) return false;
      for (const [surface, count] of spellings) {
        const words = surface.split(' ');
        if (exact && words.map((w) => toneKey(w.toLowerCase())).join(' ') !== exact.join(' ')) continue;
        return count >= 2 && words.every((w) => startsUpperCase(w));
      }
      return false;
    },
    cohesion: (a, b) => {
      const both = intersect([candidates.unitSet(a), candidates.unitSet(b)]);
      return { together: both.size ? candidates.phraseSet([...a, ...b], both).size : 0, both: both.size };
    },
  };
}
