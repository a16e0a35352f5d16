// The search pool (src/search/pool.ts) over an index of seeds/: it answers as the engine does, lets
// the engine stop a search at its deadline without losing the worker, replaces only a worker that is
// truly stuck, refuses at once when its queue is full, answers cheap requests while every search
// worker is busy, and follows a rebuilt index. No timing is asserted, only outcomes.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import type { PoolOptions, SearchPool } from '../../src/search/pool.js';
import { OverloadError } from '../../src/search/async-searcher.js';
import { QueryError, SearchTimeoutError } from '../../src/search/results.js';
import { createApp } from '../../src/web/app.js';
import { LiveIndex, loadServedIndex } from '../../src/web/live-index.js';
import { listen, type Running } from '../web/fixture.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const SLOW = new URL('../fixtures/slow-search-worker.ts', import.meta.url);

let dir: string;
let engine: SearchEngine;
const pools: SearchPool[] = [];

async function pool(options: PoolOptions): Promise<SearchPool> {
  const p = (await loadServedIndex(dir, { log: () => {}, ...options })).pool!;
  pools.push(p);
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pool-test-'));
  await buildIndex({ input: SEEDS, out: dir, workers: false });
  engine = SearchEngine.load(dir);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a search pool', () => {
  it('answers searches, document marks and refusals as the engine does', async () => {
    const p = await pool({ workers: 2 });
    for (const q of ['giải ngân', 'giai ngan von dau tu cong', '"đầu tư công"', 'Lai Châu']) {
      const [a, b] = [await p.search({ q, limit: 10 }), engine.search({ q, limit: 10 })];
      expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
      expect(a.total).toBe(b.total);
    }
    const doc = (await p.search({ q: 'giải ngân' })).hits[0].doc;
    const marks = await p.documentMarks(doc, 'giải ngân', 1, 5);
    expect(marks?.ranges).toEqual(engine.document(doc)!.paragraphs.slice(1, 6).map((x) => engine.highlight('giải ngân', x.text)));
    expect(marks?.matched.length).toBeGreaterThan(0);
    expect(await p.documentMarks('no-such.txt', 'x', 0, 5)).toBeUndefined();
    await expect(p.search({ q: '-' })).rejects.toBeInstanceOf(QueryError);
    expect(await p.suggest('giai', 3)).toEqual(engine.suggest('giai', 3));
  });

  it('passes the run budget to the engine, which stops the search with its message and keeps the worker', async () => {
    const p = await pool({ workers: 1, runMs: 100, entry: SLOW });
    // The fake busies the worker 300 ms, past the deadline, before the engine looks at it.
    const late = p.search({ q: 'cham giải ngân' });
    await expect(late).rejects.toBeInstanceOf(SearchTimeoutError);
    expect((await p.search({ q: 'giải ngân' })).total).toBe(engine.search({ q: 'giải ngân' }).total);
    // Asked again, the same search runs again: nothing is refused for having been slow once.
    await expect(p.search({ q: 'cham giải ngân' })).rejects.toBeInstanceOf(SearchTimeoutError);
    expect(p.poolStats().restarts).toBe(0);
  });

  it('answers a search still queued at its deadline with 503 deadline, without running it', async () => {
    const p = await pool({ workers: 1, deadlineMs: 200, runMs: 100, entry: SLOW });
    const running = p.search({ q: 'cham 1' });
    const queued = p.search({ q: 'giải ngân' });
    await expect(queued).rejects.toMatchObject({ reason: 'deadline' });
    await expect(running).rejects.toBeInstanceOf(SearchTimeoutError);
    expect(p.poolStats().expired).toBe(1);
  });

  it('answers 503 deadline, not the query\'s 400, when waiting left a search too little time to run', async () => {
    const p = await pool({ workers: 1, deadlineMs: 700, runMs: 60_000, entry: SLOW });
    // The first takes the worker 300 ms and is answered; the second starts with 400 ms left and
    // needs 600: stopped by the engine, it is the server's delay, not the query's cost.
    const first = p.search({ q: 'cham 1' });
    const second = p.search({ q: 'cham600 2' });
    expect((await first).query).toBe('cham 1');
    await expect(second).rejects.toMatchObject({ name: 'OverloadError', reason: 'deadline', message: expect.stringMatching(/đang bận/) });
    expect(p.poolStats().restarts).toBe(0);
  });

  it('replaces a worker that gives no answer long after its deadline, and goes on serving', async () => {
    const p = await pool({ workers: 1, runMs: 50, entry: SLOW });
    await expect(p.search({ q: 'treo mãi' })).rejects.toThrow(/^một luồng tìm kiếm không trả lời sau khi quá hạn 10 × 50 ms nên đã được thay bằng luồng mới$/);
    expect(p.poolStats().restarts).toBe(1);
    await p.ready();
    expect((await p.search({ q: 'giải ngân' })).total).toBe(engine.search({ q: 'giải ngân' }).total);
  });

  it('answers a light search on the calling thread while every worker is on a request heavy by its shape', async () => {
    const p = await pool({ workers: 1, deadlineMs: 60_000, entry: SLOW });
    const big = p.search({ q: 'cham 1', limit: 200 });
    const light = await p.search({ q: 'giải ngân' });
    expect(light.total).toBe(engine.search({ q: 'giải ngân' }).total);
    expect(p.poolStats().running).toBe(1);
    await big;
  });

  it('gives the next free worker to a waiting light search before an earlier heavy one', async () => {
    const p = await pool({ workers: 1, deadlineMs: 60_000, entry: SLOW });
    const order: string[] = [];
    const running = p.search({ q: 'cham 1' }).then(() => order.push('running'));
    const heavy = p.search({ q: 'cham 2', limit: 200 }).then(() => order.push('heavy'));
    const light = p.search({ q: 'cham 3' }).then(() => order.push('light'));
    await Promise.all([running, heavy, light]);
    expect(order).toEqual(['running', 'light', 'heavy']);
  });

  it('serves each class in arrival order, a light search passing only the heavy ones that arrived within its lead', async () => {
    // The lead is a quarter of what heavy searches take to run: 250 ms once one has taken a second.
    const p = await pool({ workers: 1, lightLead: 0.25, lightOnCaller: false, deadlineMs: 60_000, entry: SLOW });
    await p.search({ q: 'cham1000 warm', limit: 200 });
    const order: string[] = [];
    const send = (name: string, q: string, limit?: number) => p.search({ q, limit }).then(() => order.push(name));
    const sent = [send('R', 'cham1000 r', 200), send('H1', 'cham0 h1', 200), send('H2', 'cham0 h2', 200)];
    await new Promise((r) => setTimeout(r, 100));
    sent.push(send('L1', 'giải ngân'));
    await new Promise((r) => setTimeout(r, 500));
    sent.push(send('L2', 'đầu tư công'));
    await Promise.all(sent);
    // L1 arrived 100 ms after H1 and H2 and passes them; L2, 600 ms after, waits for both.
    expect(order).toEqual(['R', 'L1', 'H1', 'H2', 'L2']);
  });

  it('refuses at once with busy when the queue of a class is full', async () => {
    const p = await pool({ workers: 1, maxQueue: 1, deadlineMs: 60_000, entry: SLOW });
    const running = p.search({ q: 'cham 1' });
    const queued = p.search({ q: 'cham 2' });
    await expect(p.search({ q: 'cham 3' })).rejects.toMatchObject({ reason: 'busy', retryAfter: 2 });
    await Promise.all([running, queued]);
  });

  it('puts large pages, every-mention views, long queries and very common words in the heavy class', async () => {
    const p = await pool({ workers: 1, heavyPostings: 90 });
    expect(p.classify({ q: 'giải ngân' })).toBe('light');
    expect(p.classify({ q: 'giải ngân', limit: 1000 })).toBe('heavy');
    expect(p.classify({ q: 'giải ngân', offset: 500 })).toBe('heavy');
    expect(p.classify({ q: 'giải ngân', partial: false })).toBe('heavy');
    expect(p.classify({ q: 'a '.repeat(250) })).toBe('heavy');
    expect(p.classify({ q: 'và' })).toBe('heavy');
  });
});

describe('the app over a search pool', () => {
  let app: Running;
  let p: SearchPool;
  beforeAll(async () => {
    p = await pool({ workers: 1, maxQueue: 1, deadlineMs: 60_000, entry: SLOW });
    app = await listen(createApp({ searcher: p, entities: p.entities, logError: () => {} }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers cheap requests while the search worker is busy, and 503 with Retry-After when the queue is full', async () => {
    const busy = fetch(app.url + '/api/search?q=cham');
    const queued = fetch(app.url + '/api/search?q=cham%202');
    // Both sent before the cheap ones: wait until the pool holds them.
    while (p.poolStats().running + p.poolStats().queued.light < 2) await new Promise((r) => setTimeout(r, 10));
    const full = await fetch(app.url + '/api/search?q=cham%203');
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('2');
    expect((await full.json()).error).toMatch(/đang bận/);
    expect((await fetch(app.url + '/healthz')).status).toBe(200);
    expect((await (await fetch(app.url + '/api/suggest?q=giai')).json()).suggestions.length).toBeGreaterThan(0);
    const doc = engine.search({ q: 'giải ngân' }).hits[0].doc;
    expect((await fetch(app.url + '/doc/' + encodeURIComponent(doc))).status).toBe(200);
    expect((await fetch(app.url + '/static/style.css')).status).not.toBe(500);
    const [a, b] = await Promise.all([busy, queued]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it('answers a search the engine stopped at its deadline with its message in Vietnamese, on the page and in the API', async () => {
    const q = await pool({ workers: 1, runMs: 100, entry: SLOW });
    const stopped = await listen(createApp({ searcher: q, entities: q.entities, logError: () => {} }));
    try {
      const page = await fetch(stopped.url + '/?q=cham');
      const html = await page.text();
      expect(html).toMatch(/quá nhiều thời gian/);
      expect(html).not.toMatch(/at .*\.ts|Error:/);
      const api = await fetch(stopped.url + '/api/search?q=cham');
      expect((await api.json()).error).toMatch(/quá nhiều thời gian/);
      expect((await fetch(stopped.url + '/api/search?q=gi%E1%BA%A3i%20ng%C3%A2n')).status).toBe(200);
    } finally {
      await stopped.close();
    }
  });
});

describe('a live index with a search pool', () => {
  it('starts a pool over a rebuilt index, serves from it, and stops the old one once it is idle', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'pool-live-'));
    const input = path.join(home, 'in');
    cpSync(path.join(SEEDS), input, { recursive: true });
    const out = path.join(home, 'out');
    await buildIndex({ input, out, workers: false });
    const live = await LiveIndex.open(out, { pool: { workers: 1, log: () => {} }, log: () => {} });
    try {
      const old = live.current.pool!;
      expect((await old.search({ q: 'Mường Tè Pa Vây Sử' })).total).toBe(0);
      writeFileSync(path.join(input, 'zz.txt'), 'Xã Pa Vây Sử, huyện Mường Tè.');
      await buildIndex({ input, out, workers: false });
      await live.reload();
      const now = live.searcher as SearchPool;
      expect(now).not.toBe(old);
      expect((await now.search({ q: '"Pa Vây Sử"' })).total).toBe(1);
      // A request that picked the old pool just before the swap is still answered by it.
      expect((await old.search({ q: '"Pa Vây Sử"' })).total).toBe(0);
      while (!old.poolStats().closed) await new Promise((r) => setTimeout(r, 50));
      await expect(old.search({ q: 'x' })).rejects.toBeInstanceOf(OverloadError);
    } finally {
      await live.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
