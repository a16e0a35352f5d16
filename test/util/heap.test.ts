import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Heap, TopK } from '../../src/util/heap.js';

const greater = (a: number, b: number) => a > b;

describe('Heap', () => {
  it('pops items best first, for any list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const heap = new Heap(greater, [...xs]);
        const out: number[] = [];
        for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x);
        expect(out).toEqual([...xs].sort((a, b) => b - a));
      }),
    );
  });
});

describe('TopK', () => {
  it('keeps exactly the k best of any stream, best first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 0, max: 20 }), (xs, k) => {
        const top = new TopK(k, greater);
        for (const x of xs) top.push(x);
        expect(top.sorted()).toEqual([...xs].sort((a, b) => b - a).slice(0, k));
      }),
    );
  });
});
