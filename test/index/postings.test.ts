import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PostingList } from '../../src/index/postings.js';

describe('PostingList', () => {
  it('answers has and get like the map of paragraph → frequency it stands for, for any sorted list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(200)), fc.nat(210), (ids, probe) => {
        const sorted = [...ids].sort((a, b) => a - b);
        const map = new Map(sorted.map((n) => [n, (n % 7) + 1]));
        const list = new PostingList(Uint32Array.from(sorted), Uint16Array.from(sorted, (n) => (n % 7) + 1));
        expect(list.size).toBe(map.size);
        expect(list.has(probe)).toBe(map.has(probe));
        expect(list.get(probe)).toBe(map.get(probe));
        expect([...list.keys()]).toEqual([...map.keys()]);
      }),
    );
  });
});
