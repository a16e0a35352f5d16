/**
 * Order of `n` items sorted by a tuple of small integer keys, compared left to right: `key(i, j)` is
 * key j (0 ≤ j < width) of item i, each below `radix`. Items with equal keys keep their order.
 *
 * Term ids sort by their ranks when an index is finished: hundreds of thousands of word pairs and
 * runs. One stable counting sort per key, last key first (LSD radix sort), costs O(width · (n + radix))
 * with no comparator call, where Array.prototype.sort calls a closure n·log n times.
 */
export function radixOrder(n: number, radix: number, width: number, key: (i: number, j: number) => number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(radix + 1);
  for (let j = width - 1; j >= 0; j--) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const k = key(i, j);
      if (!(k >= 0 && k < radix)) throw new RangeError(`radixOrder: key ${k} of item ${i} is outside [0, ${radix})`);
      counts[k + 1]++;
    }
    for (let k = 0; k < radix; k++) counts[k + 1] += counts[k];
    for (let p = 0; p < n; p++) {
      const i = order[p];
      next[counts[key(i, j)]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}
