// Searches off the HTTP event loop: a pool of worker threads over one index held in shared memory,
// with a deadline per request, bounded queues, and two classes served each in arrival order.
//
// Why two classes: on a 2-core server a handful of requests for every mention of «của» would hold
// every worker, and an ordinary search (20 ms alone) would wait seconds behind them. A request is
// `heavy` when its shape says so (every-mention view, a large page or offset, a long query, the marks
// of a document page), when the words it searches are common enough, or when the same request was
// slow before; the rest are `light`. General workers take the oldest waiting request of either class;
// reserved workers take only light ones, so light searches always have a thread of their own.
//
// Cheap questions (suggestions, a document's paragraphs, counts) are answered on the calling thread
// from an engine over the same shared bytes: they never queue.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EntityIndex } from '../entities/entity-index.js';
import type { StoredEntities } from '../entities/entity-store.js';
import { loadIndex, readIndexBytes, type IndexBytes, type StoredIndex } from '../index/store.js';
import { fold } from '../text/fold.js';
import { OverloadError, type AsyncSearcher, type DocumentMarks } from './async-searcher.js';
import { SearchEngine } from './engine.js';
import { QueryError, type DocumentView, type SearchRequest, type SearchResponse } from './results.js';
import type { PoolJob, PoolReply, PoolWorkerData } from './pool-serve.js';

/** Settings of a search pool; every one has a default. */
export interface PoolOptions {
  /** Worker threads that take any search (default: the cores, os.availableParallelism()). */
  workers?: number;
  /** Further workers that take only light searches (default 1). */
  reserved?: number;
  /** Milliseconds a search may take from its arrival, waiting included (default 1500: with the grace and the page, answered within 2 s). */
  deadlineMs?: number;
  /** Requests of each class that may wait; one more is refused at once with 503 (default 64). */
  maxQueue?: number;
  /** Seconds the 503 of a full queue asks a client to wait (Retry-After, default 2). */
  retryAfter?: number;
  /**
   * A search that took this long (ms) counts as heavy the next time it is asked (default 500). Wall
   * time, so under contention a light search runs slower: at 200 ms «giải ngân» (40 ms alone) was
   * learned as heavy during the hostile load and then waited behind the heavy ones.
   */
  heavyMs?: number;
  /** Paragraphs holding a query's words, summed over its distinct folded syllables, above which it is heavy (default 40,000: «giải ngân» sums 12,000 on the gazette, «của» alone 56,000). */
  heavyPostings?: number;
  /** The worker's module (default ./pool-worker.ts; tests pass a slow fake that calls serveJobs). */
  entry?: URL;
  /** Where a worker that died or was stopped is reported (default console.error). */
  log?: (message: string) => void;
}

/** The class of a request: light ones have reserved workers, heavy ones do not. */
export type RequestClass = 'light' | 'heavy';

/** Counts of what the pool did, for the health check and the benchmark. */
export interface PoolStats {
  workers: number;
  running: number;
  queued: { light: number; heavy: number };
  answered: number;
  refused: number;
  stopped: number;
  restarts: number;
}

// Shapes that are heavy whatever the words: the every-mention view and the API's big pages.
const LIGHT_LIMIT = 50;
const LIGHT_OFFSET = 200;
const LIGHT_QUERY_CHARS = 100;
// Slow requests remembered, most recent last; bounded so that unique queries cannot grow it.
const REMEMBERED = 10_000;
// After the deadline, how long a worker may still take to answer (a cooperative stop inside the engine
// answers in this time) before it is terminated and replaced.
const GRACE_MS = 200;
// A request stopped at its deadline is refused at once when asked again within this time: running it
// again would cost the same and end the same, and replacing a worker costs seconds of CPU (the engine
// is built anew), which under a flood of such requests starved everything else.
const STOPPED_MS = 60_000;

interface Job {
  seq: number;
  message: PoolJob;
  cls: RequestClass;
  key: string;
  arrived: number;
  deadline: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
  started?: number;
  done: boolean;
}

interface Thread {
  worker: Worker;
  reserved: boolean;
  ready: boolean;
  job?: Job;
}

/** A pool of search worker threads over one index; an AsyncSearcher for the web layer. */
export class SearchPool implements AsyncSearcher {
  /** The places and persons of the index, for the entity pages (answered on this thread). */
  readonly entities: EntityIndex;
  private readonly store: StoredIndex;
  private readonly local: SearchEngine;
  private readonly threads: Thread[] = [];
  private readonly queues: Record<RequestClass, Job[]> = { light: [], heavy: [] };
  private readonly slow = new Map<string, true>();
  /** Requests stopped at their deadline, with when they may run again; bounded like `slow`. */
  private readonly stoppedUntil = new Map<string, number>();
  private readonly counts = { answered: 0, refused: 0, stopped: 0, restarts: 0 };
  private readonly o: Required<Omit<PoolOptions, 'entry' | 'log'>> & Pick<PoolOptions, 'log'>;
  private readonly entry: URL;
  private seq = 0;
  private closed = false;

  /** Reads the index in `dir` into shared memory and starts the workers on it (throws IndexLoadError like loadIndex). */
  static open(dir: string, options: PoolOptions = {}): SearchPool {
    return new SearchPool(dir, readIndexBytes(dir), options);
  }

  constructor(
    private readonly dir: string,
    private readonly bytes: IndexBytes,
    options: PoolOptions = {},
  ) {
    this.o = {
      workers: Math.max(1, options.workers ?? availableParallelism()),
      reserved: Math.max(0, options.reserved ?? 1),
      deadlineMs: options.deadlineMs ?? 1500,
      maxQueue: options.maxQueue ?? 64,
      retryAfter: options.retryAfter ?? 2,
      heavyMs: options.heavyMs ?? 500,
      heavyPostings: options.heavyPostings ?? 40_000,
      log: options.log,
    };
    this.entry = options.entry ?? new URL('./pool-worker.ts', import.meta.url);
    this.entities = new EntityIndex(JSON.parse(new TextDecoder().decode(bytes.entities)) as StoredEntities);
    this.store = loadIndex(dir, bytes);
    this.local = new SearchEngine(this.store, { entities: this.entities });
    for (let i = 0; i < this.o.workers + this.o.reserved; i++) this.threads.push(this.start(i >= this.o.workers));
  }

  /** Resolves once every worker has built its engine (the server says it is ready after this). */
  async ready(): Promise<void> {
    while (!this.closed && this.threads.some((t) => !t.ready)) await new Promise((r) => setTimeout(r, 20));
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    return this.submit({ id: 0, kind: 'search', request }, this.classify(request)) as Promise<SearchResponse>;
  }

  documentMarks(doc: string, q: string): Promise<DocumentMarks | undefined> {
    if (!this.local.document(doc)) return Promise.resolve(undefined);
    // Every paragraph of a document is highlighted: as costly as a large page.
    return this.submit({ id: 0, kind: 'marks', doc, q }, 'heavy') as Promise<DocumentMarks>;
  }

  async suggest(prefix: string, limit?: number): Promise<string[]> {
    return this.local.suggest(prefix, limit);
  }

  async document(doc: string): Promise<DocumentView | undefined> {
    return this.local.document(doc);
  }

  stats(): { documents: number; paragraphs: number } {
    return this.local.stats();
  }

  /** What the pool is doing and has done. */
  poolStats(): PoolStats {
    return {
      workers: this.threads.length,
      running: this.threads.filter((t) => t.job).length,
      queued: { light: this.queues.light.length, heavy: this.queues.heavy.length },
      ...this.counts,
    };
  }

  /** The class a search request falls in (see the note at the top of this file). */
  classify(request: SearchRequest): RequestClass {
    if ((request.limit ?? 20) > LIGHT_LIMIT || (request.offset ?? 0) > LIGHT_OFFSET || request.partial === false) return 'heavy';
    if (request.q.length > LIGHT_QUERY_CHARS || this.slow.has(keyOf({ id: 0, kind: 'search', request }))) return 'heavy';
    // The engine's work grows with the paragraphs holding the query's words, whatever it then keeps.
    let postings = 0;
    for (const word of new Set(fold(request.q.toLowerCase()).split(/[^\p{L}\p{Nd}]+/u))) if (word) postings += this.store.index.df('f', word);
    return postings > this.o.heavyPostings ? 'heavy' : 'light';
  }

  /** Stops the workers; what is queued or running is refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cls of ['light', 'heavy'] as const) for (const job of this.queues[cls].splice(0)) this.finish(job, new OverloadError('busy', this.o.retryAfter));
    await Promise.all(
      this.threads.map((t) => {
        if (t.job) this.finish(t.job, new OverloadError('busy', this.o.retryAfter));
        return t.worker.terminate();
      }),
    );
  }

  private submit(message: PoolJob, cls: RequestClass): Promise<unknown> {
    if (this.closed) return Promise.reject(new OverloadError('busy', this.o.retryAfter));
    const queue = this.queues[cls];
    if (queue.length >= this.o.maxQueue) {
      this.counts.refused++;
      return Promise.reject(new OverloadError('busy', this.o.retryAfter));
    }
    const key = keyOf(message);
    const now = Date.now();
    if ((this.stoppedUntil.get(key) ?? 0) > now) {
      this.counts.stopped++;
      return Promise.reject(new OverloadError('deadline', this.o.retryAfter));
    }
    return new Promise((resolve, reject) => {
      const job: Job = { seq: ++this.seq, message: { ...message, id: this.seq }, cls, key, arrived: now, deadline: now + this.o.deadlineMs, resolve, reject, done: false };
      // At the deadline a waiting job is answered at once; a running one gets the grace, then its worker is replaced.
      job.timer = setTimeout(() => this.expire(job), this.o.deadlineMs);
      queue.push(job);
      this.dispatch();
    });
  }

  private expire(job: Job): void {
    if (job.done) return;
    const waiting = this.queues[job.cls].indexOf(job);
    if (waiting >= 0) {
      this.queues[job.cls].splice(waiting, 1);
      this.counts.stopped++;
      this.finish(job, new OverloadError('deadline', this.o.retryAfter));
      return;
    }
    job.timer = setTimeout(() => {
      const thread = this.threads.find((t) => t.job === job);
      if (!thread || job.done) return;
      this.remember(job.key);
      this.stoppedUntil.delete(job.key);
      this.stoppedUntil.set(job.key, Date.now() + STOPPED_MS);
      if (this.stoppedUntil.size > REMEMBERED) this.stoppedUntil.delete(this.stoppedUntil.keys().next().value as string);
      this.counts.stopped++;
      this.finish(job, new OverloadError('deadline', this.o.retryAfter));
      this.replace(thread, `a search ran past its deadline (${this.o.deadlineMs} ms) and its worker was replaced`);
    }, GRACE_MS);
  }

  // General threads take the oldest waiting job of either class; reserved threads only light ones.
  private dispatch(): void {
    for (const thread of this.threads) {
      if (!thread.ready || thread.job) continue;
      const light = this.queues.light[0];
      const heavy = thread.reserved ? undefined : this.queues.heavy[0];
      const job = light && (!heavy || light.seq < heavy.seq) ? this.queues.light.shift() : heavy ? this.queues.heavy.shift() : undefined;
      if (!job) continue;
      thread.job = job;
      job.started = Date.now();
      thread.worker.postMessage(job.message);
    }
  }

  private start(reserved: boolean): Thread {
    const data: PoolWorkerData = { entry: this.entry.href, bytes: this.bytes, dir: this.dir };
    const worker = new Worker(new URL('../index/worker-boot.mjs', import.meta.url), { workerData: data });
    const thread: Thread = { worker, reserved, ready: false };
    worker.on('message', (reply: PoolReply) => this.answer(thread, reply));
    worker.on('error', (e) => this.replace(thread, `a search worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.threads.includes(thread)) this.replace(thread, `a search worker exited with code ${code}`);
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    return thread;
  }

  private answer(thread: Thread, reply: PoolReply): void {
    if (reply.type === 'ready') {
      thread.ready = true;
      this.dispatch();
      return;
    }
    if (reply.type === 'failed') {
      // The same bytes would fail the same way again: no restart loop, the other threads go on.
      this.log(`a search worker could not load the index: ${reply.message}`);
      this.threads.splice(this.threads.indexOf(thread), 1);
      void thread.worker.terminate();
      return;
    }
    const job = thread.job;
    if (!job || job.message.id !== reply.id) return;
    thread.job = undefined;
    if (Date.now() - (job.started ?? job.arrived) >= this.o.heavyMs) this.remember(job.key);
    if (reply.type === 'answer') {
      this.counts.answered++;
      this.finish(job, undefined, reply.value);
    } else {
      const error = reply.name === 'QueryError' ? new QueryError(reply.message) : Object.assign(new Error(reply.message), { name: reply.name });
      this.finish(job, error);
    }
    this.dispatch();
  }

  // A worker that is stuck, failed or exited is replaced by a fresh one on the same bytes; its job, if any, is refused.
  private replace(thread: Thread, why: string): void {
    const at = this.threads.indexOf(thread);
    if (at < 0 || this.closed) return;
    this.log(why);
    if (thread.job) this.finish(thread.job, new Error(why));
    void thread.worker.terminate();
    this.counts.restarts++;
    this.threads[at] = this.start(thread.reserved);
  }

  private finish(job: Job, error: Error | undefined, value?: unknown): void {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    if (error) job.reject(error);
    else job.resolve(value);
  }

  private remember(key: string): void {
    this.slow.delete(key);
    this.slow.set(key, true);
    if (this.slow.size > REMEMBERED) this.slow.delete(this.slow.keys().next().value as string);
  }

  private log(message: string): void {
    (this.o.log ?? console.error)(message);
  }
}

// What makes two requests the same work: everything but the job number.
function keyOf(message: PoolJob): string {
  return JSON.stringify({ ...message, id: 0 });
}
