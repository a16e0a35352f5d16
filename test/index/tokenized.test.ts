import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenizeParagraphs } from '../../src/index/tokenized.js';
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
          for (const r of expected) {
            expect([t.words[t.word[k]], t.start[k], t.end[k]]).toEqual([r.text, r.start, r.end]);
            k++;
          }
        });
        expect(k).toBe(t.word.length);
      }),
    );
  });
});
