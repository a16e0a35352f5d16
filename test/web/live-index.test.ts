// A running server picks up an index rebuilt into its folder without a restart, whole: each request
// is served by one index from start to end, and a rebuilt index that fails its checks is refused
// while the old one goes on being served.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import type { Searcher, SearchResponse } from '../../src/search/results.js';
import { createApp } from '../../src/web/app.js';
import { LiveIndex } from '../../src/web/live-index.js';
import { listen, type Running } from './fixture.js';

let dir: string;
let input: string;
let out: string;
let live: LiveIndex;
let app: Running;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'live-index-test-'));
  input = path.join(dir, 'in');
  mkdirSync(input);
  writeFileSync(path.join(input, 'a.txt'), 'Giải ngân vốn đầu tư công.');
  out = path.join(dir, 'out');
  await buildIndex({ input, out, workers: false });
  live = (await LiveIndex.open(out, { settleMs: 20, log: (m) => logged.push(m), logError: (m) => logged.push(m) })).watch();
  app = await listen(createApp({ searcher: () => live.current.searcher, entities: () => live.current.entities, logError: () => {} }));
});
afterAll(async () => {
  live?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const documents = async () => ((await (await fetch(`${app.url}/healthz`)).json()) as { documents: number }).documents;

// Waits until `check` holds, or fails after `ms`.
async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached in ${ms} ms; log: ${logged.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('LiveIndex', () => {
  it('serves an index rebuilt into its folder without a restart', async () => {
    expect(await documents()).toBe(1);
    writeFileSync(path.join(input, 'b.txt'), 'Kế hoạch phát triển kinh tế xã hội tỉnh Lai Châu.');
    await buildIndex({ input, out, workers: false });
    await until(async () => (await documents()) === 2);
    const res = (await (await fetch(`${app.url}/api/search?q=${encodeURIComponent('Lai Châu')}`)).json()) as { total: number };
    expect(res.total).toBe(1);
  });

  it('keeps serving the old index when the rebuilt one fails its checksum, and says why', async () => {
    const served = live.current.manifest.build;
    writeFileSync(path.join(input, 'c.txt'), 'Ủy ban nhân dân tỉnh Điện Biên.');
    // A build made aside, its columns file damaged, then put in place data files first, manifest last.
    const scratch = path.join(dir, 'scratch');
    const { manifest } = await buildIndex({ input, out: scratch, workers: false });
    const columns = readFileSync(path.join(scratch, manifest.files.columns));
    columns[columns.length >> 1] ^= 0xff;
    for (const f of Object.values(manifest.files)) writeFileSync(path.join(out, f), f === manifest.files.columns ? columns : readFileSync(path.join(scratch, f)));
    writeFileSync(path.join(out, 'manifest.json'), readFileSync(path.join(scratch, 'manifest.json')));
    await until(() => logged.some((l) => l.includes(`${manifest.files.columns} sai tổng kiểm tra`)));
    expect(logged.at(-1)).toContain(`không nạp được; vẫn phục vụ bản ${served}.`);
    expect(live.current.manifest.build).toBe(served);
    expect(await documents()).toBe(2);
  });
});

describe('LiveIndex with a search pool', () => {
  it('serves a delta segment written beside the main one, from its workers, without a restart', async () => {
    const folder = path.join(dir, 'pool-in');
    mkdirSync(folder);
    for (let i = 0; i < 5; i++) writeFileSync(path.join(folder, `d${i}.txt`), `Báo cáo số ${i} về giải ngân vốn đầu tư công.`);
    const index = path.join(dir, 'pool-out');
    await buildIndex({ input: folder, out: index, workers: false });
    const served = (await LiveIndex.open(index, { settleMs: 20, pool: { workers: 1 }, log: (m) => logged.push(m), logError: (m) => logged.push(m) })).watch();
    try {
      const total = async (q: string) => (await served.searcher.search({ q })).total;
      expect(await total('Lai Châu')).toBe(0);
      writeFileSync(path.join(folder, 'd2.txt'), 'Kế hoạch phát triển kinh tế xã hội tỉnh Lai Châu.');
      writeFileSync(path.join(folder, 'e.txt'), 'Tỉnh Lai Châu giải ngân vốn đầu tư công.');
      const run = await buildIndex({ input: folder, out: index, workers: false, mergeShare: 1 });
      expect(run.segment).toBe('delta');
      await until(() => served.current.manifest.build === run.manifest.build);
      expect(served.current.pool).toBeDefined();
      expect(await total('Lai Châu')).toBe(2);
      expect(await total('giải ngân')).toBe(5);
    } finally {
      await served.close();
    }
  });
});

describe('createApp with a getter', () => {
  it('reads the getter once per request, so one request never mixes two indexes', async () => {
    const calls: string[] = [];
    const fake = (name: string): Searcher => ({
      search: () => (calls.push(`${name}.search`), { query: '', total: 0, totalNear: 0, totalPartial: 0, tookMs: 0, units: [], hits: [], perDocument: [], didYouMean: null, filters: {} }) as unknown as SearchResponse,
      suggest: () => [],
      document: (doc) => (calls.push(`${name}.document`), { document: { doc, title: doc, meta: {} }, paragraphs: [{ paragraph: 1, text: 'a', heading: [], kind: 'body' }] }) as never,
      highlight: () => (calls.push(`${name}.highlight`), []),
      fullMatches: () => (calls.push(`${name}.fullMatches`), { total: 0, documents: [], filters: {} }),
      paragraphsAt: () => [],
      outline: () => (calls.push(`${name}.outline`), []),
      stats: () => (calls.push(`${name}.stats`), { documents: 1, paragraphs: 1 }),
    });
    const first = fake('old');
    const second = fake('new');
    let reads = 0;
    // The index changes after the first read: every later read gets the new one.
    const running = await listen(createApp({ searcher: () => (reads++ === 0 ? first : second), logError: () => {} }));
    try {
      await fetch(`${running.url}/doc/x.txt?q=a`);
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.every((c) => c.startsWith('old.'))).toBe(true);
      calls.length = 0;
      await fetch(`${running.url}/?q=a`);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.every((c) => c.startsWith('new.'))).toBe(true);
    } finally {
      await running.close();
    }
  });
});
