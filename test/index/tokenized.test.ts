import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCaseless, phraseGap, tokenizeParagraphs } from '../../src/index/tokenized.js';
import { tokenize } from '../../src/text/tokenize.js';

describe('tokenizeParagraphs', () => {
  it('holds the tokens tokenize() gives each paragraph, each distinct word once', () => {
    const piece = fc.constantFrom('Ủy ban', ' ', 'giải ngân', '01/NQ-CP', '5.816.600', ', ', '\n', 'Mường Tè', 'e\u0301', 'x');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.array(piece).map((p) => p.join(''))), { maxLength: 6 }), (texts) => {
        const t = tokenizeParagraphs(texts);
        expect(new Set(t.words).size).toBe(t.words.length);
        expect(t.counts.length).toBe(texts.length);
        let k = 0;
        texts.forEach((text, p) => {
          const expected = tokenize(text);
          expect(t.counts[p]).toBe(expected.length);
          expect(t.caseless[p]).toBe(isCaseless(text) ? 1 : 0);
          expected.forEach((r, i) => {
            const joined = i > 0 && phraseGap(text, expected[i - 1].end, r.start);
            expect([t.words[t.word[k]], t.joined[k]]).toEqual([r.text, joined ? 1 : 0]);
            k++;
          });
        });
        expect(k).toBe(t.word.length);
      }),
    );
  });

  it.each([
    ['a space', 'kinh tế xã', true],
    ['a dash between spaces', 'kinh tế - xã', true],
    ['an en dash', 'kinh tế – xã', true],
    ['a comma', 'kinh tế, xã', false],
    ['a full stop', 'kinh tế. Xã', false],
    ['a line break', 'kinh tế\nxã', true],
    ['five spaces', 'kinh tế     xã', false],
  ])('joins two words across %s into one phrase: %s', (_, text, joined) => {
    expect(tokenizeParagraphs([text]).joined[2]).toBe(joined ? 1 : 0);
  });

  it.each([
    ['UBND HUYỆN MƯỜNG TÈ', true],
    ['Ủy ban nhân dân', false],
    ['2025', false],
    ['01/NQ-CP', true],
  ])('takes %s as written in capitals only: %s', (text, caseless) => {
    expect(isCaseless(text)).toBe(caseless);
  });
});
