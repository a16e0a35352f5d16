import { describe, expect, it } from 'vitest';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { indexParagraphs } from '../../src/index/paragraph-indexer.js';
import { parseQuery } from '../../src/search/query.js';
import { editDistance, suggestSpelling } from '../../src/search/spelling.js';

// 'năm' is far more frequent than 'ngân', and 'ngầm' is a word too: only the pair 'giải ngân'
// (and the closeness of 'ngâm' to 'ngân') can make 'giải ngâm' → 'giải ngân'.
const TEXTS = [
  'Tỷ lệ giải ngân vốn đầu tư công năm 2023 đạt 45%.',
  'Giải ngân vốn sự nghiệp năm 2022 còn chậm.',
  'Kết quả giải ngân năm nay, năm sau và năm tới.',
  'Công trình ngầm hoàn thành trong năm.',
  'Huyện Mường Tè, huyện Mường Tè và xã Tà Tổng.',
  'Phát triển kinh tế xã hội; kinh tế xã hội ổn định.',
  'Tình hình Hòa Bình ổn định; tỉnh Hòa Bình.',
  'Chủ tịch UBND tỉnh chủ trì; UBND tỉnh ban hành.',
  'Giá trị sản xuất tăng; xuất khẩu gạo tăng.',
  'Hiện tượng tệ nạn, hiện tượng tệ hại; tỉnh Bình Dương.',
];
const paragraphs: ParagraphRecord[] = TEXTS.map((text, i) => ({ id: `t#p${i + 1}`, doc: 't', paragraph: i + 1, heading: [], text, start: 0, end: text.length, kind: 'body' }));
const store = indexParagraphs(paragraphs);
const didYouMean = (q: string, hasMatches: boolean) => suggestSpelling(store, parseQuery(q), hasMatches);

describe('suggestSpelling', () => {
  it.each([
    // [query, the query has full matches, suggestion]
    ['Muong Te', true, 'Mường Tè'],
    ['muong te', true, 'Mường Tè'],
    ['Mường Tê', true, 'Mường Tè'],
    ['Mường Tê', false, 'Mường Tè'],
    ['giải ngâm', false, 'giải ngân'],
    ['giai ngam', false, 'giải ngân'],
    ['giải ngan', false, 'giải ngân'],
    ['kinh te xa hoi', true, 'kinh tế xã hội'],
    ['kinh tế xã họi', false, 'kinh tế xã hội'],
    ['Muong Tè', true, 'Mường Tè'],
  ])('%j (matches: %s) → %j', (q, hasMatches, expected) => {
    expect(didYouMean(q, hasMatches)).toBe(expected);
  });

  it.each([
    ['giải ngân', true],
    ['Giải Ngân', true],
    ['Hoà Bình', true],
    ['UBND tỉnh', true],
  ])('never suggests the query itself: %j', (q, hasMatches) => {
    expect(didYouMean(q, hasMatches)).toBeUndefined();
  });

  it('suggests nothing for a word with no near spelling in the corpus', () => {
    expect(didYouMean('qwxzyk', false)).toBeUndefined();
    expect(didYouMean('giải ngân qwxzyk', false)).toBeUndefined();
  });

  it('does not change the first letter of a known word to make a pair', () => {
    // 'tượng tệ' is a pair of the corpus one edit away, but 'dương' was not a typo of 'tượng'.
    expect(didYouMean('duong te', false)).not.toBe('tượng tệ');
  });

  it('suggests nothing that would find nothing either', () => {
    // Both words are fixed, but no paragraph has 'Mường Tè' with 'ngân'.
    expect(didYouMean('Mường Tè giải ngâm', false)).toBeUndefined();
  });

  it('keeps the words typed where the corpus agrees with them', () => {
    expect(didYouMean('Giải ngâm', false)).toBe('Giải ngân');
    expect(didYouMean('Tỉnh Hoa Binh', true)).toBe('Tỉnh Hòa Bình');
  });

  it('looks at no more than eight words', () => {
    expect(didYouMean('muong te muong te muong te muong te muong te', true)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['ngân', 'ngâm', 1],
    ['ngân', 'năm', 3],
    ['giai', 'giải', 1],
    ['abc', '', 3],
  ])('%j ↔ %j = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
