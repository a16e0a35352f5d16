// Entry point of a PostgreSQL search thread (pg-threads.ts): a PgSearcher of its own, answering one job
// at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { OverloadError } from '../../search/async-searcher.js';
import type { PgJob, PgReply } from './pg-threads.js';
import { PgSearcher, type PgSearcherOptions } from './pg-searcher.js';

const port = parentPort;
if (!port) throw new Error('pg-thread runs on a worker thread of PgThreads');
const options = (workerData as { options: PgSearcherOptions }).options;

let searcher: PgSearcher | undefined;
try {
  searcher = await PgSearcher.open({ ...options, threads: 0 });
} catch (error) {
  port.postMessage({ type: 'failed', message: (error as Error).message } satisfies PgReply);
}

if (searcher) {
  const s = searcher;
  port.on('message', async (job: PgJob) => {
    let reply: PgReply;
    try {
      const value =
        job.kind === 'search'
          ? await s.search(job.args[0] as Parameters<PgSearcher['search']>[0])
          : job.kind === 'fullMatches'
            ? await s.fullMatches(job.args[0] as Parameters<PgSearcher['fullMatches']>[0])
            : await s.documentMarks(...(job.args as Parameters<PgSearcher['documentMarks']>));
      reply = { type: 'answer', id: job.id, value };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { type: 'error', id: job.id, name: e.name, message: e.message, ...(e instanceof OverloadError ? { reason: e.reason, retryAfter: e.retryAfter } : {}) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies PgReply);
}
