import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { radixOrder } from '../../src/util/radix-order.js';

describe('radixOrder', () => {
  it.each([
    ['no items', [], []],
    ['one key per item', [[2], [0], [1]], [1, 2, 0]],
    ['pairs compared by their first key, then their second', [[1, 0], [0, 2], [0, 1], [1, 1]], [2, 1, 0, 3]],
    ['equal keys in their original order', [[1, 1], [0, 0], [1, 1], [0, 0]], [1, 3, 0, 2]],
  ])('orders %s', (_, items, expected) => {
    const keys = items as number[][];
    expect([...radixOrder(keys.length, 3, keys[0]?.length ?? 1, (i, j) => keys[i][j])]).toEqual(expected);
  });

  it('orders any tuples as a stable comparator sort does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }).chain((width) => fc.array(fc.array(fc.nat(6), { minLength: width, maxLength: width }))), (keys) => {
        const width = keys[0]?.length ?? 1;
        const compare = (x: number, y: number) => {
          for (let j = 0; j < width; j++) if (keys[x][j] !== keys[y][j]) return keys[x][j] - keys[y][j];
          return 0;
        };
        const expected = keys.map((_, i) => i).sort(compare);
        expect([...radixOrder(keys.length, 7, width, (i, j) => keys[i][j])]).toEqual(expected);
      }),
    );
  });

  it('refuses a key outside its radix rather than sorting wrongly', () => {
    expect(() => radixOrder(2, 3, 1, (i) => (i === 0 ? 1 : 3))).toThrow(/key 3 of item 1 is outside \[0, 3\)/);
  });
});
