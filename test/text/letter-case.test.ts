import { describe, expect, it } from 'vitest';
import { hasLetter, hasLowerCase, isAllCapitals, startsLowerCase, startsUpperCase } from '../../src/text/letter-case.js';

describe('letter case of a text', () => {
  it.each([
    // text, all capitals, has lower case, has a letter, starts lower, starts upper
    ['BỘ TÀI CHÍNH', true, false, true, false, true],
    ['THÔNG TƯ 01/2024/TT-BTC', true, false, true, false, true],
    ['Bộ Tài chính', false, true, true, false, true],
    ['đồng chí Trần Tiến Dũng', false, true, true, true, false],
    ['Ủy ban', false, true, true, false, true],
    ['01/NQ-CP', true, false, true, false, false],
    ['5.816.600', false, false, false, false, false],
    ['', false, false, false, false, false],
    ['(Đã ký)', false, true, true, false, false],
    ['Ωμέγα', false, true, true, false, true],
  ])('%j: all capitals %s, lower case %s, letter %s, starts lower %s, starts upper %s', (text, caps, lower, letter, startsLower, startsUpper) => {
    expect(isAllCapitals(text)).toBe(caps);
    expect(hasLowerCase(text)).toBe(lower);
    expect(hasLetter(text)).toBe(letter);
    expect(startsLowerCase(text)).toBe(startsLower);
    expect(startsUpperCase(text)).toBe(startsUpper);
  });
});
