import { describe, expect, it } from 'vitest';
import { growU16, withRoom } from '../../src/util/growable.js';

describe('withRoom', () => {
  it.each([
    { length: 4, n: 3, room: 4, same: true },
    { length: 4, n: 4, room: 4, same: true },
    { length: 4, n: 5, room: 8, same: false },
    { length: 4, n: 20, room: 20, same: false },
    { length: 0, n: 1, room: 1, same: false },
  ])('gives an array of $length values room for $n as $room values', ({ length, n, room, same }) => {
    const array = Uint16Array.from({ length }, (_, i) => i + 1);
    const out = withRoom(array, n);
    expect(out.length).toBe(room);
    expect(out === array).toBe(same);
    expect(out).toBeInstanceOf(Uint16Array);
    expect([...out.subarray(0, length)]).toEqual([...array]);
    expect(out.subarray(length).every((v) => v === 0)).toBe(true);
  });
});

describe('Growable', () => {
  it('keeps its values in order as it doubles, and reads 0 past its end', () => {
    const g = growU16(2);
    for (let i = 0; i < 100; i++) g.push(i * 3);
    expect([...g.view()]).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
    expect(g.get(100)).toBe(0);
  });
});
