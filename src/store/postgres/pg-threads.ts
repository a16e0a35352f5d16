// PostgreSQL searches off the HTTP thread. A search of the PostgreSQL store indexes the part of the
// collection it read and ranks it: seconds of CPU on a large collection. Worker threads, each with its
// own connections and its own PgSearcher (pg-thread.ts), take the searches one at a time, in arrival
// order; the HTTP thread keeps the cheap questions (documents, pages, suggestions) and stays free.
import { Worker } from 'node:worker_threads';
import { OverloadError, type OverloadReason } from '../../search/async-searcher.js';
import { QueryError, SearchTimeoutError } from '../../search/results.js';

/** A job for a thread: a PgSearcher method and its arguments. */
export interface PgJob {
  id: number;
  kind: 'search' | 'fullMatches' | 'documentMarks';
  args: unknown[];
}

/** What a thread posts back: once `ready` (or `failed` to start), then one answer per job. */
export type PgReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'error'; id: number; name: string; message: string; reason?: OverloadReason; retryAfter?: number };

/** Options of PgThreads; every one but `count` has a default. */
export interface PgThreadOptions {
  /** Threads to start. */
  count: number;
  /** Searches that may wait for a thread; one more is refused at once with a 503 (default 64). */
  maxQueue?: number;
  /** What each thread's PgSearcher is opened with (structured-cloneable). */
  searcher: Record<string, unknown>;
}

interface Pending {
  job: PgJob;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  pending?: Pending;
}

// Only names, messages and a 503's reason cross from a thread: the user's errors come back as themselves.
function rebuilt(reply: Extract<PgReply, { type: 'error' }>): Error {
  if (reply.name === 'OverloadError' && reply.reason) return new OverloadError(reply.reason, reply.retryAfter ?? 2, reply.message);
  if (reply.name === 'SearchTimeoutError') return new SearchTimeoutError();
  if (reply.name === 'QueryError') return new QueryError(reply.message);
  return Object.assign(new Error(reply.message), { name: reply.name });
}

/** Worker threads answering PgSearcher's searches (see the file's opening comment). */
export class PgThreads {
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private seq = 0;
  private closed = false;
  private readonly started: Promise<void>;

  constructor(private readonly options: PgThreadOptions) {
    const starts: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, options.count); i++) {
      const { thread, started } = this.start();
      this.threads.push(thread);
      starts.push(started);
    }
    this.started = Promise.all(starts).then(() => undefined);
  }

  /** Resolves once every thread has opened its searcher; rejects with the reason one could not. */
  ready(): Promise<void> {
    return this.started;
  }

  /** Runs a PgSearcher method on a thread, in arrival order; a full queue is refused at once (503). */
  run<T>(kind: PgJob['kind'], args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new OverloadError('busy', 2));
    if (this.queue.length >= (this.options.maxQueue ?? 64)) return Promise.reject(new OverloadError('busy', 2));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job: { id: ++this.seq, kind, args }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops the threads; what waits or runs is refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new OverloadError('busy', 2));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private start(): { thread: Thread; started: Promise<void> } {
    const entry = new URL('./pg-thread.ts', import.meta.url).href;
    const worker = new Worker(new URL('../../index/worker-boot.mjs', import.meta.url), { workerData: { entry, options: this.options.searcher } });
    const thread: Thread = { worker, ready: false };
    const started = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: PgReply) => {
        if (reply.type === 'ready') {
          thread.ready = true;
          resolve();
          this.dispatch();
        } else if (reply.type === 'failed') reject(new Error(reply.message));
        else this.answer(thread, reply);
      });
      worker.on('error', (e) => {
        reject(e);
        this.lost(thread, e.message);
      });
      worker.on('exit', (code) => this.lost(thread, `luồng tìm kiếm PostgreSQL đã thoát với mã ${code}`));
    });
    // A thread that never starts must not leave an unhandled rejection behind: ready() reports it.
    started.catch(() => undefined);
    return { thread, started };
  }

  private answer(thread: Thread, reply: Exclude<PgReply, { type: 'ready' } | { type: 'failed' }>): void {
    const pending = thread.pending;
    if (!pending || pending.job.id !== reply.id) return;
    thread.pending = undefined;
    if (reply.type === 'answer') pending.resolve(reply.value);
    else pending.reject(rebuilt(reply));
    this.dispatch();
  }

  // A thread that failed or ended: its job fails, and another thread takes its place.
  private lost(thread: Thread, why: string): void {
    const i = this.threads.indexOf(thread);
    if (i < 0 || this.closed) return;
    thread.pending?.reject(new Error(why));
    thread.pending = undefined;
    // One that never started (its database unreachable) is not started again and again: ready() said why.
    if (thread.ready) this.threads[i] = this.start().thread;
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (!this.queue.length) return;
      if (!thread.ready || thread.pending) continue;
      const next = this.queue.shift() as Pending;
      thread.pending = next;
      thread.worker.postMessage(next.job);
    }
  }
}
