import { Worker } from 'node:worker_threads';
import { ingestSource, type IngestedSource } from '../ingest/readers/index.js';

/** A file for the ingest worker. */
export interface IngestJob {
  id: number;
  input: string;
  file: string;
  maxBytes?: number;
}

/** The worker's answer: the file's documents, or the message of what made it unusable. */
export type IngestReply = { id: number; source: IngestedSource; error?: undefined } | { id: number; error: string; source?: undefined };

// Files in flight in the worker at once: enough to keep it busy, few enough to bound its memory.
const IN_FLIGHT = 4;

interface Pending {
  job: IngestJob;
  resolve: (s: IngestedSource) => void;
  reject: (e: Error) => void;
}

/**
 * Reads, cleans and chunks files on a worker thread while the caller analyzes and indexes what is
 * done: indexing a corpus then keeps both cores busy. Results are promises, so the caller takes them
 * in file order whatever order they finish in. Should the worker fail to start or die, the files it had
 * not answered are ingested on the calling thread instead: the build is slower, never wrong.
 */
export class IngestPool {
  private worker?: Worker;
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private nextId = 0;
  // Without the worker, files are ingested here one after another, in the order asked.
  private chain: Promise<unknown> = Promise.resolve();
  /** Why the worker was given up, when it was. */
  failure?: string;

  constructor(
    private readonly input: string,
    private readonly maxBytes?: number,
  ) {
    try {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: new URL('./ingest-worker.ts', import.meta.url).href } });
      worker.on('message', (reply: IngestReply) => this.answer(reply));
      worker.on('error', (e) => this.giveUp(e.message));
      worker.on('exit', (code) => this.giveUp(`the ingest worker exited with code ${code}`));
      // An idle worker must not keep the process alive.
      worker.unref();
      this.worker = worker;
    } catch (e) {
      this.failure = (e as Error).message;
    }
  }

  /** Ingests one file (on the worker while it works); rejects with the reason when the file is unusable. */
  ingest(file: string): Promise<IngestedSource> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, input: this.input, file, maxBytes: this.maxBytes }, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; pending files are still answered (on this thread). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
    this.giveUp();
  }

  private pump(): void {
    while (this.queue.length && this.inFlight.size < IN_FLIGHT) {
      const p = this.queue.shift() as Pending;
      if (this.worker) {
        this.inFlight.set(p.job.id, p);
        this.worker.postMessage(p.job);
      } else {
        const { input, file, maxBytes } = p.job;
        this.chain = this.chain.then(() => ingestSource(input, file, { maxBytes }).then(p.resolve, p.reject));
      }
    }
    // Keep the process alive only while the worker owes answers.
    if (this.worker) {
      if (this.inFlight.size) this.worker.ref();
      else this.worker.unref();
    }
  }

  private answer(reply: IngestReply): void {
    const p = this.inFlight.get(reply.id);
    if (!p) return;
    this.inFlight.delete(reply.id);
    if (reply.source) p.resolve(reply.source);
    else p.reject(new Error(reply.error));
    this.pump();
  }

  // The worker is gone: what it owed is redone here, and so is everything still queued.
  private giveUp(reason?: string): void {
    if (reason && !this.failure && this.worker) this.failure = reason;
    this.worker = undefined;
    const owed = [...this.inFlight.values()];
    this.inFlight.clear();
    this.queue.unshift(...owed);
    this.pump();
  }
}
