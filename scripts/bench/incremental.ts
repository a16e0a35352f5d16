// `npm run bench -- --incremental`: what an incremental run costs and whether it serves what a full
// rebuild serves (issue 16, item 5). Prints figures and asserts nothing. On a scratch copy of the
// corpus (never the corpus itself):
//   1. a full build (the main segment);
//   2. one small file added and one file of about 5 KB changed (a paragraph appended), then
//      `npm run index` on the same --out, timed from the command line, --runs times from the main
//      segment again (median);
//   3. a server started on the main segment before the run: how long after the run it serves the
//      delta (no restart), and after a full rebuild into its folder, for scale;
//   4. every query of the log, top 20 and totals, on the index with the delta and on a full rebuild
//      of the changed copy: the queries whose answers differ;
//   5. load time and in-process query latency of the two indexes (median over the log).
//
//   npm run bench -- --incremental --corpus DIR [--queries FILE (default ../shared/bench/queries-gazette.txt)]
//                                  [--work DIR (default a temp dir, removed after)] [--runs N (default 3)]
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadIndex, readDataFiles, readManifest } from '../../src/index/store.js';
import { SearchEngine } from '../../src/search/engine.js';
import { line, median, ms } from './stats.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const TOP = 20;
const LOADS = 3;
// The file added: one sentence of a report, as small as the issue's 60-byte file.
const ADDED = { name: 'zz-incremental-added.txt', text: 'Ủy ban nhân dân tỉnh báo cáo tiến độ giải ngân vốn đầu tư công quý IV.\n' };
const APPENDED = '\n\nThủ tướng Chính phủ yêu cầu các bộ, ngành và địa phương đẩy nhanh tiến độ giải ngân vốn đầu tư công.\n';

// `npm run index` on a folder, timed as whoever types it waits for it.
function indexRun(input: string, out: string, full = false): { ms: number; output: string } {
  const t = performance.now();
  const output = execFileSync('npm', ['run', '--silent', 'index', '--', '--input', input, '--out', out, ...(full ? ['--full'] : [])], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { ms: performance.now() - t, output: output.trim() };
}

// A port no one listens on.
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function getJson(port: number, pathname: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (e) {
            reject(e as Error);
          }
        });
      })
      .on('error', reject);
  });
}

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

// What a query answers, as compared: the top hits by id and score, and every total.
function answer(engine: SearchEngine, q: string): string {
  try {
    const r = engine.search({ q, limit: TOP });
    return JSON.stringify({ hits: r.hits.map((h) => [h.id, h.score]), total: r.total, partial: r.totalPartial, near: r.totalNear, didYouMean: r.didYouMean });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** Runs the measurement with the command line's arguments (after --incremental). */
export async function incremental(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args: args.filter((a) => a !== '--incremental'),
    options: { corpus: { type: 'string' }, queries: { type: 'string' }, work: { type: 'string' }, runs: { type: 'string' } },
    allowPositionals: false,
  });
  if (!values.corpus) throw new Error('give the corpus folder: --corpus DIR (a folder of files to index; it is copied, never changed)');
  const queriesFile = values.queries ?? path.join(PROJECT, '../shared/bench/queries-gazette.txt');
  const queries = readFileSync(queriesFile, 'utf8').split('\n').map((q) => q.trim()).filter(Boolean);
  const runs = Number(values.runs ?? 3);
  const work = values.work ?? mkdtempSync(path.join(os.tmpdir(), 'incremental-bench-'));
  const corpus = path.join(work, 'corpus');
  const main = path.join(work, 'main');
  const out = path.join(work, 'delta');
  const full = path.join(work, 'full');
  try {
    rmSync(corpus, { recursive: true, force: true });
    cpSync(values.corpus, corpus, { recursive: true });
    for (const d of [main, out, full]) rmSync(d, { recursive: true, force: true });
    const built = indexRun(corpus, main, true);
    line('full build', `${ms(built.ms)} (${built.output.split('\n')[0]})`);

    // The changes: one file added, the file nearest 5 KB changed.
    const files = readdirSync(corpus).filter((f) => statSync(path.join(corpus, f)).isFile() && /\.(txt|md)$/.test(f));
    const changed = files.reduce((best, f) => (Math.abs(statSync(path.join(corpus, f)).size - 5000) < Math.abs(statSync(path.join(corpus, best)).size - 5000) ? f : best));
    writeFileSync(path.join(corpus, ADDED.name), ADDED.text);
    appendFileSync(path.join(corpus, changed), APPENDED);
    line('changes', `added ${ADDED.name} (${Buffer.byteLength(ADDED.text)} B), appended ${Buffer.byteLength(APPENDED)} B to ${changed} (${statSync(path.join(corpus, changed)).size} B)`);

    const times: number[] = [];
    let last = '';
    for (let r = 0; r < runs; r++) {
      rmSync(out, { recursive: true, force: true });
      cpSync(main, out, { recursive: true });
      const run = indexRun(corpus, out);
      times.push(run.ms);
      last = run.output;
    }
    line('incremental npm run index', `median ${ms(median(times))} of ${times.map((t) => ms(t)).join(', ')} (target ≤ 2 s)`);
    line('  it said', last.split('\n').join(' | '));
    const m = readManifest(out);
    line('  delta segment', `${m.segments?.delta.documents} documents, ${m.segments?.delta.paragraphs} paragraphs; files ${Object.entries(m.files).filter(([k]) => k.startsWith('delta')).map(([, f]) => `${f} ${m.checksums[f].bytes} B`).join(', ')}`);

    // A server on the main segment picks the delta up without a restart; then a full build of the
    // same folder into it (which the comparisons below use), for how long that swap takes.
    const served = path.join(work, 'served');
    rmSync(served, { recursive: true, force: true });
    cpSync(main, served, { recursive: true });
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: PROJECT, env: { ...process.env, INDEX_DIR: served, PORT: String(port) }, stdio: ['ignore', 'pipe', 'ignore'] });
    let said = '';
    server.stdout.on('data', (d: Buffer) => (said += d.toString('utf8')));
    // Time from the end of a run until the server says it serves the run's build.
    const swapped = async (): Promise<number> => {
      const t = performance.now();
      const build = readManifest(served).build;
      while (!said.includes(`Đang phục vụ bản ${build}`) && performance.now() - t < 120_000) await sleep(20);
      return performance.now() - t;
    };
    try {
      while (!/Đang phục vụ .* tại http/.test(said)) await sleep(100);
      const query = `/api/search?q=${encodeURIComponent('tiến độ giải ngân vốn đầu tư công')}&limit=1`;
      const before = (await getJson(port, query)) as { total: number };
      const health = (await getJson(port, '/healthz')) as { documents: number };
      const run = indexRun(corpus, served);
      const deltaSwap = await swapped();
      const now = (await getJson(port, query)) as { total: number };
      const after = (await getJson(port, '/healthz')) as { documents: number };
      line('served without restart', `${health.documents} → ${after.documents} documents, ${ms(deltaSwap)} after the run's ${ms(run.ms)}; «tiến độ giải ngân vốn đầu tư công» total ${before.total} → ${now.total}`);
      const rebuilt = indexRun(corpus, served, true);
      line('  a full rebuild, for scale', `served ${ms(await swapped())} after its build's ${ms(rebuilt.ms)}`);
    } finally {
      server.kill('SIGTERM');
    }
    cpSync(served, full, { recursive: true });

    // Answers of the delta index against a full rebuild.
    const timedLoad = async (dir: string) => {
      const t = performance.now();
      const manifest = readManifest(dir);
      const store = loadIndex(dir, manifest, await readDataFiles(dir, manifest));
      return { ms: performance.now() - t, engine: new SearchEngine(store) };
    };
    // Alternately, so that neither is the one loaded cold.
    const loads: [number[], number[]] = [[], []];
    let a = await timedLoad(out);
    let b = await timedLoad(full);
    for (let r = 0; r < LOADS; r++) {
      a = await timedLoad(out);
      b = await timedLoad(full);
      loads[0].push(a.ms);
      loads[1].push(b.ms);
    }
    let mismatches = 0;
    for (const q of queries) {
      if (answer(a.engine, q) !== answer(b.engine, q)) {
        mismatches++;
        if (mismatches <= 5) line('  differs', q);
      }
    }
    line('answers unlike a full rebuild', `${mismatches} of ${queries.length} queries (top ${TOP}, scores and totals; target 0)`);
    line('load (read, check, engine)', `median of ${LOADS} after one each: main + delta ${ms(median(loads[0]))}, full rebuild ${ms(median(loads[1]))}`);

    // In-process latency over the log, alternating the two so that the machine's load falls on both.
    const lat: [number[], number[]] = [[], []];
    for (const q of queries) answer(a.engine, q), answer(b.engine, q);
    for (const q of queries) {
      for (const [i, e] of [a.engine, b.engine].entries()) {
        const t = performance.now();
        answer(e, q);
        lat[i].push(performance.now() - t);
      }
    }
    line('query latency, median', `main + delta ${ms(median(lat[0]))}, full rebuild (main only) ${ms(median(lat[1]))}`);
  } finally {
    if (!values.work) rmSync(work, { recursive: true, force: true });
  }
}
