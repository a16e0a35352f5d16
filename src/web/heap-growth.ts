// Keeps a long-running server's memory close to what it really holds. A loaded index is a large,
// long-lived heap (about 170 MB of strings and arrays for the 29M-character gazette), and V8 by
// default lets the heap grow to up to 4× what survived the last full collection before it collects
// again: under a steady query load that is garbage, and resident memory passed 1 GB on the gazette
// with 170 MB live. A smaller growing factor makes full collections come sooner; they are
// incremental and concurrent, and on the gazette's query log and 16-client HTTP load neither
// latency nor throughput changed measurably while the peak fell from about 1 GB to about 570 MB.
import v8 from 'node:v8';

/** Default of `boundHeapGrowth`: the heap may grow to 1.5× the live heap between full collections. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/**
 * Bounds V8's heap growth between full collections to `percent` % of the live heap
 * (default 50). V8 reads this flag whenever it sets the next collection's limit, so setting it
 * after start-up takes effect from the next collection. For servers and their benchmark only:
 * a one-shot build wants the fewest collections, not the smallest heap.
 */
export function boundHeapGrowth(percent: number = DEFAULT_HEAP_GROWING_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1 || percent > 1000) {
    throw new RangeError(`heap growing percent must be an integer from 1 to 1000, not ${percent}`);
  }
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
