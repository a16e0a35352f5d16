import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSyllable, isSyllableAt, MIN_USES, repairSyllables, splitTone, wordUses } from '../../src/ingest/syllable.js';
import { hashSpan } from '../../src/util/code-unit-hash.js';

describe('isSyllable', () => {
  it.each([
    'công', 'thông', 'Ứng', 'bệnh', 'nghệ', 'Hà', 'Nội', 'quốc', 'quyết', 'gì', 'giữa', 'gìn', 'khuya', 'nghiêng',
    'kế', 'ghế', 'người', 'được', 'việc', 'hoạch', 'xoong', 'huyện', 'các', 'giếng', 'điểm', 'ngoài', 'khỏe',
    'khoẻ', 'khuỷu', 'ưu', 'ừ', 'tuýp', 'huỳnh', 'chuyện', 'yêu', 'a', 'CÔNG', 'NGHỊ', 'ĐỊNH',
  ])('accepts the syllable %s', (word) => {
    expect(isSyllable(word)).toBe(true);
  });

  it.each([
    ['ng', 'a final consonant alone'],
    ['nh', 'a final consonant alone'],
    ['cônghệ', 'two syllables glued'],
    ['càt', 'a falling tone on a stop final'],
    ['cảc', 'an asking tone on a stop final'],
    ['cế', "'c' before a front vowel (it is spelled 'k')"],
    ['gế', "'g' before 'ê' (it is spelled 'gh')"],
    ['ngê', "'ng' before a front vowel (it is spelled 'ngh')"],
    ['kă', "'k' before a back vowel (it is spelled 'c')"],
    ['tă', "'ă' with no final"],
    ['ya', "'y' then 'a' is no rhyme"],
    ['hiê', "'iê' with no final"],
    ['chươnng', 'a doubled final'],
    ['BHXH', 'an abbreviation'],
    ['email', 'a foreign word'],
  ])('rejects %s: %s', (word) => {
    expect(isSyllable(word)).toBe(false);
  });
});

describe('splitTone', () => {
  it.each([
    ['công', 'công', 'ngang'],
    ['bệnh', 'bênh', 'nang'],
    ['Ứng', 'Ưng', 'sac'],
    ['người', 'ngươi', 'huyen'],
  ] as const)('%s has the letters %s and the tone %s', (word, base, tone) => {
    expect(splitTone(word)).toEqual({ base, tone });
  });
});

describe('isSyllableAt', () => {
  const word = fc.constantFrom('công', 'cô', 'ng', 'nghệ', 'Việt', 'VIỆT', 'xyz', 'a', 'qu', 'gì', 'ngh', 'bệ', 'nh');

  it('answers as isSyllable on the word at that span, for any words in any order', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 10 }), (words) => {
        const text = words.join(' ');
        let at = 0;
        for (const w of words) {
          expect(isSyllableAt(text, at, at + w.length, hashSpan(text, at, at + w.length))).toBe(isSyllable(w));
          at += w.length + 1;
        }
      }),
    );
  });

  it('is not misled by two words given the same hash', () => {
    for (const [a, b] of [['công', 'xyz'], ['xyz', 'công'], ['ng', 'nh']]) {
      const text = `${a} ${b}`;
      expect(isSyllableAt(text, 0, a.length, 12345)).toBe(isSyllable(a));
      expect(isSyllableAt(text, a.length + 1, text.length, 12345)).toBe(isSyllable(b));
    }
  });
});

describe('repairSyllables', () => {
  // The document the fragments come from uses the whole words often enough to vouch for them.
  const doc = 'công thông ứng bệnh mẫu tin quốc hiện chương ni in '.repeat(MIN_USES);
  const repair = (text: string): string => repairSyllables(text, wordUses(doc)).text;

  it.each([
    ['Ứ ng dụng cô ng nghệ  thô ng tin', 'Ứng dụng công nghệ  thông tin'],
    ['khám bệ nh, chữa bệ nh.', 'khám bệnh, chữa bệnh.'],
    ['cấp sau C/O m ẫu UAE-VN', 'cấp sau C/O mẫu UAE-VN'],
    ['Bộ Thông t in và Truyền thông', 'Bộ Thông tin và Truyền thông'],
    ['tổng thể q uốc gia', 'tổng thể quốc gia'],
    ['thực hiê \u0323n theo', 'thực hiện theo'],
    ['CHƯƠ NG I', 'CHƯƠNG I'],
    ['Chươn g 1', 'Chương 1'],
  ])('joins the split syllables of %s', (input, expected) => {
    expect(repair(input)).toBe(expected);
  });

  it.each([
    ['Hà Nội', 'two real words'],
    ['cô nghệ', "two syllables whose join 'cônghệ' is none"],
    ['các điểm m và n khoản 1', "list letters: 'vàn' is no word used in the document"],
    ['80 J/m ở 23oC', 'a unit after a slash'],
    ['đồng chí M nghỉ', 'a capital initial after a lower-case word'],
    ['UBND tỉnh', 'an abbreviation before a word'],
    ['T = n i i', 'single-letter variables of a formula'],
  ])('leaves %s alone (%s)', (input) => {
    expect(repair(input)).toBe(input);
  });

  it('joins only when the document uses the joined word', () => {
    expect(repairSyllables('cô ng tác', wordUses('công '.repeat(MIN_USES - 1))).text).toBe('cô ng tác');
    expect(repairSyllables('cô ng tác', wordUses('công '.repeat(MIN_USES))).text).toBe('công tác');
  });

  it('counts its joins', () => {
    expect(repairSyllables('Ứ ng dụng cô ng nghệ', wordUses(doc)).repairs).toBe(2);
  });
});

describe('wordUses', () => {
  it('counts whole words only, whatever their case', () => {
    const uses = wordUses('Công công, côngx công-nghệ');
    expect(uses('công')).toBe(3);
  });
});
