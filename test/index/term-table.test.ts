import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TermTable } from '../../src/index/term-table.js';

const sorted = (xs: string[]) => [...new Set(xs)].sort();

describe('TermTable', () => {
  it.each([
    ['an accented term', 'ngân', 1],
    ['the first term', 'giai', 0],
    ['the last term', 'đồng', 3],
    ['a term between two others', 'mường', -1],
    ['a prefix of a term', 'ng', -1],
  ])('finds %s by binary search (%s → %i)', (_, term, at) => {
    const table = TermTable.fromSorted(sorted(['giai', 'ngân', 'tè', 'đồng']));
    expect(table.find(term)).toBe(at);
  });

  it('finds every term it holds and no other, for any set of words', () => {
    // Well-formed strings only: lone surrogates cannot be stored as UTF-8.
    const word = fc.string({ unit: 'grapheme', maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word), word, (words, other) => {
        const terms = sorted(words);
        const table = TermTable.fromSorted(terms);
        expect(table.size).toBe(terms.length);
        expect([...table]).toEqual(terms);
        terms.forEach((t, i) => expect(table.find(t)).toBe(i));
        if (!terms.includes(other)) expect(table.find(other)).toBe(-1);
      }),
    );
  });
});
