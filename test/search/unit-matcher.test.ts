import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandWithGlossary, loadGlossary } from '../../src/search/glossary.js';
import { paragraphWords, phraseOccurrences } from '../../src/search/match.js';
import { parseQuery } from '../../src/search/query.js';
import { UnitMatcher } from '../../src/search/unit-matcher.js';

const glossary = loadGlossary();

function matcher(q: string): { m: UnitMatcher; groups: ReturnType<typeof expandWithGlossary>; accented: boolean } {
  const parsed = parseQuery(q);
  const groups = expandWithGlossary(parsed.clauses[0].words, glossary);
  return { m: new UnitMatcher(groups, parsed.accented), groups, accented: parsed.accented };
}

const level = (q: string, text: string) => matcher(q).m.level(text.toLowerCase(), () => paragraphWords(text));

describe('UnitMatcher', () => {
  it.each([
    ['Điện Biên', 'Tỉnh Điện Biên có 10 huyện.', 3],
    ['Điện Biên', 'Diễn biến dịch bệnh phức tạp.', 2],
    ['Điện Biên', 'tỉnh Điện, Biên giới', 3],
    ['Điện Biên', 'Điện/Biên', 0],
    ['dien bien', 'Diễn biến dịch bệnh phức tạp.', 3],
    ['Hòa Bình', 'tỉnh Hoà Bình', 3],
    ['chè', 'Diện tích chè', 3],
    ['31/2022', 'Nghị định 31/2022/NĐ-CP', 1],
    ['giải ngân', 'giải quyết ngân sách', 0],
    ['bảo hiểm thất nghiệp', 'quỹ BHTN', 2],
    ['UBND', 'Ủy ban nhân dân tỉnh', 3],
    ['giải ngân', 'Ðiều 5: giải   ngân', 3],
  ])('finds %s in %j at level %i', (q, text, expected) => {
    expect(level(q, text)).toBe(expected);
  });

  // The fast path must give the full analysis's answer on any text, punctuation and joiners included.
  it('agrees with the full analysis of the paragraph on any text', () => {
    const syllables = ['giải', 'giai', 'ngân', 'ngan', 'Ngân', 'hoà', 'hòa', 'bình', 'Ðiện', 'điện', 'biên', 'diễn', 'biến', '31', '2022', 'x'];
    const seps = [' ', '  ', ', ', '-', ' - ', '/', '.', '\n', ' (', '', 'α'];
    const text = fc.array(fc.tuple(fc.constantFrom(...syllables), fc.constantFrom(...seps)), { maxLength: 12 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    const queries = ['giải ngân', 'giai ngan', 'hòa bình', 'Điện Biên', 'dien bien', '31/2022', 'ngân'];
    fc.assert(
      fc.property(text, fc.constantFrom(...queries), (t, q) => {
        const { m, groups, accented } = matcher(q);
        const words = paragraphWords(t);
        let best = 0;
        for (const o of phraseOccurrences(groups, words, accented)) best = Math.max(best, o.level);
        expect(m.level(t.toLowerCase(), () => words)).toBe(best);
      }),
      { numRuns: 2000 },
    );
  });
});
