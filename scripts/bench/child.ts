// The benchmark's child processes, forked by scripts/bench.ts with tsx's loader. Each measurement
// that involves memory or a cold start runs here, in a process of its own, so the parent's modules,
// JIT state and heap (and the HTTP load generator) do not leak into the figures.
//
//   child.ts build CORPUS OUT   one full (not incremental) build, then its time and peak RSS
//   child.ts load INDEX         one SearchEngine.load in a fresh process, then its time
//   child.ts serve INDEX        load, then in-process query latency and an HTTP server on demand
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/** Messages a child sends to the parent. */
export type ChildMessage =
  | { type: 'built'; ms: number; files: number; documents: number; paragraphs: number; problems: string[]; rssBefore: number; peak: Peak; workerFailure?: string }
  | { type: 'loaded'; ms: number; rss: number }
  | { type: 'timed'; results: QueryTiming[] }
  | { type: 'listening'; port: number }
  | { type: 'peak'; peak: Peak; rss: number; serverErrors: number };

/** Messages the parent sends to a serve child, in this order. */
export type ParentMessage =
  | { type: 'time'; queries: string[]; warmup: number; limit: number }
  | { type: 'listen' }
  | { type: 'peak' };

/** One in-process query: its time, and what it found, so the slowest can be explained. */
export interface QueryTiming {
  q: string;
  ms: number;
  total: number;
  error?: string;
}

/** A peak RSS and where it came from: the kernel's exact high-water mark, or our coarser sampling. */
export interface Peak {
  bytes: number;
  source: 'VmHWM' | 'sampled';
}

// The kernel's high-water mark is exact even inside a long synchronous stretch (building the term
// index, JSON.parse of a batch), where a timer-based sampler never gets to run.
function vmHwm(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak RSS since start or since the last reset; falls back to sampling where /proc is missing. */
class PeakMeter {
  private sampled = process.memoryUsage.rss();
  private readonly kernel = vmHwm() !== undefined;

  constructor() {
    if (!this.kernel) setInterval(() => (this.sampled = Math.max(this.sampled, process.memoryUsage.rss())), 10).unref();
  }

  /** Starts a new peak from the current RSS, so loading the index does not count as serving. */
  reset(): void {
    this.sampled = process.memoryUsage.rss();
    if (this.kernel) {
      try {
        // "5" resets VmHWM to the current RSS (Linux >= 4.0; see proc(5), clear_refs).
        writeFileSync('/proc/self/clear_refs', '5');
      } catch {
        // Without the reset the peak still counts loading; it is then an upper bound, still useful.
      }
    }
  }

  /** The peak so far. */
  peak(): Peak {
    const hwm = this.kernel ? vmHwm() : undefined;
    return hwm !== undefined ? { bytes: hwm, source: 'VmHWM' } : { bytes: Math.max(this.sampled, process.memoryUsage.rss()), source: 'sampled' };
  }
}

// Resolves once the message is handed to the channel, so a one-shot child can then disconnect and end.
function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('scripts/bench/child.ts is started by scripts/bench.ts (it needs an IPC channel)'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

// Some readers already name the file in their reason; naming it twice only makes the line longer.
function describeProblem(p: { file: string; reason: string }): string {
  return p.reason.includes(p.file) ? p.reason : `${p.file}: ${p.reason}`;
}

async function build(corpus: string, out: string): Promise<void> {
  const { buildIndex } = await import('../../src/index/build.js');
  const meter = new PeakMeter();
  const rssBefore = process.memoryUsage.rss();
  const t0 = performance.now();
  // Not incremental: a kept --out from an earlier run must not turn the build into a hash check.
  const report = await buildIndex({ input: corpus, out, incremental: false });
  const ms = performance.now() - t0;
  const { documents, paragraphs } = report.manifest;
  await send({ type: 'built', ms, files: report.files, documents, paragraphs, problems: report.problems.map(describeProblem), rssBefore, peak: meter.peak(), workerFailure: report.workerFailure });
  process.disconnect();
}

async function load(index: string): Promise<void> {
  const { SearchEngine } = await import('../../src/search/engine.js');
  const t0 = performance.now();
  SearchEngine.load(index);
  await send({ type: 'loaded', ms: performance.now() - t0, rss: process.memoryUsage.rss() });
  process.disconnect();
}

async function serve(index: string): Promise<void> {
  const { SearchEngine } = await import('../../src/search/engine.js');
  const { createApp } = await import('../../src/web/app.js');
  // As src/server.ts does, so that the serve figures are those of `npm start`.
  const { boundHeapGrowth } = await import('../../src/web/heap-growth.js');
  boundHeapGrowth();
  const meter = new PeakMeter();
  const t0 = performance.now();
  const engine = SearchEngine.load(index);
  const loaded: ChildMessage = { type: 'loaded', ms: performance.now() - t0, rss: process.memoryUsage.rss() };
  meter.reset();
  let serverErrors = 0;
  const app = createApp({
    searcher: engine,
    // One stack trace explains a failure; thousands of them under load would bury the figures.
    logError: (error) => {
      if (serverErrors++ === 0) console.error('bench server: first 500 error:', error);
    },
  });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'time') {
      const { queries, warmup, limit } = message;
      for (const q of queries.slice(0, warmup)) timeQuery(engine, q, limit);
      void send({ type: 'timed', results: queries.map((q) => timeQuery(engine, q, limit)) });
    } else if (message.type === 'listen') {
      const server = app.listen(0, '127.0.0.1', () => void send({ type: 'listening', port: (server.address() as AddressInfo).port }));
    } else if (message.type === 'peak') {
      void send({ type: 'peak', peak: meter.peak(), rss: process.memoryUsage.rss(), serverErrors });
    }
  });
  // Only now, with the listener in place, may the parent start sending.
  await send(loaded);
}

function timeQuery(engine: { search(r: { q: string; limit: number }): { total: number } }, q: string, limit: number): QueryTiming {
  const t0 = performance.now();
  try {
    const { total } = engine.search({ q, limit });
    return { q, ms: performance.now() - t0, total };
  } catch (e) {
    return { q, ms: performance.now() - t0, total: 0, error: (e as Error).message };
  }
}

// Guarded so that importing this file for its types (bench.ts does, type-only) can never start a child.
if (process.send) {
  const [mode, a, b] = process.argv.slice(2);
  const run = mode === 'build' ? build(a, b) : mode === 'load' ? load(a) : mode === 'serve' ? serve(a) : Promise.reject(new Error(`unknown mode ${mode}`));
  run.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
