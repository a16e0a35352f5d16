// The settings of a search pool (pool.ts), the index it serves, and what it reports.
import type { DataFile, Manifest, StoredIndex } from '../index/store.js';
import type { EntityIndex } from '../entities/entity-index.js';
import type { SearchEngine } from './engine.js';

/** Settings of a search pool; every one has a default. */
export interface PoolOptions {
  /** Worker threads that take any search (default: the cores, os.availableParallelism()). */
  workers?: number;
  /** Workers that may run heavy searches at once (default: all of them when `lightOnCaller`, else workers - 1, at least 1). */
  heavy?: number;
  /** Whether a light search finding every worker on a search heavy by its shape runs at once on the calling thread, by the engine that thread already has (default true). */
  lightOnCaller?: boolean;
  /** Milliseconds a search may take from its arrival, waiting included (default 2500: with rendering, answered within 3 s however long it waited). */
  deadlineMs?: number;
  /** Milliseconds a search may run once a thread takes it (default 1500: with rendering, a search alone is answered within 2 s). */
  runMs?: number;
  /** Requests of each class that may wait; one more is refused at once with 503 (default 64). */
  maxQueue?: number;
  /** Seconds the 503 of a full queue asks a client to wait (Retry-After, default 2). */
  retryAfter?: number;
  /**
   * How far ahead of waiting heavy searches a light one goes, in times what heavy searches have
   * lately taken to run (default 10): a light search takes a free worker before the heavy ones that
   * arrived at most that long before it, and after the others.
   */
  lightLead?: number;
  /** Paragraphs holding a query's words, summed over its distinct folded syllables, above which it is heavy (default 40,000: «giải ngân» sums 12,000 on the gazette, «của» alone 56,000). */
  heavyPostings?: number;
  /** The worker's module (default ./pool-worker.ts; tests pass a slow fake that calls serveJobs). */
  entry?: URL;
  /** Where a worker that failed or was replaced is reported (default console.error). */
  log?: (message: string) => void;
}

/** An index as a pool serves it: its checked data files in shared memory and the engine of the calling thread over them. */
export interface PoolIndex {
  dir: string;
  manifest: Manifest;
  /** Data files, each a view of a SharedArrayBuffer (readDataFiles with `shared`). */
  files: Record<DataFile, Uint8Array>;
  /** The index loaded from `files` on this thread, for classifying requests. */
  store: StoredIndex;
  /** The engine over `store`, for the cheap questions answered on this thread. */
  local: SearchEngine;
  /** The places and persons of the index. */
  entities: EntityIndex;
}

/** The class of a request: at most PoolOptions.heavy workers run heavy ones at once, light ones may take any. */
export type RequestClass = 'light' | 'heavy';

/** Counts of what the pool did, for the health check and the benchmark. */
export interface PoolStats {
  workers: number;
  running: number;
  queued: { light: number; heavy: number };
  answered: number;
  refused: number;
  expired: number;
  restarts: number;
  /** Whether the pool was stopped (close). */
  closed: boolean;
}
