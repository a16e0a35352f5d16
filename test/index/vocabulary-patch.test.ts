import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParagraphIndexer } from '../../src/index/paragraph-indexer.js';
import { applyVocabularyPatch, CountsMismatchError, patchEncodedVocabulary, vocabularyPatch } from '../../src/index/vocabulary-patch.js';
import { encodeVocabulary, type VocabularyOptions } from '../../src/index/vocabulary-builder.js';

// Words with their case and tone-placement variants, and a capitals-only line, so that ties between
// writings, forms and pairs seen once or twice all occur.
const word = fc.constantFrom('Ủy', 'ủy', 'Uỷ', 'ban', 'Ban', 'nhân', 'dân', 'hòa', 'hoà', 'Hòa', 'Bình', 'giải', 'ngân', 'Lai', 'Châu', 'UBND', '01/NQ-CP');
const paragraph = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' ')),
  fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ').toUpperCase()),
  fc.array(word, { minLength: 2, maxLength: 6 }).map((ws) => `${ws.slice(0, 2).join(' ')}, ${ws.slice(2).join(' ')}.`),
);

const indexed = (texts: readonly string[], options: VocabularyOptions = {}) => {
  const indexer = new ParagraphIndexer(options);
  for (const t of texts) indexer.add(t);
  return indexer.finish();
};

describe('vocabularyPatch', () => {
  it.each([
    ['the default minimum counts', {}],
    ['every pair and run kept', { minPairCount: 1, minTripleCount: 1 }],
  ])('patches the vocabulary of the kept paragraphs into that of kept, less removed, plus added ones, for any texts, with %s', (_, options: VocabularyOptions) => {
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 14 }), fc.array(paragraph, { maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 14 }), (main, added, removing) => {
        const removed = main.filter((_, i) => removing[i]);
        const kept = main.filter((_, i) => !removing[i]);
        const before = indexed(main, options);
        const patch = vocabularyPatch(before.counts, indexed(added, options).counts, indexed(removed, options).counts, options);
        expect(applyVocabularyPatch(before.vocabulary, patch)).toEqual(indexed([...kept, ...added], options).vocabulary);
      }),
      { numRuns: 100 },
    );
  });

  it('patches the stored bytes of a vocabulary into the bytes of the patched vocabulary, for any texts', () => {
    // Keys and spellings JSON must escape, too.
    const odd = fc.oneof(paragraph, fc.constantFrom('a"b c\\d', 'x\u0001y "q"', '😀 Ủy'));
    fc.assert(
      fc.property(fc.array(odd, { maxLength: 10 }), fc.array(odd, { maxLength: 5 }), fc.array(fc.boolean(), { maxLength: 10 }), (main, added, removing) => {
        const options = { minPairCount: 1, minTripleCount: 1 };
        const before = indexed(main, options);
        const patch = vocabularyPatch(before.counts, indexed(added, options).counts, indexed(main.filter((_, i) => removing[i]), options).counts, options);
        const bytes = patchEncodedVocabulary(encodeVocabulary(before.vocabulary), patch);
        expect(bytes.toString('utf8')).toBe(Buffer.from(encodeVocabulary(applyVocabularyPatch(before.vocabulary, patch))).toString('utf8'));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same vocabulary whatever the order of the paragraphs', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 12 }), (texts) => {
        expect(indexed([...texts].reverse()).vocabulary).toEqual(indexed(texts).vocabulary);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses counts of removed paragraphs that the index never held', () => {
    const main = indexed(['Ủy ban nhân dân tỉnh Lai Châu']);
    expect(() => vocabularyPatch(main.counts, indexed([]).counts, indexed(['giải ngân vốn']).counts)).toThrow(CountsMismatchError);
  });
});
