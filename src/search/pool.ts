// Searches off the HTTP event loop: a pool of worker threads over one index held in shared memory,
// with a deadline per request, bounded queues, and two classes served each in arrival order.
//
// Why two classes: on a 2-core server a handful of requests for every mention of «của» would hold
// every worker, and an ordinary search (20 ms alone) would wait seconds behind them. A request is
// `heavy` by its shape (every-mention view, a large page or offset, a long query, a document page
// with a query) or because the words it searches are very common; the rest are `light`. A free
// worker takes a light search before the heavy ones that arrived shortly before it, "shortly"
// scaling with what heavy searches lately took to run (see dispatch), and otherwise the oldest: the
// few light searches among a flood of heavy ones pass all of them, while the common-word searches
// of an ordinary query log wait behind later light ones a few hundred milliseconds at most. A light
// search that finds every worker on a request heavy by its shape runs at once on the calling thread,
// by the engine it holds anyway for the cheap questions. Heavy searches may use every worker.
// (Keeping one worker from heavy searches instead cost half the throughput of an ordinary query
// log, where most searches hold common words; a reserved light-only worker cost one more engine,
// about 200 MB.)
//
// Two budgets: a search may run `runMs` (its own cost: past it the engine stops it and the user is
// told to narrow the query), and a request may take `deadlineMs` from its arrival, waiting included
// (past it the server was too busy: 503, try again). Under an ordinary load of 64 clients the wait
// alone approaches a second, so one budget counting both refused ordinary searches as too costly.
//
// Why no worker is terminated at the deadline: building an engine costs seconds of CPU, and under
// load replacing stopped workers starved everything else. The deadline travels with the request
// instead (SearchRequest.deadline) and the engine stops itself. Only a worker silent for ten times
// the run budget after its deadline is taken for stuck and replaced.
//
// Cheap questions (suggestions, a document's paragraphs, counts) are answered on the calling thread
// by the engine that thread already has over the same shared bytes: they never queue.
import { FOLDED } from '../index/fields.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EntityIndex } from '../entities/entity-index.js';
import { fold } from '../text/fold.js';
import { OverloadError, type AsyncSearcher, type DocumentMarks } from './async-searcher.js';
import { QueryError, SearchTimeoutError, type DocumentView, type MatchList, type OutlineEntry, type ParagraphWindow, type PlacedParagraph, type SearchRequest, type SearchResponse } from './results.js';
import type { PoolJob, PoolReply, PoolWorkerData } from './pool-serve.js';

import type { PoolIndex, PoolOptions, PoolStats, RequestClass } from './pool-options.js';

export type { PoolIndex, PoolOptions, PoolStats, RequestClass } from './pool-options.js';

// Shapes that are heavy whatever the words: the every-mention view and the API's big pages.
const LIGHT_LIMIT = 50;
const LIGHT_OFFSET = 200;
const LIGHT_QUERY_CHARS = 100;
// A worker that has not answered for this many run budgets past its deadline is stuck in something
// the engine does not check (a bug); only then is it terminated and replaced.
const STUCK_RUN_BUDGETS = 10;
// A pool being replaced by another (a rebuilt index) stops once it has had nothing to do this long:
// a request that picked it just before the swap still finds it working.
const DRAIN_IDLE_MS = 1000;
// Weight of the latest heavy search in the moving average of their run times: about the last ten count.
const RUN_TIME_WEIGHT = 0.1;

interface Job {
  seq: number;
  /** The message for the worker, given the time its engine must stop at (known once a thread takes it). */
  message: (stopAt: number) => PoolJob;
  cls: RequestClass;
  /** Heavy by its shape (a large page, every mention, a document's matches), not only by common words: long, whatever the words. */
  big: boolean;
  /** Date.now() at arrival. */
  arrival: number;
  /** Date.now() when a thread took it. */
  started?: number;
  /** Arrival + deadlineMs: past it the request is answered 503, queued or running. */
  deadline: number;
  /** Whether the run budget (start + runMs), not `deadline`, is what the engine stops at: a stop is then the search's own cost. */
  runBound?: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
  done: boolean;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  job?: Job;
}

/** A pool of search worker threads over one index; an AsyncSearcher for the web layer. */
export class SearchPool implements AsyncSearcher {
  private readonly threads: Thread[] = [];
  private readonly queues: Record<RequestClass, Job[]> = { light: [], heavy: [] };
  private readonly counts = { answered: 0, refused: 0, expired: 0, restarts: 0 };
  private readonly o: Required<Omit<PoolOptions, 'entry' | 'log'>>;
  private readonly entry: URL;
  private readonly logTo: (message: string) => void;
  private seq = 0;
  /** Moving average of the time heavy searches took to run, in ms (undefined until one did). */
  private heavyRunMs: number | undefined;
  private closed = false;
  private draining?: { idle?: NodeJS.Timeout; done: () => void };
  private whenReady?: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };

  constructor(
    private readonly index: PoolIndex,
    options: PoolOptions = {},
  ) {
    const workers = Math.max(1, options.workers ?? availableParallelism());
    this.o = {
      workers,
      lightOnCaller: options.lightOnCaller ?? true,
      heavy: Math.min(workers, Math.max(1, options.heavy ?? ((options.lightOnCaller ?? true) ? workers : workers - 1))),
      deadlineMs: options.deadlineMs ?? 2500,
      runMs: options.runMs ?? 1500,
      maxQueue: options.maxQueue ?? 64,
      retryAfter: options.retryAfter ?? 2,
      heavyPostings: options.heavyPostings ?? 40_000,
      lightLead: options.lightLead ?? 10,
    };
    this.entry = options.entry ?? new URL('./pool-worker.ts', import.meta.url);
    this.logTo = options.log ?? ((m) => console.error(m));
    for (let i = 0; i < this.o.workers; i++) this.threads.push(this.start());
  }

  /** The places and persons of the index (answered on this thread). */
  get entities(): EntityIndex {
    return this.index.entities;
  }

  /** Resolves once every worker has built its engine; rejects when none could (the index is then unusable). */
  ready(): Promise<void> {
    if (this.threads.every((t) => t.ready)) return Promise.resolve();
    if (!this.whenReady) {
      let resolve!: () => void, reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.whenReady = { promise, resolve, reject };
    }
    return this.whenReady.promise;
  }

  /** Runs a search on a worker, stopped by the engine once it has run runMs or at arrival + deadlineMs, whichever comes first. */
  search(request: SearchRequest): Promise<SearchResponse> {
    const cls = this.classify(request);
    // A light search never waits behind requests heavy by their shape: with every worker on one, it
    // runs here, now, on the engine this thread holds anyway (a light search costs tens of
    // milliseconds). Behind searches of common words it queues: they end soon, and searches run here
    // cost this thread's isolate more collection of its large heap than they cost a worker (an
    // ordinary query log took half again as much CPU per request when every light search finding
    // every worker on any heavy search ran here).
    if (cls === 'light' && this.o.lightOnCaller && !this.closed && this.threads.every((t) => t.ready && t.job?.big)) {
      const now = Date.now();
      const stop = this.stopAt(now + this.o.deadlineMs, now);
      try {
        return Promise.resolve(this.index.local.search({ ...request, deadline: stop.at }));
      } catch (error) {
        return Promise.reject(this.overdue(error, stop.runBound));
      }
    }
    return this.submit((deadline) => ({ id: 0, kind: 'search', request: { ...request, deadline } }), cls, this.bigShape(request)) as Promise<SearchResponse>;
  }

  documentMarks(doc: string, q: string, from: number, count: number): Promise<DocumentMarks | undefined> {
    // The full matches of a whole document are searched: as costly as a large page. An unknown
    // document is found so by the worker (building the view here takes 30-60 ms of the HTTP thread
    // for the gazette's largest document).
    return this.submit((deadline) => ({ id: 0, kind: 'marks', doc, q, from, count, deadline }), 'heavy', true) as Promise<DocumentMarks>;
  }

  fullMatches(request: SearchRequest): Promise<MatchList> {
    // Every match of a query, as the every-mention view finds them: heavy by its shape.
    return this.submit((deadline) => ({ id: 0, kind: 'matches', request: { ...request, deadline } }), 'heavy', true) as Promise<MatchList>;
  }

  async paragraphsAt(ids: readonly number[]): Promise<PlacedParagraph[]> {
    return this.index.local.paragraphsAt(ids);
  }

  async outline(doc: string): Promise<OutlineEntry[] | undefined> {
    return this.index.local.outline(doc);
  }

  async suggest(prefix: string, limit?: number): Promise<string[]> {
    return this.index.local.suggest(prefix, limit);
  }

  async document(doc: string, window?: ParagraphWindow): Promise<DocumentView | undefined> {
    return this.index.local.document(doc, window);
  }

  stats(): { documents: number; paragraphs: number } {
    return this.index.local.stats();
  }

  /** What the pool is doing and has done. */
  poolStats(): PoolStats {
    return {
      workers: this.threads.length,
      running: this.threads.filter((t) => t.job).length,
      queued: { light: this.queues.light.length, heavy: this.queues.heavy.length },
      ...this.counts,
      closed: this.closed,
    };
  }

  /** The class a search request falls in (see the note at the top of this file). */
  classify(request: SearchRequest): RequestClass {
    if (this.bigShape(request)) return 'heavy';
    // The engine's work grows with the paragraphs holding the query's words, whatever it then keeps.
    let postings = 0;
    for (const word of new Set(fold(request.q.toLowerCase()).split(/[^\p{L}\p{Nd}]+/u))) if (word) postings += this.index.store.index.df(FOLDED, word);
    return postings > this.o.heavyPostings ? 'heavy' : 'light';
  }

  // Heavy by its shape, whatever its words: a large page or offset, every mention, a long query.
  private bigShape(request: SearchRequest): boolean {
    return (request.limit ?? 20) > LIGHT_LIMIT || (request.offset ?? 0) > LIGHT_OFFSET || request.partial === false || request.q.length > LIGHT_QUERY_CHARS;
  }

  /**
   * Stops the workers. At once by default, refusing what is queued or running; with `drain`, once
   * everything submitted (until then) has been answered and the pool has stayed idle a moment: for a
   * pool replaced by one over a rebuilt index, whose last requests must still be served.
   */
  close(options: { drain?: boolean } = {}): Promise<void> {
    if (options.drain && !this.closed) {
      return new Promise<void>((done) => {
        this.draining = { done };
        this.checkDrained();
      }).then(() => this.close());
    }
    this.closed = true;
    clearTimeout(this.draining?.idle);
    for (const cls of ['light', 'heavy'] as const) for (const job of this.queues[cls].splice(0)) this.finish(job, new OverloadError('busy', this.o.retryAfter));
    this.settleReady(new Error('nhóm luồng tìm kiếm đã đóng'));
    return Promise.all(
      this.threads.map((t) => {
        if (t.job) this.finish(t.job, new OverloadError('busy', this.o.retryAfter));
        return t.worker.terminate();
      }),
    ).then(() => undefined);
  }

  private submit(message: (stopAt: number) => PoolJob, cls: RequestClass, big: boolean): Promise<unknown> {
    if (this.closed) return Promise.reject(new OverloadError('busy', this.o.retryAfter));
    const queue = this.queues[cls];
    if (queue.length >= this.o.maxQueue) {
      this.counts.refused++;
      return Promise.reject(new OverloadError('busy', this.o.retryAfter));
    }
    if (this.draining) clearTimeout(this.draining.idle);
    return new Promise((resolve, reject) => {
      const arrival = Date.now();
      const job: Job = { seq: ++this.seq, message, cls, big, arrival, deadline: arrival + this.o.deadlineMs, resolve, reject, done: false };
      job.timer = setTimeout(() => this.expire(job), this.o.deadlineMs);
      queue.push(job);
      this.dispatch();
    });
  }

  // When the engine must stop a search started at `start`: after runMs of running, or at the
  // request's deadline when that comes first (it waited long), a stop then being the server's doing.
  private stopAt(deadline: number, start: number): { at: number; runBound: boolean } {
    const run = start + this.o.runMs;
    return run <= deadline ? { at: run, runBound: true } : { at: deadline, runBound: false };
  }

  // A search the engine stopped because the request had waited too long is no fault of the query:
  // it is answered as an overloaded server's 503, not as the query's 400.
  private overdue(error: unknown, runBound: boolean | undefined): unknown {
    if (error instanceof SearchTimeoutError && !runBound) {
      this.counts.expired++;
      return new OverloadError('deadline', this.o.retryAfter);
    }
    return error;
  }

  // At its deadline a job still queued is answered at once (the engine would refuse it anyway); a
  // running one is left to the engine, which stops itself, unless its worker stays silent far longer.
  private expire(job: Job): void {
    if (job.done) return;
    const waiting = this.queues[job.cls].indexOf(job);
    if (waiting >= 0) {
      this.queues[job.cls].splice(waiting, 1);
      this.counts.expired++;
      this.finish(job, new OverloadError('deadline', this.o.retryAfter));
      this.checkDrained();
      return;
    }
    job.timer = setTimeout(() => {
      const thread = this.threads.find((t) => t.job === job);
      if (thread && !job.done) this.replace(thread, `một luồng tìm kiếm không trả lời sau khi quá hạn ${STUCK_RUN_BUDGETS} × ${this.o.runMs} ms nên đã được thay bằng luồng mới`);
    }, STUCK_RUN_BUDGETS * this.o.runMs);
  }

  // Each class waits in arrival order. A free thread takes the first light search before the heavy
  // ones that arrived at most `lead` before it, and after older ones; a heavy one runs only while
  // fewer than `heavy` do. The lead scales with what heavy searches cost: among a flood of heavy
  // searches that take a second each, a light one passes every one of them; among the common-word
  // searches of an ordinary query log, which take tens of milliseconds, it passes those of the last
  // few hundred milliseconds only, and the workers serve close to arrival order.
  private dispatch(): void {
    let heavyRunning = this.threads.filter((t) => t.job?.cls === 'heavy').length;
    for (const thread of this.threads) {
      if (!thread.ready || thread.job) continue;
      const light = this.queues.light[0];
      const heavy = heavyRunning < this.o.heavy ? this.queues.heavy[0] : undefined;
      const heavyFirst = heavy && (!light || heavy.arrival < light.arrival - this.lead());
      const job = heavyFirst ? this.queues.heavy.shift() : light ? this.queues.light.shift() : undefined;
      if (!job) continue;
      if (job.cls === 'heavy') heavyRunning++;
      thread.job = job;
      job.started = Date.now();
      const stop = this.stopAt(job.deadline, job.started);
      job.runBound = stop.runBound;
      thread.worker.postMessage({ ...job.message(stop.at), id: job.seq });
    }
  }

  // How long before a light search a heavy one must have arrived to go first (see dispatch): until
  // a heavy search has been timed, light ones go first.
  private lead(): number {
    return this.heavyRunMs === undefined ? Infinity : this.o.lightLead * this.heavyRunMs;
  }

  // Keeps the moving average of how long heavy searches take on a worker, dispatch to answer.
  private timed(job: Job): void {
    if (job.cls !== 'heavy' || job.started === undefined) return;
    const ms = Date.now() - job.started;
    this.heavyRunMs = this.heavyRunMs === undefined ? ms : this.heavyRunMs + RUN_TIME_WEIGHT * (ms - this.heavyRunMs);
  }

  private start(): Thread {
    const { dir, manifest, files } = this.index;
    const data: PoolWorkerData = { entry: this.entry.href, dir, manifest, files };
    const worker = new Worker(new URL('../index/worker-boot.mjs', import.meta.url), { workerData: data });
    const thread: Thread = { worker, ready: false };
    worker.on('message', (reply: PoolReply) => this.answer(thread, reply));
    worker.on('error', (e) => this.replace(thread, `một luồng tìm kiếm gặp lỗi: ${e.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.threads.includes(thread)) this.replace(thread, `một luồng tìm kiếm đã thoát với mã ${code}`);
    });
    return thread;
  }

  private answer(thread: Thread, reply: PoolReply): void {
    if (reply.type === 'ready') {
      thread.ready = true;
      // A starting worker keeps the process alive (a server awaits ready() before it listens); an idle one must not.
      thread.worker.unref();
      if (this.threads.every((t) => t.ready)) this.settleReady();
      this.dispatch();
      return;
    }
    if (reply.type === 'failed') {
      // The same bytes would fail the same way again: no restart loop, the other threads go on.
      this.log(`một luồng tìm kiếm không nạp được chỉ mục: ${reply.message}`);
      this.threads.splice(this.threads.indexOf(thread), 1);
      void thread.worker.terminate();
      if (this.threads.length === 0) this.settleReady(new Error(`không luồng tìm kiếm nào nạp được chỉ mục: ${reply.message}`));
      else if (this.threads.every((t) => t.ready)) this.settleReady();
      return;
    }
    const job = thread.job;
    if (!job || job.seq !== reply.id) return;
    thread.job = undefined;
    this.timed(job);
    if (reply.type === 'answer') {
      this.counts.answered++;
      this.finish(job, undefined, reply.value);
    } else {
      this.finish(job, this.overdue(rebuiltError(reply.name, reply.message), job.runBound) as Error);
    }
    this.dispatch();
    this.checkDrained();
  }

  // A worker that is stuck, failed or exited is replaced by a fresh one on the same bytes; its job, if any, is refused.
  private replace(thread: Thread, why: string): void {
    const at = this.threads.indexOf(thread);
    if (at < 0 || this.closed) return;
    this.log(why);
    if (thread.job) this.finish(thread.job, new Error(why));
    void thread.worker.terminate();
    this.counts.restarts++;
    this.threads[at] = this.start();
  }

  private finish(job: Job, error: Error | undefined, value?: unknown): void {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    if (error) job.reject(error);
    else job.resolve(value);
  }

  // Answers whoever awaits ready(); a later replacement of a worker makes ready() wait again.
  private settleReady(error?: Error): void {
    const w = this.whenReady;
    this.whenReady = undefined;
    if (error) w?.reject(error);
    else w?.resolve();
  }

  private checkDrained(): void {
    const d = this.draining;
    if (!d || this.closed || this.threads.some((t) => t.job) || this.queues.light.length || this.queues.heavy.length) return;
    clearTimeout(d.idle);
    d.idle = setTimeout(d.done, DRAIN_IDLE_MS);
  }

  private log(message: string): void {
    this.logTo(message);
  }
}

// Only the name and message of an error cross from a worker: the user's errors come back as themselves.
function rebuiltError(name: string, message: string): Error {
  if (name === 'SearchTimeoutError') return new SearchTimeoutError();
  if (name === 'QueryError') return new QueryError(message);
  return Object.assign(new Error(message), { name });
}
