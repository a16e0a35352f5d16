import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SortedIds } from '../../src/util/sorted-ids.js';

describe('SortedIds', () => {
  it('holds the union of sets, ascending and each paragraph once', () => {
    const u = SortedIds.union([new Set([5, 1, 9]), new SortedIds(Uint32Array.of(1, 2, 9)), new Set<number>()]);
    expect([...u.keys()]).toEqual([1, 2, 5, 9]);
    expect(u.size).toBe(4);
    expect([0, 1, 2, 3, 5, 9, 10].map((n) => u.has(n))).toEqual([false, true, true, false, true, true, false]);
  });

  it('answers as the Set of the union would, for any sets, given as Sets or as sorted arrays', () => {
    const asSorted = (s: Set<number>) => new SortedIds(Uint32Array.from([...s].sort((a, b) => a - b)));
    const set = fc.tuple(fc.array(fc.nat(60), { maxLength: 30 }), fc.boolean()).map(([xs, sorted]) => (sorted ? asSorted(new Set(xs)) : new Set(xs)));
    fc.assert(
      fc.property(fc.array(set, { maxLength: 5 }), fc.array(fc.nat(70)), (sets, probes) => {
        const expected = new Set(sets.flatMap((s) => [...s.keys()]));
        const u = SortedIds.union(sets);
        expect([...u.keys()]).toEqual([...expected].sort((a, b) => a - b));
        for (const n of probes) expect(u.has(n)).toBe(expected.has(n));
      }),
    );
  });
});
