// `npm run bench -- --live`: how soon a server on the PostgreSQL store answers with a document loaded
// (or removed) while it serves, on a collection of real size (issue 18: "within 1 s"). Prints figures
// and asserts nothing. On hard links of the corpus in a work folder (the corpus is never changed):
//   1. a local cluster (npm run db:local) with --shards servers, and the corpus loaded into it;
//   2. a server on it (DATABASE_URL); then --runs times: one small report added to the folder and
//      `npm run index -- --db` run again, and the time from that command's exit until a search for the
//      report's own number finds it; then the file removed, the same run, and the time until it is gone.
//
//   npm run bench -- --live --corpus DIR [--shards N (default 2)] [--runs N (default 5)] [--work DIR]
//
// With --db URL, on a collection already loaded from DIR (a large one takes long to load): no cluster
// is started, and the report is added to DIR itself and removed again.
//
//   npm run bench -- --live --corpus DIR --db URL [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { copies, run } from './scale.js';
import { startServer } from './server-process.js';
import { median } from './stats.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
// Longest wait for a change before it is reported as not seen.
const GIVE_UP_MS = 60_000;

// A short plan of a provincial committee, numbered `n` (a number no real document of the corpus has; checked before use).
const report = (n: number) =>
  `ỦY BAN NHÂN DÂN TỈNH\n\nKế hoạch số ${n}/KH-UBND ngày 07 tháng 12 năm 2026 về đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026.\n\nCác sở, ban, ngành và Ủy ban nhân dân các huyện rà soát, điều chuyển vốn của các dự án chậm giải ngân sang các dự án có khả năng giải ngân tốt.\n`;

// `npm run index` on the folder into the database, timed as whoever types it waits for it.
function load(folder: string, url: string): number {
  const t = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'index', '--input', folder, '--db', url], { cwd: PROJECT, stdio: 'ignore' });
  return performance.now() - t;
}

async function total(port: number, q: string): Promise<number> {
  // A new connection each time: a kept-alive one may be closed by the server while a load runs.
  const res = await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent(q)}&limit=1`, { headers: { connection: 'close' } });
  if (res.status !== 200) return -1;
  return ((await res.json()) as { total: number }).total;
}

// Ms from now until `seen(total of q)` holds, polling every 10 ms (Infinity past GIVE_UP_MS).
async function until(port: number, q: string, seen: (n: number) => boolean): Promise<number> {
  const t = performance.now();
  while (performance.now() - t < GIVE_UP_MS) {
    if (seen(await total(port, q))) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Infinity;
}

const f = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'not seen');

/** Runs the measurement with the command line's arguments (after --live). */
export async function live(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--live'),
    options: { corpus: { type: 'string' }, shards: { type: 'string' }, runs: { type: 'string' }, work: { type: 'string' }, db: { type: 'string' } },
  });
  if (!values.corpus) throw new Error('give --corpus DIR (e.g. the gazette as text: node ../shared/bench/gazette-to-txt.mjs …)');
  const runs = Number(values.runs ?? 5);
  if (values.db) return measure(path.resolve(values.corpus), values.db, runs);
  const shards = Number(values.shards ?? 2);
  const work = path.resolve(values.work ?? path.join(tmpdir(), 'vn-search-live'));
  mkdirSync(work, { recursive: true, mode: 0o755 });
  const folder = copies(path.resolve(values.corpus), 1, work);
  const data = path.join(work, `pg${shards}-live`);
  rmSync(data, { recursive: true, force: true });
  const started = await run(['scripts/db-local.ts', '--shards', String(shards), '--data', data, '--port', String(51000 + 100 * shards)]);
  const url = /DATABASE_URL=(\S+)/.exec(started.out)?.[1];
  if (!url) throw new Error(`db:local printed no DATABASE_URL:\n${started.out}`);
  try {
    console.log(`corpus ${folder}: loaded into ${shards || 'no'} shards in ${(load(folder, url) / 1000).toFixed(1)} s`);
    await measure(folder, url, runs);
  } finally {
    await run(['scripts/db-local.ts', '--stop', '--data', data]).catch(() => undefined);
    rmSync(data, { recursive: true, force: true });
  }
}

// Serves the collection loaded from `folder` into `url`, and times `runs` additions and removals of one report.
async function measure(folder: string, url: string, runs: number): Promise<void> {
  const t0 = performance.now();
  const { child, port } = await startServer(PROJECT, { DATABASE_URL: url });
  console.log(`server up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const added: number[] = [];
    const removed: number[] = [];
    const reloads: number[] = [];
    for (let r = 0; r < runs; r++) {
      const n = 97_310 + r;
      const q = `${n}/KH-UBND`;
      if ((await total(port, q)) !== 0) throw new Error(`the corpus already cites ${q}: choose another number`);
      const file = path.join(folder, `zz-live-${n}.txt`);
      try {
        writeFileSync(file, report(n));
        reloads.push(load(folder, url));
        added.push(await until(port, q, (t) => t > 0));
      } finally {
        // Never left in the folder, whatever happens: with --db it is the user's own.
        rmSync(file, { force: true });
      }
      reloads.push(load(folder, url));
      removed.push(await until(port, q, (t) => t === 0));
      console.log(`run ${r + 1}: added, found ${f(added[r])} after the load; removed, gone ${f(removed[r])} after`);
    }
    console.log(`re-run of npm run index (one file changed): median ${(median(reloads) / 1000).toFixed(2)} s`);
    console.log(`added document found: median ${f(median(added))}, most ${f(Math.max(...added))}; removed document gone: median ${f(median(removed))}, most ${f(Math.max(...removed))} (target ≤ 1 s)`);
  } finally {
    child.kill('SIGTERM');
  }
}
