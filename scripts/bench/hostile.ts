// `npm run bench -- --hostile`: the acceptance load of issue 16 against a real server on one index.
// Prints figures beside their targets and asserts nothing. Five parts:
//   1. the probe's worst requests, one at a time, each timed;
//   2. hostile load: 16 clients send the heaviest requests while a probe asks for «giải ngân» every 250 ms;
//   3. ordinary load: 64 clients on a query log, 3 runs;
//   4. 200 idle connections held open while another client measures latency;
//   5. 100 slow readers of the largest document's page, with a probe (issue 17).
//
//   npm run bench -- --hostile [--index DIR (default $INDEX_DIR or index/)] [--queries FILE (default ../shared/bench/queries-gazette.txt)]
//                              [--seconds 30] [--runs 3] [--root CHECKOUT] [--parts 1,2,3,4,5]
//
// --root starts the server of another checkout (say, main before this change) on the same index.
// The server runs in a child process; its RSS is read from /proc after each part.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadRecords } from '../../src/index/store.js';
import { runLoad } from './http-load.js';
import { startServer } from './server-process.js';
import { line, mb, ms, percentile } from './stats.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
// A client gives up after this long, and counts a timeout: well above every target, so a timeout is a failure.
const CLIENT_TIMEOUT_MS = 10_000;

type Outcome = { status: number; ms: number; body: string } | { error: string; ms: number };

/** One GET on a fresh connection (or `agent`'s), timed to the end of the body; never throws. */
function get(port: number, pathname: string, agent?: http.Agent, keepBody = false): Promise<Outcome> {
  const t = performance.now();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: agent ?? false, timeout: CLIENT_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => keepBody && chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, ms: performance.now() - t }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, ms: performance.now() - t }));
  });
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const q = (s: string) => encodeURIComponent(s);

// The server's resident memory and its peak, from /proc (Linux).
function rss(pid: number): string {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return `RSS ${mb(kb('VmRSS'))}, peak ${mb(kb('VmHWM'))}`;
  } catch {
    return 'RSS n/a';
  }
}

function tally(outcomes: Outcome[]): string {
  const kinds = new Map<string, number>();
  for (const o of outcomes) {
    const k = 'status' in o ? `HTTP ${o.status}` : o.error;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  return [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
}

function latencies(outcomes: Outcome[]): string {
  const ok = outcomes.filter((o) => 'status' in o && o.status === 200).map((o) => o.ms).sort((a, b) => a - b);
  return `${ok.length}/${outcomes.length} answered 200; p50 ${ms(percentile(ok, 0.5))}, p95 ${ms(percentile(ok, 0.95))}, max ${ms(ok[ok.length - 1] ?? NaN)}`;
}

// What an answer says, in a few words: the total found, or the message of a refusal.
function gist(o: Outcome): string {
  if (!('status' in o)) return o.error;
  try {
    const j = JSON.parse(o.body) as { total?: number; truncated?: boolean; error?: string };
    return j.error ? `«${j.error.slice(0, 70)}…»` : `total ${j.total}${j.truncated ? ', truncated' : ''}`;
  } catch {
    const title = /<title>([^<]*)<\/title>/.exec(o.body)?.[1] ?? '';
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(o.body)?.[1] ?? '';
    return `page «${(h1 || title).trim().slice(0, 60)}», ${mb(o.body.length)}`;
  }
}

/** Runs the four parts and prints their figures. */
export async function hostile(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      hostile: { type: 'boolean' },
      // The index npm start would serve, and the gazette's query log beside the checkout (as compare.mjs).
      index: { type: 'string', default: process.env.INDEX_DIR ?? path.join(PROJECT, 'index') },
      queries: { type: 'string', default: path.join(PROJECT, '../shared/bench/queries-gazette.txt') },
      seconds: { type: 'string', default: '30' },
      runs: { type: 'string', default: '3' },
      root: { type: 'string', default: PROJECT },
      parts: { type: 'string', default: '1,2,3,4,5' },
    },
  });
  const seconds = Number(values.seconds);
  const runs = Number(values.runs);
  const parts = new Set(values.parts.split(','));
  const queries = readFileSync(values.queries, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const { paragraphs } = loadRecords(values.index);
  const sizes = new Map<string, number>();
  for (let n = 0; n < paragraphs.length; n++) sizes.set(paragraphs.doc(n), (sizes.get(paragraphs.doc(n)) ?? 0) + 1);
  const [largest, largestSize] = [...sizes].sort((a, b) => b[1] - a[1])[0];

  const worst: [string, string][] = [
    ['q="a" ×250', `/api/search?q=${q('"' + Array(250).fill('a').join(' ') + '"')}`],
    [`/doc/<${largestSize} paragraphs>?q=của và là ×90`, `/doc/${q(largest)}?q=${q(Array(90).fill('của và là').join(' '))}`],
    ['offset=100000&limit=1000 "của"', `/api/search?offset=100000&limit=1000&q=${q('"của"')}`],
    ['every mention of của', `/?q=${q('của')}&all=1`],
  ];
  const heavy = [
    ...worst.map(([, p]) => p),
    `/?q=${q('và')}&all=1`,
    `/api/search?limit=1000&q=${q('của')}`,
    `/api/search?limit=1000&q=${q('là')}`,
    `/api/search?q=${q('"của"')}`,
    `/api/search?q=${q('"' + Array(166).fill('của').join(' ') + '"')}`,
  ];

  console.log(`index ${values.index}, server of ${values.root}; client timeout ${CLIENT_TIMEOUT_MS / 1000} s. 2 cores shared with other sessions: figures are noisy.`);
  const { child, port } = await startServer(values.root, { INDEX_DIR: values.index });
  const pid = child.pid!;
  try {
    line('server started', rss(pid));
    // Warm-up: the first searches compile the engine's code and fill its caches.
    for (const s of queries.slice(0, 20)) await get(port, `/api/search?q=${q(s)}`);

    if (parts.has('1')) {
      console.log('\n1. Worst requests, one at a time (target: each within 2 s, with a result or a clear message)');
      for (const [label, p] of worst) {
        const o = await get(port, p, undefined, true);
        line(`  ${label}`, `${ms(o.ms)}  ${'status' in o ? `HTTP ${o.status}` : ''} ${gist(o)}`);
        await sleep(500);
      }
      line('  server', rss(pid));
    }

    if (parts.has('2')) {
      console.log(`\n2. Hostile load: 16 clients on the heaviest requests for ${seconds} s, a probe every 250 ms`);
      console.log('   (target: probe p95 ≤ 300 ms, max ≤ 1 s; heavy clients get answers or 503s, no timeouts)');
      const until = performance.now() + seconds * 1000;
      const heavyOutcomes: Outcome[] = [];
      const probe: Outcome[] = [];
      const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
      let next = 0;
      const client = async () => {
        while (performance.now() < until) {
          const o = await get(port, heavy[next++ % heavy.length], agent);
          heavyOutcomes.push(o);
          // A refused client tries again after a pause, as Retry-After asks (shortened: the load stays hostile).
          if (!('status' in o) || o.status === 503) await sleep(250);
        }
      };
      const probes: Promise<void>[] = [];
      const prober = async () => {
        while (performance.now() < until) {
          probes.push(get(port, `/api/search?q=${q('giải ngân')}`).then((o) => void probe.push(o)));
          await sleep(250);
        }
      };
      await Promise.all([...Array.from({ length: 16 }, client), prober()]);
      await Promise.all(probes);
      agent.destroy();
      line('  probe «giải ngân»', latencies(probe));
      line('  probe outcomes', tally(probe));
      line('  heavy clients', `${heavyOutcomes.length} requests: ${tally(heavyOutcomes)}`);
      line('  server', rss(pid));
      await sleep(3000);
    }

    if (parts.has('3')) {
      console.log(`\n3. Ordinary load: 64 clients on ${path.basename(values.queries)} (${queries.length} queries) for ${seconds} s, ${runs} runs`);
      console.log('   (target: 0 errors, p99 ≤ 2 s, max ≤ 3 s every run, ≥ 90 req/s)');
      for (let r = 1; r <= runs; r++) {
        const res = await runLoad({ port, queries, clients: 64, seconds, maxRequests: 2_000_000, limit: 20, timeoutMs: CLIENT_TIMEOUT_MS });
        const l = res.latencies;
        const errors = [...res.errors].map(([k, n]) => `${n} ${k}`).join(', ') || '0';
        line(`  run ${r}`, `${(res.ok / res.seconds).toFixed(1)} req/s, p50 ${ms(percentile(l, 0.5))}, p99 ${ms(percentile(l, 0.99))}, max ${ms(l[l.length - 1] ?? NaN)}, errors ${errors}`);
      }
      line('  server', rss(pid));
    }

    if (parts.has('4')) {
      console.log(`\n4. 200 idle connections held ${seconds} s while another client measures latency (target: no delay)`);
      const before: Outcome[] = [];
      for (let i = 0; i < 20; i++) before.push(await get(port, `/api/search?q=${q('giải ngân')}`));
      let closedByServer = 0;
      const sockets = Array.from({ length: 200 }, () => {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.on('close', () => closedByServer++);
        return s;
      });
      const during: Outcome[] = [];
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) {
        during.push(await get(port, `/api/search?q=${q('giải ngân')}`));
        await sleep(100);
      }
      const open = sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;
      for (const s of sockets) s.destroy();
      line('  before, alone', latencies(before));
      line('  with 200 idle', `${latencies(during)}; ${tally(during)}`);
      line('  idle sockets', `${closedByServer} closed by the server during the run, ${open} still open at the end`);
      line('  server', rss(pid));
    }
    if (parts.has('5')) {
      const span = 2 * seconds;
      console.log(`\n5. 100 slow readers of the largest document's page for ${span} s, a probe every 250 ms (issue 17)`);
      console.log('   (target: RSS under 1 GB, stalled connections closed within the timeout, probe p95 < 300 ms)');
      const start = performance.now();
      // Each asks for the page, then reads nothing. A paused socket reports no end of stream, so the
      // readers are asked at the end whether the server had closed them (end of stream waiting).
      const readers = Array.from({ length: 100 }, () => {
        const s = net.connect(port, '127.0.0.1', () => s.write(`GET /doc/${q(largest)} HTTP/1.1\r\nHost: bench\r\n\r\n`));
        s.pause();
        s.on('error', () => undefined);
        return s;
      });
      const probe: Outcome[] = [];
      let peak = 0;
      const until = start + span * 1000;
      while (performance.now() < until) {
        probe.push(await get(port, `/api/search?q=${q('giải ngân')}`));
        peak = Math.max(peak, rssMb(pid));
        await sleep(250);
      }
      const closed = await Promise.all(
        readers.map(
          (s) =>
            new Promise<boolean>((resolve) => {
              s.on('end', () => resolve(true));
              s.on('close', () => resolve(true));
              setTimeout(() => resolve(false), 2000);
              s.resume();
            }),
        ),
      );
      for (const s of readers) s.destroy();
      line('  probe «giải ngân»', `${latencies(probe)}; ${tally(probe)}`);
      line('  slow readers', `${closed.filter(Boolean).length} of 100 closed by the server within ${span} s (the idle timeout is 30 s)`);
      line('  server', `RSS peak during the part ${peak.toFixed(0)} MB; now ${rss(pid)}`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

// The server's resident memory in MB, read from /proc.
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
