// Loading a folder into PostgreSQL: the same documents, paragraphs, statistics and vocabulary as the
// embedded index of that folder, on one server and across shards; a second run reads only what changed.
import { cpSync, mkdtempSync, rmSync, unlinkSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/index/build.js';
import { loadIndex, type StoredIndex } from '../../../src/index/store.js';
import { FIELDS } from '../../../src/index/fields.js';
import { connect } from '../../../src/store/postgres/connection.js';
import { loadCollection } from '../../../src/store/postgres/load-collection.js';
import { readCollectionStats } from '../../../src/store/postgres/term-stats.js';
import { readVocabulary } from '../../../src/store/postgres/vocabulary-reads.js';
import { countedFrequencies, embeddedFrequencies, paragraphCounts, storedFrequencies } from './collection-checks.js';
import { startTestCluster, type TestCluster } from './pg-fixture.js';

const SEEDS = path.resolve(import.meta.dirname, '../../../seeds');
const scratch = mkdtempSync(path.join(tmpdir(), 'pg-load-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The embedded index of a folder, built fresh.
async function embedded(input: string): Promise<StoredIndex> {
  const out = mkdtempSync(path.join(scratch, 'index-'));
  await buildIndex({ input, out, workers: false });
  return loadIndex(out);
}

// The database holds what the embedded index of the same folder holds.
async function expectSameAsEmbedded(client: pg.ClientBase, index: StoredIndex): Promise<void> {
  const stored = await storedFrequencies(client);
  const expected = embeddedFrequencies(index);
  for (const f of FIELDS) expect(stored[f], `document frequencies of field ${f}`).toEqual(expected[f]);
  const counted = await countedFrequencies(client);
  expect(counted.f).toEqual(expected.f);
  expect(counted.x).toEqual(expected.x);
  const stats = await readCollectionStats(client);
  expect(stats.documents).toBe(index.documents.length);
  expect(stats.paragraphs).toBe(index.paragraphs.length);
  for (const f of FIELDS) expect(stats.averageLength[f]).toBeCloseTo(index.index.averageLength(f), 9);
  const rows = (await client.query('SELECT d.doc, p.paragraph, p.heading, p.text, p.start_offset, p.end_offset, p.kind FROM paragraphs p JOIN documents d ON d.id = p.doc_id')).rows;
  const byId = new Map(rows.map((r) => [`${r.doc}#p${r.paragraph}`, r]));
  expect(byId.size).toBe(index.paragraphs.length);
  for (const p of index.paragraphs) {
    const r = byId.get(p.id);
    expect(r, p.id).toBeDefined();
    expect([r.heading, r.text, r.start_offset, r.end_offset, r.kind]).toEqual([p.heading, p.text, p.start, p.end, p.kind]);
  }
  const docs = (await client.query('SELECT doc, hash, title, record FROM documents ORDER BY doc')).rows;
  expect(docs.map((d) => d.record)).toEqual([...index.documents].sort((a, b) => (a.doc < b.doc ? -1 : 1)));
  for (const c of await paragraphCounts(client)) expect(c.stored, c.doc).toBe(c.promised);
  // The posting rows of committed documents hold, per term, as many paragraphs as the embedded index's lists.
  const postings = (await client.query<{ key: string; n: string }>('SELECT key, sum(length(ids) / 4) AS n FROM postings p JOIN documents d ON d.id = p.doc_id GROUP BY key')).rows;
  for (const f of FIELDS) {
    const rows = new Map(postings.filter((r) => r.key.startsWith(`${f}:`)).map((r) => [r.key.slice(2), Number(r.n)]));
    expect(rows, `posting rows of field ${f}`).toEqual(expected[f]);
  }
  // The vocabulary, folded from what each document added and took away, is the one a full build finishes.
  expect((await readVocabulary(client)).vocabulary).toEqual(index.vocabulary);
  expect((await client.query('SELECT count(*)::int AS n FROM vocabulary_changes')).rows[0].n).toBe(0);
}

describe.each([0, 1, 2])('loading the seeds into PostgreSQL with %i shard(s)', (shards) => {
  let cluster: TestCluster;
  let client: pg.Client;
  let seedsIndex: StoredIndex;
  beforeAll(async () => {
    cluster = await startTestCluster(shards);
    client = await connect(cluster.url);
    seedsIndex = await embedded(SEEDS);
  });
  afterAll(async () => {
    await client?.end();
    await cluster?.stop();
  });

  it('stores the documents, paragraphs and statistics of the embedded index', async () => {
    const report = await loadCollection({ input: SEEDS, db: cluster.url, shards: cluster.shardUrls, workers: false });
    expect(report).toMatchObject({ files: 5, ingested: 5, written: 5, removed: 0, documents: 5, paragraphs: seedsIndex.paragraphs.length });
    await expectSameAsEmbedded(client, seedsIndex);
    const layout = (await client.query(`SELECT count(*)::int AS n FROM pg_foreign_table ft JOIN pg_inherits i ON i.inhrelid = ft.ftrelid WHERE i.inhparent = 'paragraphs'::regclass`)).rows[0].n;
    expect(layout).toBe(shards);
  });

  it('reads again only the files that changed, and drops the documents of removed files', async () => {
    const folder = mkdtempSync(path.join(scratch, 'seeds-'));
    cpSync(SEEDS, folder, { recursive: true });
    const [first, second] = readdirSync(folder).sort();
    await loadCollection({ input: folder, db: cluster.url, workers: false });
    const unchanged = await loadCollection({ input: folder, db: cluster.url, workers: false });
    expect(unchanged).toMatchObject({ reused: 5, ingested: 0, written: 0, removed: 0 });
    const before = await readVocabulary(client);
    appendFileSync(path.join(folder, first), '\n\nĐoạn bổ sung về giải ngân vốn đầu tư công năm 2026.\n');
    unlinkSync(path.join(folder, second));
    const changed = await loadCollection({ input: folder, db: cluster.url, workers: false });
    expect(changed).toMatchObject({ files: 4, reused: 3, ingested: 1, written: 1, removed: 1, documents: 4 });
    const index = await embedded(folder);
    await expectSameAsEmbedded(client, index);
    // A server holding the vocabulary from before applies the fold's patch, and one whose patches are gone reads the whole.
    const patches = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM vocabulary_patches WHERE version > $1', [before.version])).rows[0].n;
    expect(patches).toBe(1);
    expect((await readVocabulary(client, before)).vocabulary).toEqual(index.vocabulary);
    await client.query('DELETE FROM vocabulary_patches');
    expect((await readVocabulary(client, before)).vocabulary).toEqual(index.vocabulary);
  });

  it('folds the vocabulary while a long load goes on, not only at its end', async () => {
    const folder = mkdtempSync(path.join(scratch, 'seeds-'));
    cpSync(SEEDS, folder, { recursive: true });
    for (const f of readdirSync(folder)) appendFileSync(path.join(folder, f), `\n\nĐoạn thêm của tệp ${f} về giải ngân.\n`);
    const versions: number[] = [];
    const version = async () => Number((await client.query('SELECT version FROM vocabulary_state')).rows[0].version);
    // Every file after the first is a new version: each document's transaction sees the folds of the files before it.
    await loadCollection({ input: folder, db: cluster.url, workers: false, foldEveryMs: 0, beforeCommit: async () => void versions.push(await version()) });
    expect(versions).toHaveLength(5);
    expect(versions.slice(1).every((v, i) => v > versions[i])).toBe(true);
    await expectSameAsEmbedded(client, await embedded(folder));
  });
});
