// Measures the read the PostgreSQL store's next read path rests on: posting lists stored per document
// and term (the rows the loader would write), read for every term a query's ranking asks of the index,
// from every shard at once over their own connections. Writes the rows of an embedded index of the same
// collection into a side table `bench_postings` on each server that holds paragraphs (the shard of a
// document is where its paragraphs are), times each query of a log, and drops the table. Prints
// figures, asserts nothing.
//   node --import tsx scripts/bench/pg-postings.ts --db URL --index DIR [--queries FILE] [--runs N] [--keep]
// --index: the embedded index of the folder loaded into URL (npm run index -- --input DIR --out INDEX);
// --runs: each query timed N times, the median kept (default 3); --keep: leave the table for another run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { bigram, EXACT, FIELDS, FOLDED, PAIR } from '../../src/index/fields.js';
import { loadIndex } from '../../src/index/store.js';
import { expandWithGlossary, loadGlossary } from '../../src/search/glossary.js';
import { parseQuery } from '../../src/search/query.js';
import { QueryError } from '../../src/search/results.js';
import { connect } from '../../src/store/postgres/connection.js';
import { readMeta } from '../../src/store/postgres/schema.js';
import { percentile } from './stats.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, index: { type: 'string' }, queries: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' } } });
if (!values.db || !values.index) throw new Error('give --db URL --index DIR');
const client = await connect(values.db);
const meta = await readMeta(client);
if (!meta) throw new Error('the database holds no collection');
const queries = readFileSync(values.queries ?? '/work/shared/bench/queries-gazette.txt', 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const runs = Number(values.runs ?? 3);

// The servers holding paragraph tables: each shard as the catalog names it, or the coordinator alone.
const urls = Number(meta.shards)
  ? (
      await client.query<{ url: string }>(
        `SELECT 'postgresql://postgres@localhost/' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'dbname') || '?host=' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'host') || '&port=' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'port') AS url FROM pg_foreign_server ORDER BY srvname`,
      )
    ).rows.map((r) => r.url)
  : [values.db];
const servers = await Promise.all(urls.map((url) => connect(url)));
const ids = new Map((await client.query<{ id: string; doc: string }>('SELECT id, doc FROM documents')).rows.map((r) => [r.doc, Number(r.id)]));
// Which server holds each document: where its paragraphs are.
const home = new Map<number, number>();
for (const [k, s] of servers.entries()) for (const r of (await s.query<{ doc_id: string }>('SELECT DISTINCT doc_id FROM paragraphs')).rows) home.set(Number(r.doc_id), k);

const index = loadIndex(values.index);
const table = index.paragraphs;
const hex = (a: Uint32Array | Uint16Array) => `\\\\x${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')}`;

// Writes one row per document, field and term: the document's paragraph numbers (u32) and frequencies (u16).
async function write(): Promise<{ rows: number; bytes: number; seconds: number }> {
  const t0 = performance.now();
  const streams = servers.map((s) => s.query(copyFrom('COPY bench_postings (doc_id, key, ids, tfs) FROM STDIN')));
  const done = streams.map((st) => new Promise<void>((resolve, reject) => (st.on('finish', resolve), st.on('error', reject))));
  const chunks = servers.map(() => [] as string[]);
  let rows = 0;
  let bytes = 0;
  const flush = async (k: number) => {
    if (!streams[k].write(chunks[k].join(''))) await new Promise((r) => streams[k].once('drain', r));
    chunks[k] = [];
  };
  for (const f of FIELDS) {
    const c = index.index.fields[f];
    for (let i = 0; i < c.terms.size; i++) {
      const key = `${f}:${c.terms.term(i)}`.replace(/[\\\t\n\r]/g, ' ');
      let from = c.starts[i];
      const end = c.starts[i + 1];
      while (from < end) {
        const d = table.docIndex(c.ids[from]);
        let to = from + 1;
        while (to < end && table.docIndex(c.ids[to]) === d) to++;
        const docId = ids.get(table.doc(c.ids[from]));
        if (docId !== undefined) {
          const k = home.get(docId) ?? 0;
          const numbers = Uint32Array.from(c.ids.subarray(from, to), (n) => table.columns.paragraph[n]);
          const tfs = c.tfs.slice(from, to);
          chunks[k].push(`${docId}\t${key}\t${hex(numbers)}\t${hex(tfs)}\n`);
          rows++;
          bytes += numbers.byteLength + tfs.byteLength;
          if (chunks[k].length >= 4096) await flush(k);
        }
        from = to;
      }
    }
  }
  for (const [k, st] of streams.entries()) {
    await flush(k);
    st.end();
  }
  await Promise.all(done);
  for (const s of servers) {
    await s.query('CREATE INDEX bench_postings_key ON bench_postings (key)');
    await s.query('ANALYZE bench_postings');
  }
  return { rows, bytes, seconds: (performance.now() - t0) / 1000 };
}

const exists = (await servers[0].query<{ t: string | null }>(`SELECT to_regclass('bench_postings')::text AS t`)).rows[0].t;
if (!exists) {
  for (const s of servers) await s.query('CREATE TABLE bench_postings (doc_id bigint NOT NULL, key text NOT NULL, ids bytea NOT NULL, tfs bytea NOT NULL)');
  const w = await write();
  console.log(`wrote ${w.rows.toLocaleString('en-US')} rows (${(w.bytes / 1024 / 1024).toFixed(1)} MB of postings) to ${servers.length} server(s) in ${w.seconds.toFixed(1)} s`);
}
const size = await Promise.all(servers.map(async (s) => Number((await s.query(`SELECT pg_total_relation_size('bench_postings') AS b`)).rows[0].b)));
console.log(`bench_postings on disk: ${(size.reduce((a, b) => a + b, 0) / 1024 / 1024).toFixed(0)} MB`);

// The keys a query's ranking asks of the index: every folded word of every glossary form with its
// compound parts, its exact form, and the word pairs inside a form and across adjacent groups.
const glossary = loadGlossary();
function keysOf(q: string): string[] {
  const keys = new Set<string>();
  for (const c of parseQuery(q).clauses) {
    const groups = expandWithGlossary(c.words, glossary);
    groups.forEach((g, i) => {
      for (const a of g.alternatives) {
        a.words.forEach((w, j) => {
          keys.add(`${FOLDED}:${w.term}`);
          keys.add(`${EXACT}:${w.exact}`);
          for (const p of w.parts) keys.add(`${FOLDED}:${p}`);
          if (j > 0) keys.add(`${PAIR}:${bigram(a.words[j - 1].term, w.term)}`);
        });
        if (i > 0) for (const b of groups[i - 1].alternatives) keys.add(`${PAIR}:${bigram(b.words[b.words.length - 1].term, a.words[0].term)}`);
      }
    });
  }
  return [...keys];
}

// Reads a query's rows from every server at once, and decodes them into typed arrays.
async function read(keys: string[]): Promise<{ rows: number; entries: number }> {
  const parts = await Promise.all(servers.map((s: pg.Client) => s.query<{ doc_id: string; key: string; ids: Buffer; tfs: Buffer }>('SELECT doc_id, key, ids, tfs FROM bench_postings WHERE key = ANY($1::text[])', [keys])));
  let rows = 0;
  let entries = 0;
  for (const p of parts) {
    for (const r of p.rows) {
      const list = new Uint32Array(r.ids.buffer.slice(r.ids.byteOffset, r.ids.byteOffset + r.ids.byteLength));
      entries += list.length;
      rows++;
    }
  }
  return { rows, entries };
}

const times: number[] = [];
const entries: number[] = [];
const slow: [number, string, number][] = [];
let refused = 0;
for (const q of queries) {
  let keys: string[];
  try {
    keys = keysOf(q);
  } catch (e) {
    if (e instanceof QueryError) {
      refused++;
      continue;
    }
    throw e;
  }
  const own: number[] = [];
  let got = { rows: 0, entries: 0 };
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    got = await read(keys);
    own.push(performance.now() - t0);
  }
  own.sort((a, b) => a - b);
  const median = own[Math.floor(own.length / 2)];
  times.push(median);
  entries.push(got.entries);
  slow.push([median, q, got.entries]);
}
const f = (n: number): string => n.toFixed(1);
times.sort((a, b) => a - b);
entries.sort((a, b) => a - b);
console.log(`${servers.length} server(s) read at once; ${times.length} queries (${refused} refused), median of ${runs} runs each`);
console.log(`posting entries per query: p50 ${percentile(entries, 0.5)}  p95 ${percentile(entries, 0.95)}  max ${entries[entries.length - 1]}`);
console.log(`ms: p50 ${f(percentile(times, 0.5))}  p95 ${f(percentile(times, 0.95))}  p99 ${f(percentile(times, 0.99))}`);
console.log('slowest:');
for (const [ms, q, n] of slow.sort((a, b) => b[0] - a[0]).slice(0, 5)) console.log(`  ${f(ms)} ms  ${n} entries  «${q.slice(0, 80)}»`);
if (!values.keep) for (const s of servers) await s.query('DROP TABLE bench_postings');
await Promise.all(servers.map((s) => s.end()));
await client.end();
