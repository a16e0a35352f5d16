// The worker side of the search pool (src/search/pool.ts): answers the jobs the pool posts with a
// Searcher, one at a time. Kept apart from the worker's entry point so that a test can serve a fake.
import { parentPort, workerData } from 'node:worker_threads';
import { EntityIndex } from '../entities/entity-index.js';
import { loadEntities, loadIndex, type DataFile, type Manifest } from '../index/store.js';
import { documentMarks } from './async-searcher.js';
import { SearchEngine } from './engine.js';
import type { SearchRequest, Searcher } from './results.js';

/** A job the pool posts to a worker. */
export type PoolJob =
  | { id: number; kind: 'search'; request: SearchRequest }
  | { id: number; kind: 'matches'; request: SearchRequest }
  | { id: number; kind: 'marks'; doc: string; q: string; from: number; count: number; deadline: number };

/** What a worker posts back: once `ready` (or `failed` to start), then one answer per job. */
export type PoolReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'error'; id: number; name: string; message: string };

/** What the pool hands a worker when it starts it. */
export interface PoolWorkerData {
  /** The TypeScript module to run (see src/index/worker-boot.mjs). */
  entry: string;
  /** The index folder, for error messages only. */
  dir: string;
  /** The manifest the files were read and checked by. */
  manifest: Manifest;
  /** The index's data files, in shared memory: every worker views the same bytes. */
  files: Record<DataFile, Uint8Array>;
}

/** The engine and entities of the index the pool was given, built from its shared bytes. */
export function engineFromWorkerData(data: PoolWorkerData = workerData as PoolWorkerData): SearchEngine {
  // Views, not copies: the files were checked against their checksums by the thread that read them.
  const files = {} as Record<DataFile, Buffer>;
  for (const [kind, bytes] of Object.entries(data.files)) files[kind as DataFile] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entities = new EntityIndex(loadEntities(data.dir, data.manifest, files));
  return new SearchEngine(loadIndex(data.dir, data.manifest, files), { entities });
}

/** Answers the pool's jobs with `make()`'s searcher on this worker thread; reports `failed` when it cannot be made. */
export function serveJobs(make: () => Searcher): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs on a worker thread of the search pool');
  let searcher: Searcher;
  try {
    searcher = make();
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message } satisfies PoolReply);
    return;
  }
  port.on('message', (job: PoolJob) => {
    let reply: PoolReply;
    try {
      const value = job.kind === 'search' ? searcher.search(job.request) : job.kind === 'matches' ? searcher.fullMatches(job.request) : documentMarks(searcher, job.doc, job.q, job.from, job.count, job.deadline);
      reply = { type: 'answer', id: job.id, value };
    } catch (error) {
      // Only the name and message cross: the pool re-creates a QueryError, and logs the rest.
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { type: 'error', id: job.id, name: e.name, message: e.message };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies PoolReply);
}
