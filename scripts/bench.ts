// `npm run bench`: measures indexing, index size, load time, memory, query latency and HTTP
// throughput on one corpus and query log, and prints one aligned line per figure (to paste into an
// issue note). It asserts nothing. Builds, loads and the server each run in a child process of their
// own (scripts/bench/child.ts) so their memory and cold-start figures are theirs alone.
//
//   npm run bench                                            seeds/ and a few built-in queries
//   npm run bench -- --corpus DIR --queries FILE             one query per line
//   npm run bench -- --out DIR                               keep the index built (default: a temp dir)
//   npm run bench -- --skip-build --index DIR                measure an existing index
//   npm run bench -- --skip-http  |  --seconds N  |  --clients N
//   npm run bench -- --hostile [--index DIR --queries FILE]   the load of issue 16 (scripts/bench/hostile.ts)
//   npm run bench -- --scale --corpus DIR                     both stores on 1×, 4×, 16× a corpus (scripts/bench/scale.ts)
//   npm run bench -- --incremental --corpus DIR [--queries FILE]   an incremental run against a full one (scripts/bench/incremental.ts)
//   npm run bench -- --live --corpus DIR [--shards N | --db URL] PostgreSQL: a document loaded while a server serves, how soon it is found (scripts/bench/live.ts)
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { listFiles } from '../src/ingest/read.js';
import { readManifest } from '../src/index/store.js';
// For its side effect: the readers the build registers decide which files count as the corpus.
import '../src/index/build.js';
import type { ChildMessage, ParentMessage, Peak } from './bench/child.js';
import { runLoad } from './bench/http-load.js';
import { line, mb, median, ms, percentile } from './bench/stats.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./bench/child.ts', import.meta.url));

/** Used when no --queries is given: short and long, accented and not, a document number, a phrase, a filter. */
const BUILTIN_QUERIES = [
  'giải ngân',
  'Lai Châu',
  '01/NQ-CP',
  'tăng trưởng GRDP 6 tháng đầu năm 2022',
  'giai ngan von dau tu cong',
  '"đầu tư công"',
  'kinh tế xã hội -covid',
  'xuất khẩu year:2022',
  'cải cách hành chính',
  'ngân sách nhà nước',
];
const WARMUP = 5;
const TOP = 10;
const LOADS = 3;
// Bounds the HTTP run whatever --seconds says: a request cap, and a per-request timeout.
const MAX_REQUESTS = 2_000_000;
const REQUEST_TIMEOUT_MS = 30_000;

const USAGE = `usage: npm run bench -- [--corpus DIR] [--queries FILE] [--out DIR | --skip-build --index DIR]
                      [--skip-http] [--seconds N] [--clients N]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        corpus: { type: 'string' },
        queries: { type: 'string' },
        out: { type: 'string' },
        index: { type: 'string' },
        'skip-build': { type: 'boolean', default: false },
        'skip-http': { type: 'boolean', default: false },
        seconds: { type: 'string', default: '30' },
        clients: { type: 'string', default: '16' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  if (!(seconds > 0 && seconds <= 3600)) fail('--seconds must be a number of seconds above 0, at most 3600');
  if (!(Number.isInteger(clients) && clients >= 1 && clients <= 1024)) fail('--clients must be a whole number from 1 to 1024');
  if (values['skip-build'] && !values.index) fail('--skip-build needs --index DIR, the index to measure');
  if (values.index && !values['skip-build']) fail('--index is the existing index to measure with --skip-build; to keep a built index, use --out DIR');
  if (values.out && values['skip-build']) fail('--out is where to build; with --skip-build nothing is built');
  return { ...values, seconds, clients };
}

/** Waits for one message of the given type from a child; rejects if the child ends first. */
function expect<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type !== type) return;
      off();
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) => {
      off();
      reject(new Error(`bench child ${child.spawnargs.slice(-3).join(' ')} ended (${signal ?? `code ${code}`}) before sending '${type}'`));
    };
    const off = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function startChild(args: string[]): ChildProcess {
  // fork passes on process.execArgv, i.e. tsx's loader, so the child runs TypeScript like we do.
  return fork(CHILD, args, { cwd: PROJECT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Runs a one-shot child to its end, so the next measurement never shares the CPU with it. */
async function runChild<T extends ChildMessage['type']>(args: string[], type: T): Promise<Extract<ChildMessage, { type: T }>> {
  const child = startChild(args);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const message = await expect(child, type);
  await exited;
  return message;
}

function tell(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

function folderBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = folderBytes(p);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += statSync(p).size;
      files++;
    }
  }
  return { bytes, files };
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Others edit the tree while we measure, so a clean HEAD and a dirty one are worth telling apart.
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout?)';
  }
}

function readQueries(file: string | undefined): string[] {
  if (!file) return BUILTIN_QUERIES;
  const queries = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((q) => q.trim())
    .filter(Boolean);
  if (!queries.length) fail(`${file} holds no queries (one per line)`);
  return queries;
}

function peakText(peak: Peak): string {
  return `${mb(peak.bytes)}${peak.source === 'sampled' ? ' (sampled every 10 ms, /proc unavailable)' : ''}`;
}

function latencyLines(prefix: string, sorted: number[], quantiles: number[]): void {
  for (const q of quantiles) line(`${prefix} p${Math.round(q * 100)}`, ms(percentile(sorted, q)));
}

async function main(): Promise<void> {
  if (process.argv.includes('--hostile')) {
    const { hostile } = await import('./bench/hostile.js');
    return hostile(process.argv.slice(2));
  }
  if (process.argv.includes('--scale')) {
    const { scale } = await import('./bench/scale.js');
    return scale(process.argv.slice(2));
  }
  if (process.argv.includes('--live')) {
    const { live } = await import('./bench/live.js');
    return live(process.argv.slice(2));
  }
  if (process.argv.includes('--incremental')) {
    const { incremental } = await import('./bench/incremental.js');
    return incremental(process.argv.slice(2));
  }
  const o = options();
  const queries = readQueries(o.queries);
  // With --skip-build the corpus is, unless told otherwise, the one the index says it was built from.
  const corpus = path.resolve(o.corpus ?? (o.index ? readManifest(path.resolve(o.index)).input : path.join(PROJECT, 'seeds')));
  const files = await listFiles(corpus);
  const corpusBytes = files.reduce((n, f) => n + statSync(path.join(corpus, f)).size, 0);
  const cpus = os.cpus();

  line('corpus', `${corpus} (${files.length} files, ${mb(corpusBytes)})`);
  line('queries', `${o.queries ? path.resolve(o.queries) : 'built-in list'} (${queries.length})`);
  line('node', `${process.version} on ${os.platform()} ${os.arch()}`);
  line('cpus', `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`);
  line('commit', gitCommit());
  line('date', new Date().toISOString());

  const scratch = o.out || o.index ? undefined : mkdtempSync(path.join(os.tmpdir(), 'vn-search-bench-'));
  const indexDir = path.resolve(o.index ?? o.out ?? path.join(scratch as string, 'index'));
  let server: ChildProcess | undefined;
  // Ctrl-C must not leave a temp index behind; the children get the terminal's signal themselves.
  process.once('SIGINT', () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    if (!o['skip-build']) {
      const b = await runChild(['build', corpus, indexDir], 'built');
      line('build time', `${ms(b.ms)} (${b.documents} documents, ${b.paragraphs} paragraphs)`);
      line('build throughput', `${(corpusBytes / 1e6 / (b.ms / 1000)).toFixed(2)} MB/s of input files`);
      line('build problems', b.problems.length ? `${b.problems.length}, first: ${b.problems[0]}` : '0');
      // A build that lost its workers ran on one thread: its time is not the build's time.
      if (b.workerFailure) line('build WARNING', `a worker thread was given up (${b.workerFailure})`);
      line('build peak RSS', peakText(b.peak));
      line('build RSS before buildIndex', `${mb(b.rssBefore)} (node, tsx and modules)`);
    }
    const size = folderBytes(indexDir);
    line('index size on disk', `${mb(size.bytes)} in ${size.files} files (${(size.bytes / corpusBytes).toFixed(2)} × input)`);

    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) loads.push((await runChild(['load', indexDir], 'loaded')).ms);
    line(`index load (median of ${LOADS})`, `${ms(median(loads))} (each: ${loads.map(ms).join(', ')}; fresh processes)`);

    server = startChild(['serve', indexDir]);
    const loaded = await expect(server, 'loaded');
    line('serve RSS after load', mb(loaded.rss));

    const timing = expect(server, 'timed');
    tell(server, { type: 'time', queries, warmup: WARMUP, limit: TOP });
    const { results } = await timing;
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const failed = results.filter((r) => r.error);
    line('query latency', `in-process, top ${TOP}, ${results.length} queries after ${Math.min(WARMUP, queries.length)} warm-up`);
    latencyLines('query', times, [0.5, 0.95, 0.99]);
    line('query mean', ms(times.reduce((a, b) => a + b, 0) / times.length));
    line('query errors', failed.length ? `${failed.length}, first: ${JSON.stringify(failed[0].q)}: ${failed[0].error}` : '0');
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
    slowest.forEach((r, i) => line(`slowest query ${i + 1}`, `${ms(r.ms).padStart(9)}  ${String(r.total).padStart(6)} hits  ${JSON.stringify(r.q)}`));

    if (!o['skip-http']) {
      const listening = expect(server, 'listening');
      tell(server, { type: 'listen' });
      const { port } = await listening;
      const load = await runLoad({ port, queries, clients: o.clients, seconds: o.seconds, maxRequests: MAX_REQUESTS, limit: TOP, timeoutMs: REQUEST_TIMEOUT_MS });
      const errors = load.requests - load.ok;
      const kinds = [...load.errors].map(([k, n]) => `${k} × ${n}`).join(', ');
      line('http load', `${o.clients} clients, ${load.seconds.toFixed(1)} s, GET /api/search?limit=${TOP}${load.capped ? `, stopped at the ${MAX_REQUESTS} request cap` : ''}`);
      line('http requests', `${load.requests} (${load.ok} ok)`);
      line('http throughput', `${(load.requests / load.seconds).toFixed(1)} requests/s`);
      line('http errors', errors ? `${errors} (${kinds})` : '0');
      // On a small machine the client competes with the server for the same cores; this says how much.
      line('http client CPU', `${(load.clientCpuSeconds / load.seconds).toFixed(2)} cores of ${cpus.length} (the load generator itself)`);
      latencyLines('http latency', load.latencies, [0.5, 0.95, 0.99]);
    }
    const peak = expect(server, 'peak');
    tell(server, { type: 'peak' });
    const p = await peak;
    line('serve peak RSS', `${peakText(p.peak)} (since load: ${o['skip-http'] ? 'in-process queries' : 'in-process queries and http load'})`);
    if (p.serverErrors) line('serve 500 errors', String(p.serverErrors));
  } finally {
    server?.kill();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
