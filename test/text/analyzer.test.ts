import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, analyzeWords } from '../../src/text/analyzer.js';
import { fold, hasDiacritics } from '../../src/text/fold.js';
import { normalize } from '../../src/text/normalize.js';
import { toneKey } from '../../src/text/tone.js';
import { tokenize } from '../../src/text/tokenize.js';

const terms = (s: string) => analyzeWords(s).map((t) => t.term);
const exacts = (s: string) => analyzeWords(s).map((t) => t.exact);

describe('fold', () => {
  it.each([
    ['giải ngân', 'giai ngan'],
    ['Đắk Lắk', 'Dak Lak'],
    ['đồng', 'dong'],
    ['Mường Tè', 'Muong Te'],
    ['ỨNG DỤNG', 'UNG DUNG'],
    ['plain ascii', 'plain ascii'],
    ['gia\u0309i', 'giai'],
  ])('folds %s to %s', (input, want) => {
    expect(fold(input)).toBe(want);
  });

  it('tells accented text from plain text', () => {
    expect(hasDiacritics('chè')).toBe(true);
    expect(hasDiacritics('Đ')).toBe(true);
    expect(hasDiacritics('che 01/NQ-CP')).toBe(false);
  });
});

describe('normalize', () => {
  it.each([
    ['gia\u0309i nga\u0302n', 'giải ngân'],
    ['\u00d0BQH', 'ĐBQH'],
    ['NĐ-CP', 'NĐ-CP'],
  ])('normalizes %j to %j', (input, want) => {
    expect(normalize(input)).toBe(want);
  });
});

describe('toneKey', () => {
  it.each([
    ['hoà', 'hòa'],
    ['uỷ', 'ủy'],
    ['thuỷ', 'thủy'],
    ['khoẻ', 'khỏe'],
    ['quý', 'qúy'],
  ])('puts the tone of %s and %s in the same place', (a, b) => {
    expect(toneKey(a)).toBe(toneKey(b));
  });

  it.each([
    ['dũng', 'dụng'],
    ['chè', 'che'],
    ['tân', 'than'],
    ['điện', 'diễn'],
    ['bán', 'ban'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(toneKey(a)).not.toBe(toneKey(b));
  });
});

describe('analyze', () => {
  it('is case-insensitive and folds diacritics in the index term', () => {
    expect(terms('Giải Ngân')).toEqual(['giai', 'ngan']);
    expect(terms('GIẢI NGÂN')).toEqual(['giai', 'ngan']);
  });

  it('keeps the exact form apart for the hard pairs', () => {
    const pairs: [string, string][] = [
      ['Dũng', 'dụng'],
      ['chè', 'che'],
      ['Tân Uyên', 'Than Uyên'],
      ['Điện Biên', 'diễn biến'],
      ['bán lẻ', 'ban le'],
    ];
    for (const [a, b] of pairs) expect(exacts(a)).not.toEqual(exacts(b));
  });

  it('makes the same word of the same spelling variants', () => {
    const same: [string, string][] = [
      ['Hoà Bình', 'Hòa Bình'],
      ['Uỷ ban', 'Ủy ban'],
      ['thuỷ sản', 'thủy sản'],
      ['gia\u0309i nga\u0302n', 'giải ngân'],
      ['\u00d0BQH', 'ĐBQH'],
    ];
    for (const [a, b] of same) {
      expect(exacts(a)).toEqual(exacts(b));
      expect(terms(a)).toEqual(terms(b));
    }
  });

  it.each([
    ['01/NQ-CP', '01/nq-cp'],
    ['1714/BKHĐT-TH', '1714/bkhdt-th'],
    ['31/2022/NĐ-CP', '31/2022/nd-cp'],
    ['5.816.600', '5.816.600'],
    ['9,15%', '9,15'],
    ['2.874,735', '2.874,735'],
  ])('keeps %s whole as one word', (input, want) => {
    expect(terms(input)).toEqual([want]);
  });

  it('adds the parts of a document number after it, at the same position', () => {
    const tokens = analyze('số 31/2022/NĐ-CP');
    expect(tokens.map((t) => t.term)).toEqual(['so', '31/2022/nd-cp', '31', '2022', 'nd', 'cp']);
    expect(new Set(tokens.slice(1).map((t) => t.position))).toEqual(new Set([1]));
    expect(tokens.slice(2).every((t) => t.part)).toBe(true);
  });

  it('does not split a figure into digit groups', () => {
    expect(analyze('5.816.600').length).toBe(1);
  });

  it('keeps footnote markers and unit superscripts out of words', () => {
    expect(terms('rộng¹ 22.597 m³')).toEqual(['rong', '22.597', 'm']);
  });

  it('gives offsets into the original text, also for decomposed input', () => {
    const text = 'Tỷ lệ gia\u0309i nga\u0302n đạt';
    for (const t of analyze(text)) expect(fold(normalize(text.slice(t.start, t.end))).toLowerCase()).toBe(t.term);
  });

  it('splits on spaces and punctuation but not inside compounds', () => {
    expect(tokenize('kinh tế - xã hội; KT-XH, Covid-19.').map((t) => t.text)).toEqual(['kinh', 'tế', 'xã', 'hội', 'KT-XH', 'Covid-19']);
  });

  it('never throws and keeps every offset inside the text, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const t of analyze(s)) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(s.length);
          expect(t.start).toBeLessThan(t.end);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Vietnamese-like text with marks, numbers and separators', () => {
    const alphabet = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠĐ0123456789 ./-,¹\u0300\u0301\u0309\u0303\u0323'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }), (chars) => {
        const s = chars.join('');
        for (const t of analyze(s)) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(s.length);
          expect(t.term).toBe(fold(t.term));
        }
      }),
      { numRuns: 500 },
    );
  });
});
