// Planning posting reads: small terms share a statement, a large one is read in runs of documents, and
// every key's rows of the documents asked for are read exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPostingReads, type DocumentRuns, type PostingRead } from '../../../src/store/postgres/read-plan.js';

// Ten documents with ids 1..10 (every other id: 2, 4, …, 20), 100 paragraphs each.
const TEN: DocumentRuns = { ids: Array.from({ length: 10 }, (_, i) => 2 * (i + 1)), paragraphs: Array.from({ length: 10 }, () => 100) };

describe('planPostingReads', () => {
  it.each<[string, [string, number][], number | undefined, PostingRead[]]>([
    ['puts small terms in one statement', [['f:a', 10], ['f:b', 20]], undefined, [{ keys: ['f:b', 'f:a'] }]],
    ['starts a new statement when the budget is spent', [['f:a', 60], ['f:b', 50], ['f:c', 30]], undefined, [{ keys: ['f:a'] }, { keys: ['f:b', 'f:c'] }]],
    ['reads a term larger than the budget in runs of documents', [['f:big', 250]], undefined, [{ keys: ['f:big'], upTo: 8 }, { keys: ['f:big'], after: 8, upTo: 14 }, { keys: ['f:big'], after: 14 }]],
    ['reads only documents above `after`, sizing terms by their share there', [['f:big', 250], ['f:a', 10]], 10, [{ keys: ['f:big'], after: 10, upTo: 16 }, { keys: ['f:big'], after: 16 }, { keys: ['f:a'], after: 10 }]],
    ['reads a term it knows no frequency of with the small ones', [['f:new', 0]], 18, [{ keys: ['f:new'], after: 18 }]],
  ])('%s', (_, frequencies, after, expected) => {
    expect(planPostingReads(new Map(frequencies), TEN, after, { budget: 100 })).toEqual(expected);
  });

  it('puts no more than maxKeys keys in a statement', () => {
    const keys = new Map(Array.from({ length: 5 }, (_, i) => [`f:${i}`, 1]));
    expect(planPostingReads(keys, TEN, undefined, { budget: 100, maxKeys: 2 }).map((r) => r.keys.length)).toEqual([2, 2, 1]);
  });

  it('reads every key once over the documents asked for, each shared statement within the budget', () => {
    const documents = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 400 })), { maxLength: 30 })
      .map((steps) => {
        let id = 0;
        return { ids: steps.map(([step]) => (id += step)), paragraphs: steps.map(([, p]) => p) };
      });
    const frequencies = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }).map((s) => `f:${s}`), fc.integer({ min: 0, max: 5_000 }), { maxKeys: 20 });
    fc.assert(
      fc.property(documents, frequencies, fc.option(fc.integer({ min: 0, max: 160 }), { nil: undefined }), fc.integer({ min: 1, max: 1_000 }), (docs, dfs, after, budget) => {
        const total = docs.paragraphs.reduce((a, b) => a + b, 0);
        const later = docs.ids.reduce((sum, id, i) => (after === undefined || id > after ? sum + docs.paragraphs[i] : sum), 0);
        const share = total ? later / total : 1;
        const reads = planPostingReads(new Map(Object.entries(dfs)), docs, after, { budget });
        for (const key of Object.keys(dfs)) {
          // The key's statements, in order, cover the ids above `after` as consecutive ranges with no gap or overlap.
          const mine = reads.filter((r) => r.keys.includes(key));
          expect(mine.length).toBeGreaterThan(0);
          expect(mine[0].after).toBe(after);
          for (let i = 1; i < mine.length; i++) expect(mine[i].after).toBe(mine[i - 1].upTo);
          expect(mine[mine.length - 1].upTo).toBeUndefined();
        }
        for (const r of reads.filter((r) => r.keys.length > 1)) expect(r.keys.reduce((sum, k) => sum + Math.ceil(dfs[k] * share), 0)).toBeLessThanOrEqual(budget);
      }),
    );
  });
});
