// Body of the ingest worker thread: reads and ingests the files it is sent, one at a time, and posts
// back each file's documents or the reason it could not be used. See IngestPool.
import { parentPort } from 'node:worker_threads';
import { ingestSource } from '../ingest/readers/index.js';
import type { IngestJob, IngestReply } from './ingest-pool.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread (see IngestPool)');
port.on('message', (job: IngestJob) => {
  ingestSource(job.input, job.file, { maxBytes: job.maxBytes }).then(
    (source) => port.postMessage({ id: job.id, source } satisfies IngestReply),
    (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies IngestReply),
  );
});
