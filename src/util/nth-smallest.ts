/**
 * The value that would stand at index `i` if `values` were sorted ascending (values must not be NaN).
 * Reorders `values` in place. Quickselect: linear time on average, where sorting a hundred thousand
 * candidate scores to read one threshold took most of a long question's ranking time.
 */
export function nthSmallest(values: Float64Array, i: number): number {
  if (!(i >= 0 && i < values.length)) throw new RangeError(`nthSmallest: index ${i} outside [0, ${values.length})`);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot keeps sorted and constant runs from going quadratic.
    const mid = (lo + hi) >>> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let l = lo;
    let r = hi;
    while (l <= r) {
      while (values[l] < pivot) l++;
      while (values[r] > pivot) r--;
      if (l <= r) {
        const t = values[l];
        values[l] = values[r];
        values[r] = t;
        l++;
        r--;
      }
    }
    // Now [lo, r] ≤ pivot ≤ [l, hi], and anything strictly between r and l equals the pivot.
    if (i <= r) hi = r;
    else if (i >= l) lo = l;
    else return values[i];
  }
  return values[i];
}
