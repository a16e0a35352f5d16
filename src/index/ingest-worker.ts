// Body of an ingest worker thread: ingests the files it is sent, one at a time, and posts back each
// file laid out for indexing (its arrays transferred, not copied), or the reason it could not
// be used. See IngestPool.
import { parentPort } from 'node:worker_threads';
import { fileBuffers, ingestForIndex, type IngestJob, type IngestReply } from './ingest-pool.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread (see IngestPool)');
port.on('message', (job: IngestJob) => {
  ingestForIndex(job.input, job.file, job.maxBytes).then(
    (file) => port.postMessage({ id: job.id, file } satisfies IngestReply, fileBuffers(file)),
    (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies IngestReply),
  );
});
