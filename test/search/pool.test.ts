// The search pool (src/search/pool.ts) over an index of seeds/: it answers as the engine does, stops
// a search at its deadline and goes on serving, refuses at once when its queue is full, and answers
// cheap requests while every search worker is busy. No timing is asserted, only outcomes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import { SearchPool, type PoolOptions } from '../../src/search/pool.js';
import { OverloadError } from '../../src/search/async-searcher.js';
import { QueryError } from '../../src/search/results.js';
import { createApp } from '../../src/web/app.js';
import { listen, type Running } from '../web/fixture.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const SLOW = new URL('../fixtures/slow-search-worker.ts', import.meta.url);

let dir: string;
let engine: SearchEngine;
const pools: SearchPool[] = [];

async function pool(options: PoolOptions): Promise<SearchPool> {
  const p = SearchPool.open(dir, { log: () => {}, ...options });
  pools.push(p);
  await p.ready();
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
    const p = await pool({ workers: 2, reserved: 1 });
    for (const q of ['giải ngân', 'giai ngan von dau tu cong', '"đầu tư công"', 'Lai Châu']) {
      const [a, b] = [await p.search({ q, limit: 10 }), engine.search({ q, limit: 10 })];
      expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
      expect(a.total).toBe(b.total);
    }
    const doc = engine.stats().documents ? (await p.search({ q: 'giải ngân' })).hits[0].doc : '';
    const marks = await p.documentMarks(doc, 'giải ngân');
    expect(marks?.ranges).toEqual(engine.document(doc)!.paragraphs.map((x) => engine.highlight('giải ngân', x.text)));
    expect(await p.documentMarks('no-such.txt', 'x')).toBeUndefined();
    await expect(p.search({ q: '-' })).rejects.toBeInstanceOf(QueryError);
    expect(await p.suggest('giai', 3)).toEqual(engine.suggest('giai', 3));
  });

  it('stops a search past its deadline with the clear message, and serves the next one', async () => {
    const p = await pool({ workers: 1, reserved: 0, deadlineMs: 200, entry: SLOW });
    const stuck = p.search({ q: 'treo mãi' });
    await expect(stuck).rejects.toBeInstanceOf(OverloadError);
    await expect(stuck).rejects.toMatchObject({ reason: 'deadline' });
    // The stuck worker was replaced; the new one builds its engine before it takes a job.
    await p.ready();
    expect((await p.search({ q: 'giải ngân' })).total).toBe(engine.search({ q: 'giải ngân' }).total);
    // Asked again, the same stuck search is refused at once rather than costing another worker.
    await expect(p.search({ q: 'treo mãi' })).rejects.toMatchObject({ reason: 'deadline' });
    expect(p.poolStats().restarts).toBe(1);
  });

  it('refuses at once with busy when the queue of a class is full', async () => {
    const p = await pool({ workers: 1, reserved: 0, maxQueue: 1, deadlineMs: 60_000, entry: SLOW });
    const running = p.search({ q: 'cham 1' });
    const queued = p.search({ q: 'cham 2' });
    await expect(p.search({ q: 'cham 3' })).rejects.toMatchObject({ reason: 'busy', retryAfter: 2 });
    await Promise.all([running, queued]);
  });

  it('puts large pages, every-mention views and slow queries in the heavy class', async () => {
    const p = await pool({ workers: 1, reserved: 0, heavyMs: 100, entry: SLOW });
    expect(p.classify({ q: 'giải ngân' })).toBe('light');
    expect(p.classify({ q: 'giải ngân', limit: 1000 })).toBe('heavy');
    expect(p.classify({ q: 'giải ngân', partial: false })).toBe('heavy');
    expect(p.classify({ q: 'a '.repeat(250) })).toBe('heavy');
    await p.search({ q: 'cham lại' });
    expect(p.classify({ q: 'cham lại' })).toBe('heavy');
  });
});

describe('the app over a search pool', () => {
  let app: Running;
  let p: SearchPool;
  beforeAll(async () => {
    p = await pool({ workers: 1, reserved: 0, maxQueue: 1, deadlineMs: 300, entry: SLOW });
    app = await listen(createApp({ searcher: p, entities: p.entities, logError: () => {} }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers cheap requests while the search worker is stuck, and 503 with Retry-After when the queue is full', async () => {
    const stuck = fetch(app.url + '/api/search?q=treo');
    const queued = fetch(app.url + '/api/search?q=treo%202');
    // Both sent before the cheap ones: wait until the pool holds them.
    while (p.poolStats().running + p.poolStats().queued.light < 2) await new Promise((r) => setTimeout(r, 10));
    const full = await fetch(app.url + '/api/search?q=treo%203');
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('2');
    expect((await full.json()).error).toMatch(/đang bận/);
    expect((await fetch(app.url + '/healthz')).status).toBe(200);
    expect((await (await fetch(app.url + '/api/suggest?q=giai')).json()).suggestions.length).toBeGreaterThan(0);
    const doc = engine.search({ q: 'giải ngân' }).hits[0].doc;
    expect((await fetch(app.url + '/doc/' + encodeURIComponent(doc))).status).toBe(200);
    expect((await fetch(app.url + '/static/style.css')).status).not.toBe(500);
    const [a, b] = await Promise.all([stuck, queued]);
    expect([a.status, b.status]).toEqual([503, 503]);
    expect((await a.json()).error).toMatch(/quá nhiều thời gian/);
  });

  it('answers a stopped search on the HTML page with the message in Vietnamese, not a stack trace', async () => {
    const res = await fetch(app.url + '/?q=treo');
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toMatch(/quá nhiều thời gian/);
    expect(html).not.toMatch(/at .*\.ts|Error:/);
    await p.ready();
    expect((await fetch(app.url + '/api/search?q=gi%E1%BA%A3i%20ng%C3%A2n')).status).toBe(200);
  });
});
