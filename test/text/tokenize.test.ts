import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compoundParts, tokenize } from '../../src/text/tokenize.js';

// The token as a regular expression: the statement the hand-written scanner must agree with.
const WORD = String.raw`[\p{L}\p{Nd}][\p{L}\p{Nd}\p{M}]*`;
const TOKEN = new RegExp(`${WORD}(?:[.,/\\-]${WORD})*`, 'gu');
const byRegex = (text: string) => [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));

describe('tokenize', () => {
  it.each([
    ['words and a phrase dash', 'kinh tế - xã hội', ['kinh', 'tế', 'xã', 'hội']],
    ['a document number', 'Nghị quyết số 01/NQ-CP,', ['Nghị', 'quyết', 'số', '01/NQ-CP']],
    ['a figure with dots and a comma', '5.816.600 triệu; 2.874,735 tỷ.', ['5.816.600', 'triệu', '2.874,735', 'tỷ']],
    ['a joiner with nothing after it', 'Covid-19. KT-', ['Covid-19', 'KT']],
    ['two joiners in a row', 'a--b a./b', ['a', 'b', 'a', 'b']],
    ['decomposed diacritics (NFD)', 'Mu\u031bo\u031b\u0300ng Te\u0300', ['Mu\u031bo\u031b\u0300ng', 'Te\u0300']],
    ['a mark with no letter before it', '\u0301a \u0301', ['a']],
    ['superscripts, which are not digits', 'm³ 45%¹', ['m', '45']],
    ['letters outside the basic plane', '𝐀𝐁 x𝟏', ['𝐀𝐁', 'x𝟏']],
    ['a lone surrogate', 'a\ud800b', ['a', 'b']],
  ])('splits %s', (_, text, expected) => {
    expect(tokenize(text).map((t) => t.text)).toEqual(expected);
  });

  it('finds exactly the matches of the token expression, offsets included, for any text', () => {
    const piece = fc.constantFrom('giải', ' ', 'ngân', '.', ',', '/', '-', '01', 'NQ', '\u0301', '\u0300', 'Đ', '𝟏', '\ud800', '\udc00', '³', '\n', '–');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.array(piece).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (t) => {
        expect(tokenize(t)).toEqual(byRegex(t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('compoundParts', () => {
  it.each([
    ['31/2022/NĐ-CP', ['31', '2022', 'NĐ', 'CP']],
    ['Covid-19', ['Covid', '19']],
    ['5.816.600', []],
    ['giải', []],
  ])('splits %s into its words', (token, expected) => {
    expect(compoundParts(token).map((t) => t.text)).toEqual(expected);
  });
});
