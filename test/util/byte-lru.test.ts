import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../src/util/byte-lru.js';

describe('ByteLru', () => {
  it('never holds more bytes than its budget, and holds what was set last when it fits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 150 }))), (budget, sets) => {
        const lru = new ByteLru<number, number>(budget);
        sets.forEach(([key, bytes], i) => {
          lru.set(key, i, bytes);
          expect(lru.size).toBeLessThanOrEqual(budget);
          expect(lru.get(key)).toBe(bytes <= budget / 4 ? i : undefined);
        });
      }),
    );
  });

  it('lets the least recently used go first', () => {
    const lru = new ByteLru<string, string>(40);
    lru.set('a', 'A', 10);
    lru.set('b', 'B', 10);
    lru.set('c', 'C', 10);
    lru.set('d', 'D', 10);
    lru.get('a');
    lru.set('e', 'E', 10);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => lru.get(k))).toEqual(['A', undefined, 'C', 'D', 'E']);
    lru.clear();
    expect(lru.size).toBe(0);
    expect(lru.get('a')).toBeUndefined();
  });
});
