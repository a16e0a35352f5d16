// The Scorer (src/search/rank.ts) keeps the paragraphs a query touched: each once, in the order
// first touched, and clearing forgets them with their scores.
import { describe, expect, it } from 'vitest';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { indexParagraphs } from '../../src/index/paragraph-indexer.js';
import { Scorer, scoredTerm } from '../../src/search/rank.js';

const TEXTS = ['Giải ngân vốn đầu tư công.', 'Vốn sự nghiệp còn chậm.', 'Tỷ lệ giải ngân đạt 45%.', 'Công trình hoàn thành.'];
const paragraphs: ParagraphRecord[] = TEXTS.map((text, i) => ({ id: `t#p${i + 1}`, doc: 't', paragraph: i + 1, heading: [], text, start: 0, end: text.length, kind: 'body' }));
const { index } = indexParagraphs(paragraphs);
const term = (word: string, group: number) => scoredTerm(index, 'f', word, 1, group)!;

describe('Scorer', () => {
  it('lists each paragraph a query touched once, in the order first touched, scored by every term', () => {
    const scorer = new Scorer(index);
    scorer.addPostings(term('von', 0));
    scorer.addTo(term('ngan', 1), [0, 1, 2, 3]);
    expect([...scorer.touched]).toEqual([0, 1, 2]);
    expect(scorer.acc[0]).toBeGreaterThan(scorer.acc[1]);
    expect(scorer.mask[0]).toBe(0b11);
    expect(scorer.mask[2]).toBe(0b10);
  });

  it('forgets the touched paragraphs and their scores when cleared, for the next query', () => {
    const scorer = new Scorer(index);
    scorer.addPostings(term('von', 0));
    scorer.clear();
    expect([...scorer.touched]).toEqual([]);
    expect([...scorer.acc].every((x) => x === 0)).toBe(true);
    scorer.addPostings(term('cong', 0));
    expect([...scorer.touched]).toEqual([0, 3]);
  });
});
