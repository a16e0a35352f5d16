// Set algebra over paragraph-number collections: what candidate generation does with posting lists.
import { PostingList } from '../index/postings.js';
import { SortedIds, type IdCollection } from '../util/sorted-ids.js';

/** Ascending paragraph numbers of a collection when it keeps them so (posting lists, SortedIds), else undefined. */
export const sortedIds = (c: IdCollection): Uint32Array | undefined => (c instanceof SortedIds ? c.ids : c instanceof PostingList ? c.ids : undefined);

// First index at or after `from` whose id is not below n (galloping, then binary search).
function seek(ids: Uint32Array, n: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < ids.length && ids[hi] < n) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, ids.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (ids[mid] < n) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/** Paragraphs in every one of `sets`: merged as sorted arrays when they all are (no Set is built), else by look-ups. */
export const intersect = (sets: IdCollection[]): IdCollection => {
  if (!sets.length) return new Set<number>();
  const arrays = sets.map(sortedIds);
  if (arrays.every((a) => a !== undefined)) {
    const sorted = (arrays as Uint32Array[]).sort((a, b) => a.length - b.length);
    const [first, ...others] = sorted;
    const out = new Uint32Array(first.length);
    const at = others.map(() => 0);
    let size = 0;
    next: for (let i = 0; i < first.length; i++) {
      const n = first[i];
      for (let k = 0; k < others.length; k++) {
        const j = seek(others[k], n, at[k]);
        at[k] = j;
        if (j >= others[k].length) break next;
        if (others[k][j] !== n) continue next;
      }
      out[size++] = n;
    }
    return new SortedIds(out.subarray(0, size));
  }
  const out = new Set<number>();
  const bySize = [...sets].sort((a, b) => a.size - b.size);
  const [first, ...others] = bySize;
  next: for (const n of first.keys()) {
    for (let i = 0; i < others.length; i++) if (!others[i].has(n)) continue next;
    out.add(n);
  }
  return out;
};

/** Paragraphs in any of `sets`, ascending. */
export const union = (sets: IdCollection[]): SortedIds => SortedIds.union(sets);
