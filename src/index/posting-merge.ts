// Merging one term's posting lists of a main and a delta segment into the columns of the index they
// are served as (segment-merge.ts walks the terms; these copy the postings of one).
import type { Column } from './columns-file.js';

/** A paragraph number meaning "not served": main's paragraphs that a delta removes or replaces. */
export const NONE = 0xffffffff;

/** The runs of a segment's paragraphs served in their own order: paragraphs [from, to) of run r are served as p + shift. */
export interface ServedRuns {
  from: Uint32Array;
  to: Uint32Array;
  shift: Int32Array;
  count: number;
}

/** Where merged postings go: the ids and tfs columns, and the next entry to write. */
export interface PostingsOut {
  ids: Column;
  tfs: Column;
  e: number;
}

/** One term's postings in a segment: entries [at, end) of its ids and tfs, and its paragraphs' served numbers. */
export interface PostingsIn {
  ids: Uint32Array;
  tfs: Uint16Array;
  at: number;
  end: number;
  served: Uint32Array;
}

// A term only main has (most terms): its postings [p, end), less those not served, run by run of
// main's paragraphs that keep their order: each run's postings are found by binary search and copied
// shifted, in sequence, rather than looked up one by one.
export function copyMainPostings(aIds: Uint32Array, aTfs: Uint16Array, p: number, end: number, runs: ServedRuns, out: PostingsOut): void {
  const { ids, tfs } = out;
  let e = out.e;
  let r = 0;
  while (p < end) {
    const id = aIds[p];
    while (r < runs.count && runs.to[r] <= id) r++;
    if (r === runs.count) break;
    if (id < runs.from[r]) {
      p++;
      continue;
    }
    let q = p + 1;
    let hi = end;
    const to = runs.to[r];
    while (q < hi) {
      const mid = (q + hi) >>> 1;
      if (aIds[mid] < to) q = mid + 1;
      else hi = mid;
    }
    const shift = runs.shift[r];
    // Most lists are short: a loop costs less than the views that set() takes.
    if (q - p > 64) {
      if (shift === 0) ids.set(aIds.subarray(p, q), e);
      else for (let k = p; k < q; k++) ids[e + k - p] = aIds[k] + shift;
      tfs.set(aTfs.subarray(p, q), e);
      e += q - p;
    } else {
      for (let k = p; k < q; k++, e++) {
        ids[e] = aIds[k] + shift;
        tfs[e] = aTfs[k];
      }
    }
    p = q;
  }
  out.e = e;
}

// A term only the delta has: its postings [p, end), renumbered as served.
export function copyDeltaPostings(bIds: Uint32Array, bTfs: Uint16Array, p: number, end: number, bServed: Uint32Array, out: PostingsOut): void {
  const { ids, tfs } = out;
  let e = out.e;
  for (; p < end; p++) {
    ids[e] = bServed[bIds[p]];
    tfs[e++] = bTfs[p];
  }
  out.e = e;
}

// A term both segments have: their postings merged in served order, main's not served left out.
export function mergePostings(a: PostingsIn, b: PostingsIn, out: PostingsOut): void {
  const { ids, tfs } = out;
  let e = out.e;
  let pa = a.at;
  let pb = b.at;
  while (pa < a.end || pb < b.end) {
    const x = pa < a.end ? a.served[a.ids[pa]] : NONE;
    if (pa < a.end && x === NONE) {
      pa++;
      continue;
    }
    const y = pb < b.end ? b.served[b.ids[pb]] : NONE;
    if (x < y) {
      ids[e] = x;
      tfs[e++] = a.tfs[pa++];
    } else {
      ids[e] = y;
      tfs[e++] = b.tfs[pb++];
    }
  }
  out.e = e;
}
