import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexTexts, ParagraphIndexer } from '../../src/index/paragraph-indexer.js';

const countsOfTexts = (texts: readonly string[]) => indexTexts(texts).counts;
import { finishCountsEncoded, sumCounts } from '../../src/index/counts-sum.js';
import { encodeVocabulary } from '../../src/index/vocabulary-builder.js';
import { CountsMismatchError } from '../../src/index/vocabulary-patch.js';

// Words with their case and tone-placement variants, and a capitals-only line, so that ties between
// writings, forms and pairs seen once or twice all occur (as in vocabulary-patch.test.ts).
const word = fc.constantFrom('Ủy', 'ủy', 'Uỷ', 'ban', 'Ban', 'nhân', 'dân', 'hòa', 'hoà', 'Hòa', 'Bình', 'giải', 'ngân', 'Lai', 'Châu', 'UBND', '01/NQ-CP');
const paragraph = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' ')),
  fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ').toUpperCase()),
  fc.array(word, { minLength: 2, maxLength: 6 }).map((ws) => `${ws.slice(0, 2).join(' ')}, ${ws.slice(2).join(' ')}.`),
);
// Documents: a few paragraphs each.
const documents = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 5 }), { maxLength: 6 });

// The stored vocabulary of all the paragraphs, indexed in one go as a full build does.
const wholeVocabulary = (texts: readonly string[]): string => {
  const indexer = new ParagraphIndexer();
  for (const t of texts) indexer.add(t);
  return Buffer.from(encodeVocabulary(indexer.finish().vocabulary)).toString();
};
const finished = (counts: ReturnType<typeof sumCounts>): string => Buffer.from(finishCountsEncoded(counts)).toString();

describe('sumCounts', () => {
  it('adds the counts of documents into the counts whose vocabulary a full build of them all finishes, for any texts', () => {
    fc.assert(
      fc.property(documents, (docs) => {
        expect(finished(sumCounts(docs.map((d) => [countsOfTexts(d), 1])))).toBe(wholeVocabulary(docs.flat()));
      }),
      { numRuns: 100 },
    );
  });

  it('takes a document away again: what is left is the vocabulary of the others, for any texts', () => {
    fc.assert(
      fc.property(documents, fc.nat(), (docs, pick) => {
        fc.pre(docs.length > 0);
        const gone = pick % docs.length;
        const all = sumCounts(docs.map((d) => [countsOfTexts(d), 1]));
        const rest = sumCounts([
          [all, 1],
          [countsOfTexts(docs[gone]), -1],
        ]);
        expect(finished(rest)).toBe(wholeVocabulary(docs.filter((_, i) => i !== gone).flat()));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses to take away counts that were never added', () => {
    const a = countsOfTexts(['Ủy ban nhân dân tỉnh Lai Châu']);
    const b = countsOfTexts(['giải ngân vốn']);
    expect(() => sumCounts([[a, 1], [b, -1]])).toThrow(CountsMismatchError);
  });

  it('sums nothing into counts of nothing', () => {
    expect(finished(sumCounts([]))).toBe(wholeVocabulary([]));
  });
});
