// Body of an ingest worker thread: ingests the files it is sent, one at a time, and posts back each
// file's documents and tokens (the token arrays transferred, not copied), or the reason it could not
// be used. See IngestPool.
import { parentPort } from 'node:worker_threads';
import { ingestForIndex, type IngestJob, type IngestReply } from './ingest-pool.js';
import { transferables } from './tokenized.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread (see IngestPool)');
port.on('message', (job: IngestJob) => {
  ingestForIndex(job.input, job.file, job.maxBytes).then(
    (file) => port.postMessage({ id: job.id, file } satisfies IngestReply, transferables(file.tokens)),
    (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies IngestReply),
  );
});
