// `npm run bench -- --scale`: the embedded index and the PostgreSQL store (one server, and a coordinator
// with 2 shards) on 1×, 4× and 16× a corpus. The copies are the same files under distinct document ids
// (hard links in c0/, c1/, … of a work folder). For each store and size it prints the build or load
// time, the size on disk, the server's RSS and the query latency over a query log. Asserts nothing.
//
//   npm run bench -- --scale --corpus DIR [--factors 1,4,16] [--pg-factors 1,4] [--stores embedded,pg,pg2]
//                    [--queries FILE] [--pg-queries N] [--work DIR]
//
// --pg-queries N: time PostgreSQL on the log's first N queries only (default: every query, as the embedded index).
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCluster } from '../../src/store/postgres/local-cluster.js';
import { startServer } from './server-process.js';
import { percentile } from './stats.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// Every file under `dir`, relative.
function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, path.join(rel, e.name)) : e.isFile() ? [path.join(rel, e.name)] : []));
}

// Bytes under a folder.
function du(dir: string): number {
  return files(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

/** `factor` copies of the corpus under c0/ … of `work`/x`factor`, made once: hard links, so the same bytes under other paths and ids. */
export function copies(corpus: string, factor: number, work: string): string {
  const out = path.join(work, `x${factor}`);
  if (existsSync(out)) return out;
  const list = files(corpus);
  for (let k = 0; k < factor; k++) {
    for (const f of list) {
      const to = path.join(out, `c${k}`, f);
      mkdirSync(path.dirname(to), { recursive: true });
      linkSync(path.join(corpus, f), to);
    }
  }
  return out;
}

/** Runs a TypeScript entry point of the project as a child; resolves with its wall time, peak RSS (sampled from /proc every 100 ms) and output, rejects on a non-zero exit. */
export function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ seconds: number; peak: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: PROJECT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setInterval(() => (peak = Math.max(peak, memory(child.pid!).hwm)), 100);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ seconds: (performance.now() - t0) / 1000, peak, out });
      else reject(new Error(`${args.join(' ')} ended with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

function memory(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

// Starts the server with `env`, times the queries one after another, and stops it.
async function serve(env: NodeJS.ProcessEnv, queries: readonly string[]): Promise<{ p50: number; p95: number; refused: number; rss: number; hwm: number }> {
  const { child, port } = await startServer(PROJECT, env);
  try {
    const times: number[] = [];
    let refused = 0;
    for (const q of queries) {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent(q)}&limit=10`);
      await res.arrayBuffer();
      if (res.status !== 200) refused++;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), refused, ...memory(child.pid!) };
  } finally {
    child.kill('SIGTERM');
  }
}

function report(store: string, factor: number, build: { seconds: number; peak: number }, disk: number, q: { p50: number; p95: number; refused: number; rss: number; hwm: number }, n: number): void {
  const refused = q.refused ? `, ${q.refused} not 200` : '';
  console.log(`${store.padEnd(22)} ${`${factor}×`.padStart(4)}  build ${build.seconds.toFixed(1).padStart(7)} s (peak ${mb(build.peak)})  disk ${mb(disk).padStart(8)}  server RSS ${mb(q.rss)} (peak ${mb(q.hwm)})  queries ${n}: p50 ${q.p50.toFixed(1)} ms  p95 ${q.p95.toFixed(1)} ms${refused}`);
}

async function embedded(folder: string, factor: number, work: string, queries: readonly string[]): Promise<void> {
  const out = path.join(work, `index-x${factor}`);
  rmSync(out, { recursive: true, force: true });
  const build = await run(['src/cli.ts', 'index', '--input', folder, '--out', out]);
  report('embedded', factor, build, du(out), await serve({ INDEX_DIR: out }, queries), queries.length);
  rmSync(out, { recursive: true, force: true });
}

async function postgres(folder: string, factor: number, shards: number, work: string, queries: readonly string[]): Promise<void> {
  const data = path.join(work, `pg${shards}-x${factor}`);
  // The postgres user must reach the data folder through every folder above it.
  const started = await run(['scripts/db-local.ts', '--shards', String(shards), '--data', data, '--port', String(50000 + 100 * shards + factor)]);
  const url = /DATABASE_URL=(\S+)/.exec(started.out)?.[1];
  if (!url) throw new Error(`db:local printed no DATABASE_URL:\n${started.out}`);
  try {
    const load = await run(['src/cli.ts', 'index', '--input', folder, '--db', url]);
    const cluster = readCluster(data);
    const servers = ['coordinator', ...Array.from({ length: cluster?.shards ?? 0 }, (_, k) => `shard-${k + 1}`)];
    const disk = servers.reduce((n, s) => n + du(path.join(data, s)), 0);
    report(shards ? `postgres, ${shards} shards` : 'postgres, one server', factor, load, disk, await serve({ DATABASE_URL: url }, queries), queries.length);
  } finally {
    await run(['scripts/db-local.ts', '--stop', '--data', data]).catch(() => undefined);
    rmSync(data, { recursive: true, force: true });
  }
}

/** Runs the scale series (arguments as in the opening comment). */
export async function scale(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--scale'),
    options: { corpus: { type: 'string' }, factors: { type: 'string' }, 'pg-factors': { type: 'string' }, stores: { type: 'string' }, queries: { type: 'string' }, 'pg-queries': { type: 'string' }, work: { type: 'string' } },
  });
  if (!values.corpus) throw new Error('give --corpus DIR (e.g. the gazette as text: node ../shared/bench/gazette-to-txt.mjs …)');
  const corpus = path.resolve(values.corpus);
  const factors = (values.factors ?? '1,4,16').split(',').map(Number);
  const pgFactors = (values['pg-factors'] ?? '1,4').split(',').map(Number);
  const stores = (values.stores ?? 'embedded,pg,pg2').split(',');
  const log = readFileSync(values.queries ?? path.join(PROJECT, '../shared/bench/queries-gazette.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const pgLog = log.slice(0, Number(values['pg-queries'] ?? log.length));
  const work = path.resolve(values.work ?? path.join(tmpdir(), 'vn-search-scale'));
  mkdirSync(work, { recursive: true, mode: 0o755 });
  console.log(`corpus ${corpus} (${mb(du(corpus))}); copies under ${work}; ${log.length} queries (PostgreSQL: the first ${pgLog.length}), each once, in order, top 10`);
  for (const factor of factors) {
    const folder = copies(corpus, factor, work);
    if (stores.includes('embedded')) await embedded(folder, factor, work, log);
    if (!pgFactors.includes(factor)) continue;
    if (stores.includes('pg')) await postgres(folder, factor, 0, work, pgLog);
    if (stores.includes('pg2')) await postgres(folder, factor, 2, work, pgLog);
  }
}
