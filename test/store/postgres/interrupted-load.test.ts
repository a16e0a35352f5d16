// A load killed with -9 in the middle of a document's transaction: the documents committed before it
// stay whole and searchable, the one in flight leaves nothing, the statistics count exactly what is
// there, and the next run finishes the load and folds the vocabulary of every committed document.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/index/build.js';
import { FIELDS } from '../../../src/index/fields.js';
import { loadIndex } from '../../../src/index/store.js';
import { connect } from '../../../src/store/postgres/connection.js';
import { loadCollection } from '../../../src/store/postgres/load-collection.js';
import { createSchema } from '../../../src/store/postgres/schema.js';
import { readCollectionStats } from '../../../src/store/postgres/term-stats.js';
import { readVocabulary } from '../../../src/store/postgres/vocabulary-reads.js';
import { countedFrequencies, embeddedFrequencies, paragraphCounts, storedFrequencies } from './collection-checks.js';
import { startTestCluster, type TestCluster } from './pg-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEEDS = path.join(ROOT, 'seeds');
let cluster: TestCluster;
const scratch = mkdtempSync(path.join(tmpdir(), 'pg-interrupted-test-'));

beforeAll(async () => {
  cluster = await startTestCluster(2);
  // The sharded layout is made first, so that the killed load writes across shards.
  const client = await connect(cluster.url);
  await createSchema(client, { shards: cluster.shardUrls });
  await client.end();
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a load killed with -9 inside a document transaction', () => {
  it('keeps the committed documents whole, leaves nothing of the one in flight, and the next run finishes', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/pg-stalled-load.ts', SEEDS, cluster.url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const stalledOn = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /stalled before committing (.+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`the load ended (code ${code}) before stalling: ${out}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const client = await connect(cluster.url);
    try {
      // The server ends the dead client's transaction when it notices the connection is gone.
      for (let i = 0; i < 50 && (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`)).rows[0].n > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const counts = await paragraphCounts(client);
      expect(counts.map((c) => c.doc)).toHaveLength(2);
      expect(counts.map((c) => c.doc)).not.toContain(stalledOn);
      for (const c of counts) expect(c.stored, c.doc).toBe(c.promised);
      // Nothing of the document in flight, not even rows no document row names.
      expect((await client.query('SELECT count(*)::int AS n FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.doc_id)')).rows[0].n).toBe(0);
      const stored = await storedFrequencies(client);
      const counted = await countedFrequencies(client);
      expect(stored.f).toEqual(counted.f);
      expect(stored.x).toEqual(counted.x);
      expect((await readCollectionStats(client)).paragraphs).toBe(counts.reduce((n, c) => n + c.stored, 0));
      // The committed documents' vocabulary counts wait to be folded: the killed load never reached its fold.
      expect((await client.query('SELECT count(*)::int AS n FROM vocabulary_changes')).rows[0].n).toBe(2);

      const report = await loadCollection({ input: SEEDS, db: cluster.url, workers: false });
      expect(report).toMatchObject({ reused: 2, written: 3, documents: 5 });
      await buildIndex({ input: SEEDS, out: scratch, workers: false });
      const index = loadIndex(scratch);
      const expected = embeddedFrequencies(index);
      const after = await storedFrequencies(client);
      for (const f of FIELDS) expect(after[f]).toEqual(expected[f]);
      // The next run folded the killed load's changes with its own: the vocabulary of a full build.
      expect((await readVocabulary(client)).vocabulary).toEqual(index.vocabulary);
    } finally {
      await client.end();
    }
  });
});
