import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nthSmallest } from '../../src/util/nth-smallest.js';

describe('nthSmallest', () => {
  it.each([
    ['the smallest', [3, 1, 2], 0, 1],
    ['the largest', [3, 1, 2], 2, 3],
    ['a value repeated throughout', [5, 5, 5, 5], 2, 5],
    ['the middle of a sorted run', [1, 2, 3, 4, 5, 6, 7], 3, 4],
    ['a negative value', [0.5, -2, 7.25], 0, -2],
  ])('finds %s', (_, values, i, expected) => {
    expect(nthSmallest(Float64Array.from(values), i)).toBe(expected);
  });

  it('finds what sorting would put at the index, for any values and index', () => {
    // -0 and 0 compare equal, so either may come back where sorting puts the other: 0 stands for both.
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }).map((x) => (x === 0 ? 0 : x)));
    const values = fc.array(value, { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(values, fc.nat(), (xs, at) => {
        const i = at % xs.length;
        const sorted = Float64Array.from(xs).sort();
        expect(nthSmallest(Float64Array.from(xs), i)).toBe(sorted[i]);
      }),
    );
  });

  it('refuses an index outside the values', () => {
    expect(() => nthSmallest(new Float64Array(2), 2)).toThrow(/index 2 outside \[0, 2\)/);
  });
});
