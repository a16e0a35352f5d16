import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TupleIds } from '../../src/util/tuple-ids.js';

describe('TupleIds', () => {
  it('gives each distinct tuple the next id and the same id again, as a Map of joined keys would, through growth', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.constantFrom(2 as const, 3 as const), fc.array(fc.tuple(value, value, value), { maxLength: 300 }), (arity, tuples) => {
        const ids = new TupleIds(arity, 1);
        const model = new Map<string, number>();
        for (const [a, b, c] of tuples) {
          const key = arity === 2 ? `${a},${b}` : `${a},${b},${c}`;
          if (!model.has(key)) model.set(key, model.size);
          const id = arity === 2 ? ids.id(a, b) : ids.id(a, b, c);
          expect(id).toBe(model.get(key));
          expect(ids.at(id, 0)).toBe(a);
          expect(ids.at(id, 1)).toBe(b);
        }
        expect(ids.size).toBe(model.size);
      }),
    );
  });

  it('finds a seen tuple and answers -1 for an unseen one without adding it', () => {
    const ids = new TupleIds(3);
    ids.id(1, 2, 3);
    expect(ids.find(1, 2, 3)).toBe(0);
    expect(ids.find(3, 2, 1)).toBe(-1);
    expect(ids.size).toBe(1);
  });
});
