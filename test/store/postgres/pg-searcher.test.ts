// The PostgreSQL store searched by the embedded index's own engine: on the seeds across two shards it
// answers every question as the embedded index does; it sees a committed load within a second; a
// stopped shard gives a 503 naming it within 2 s, and searches work again once the shard is back.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/index/build.js';
import { documentMarks, OverloadError } from '../../../src/search/async-searcher.js';
import { EntityIndex, ENTITY_KINDS } from '../../../src/entities/entity-index.js';
import { SearchEngine } from '../../../src/search/engine.js';
import type { SearchRequest } from '../../../src/search/results.js';
import { startCluster, stopCluster } from '../../../src/store/postgres/local-cluster.js';
import { loadCollection } from '../../../src/store/postgres/load-collection.js';
import { PgSearcher } from '../../../src/store/postgres/pg-searcher.js';
import { createApp } from '../../../src/web/app.js';
import { listen } from '../../web/fixture.js';
import { startTestCluster, type TestCluster } from './pg-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEEDS = path.join(ROOT, 'seeds');
// Beyond the development set: a glossary form, a phrase, an exclusion, folded typing, a document
// number, a number typed in another format, a function word alone, a question, a filter of the syntax.
// Misspellings of every word ('giảu ngâm' for 'giải ngân') test "did you mean" beyond the part a
// query reads first: the corrections lie in paragraphs that hold none of the typed words.
const EXTRA = ['UBND tỉnh Lai Châu', '"giải ngân"', '-covid giải ngân', 'giai ngan', '01/NQ-CP', '9447 ha', 'của', 'tăng trưởng kinh tế quý I', 'năm:2023 vốn đầu tư', 'giải nagn', 'giảu ngâm', 'giaj ngam', 'tăg trươg', 'Lai Chou'];
const DEV = (JSON.parse(readFileSync(path.join(ROOT, '../shared/eval/dev-queries.json'), 'utf8')) as { queries: { q: string }[] }).queries.map((q) => q.q);
const QUERIES = [...DEV, ...EXTRA];
// The shapes of request the pages and the API send.
const SHAPES: Omit<SearchRequest, 'q'>[] = [{ limit: 50 }, { limit: 10, offset: 5, perDocument: 2 }, { limit: 10, sort: 'newest' }, { limit: 20, collapse: true, facets: 5 }, { limit: 20, filters: { from: '2023-01', to: '2023-12' } }, { limit: 20, filters: { entity: 'place:tỉnh Lai Châu' } }];

let cluster: TestCluster;
let searcher: PgSearcher;
let engine: SearchEngine;
let entities: EntityIndex;
const scratch = mkdtempSync(path.join(tmpdir(), 'pg-searcher-test-'));

beforeAll(async () => {
  cluster = await startTestCluster(2);
  await loadCollection({ input: SEEDS, db: cluster.url, shards: cluster.shardUrls, workers: false });
  await buildIndex({ input: SEEDS, out: path.join(scratch, 'index'), workers: false });
  entities = EntityIndex.load(path.join(scratch, 'index'));
  engine = SearchEngine.load(path.join(scratch, 'index'), { entities });
  searcher = await PgSearcher.open({ url: cluster.url, refreshMs: 100 });
}, 120_000);
afterAll(async () => {
  await searcher?.close();
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const answer = async <T>(run: () => T | Promise<T>): Promise<T | { refused: string }> => {
  try {
    return await run();
  } catch (e) {
    return { refused: (e as Error).message };
  }
};
const withoutTime = (r: object) => ({ ...r, tookMs: 0 });
// Waits up to 1 s for `holds`.
const until = async (holds: () => boolean): Promise<void> => {
  const t0 = Date.now();
  while (Date.now() - t0 < 1000 && !holds()) await new Promise((r) => setTimeout(r, 20));
};

describe('PgSearcher on the seeds across two shards', () => {
  it('answers every query of the development set, and more, exactly as the embedded engine does', async () => {
    for (const q of QUERIES) {
      for (const shape of SHAPES) {
        const embedded = await answer(() => withoutTime(engine.search({ q, ...shape })));
        const stored = await answer(async () => withoutTime(await searcher.search({ q, ...shape })));
        expect(stored, `${q} ${JSON.stringify(shape)}`).toEqual(embedded);
      }
    }
  });

  it('answers the same when every term is read in runs of a few documents, a statement each', async () => {
    const small = await PgSearcher.open({ url: cluster.url, threads: 0, readBudget: 20, postingCacheMb: 0, textCacheMb: 0 });
    try {
      for (const q of ['giải ngân', 'tăng trưởng kinh tế quý I', 'của', '"vốn đầu tư"']) {
        for (const shape of SHAPES.slice(0, 3)) expect(withoutTime(await small.search({ q, ...shape })), q).toEqual(withoutTime(engine.search({ q, ...shape })));
      }
    } finally {
      await small.close();
    }
  });

  it('lists every full match as the embedded engine does, and reads them back by their ids', async () => {
    for (const q of ['giải ngân', 'Lai Châu', '"vốn đầu tư"']) {
      const embedded = engine.fullMatches({ q });
      const stored = await searcher.fullMatches({ q });
      expect(stored.total).toBe(embedded.total);
      expect(stored.documents.map((d) => [d.doc, d.ids.length])).toEqual(embedded.documents.map((d) => [d.doc, d.ids.length]));
      const read = await searcher.paragraphsAt(stored.documents.flatMap((d) => d.ids));
      expect(read.map((p) => p.paragraph)).toEqual(engine.paragraphsAt(embedded.documents.flatMap((d) => d.ids)).map((p) => p.paragraph));
    }
  });

  it('serves documents, pages of them, their tables of contents and their marks as the embedded engine does', async () => {
    for (const d of engine.search({ q: 'giải ngân', limit: 50 }).perDocument.map((x) => x.doc)) {
      expect(await searcher.document(d)).toEqual(engine.document(d));
      expect(await searcher.document(d, { from: 3, count: 7 })).toEqual(engine.document(d, { from: 3, count: 7 }));
      expect(await searcher.outline(d)).toEqual(engine.outline(d));
      expect(await searcher.documentMarks(d, 'giải ngân vốn', 0, 40)).toEqual(documentMarks(engine, d, 'giải ngân vốn', 0, 40));
    }
    expect(await searcher.document('no-such-document.txt')).toBeUndefined();
    expect(searcher.stats()).toEqual(engine.stats());
  });

  it('knows the places and persons the embedded index knows, with the same mentions', async () => {
    for (const kind of ENTITY_KINDS) {
      const listed = entities.list(kind, '', 100);
      expect(listed.length).toBeGreaterThan(0);
      expect(searcher.entities.list(kind, '', 100)).toEqual(listed);
      for (const e of listed.slice(0, 5)) expect(searcher.entities.get(kind, e.name)).toEqual(entities.get(kind, e.name));
    }
  });

  it('proposes the completions the embedded engine proposes, from the collection\'s vocabulary', async () => {
    for (const typed of ['giải ng', 'giai ngan ', 'Lai C', 'tăng trưởng kinh', 'UBND', 'v', 'xyzq', '']) {
      expect(await searcher.suggest(typed), typed).toEqual(engine.suggest(typed));
    }
    expect(await searcher.suggest('giải ng')).toContain('giải ngân');
  });

  it('answers npm run search -- --db URL with the same JSON as the API of the embedded index', async () => {
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli.ts', 'search', '--db', cluster.url, '--json', '--limit', '5', 'giải ngân'], { cwd: ROOT });
    const hits = (JSON.parse(stdout) as { hits: { id: string }[] }).hits.map((h) => h.id);
    expect(hits).toEqual(engine.search({ q: 'giải ngân', limit: 5 }).hits.map((h) => h.id));
  });

  it('serves the pages and the API over the store, with the same answers', async () => {
    const app = await listen(createApp({ searcher, entities: () => searcher.entities, logError: () => {} }));
    try {
      const place = await fetch(`${app.url}/entity/place/${encodeURIComponent('tỉnh Lai Châu')}`);
      expect(place.status).toBe(200);
      expect(await place.text()).toContain('<mark');
      const api = await fetch(`${app.url}/api/search?q=${encodeURIComponent('giải ngân')}&limit=5`);
      expect(api.status).toBe(200);
      expect(((await api.json()) as { hits: { id: string }[] }).hits.map((h) => h.id)).toEqual(engine.search({ q: 'giải ngân', limit: 5 }).hits.map((h) => h.id));
      const page = await fetch(`${app.url}/?q=${encodeURIComponent('Lai Châu')}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<mark');
      const doc = engine.search({ q: 'Lai Châu' }).hits[0].doc;
      const docPage = await fetch(`${app.url}/doc/${encodeURIComponent(doc)}?q=${encodeURIComponent('Lai Châu')}`);
      expect(docPage.status).toBe(200);
      expect(await docPage.text()).toContain('<mark');
    } finally {
      await app.close();
    }
  });
});

describe('PgSearcher threads', () => {
  it('runs searches on its threads one at a time, in order, and refuses at once what overflows the queue', async () => {
    const small = await PgSearcher.open({ url: cluster.url, threads: 1, maxQueue: 1 });
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => small.search({ q: 'giải ngân' })));
      const answered = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      // One runs, one waits, four are refused with the busy 503.
      expect(answered).toHaveLength(2);
      expect(refused.map((o) => (o.reason as OverloadError).reason)).toEqual(['busy', 'busy', 'busy', 'busy']);
      expect((answered[0] as PromiseFulfilledResult<{ total: number }>).value.total).toBe(engine.search({ q: 'giải ngân' }).total);
    } finally {
      await small.close();
    }
  });
});

describe('PgSearcher while a collection changes', () => {
  it('finds a document within a second of its load committing, and forgets a removed one within a second', async () => {
    const folder = path.join(scratch, 'live');
    cpSync(SEEDS, folder, { recursive: true });
    await loadCollection({ input: folder, db: cluster.url, workers: false });
    // Searched before: the rows of its words are kept from then on, and what the load adds must be read on top of them.
    expect((await searcher.search({ q: 'xoá nhà tạm Hà Giang' })).total).toBe(0);
    writeFileSync(path.join(folder, 'moi.txt'), 'BÁO CÁO MỚI\n\nTỉnh Hà Giang đã hoàn thành chương trình xoá nhà tạm trong tháng Mười.\n');
    await loadCollection({ input: folder, db: cluster.url, workers: false });
    const loaded = Date.now();
    let found = 0;
    while (Date.now() - loaded < 1000 && !found) found = (await searcher.search({ q: 'xoá nhà tạm Hà Giang' })).total;
    expect(found).toBe(1);
    expect(Date.now() - loaded).toBeLessThan(1000);
    // The places named, brought up to date from the new document alone, are those a whole new read finds.
    const fresh = await PgSearcher.open({ url: cluster.url, threads: 0 });
    try {
      await until(() => searcher.stats().documents === fresh.stats().documents);
      for (const kind of ENTITY_KINDS) expect(searcher.entities.list(kind, '', 1000)).toEqual(fresh.entities.list(kind, '', 1000));
      expect(searcher.entities.list('place', '', 1000).map((e) => e.name)).toContain('tỉnh Hà Giang');
    } finally {
      await fresh.close();
    }
    rmSync(path.join(folder, 'moi.txt'));
    await loadCollection({ input: folder, db: cluster.url, workers: false });
    const unloaded = Date.now();
    while (Date.now() - unloaded < 1000 && found) found = (await searcher.search({ q: 'xoá nhà tạm Hà Giang' })).total;
    expect(found).toBe(0);
    expect(Date.now() - unloaded).toBeLessThan(1000);
    // The counts on the home page and the places named follow within the refresh period (100 ms here).
    await until(() => searcher.stats().documents === engine.stats().documents);
    expect(searcher.stats()).toEqual(engine.stats());
    for (const kind of ENTITY_KINDS) expect(searcher.entities.list(kind, '', 1000)).toEqual(entities.list(kind, '', 1000));
  });
});

describe('PgSearcher when a shard stops', () => {
  it('answers 503 naming the shard within 2 s, and searches again once it is back', async () => {
    const app = await listen(createApp({ searcher, logError: () => {} }));
    await stopCluster(cluster.dir, 1);
    try {
      const t0 = Date.now();
      const refused = await answer(() => searcher.search({ q: 'giải ngân' }));
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(refused).toMatchObject({ refused: expect.stringContaining('shard_1') });
      const res = await fetch(`${app.url}/api/search?q=${encodeURIComponent('giải ngân')}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { error: string }).error).toContain('shard_1');
      const page = await fetch(`${app.url}/?q=${encodeURIComponent('giải ngân')}`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('shard_1');
      await expect(searcher.search({ q: 'giải ngân' })).rejects.toBeInstanceOf(OverloadError);
    } finally {
      await app.close();
      await startCluster({ dir: cluster.dir, shards: 2, port: cluster.port, throwaway: true });
    }
    expect((await searcher.search({ q: 'giải ngân' })).total).toBe(engine.search({ q: 'giải ngân' }).total);
  });
});
