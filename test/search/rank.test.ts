import { describe, expect, it } from 'vitest';
import { FOLDED } from '../../src/index/fields.js';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { indexParagraphs, ParagraphIndexer } from '../../src/index/paragraph-indexer.js';
import { DEFAULT_WEIGHTS, idf, phraseTerm, Scorer, scoredTerm, type ScoredTerm } from '../../src/search/rank.js';

// Paragraph 0 and 1 hold 'giải ngân' once and three times; 1 is far longer; 2 has neither word.
const TEXTS = [
  'giải ngân vốn',
  'giải ngân giải ngân giải ngân vốn đầu tư công năm nay rất chậm so với kế hoạch',
  'kế hoạch vốn',
  'giải ngân vốn kế hoạch',
];
const indexer = new ParagraphIndexer();
for (const text of TEXTS) indexer.add(text);
const { index } = indexer.finish();
const n = TEXTS.length;
const TOUCH_TEXTS = ['Giải ngân vốn đầu tư công.', 'Vốn sự nghiệp còn chậm.', 'Tỷ lệ giải ngân đạt 45%.', 'Công trình hoàn thành.'];

const term = (text: string, group = 0): ScoredTerm => {
  const t = scoredTerm(index, FOLDED, text, 1, group);
  if (!t) throw new Error(`no term ${text}`);
  return t;
};

describe('idf', () => {
  it('weighs a rare term above a common one, and a term in every paragraph above nothing', () => {
    expect(idf(100, 1)).toBeCloseTo(Math.log(1 + 99.5 / 1.5), 12);
    expect(idf(100, 1)).toBeGreaterThan(idf(100, 50));
    expect(idf(100, 100)).toBeGreaterThan(0);
  });
});

describe('scoredTerm', () => {
  it('weighs a term by the field weight times its idf over the paragraphs', () => {
    expect(term('ngan').weight).toBeCloseTo(idf(n, 3), 12);
    expect(scoredTerm(index, FOLDED, 'ngan', 2, 0)?.weight).toBeCloseTo(2 * idf(n, 3), 12);
  });

  it('gives nothing for a term no paragraph holds', () => {
    expect(scoredTerm(index, FOLDED, 'covid', 1, 0)).toBeUndefined();
  });
});

describe('Scorer', () => {
  const scorer = new Scorer(index);

  it('scores a paragraph by BM25 of its occurrences and length, never past the weight times k1 + 1', () => {
    const t = term('ngan');
    const once = scorer.termScore(t, 0);
    const thrice = scorer.termScore(t, 1);
    expect(scorer.termScore(t, 2)).toBe(0);
    expect(once).toBeGreaterThan(0);
    expect(thrice).toBeLessThan(t.weight * (DEFAULT_WEIGHTS.k1 + 1));
    const avg = index.averageLength(FOLDED);
    const bm25 = (tf: number, length: number) => (t.weight * tf * (DEFAULT_WEIGHTS.k1 + 1)) / (tf + DEFAULT_WEIGHTS.k1 * (1 - DEFAULT_WEIGHTS.b + (DEFAULT_WEIGHTS.b * length) / avg));
    expect(once).toBeCloseTo(bm25(1, index.fieldLength(0, FOLDED)), 5);
    expect(thrice).toBeCloseTo(bm25(3, index.fieldLength(1, FOLDED)), 5);
  });

  it('scores one occurrence in a shorter paragraph above one in a longer', () => {
    const t = term('ngan');
    expect(scorer.termScore(t, 0)).toBeGreaterThan(scorer.termScore(t, 3));
  });

  it('adds a term to every paragraph of its postings, marking its unit and whether the unit is there whole', () => {
    const ngan = term('ngan', 0);
    const von = { ...term('von', 1), covers: false };
    scorer.addPostings(ngan);
    scorer.addPostings(von);
    expect([...scorer.acc]).toEqual([0, 1, 2, 3].map((p) => scorer.termScore(ngan, p) + scorer.termScore(von, p)));
    expect([...scorer.mask]).toEqual([0b11, 0b11, 0b10, 0b11]);
    expect([...scorer.whole]).toEqual([0b01, 0b01, 0b00, 0b01]);
    expect(scorer.coverage(2, [1, 1], 2)).toBe(0.5);
    expect(scorer.coverage(0, [1, 3], 4)).toBe(1);
    expect(scorer.coverage(2, [1, 3], 4, 0b01)).toBe(1);
    scorer.clear();
    expect([...scorer.acc, ...scorer.mask, ...scorer.whole].every((v) => v === 0)).toBe(true);
  });

  it('adds to the listed paragraphs only what addPostings would add there, or to members only', () => {
    const t = term('ngan');
    scorer.addTo(t, [1, 2]);
    expect([...scorer.acc]).toEqual([0, scorer.termScore(t, 1), 0, 0]);
    scorer.clear();
    scorer.addPostings(t, Uint8Array.from([0, 1, 0, 1]));
    expect([...scorer.acc]).toEqual([0, scorer.termScore(t, 1), 0, scorer.termScore(t, 3)]);
    scorer.clear();
  });

  it('scores a phrase as one term found once in each paragraph that holds it', () => {
    const phrase = phraseTerm(n, Uint32Array.from([0, 3]), DEFAULT_WEIGHTS.unit, 0, 'giải ngân vốn');
    expect(phrase.weight).toBeCloseTo(DEFAULT_WEIGHTS.unit * idf(n, 2), 12);
    expect([0, 1, 2, 3].map((p) => phrase.postings.get(p) ?? 0)).toEqual([1, 0, 0, 1]);
  });
});

// The Scorer keeps the paragraphs a query touched: each once, in the order first touched, and
// clearing forgets them with their scores.
describe('Scorer touched list', () => {
  const paragraphs: ParagraphRecord[] = TOUCH_TEXTS.map((text, i) => ({ id: `t#p${i + 1}`, doc: 't', paragraph: i + 1, heading: [], text, start: 0, end: text.length, kind: 'body' }));
  const touchIndex = indexParagraphs(paragraphs).index;
  const touchTerm = (word: string, group: number) => scoredTerm(touchIndex, FOLDED, word, 1, group)!;

  it('lists each paragraph a query touched once, in the order first touched, scored by every term', () => {
    const scorer = new Scorer(touchIndex);
    scorer.addPostings(touchTerm('von', 0));
    scorer.addTo(touchTerm('ngan', 1), [0, 1, 2, 3]);
    expect([...scorer.touched]).toEqual([0, 1, 2]);
    expect(scorer.acc[0]).toBeGreaterThan(scorer.acc[1]);
    expect(scorer.mask[0]).toBe(0b11);
    expect(scorer.mask[2]).toBe(0b10);
  });

  it('forgets the touched paragraphs and their scores when cleared, for the next query', () => {
    const scorer = new Scorer(touchIndex);
    scorer.addPostings(touchTerm('von', 0));
    scorer.clear();
    expect([...scorer.touched]).toEqual([]);
    expect([...scorer.acc].every((x) => x === 0)).toBe(true);
    scorer.addPostings(touchTerm('cong', 0));
    expect([...scorer.touched]).toEqual([0, 3]);
  });
});
