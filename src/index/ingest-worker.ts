// Body of a pool worker thread: does the jobs it is sent (ingest a file, finish an index), and posts
// back how far through a file it is, then each result (its arrays transferred, not copied) or the reason it failed. See IngestPool.
import { parentPort } from 'node:worker_threads';
import { resultBuffers, runJob, type PoolJob, type PoolReply } from './ingest-pool.js';
import type { ShareReport } from './build-progress.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread (see IngestPool)');
port.on('message', (job: PoolJob) => {
  const progress: ShareReport = (share, counts) => port.postMessage({ id: job.id, progress: { share, counts } } satisfies PoolReply);
  runJob(job, job.kind === 'ingest' && job.tell ? progress : undefined).then(
    (value) => port.postMessage({ id: job.id, value } satisfies PoolReply, resultBuffers(value)),
    (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies PoolReply),
  );
});
