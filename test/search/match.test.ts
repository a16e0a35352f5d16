import { describe, expect, it } from 'vitest';
import { alternativeAt, groupOccurrences, MatchLevel, paragraphWords, phraseAt, phraseOccurrences, wordLevel, wordsAsGroups } from '../../src/search/match.js';
import { queryWords } from '../../src/search/query.js';
import type { Group } from '../../src/search/glossary.js';

const word = (text: string) => queryWords(text)[0];
const doc = (text: string) => paragraphWords(text)[0];

describe('wordLevel', () => {
  it('gives EXACT to the same word with the same diacritics, FOLDED to the same word with others', () => {
    expect(wordLevel(word('giải'), doc('giải'), true)).toBe(MatchLevel.EXACT);
    expect(wordLevel(word('giải'), doc('giai'), true)).toBe(MatchLevel.FOLDED);
    expect(wordLevel(word('giải'), doc('giãi'), true)).toBe(MatchLevel.FOLDED);
  });

  it('gives EXACT to any spelling of the word when the query has no diacritics to agree with', () => {
    expect(wordLevel(word('giai'), doc('giải'), false)).toBe(MatchLevel.EXACT);
  });

  it('gives PART to a query word that is a run of a compound word\'s parts', () => {
    expect(wordLevel(word('31/2022'), doc('31/2022/NĐ-CP'), false)).toBe(MatchLevel.PART);
  });

  it('gives NONE to another word, and to a compound the query word is longer than', () => {
    expect(wordLevel(word('ngân'), doc('giải'), true)).toBe(MatchLevel.NONE);
    expect(wordLevel(word('2022/NĐ-CP/X'), doc('31/2022'), false)).toBe(MatchLevel.NONE);
  });
});

// A unit of one alternative, spelled as `text`, typed or a glossary form.
const group = (...alternatives: [string, boolean][]): Group => ({ alternatives: alternatives.map(([text, typed]) => ({ words: queryWords(text), typed })) });

describe('occurrences', () => {
  const words = paragraphWords('Tỷ lệ giải ngân vốn đạt 45%, giai ngan chậm; UBND tỉnh và Ủy ban nhân dân huyện.');

  it('rates an alternative at a place by its weakest word', () => {
    const alt = { words: queryWords('giải ngân'), typed: true };
    expect(alternativeAt(alt, words, 2, true)).toBe(MatchLevel.EXACT);
    expect(alternativeAt(alt, words, 7, true)).toBe(MatchLevel.FOLDED);
    expect(alternativeAt(alt, words, 3, true)).toBe(MatchLevel.NONE);
  });

  it('finds every place of a unit, by any of its forms, and says which was typed', () => {
    const ubnd = group(['UBND', true], ['ủy ban nhân dân', false]);
    expect(groupOccurrences(ubnd, words, true).map(({ from, to, typed }) => [words[from].term, to - from, typed])).toEqual([
      ['ubnd', 1, true],
      ['uy', 4, false],
    ]);
  });

  it('matches units as one contiguous phrase, at the level of its weakest word', () => {
    const groups = [group(['giải', true]), group(['ngân', true])];
    expect(phraseOccurrences(groups, words, true).map((o) => [o.from, o.to, o.level])).toEqual([
      [2, 4, MatchLevel.EXACT],
      [7, 9, MatchLevel.FOLDED],
    ]);
    expect(phraseAt([group(['ngân', true]), group(['giải', true])], words, 3, true).level).toBe(MatchLevel.NONE);
  });

  it('prefers the typed form between forms of the same level', () => {
    const groups = [group(['ủy ban nhân dân', false], ['UBND', true])];
    expect(phraseAt(groups, paragraphWords('UBND tỉnh'), 0, true)).toEqual({ from: 0, to: 1, level: MatchLevel.EXACT, typed: true });
  });

  it('turns excluded words into units of their own, spelled as typed', () => {
    expect(wordsAsGroups(queryWords('covid dịch'))).toEqual([
      { alternatives: [{ words: [word('covid')], typed: true }] },
      { alternatives: [{ words: [word('dịch')], typed: true }] },
    ]);
  });
});
