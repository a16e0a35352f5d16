// Times the PostgreSQL candidates reader over a query log: each line parsed as the engine parses it,
// every word required (the candidate set of a full match). Prints figures, asserts nothing.
//   node --import tsx scripts/bench/pg-candidates.ts --db URL [--queries FILE] [--index gin|rum] [--runs N] [--phrase] [--count] [--direct]
// --phrase requires each query's words as one phrase; --count only counts the matches in SQL (the cost
// of matching alone, without sending the rows); --index rebuilds the folded tsvector's index with that access method first (default: leave it) and
// reports its build time and size; --runs times each query N times and keeps the median (default 3).
// --direct reads every shard at once over its own connection, as the coordinator's catalog lists them
// (the same positions, cut out on the shard), instead of one statement through the coordinator.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseQuery } from '../../src/search/query.js';
import { QueryError } from '../../src/search/results.js';
import { connect } from '../../src/store/postgres/connection.js';
import { readCandidates } from '../../src/store/postgres/candidates.js';
import { readMeta, textIndexSql, type TextIndexMethod } from '../../src/store/postgres/schema.js';
import { candidateQuery, needleLexemes, phraseNeedle, wordNeedle, type Needle } from '../../src/store/postgres/tsquery.js';
import { percentile } from './stats.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, queries: { type: 'string' }, index: { type: 'string' }, runs: { type: 'string' }, phrase: { type: 'boolean' }, count: { type: 'boolean' }, direct: { type: 'boolean' } } });
if (!values.db) throw new Error('give --db URL');
const client = await connect(values.db);
const meta = await readMeta(client);
if (!meta) throw new Error('the database holds no collection');
const queries = readFileSync(values.queries ?? '/work/shared/bench/queries-gazette.txt', 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const runs = Number(values.runs ?? 3);

// The servers holding paragraph tables: the coordinator alone, or each shard (as the catalog names them).
async function paragraphServers(): Promise<string[]> {
  const shards = Number(meta?.shards ?? 0);
  return shards ? (await client.query<{ url: string }>(`SELECT 'postgresql://postgres@localhost/' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'dbname') || '?host=' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'host') || '&port=' || (SELECT option_value FROM pg_options_to_table(srvoptions) WHERE option_name = 'port') AS url FROM pg_foreign_server ORDER BY srvname`)).rows.map((r) => r.url) : [values.db as string];
}

async function rebuildIndex(method: TextIndexMethod): Promise<void> {
  const targets = await paragraphServers();
  const t0 = performance.now();
  let bytes = 0;
  for (const url of targets) {
    const c = await connect(url);
    if (method === 'rum') await c.query('CREATE EXTENSION IF NOT EXISTS rum');
    await c.query('DROP INDEX IF EXISTS paragraphs_folded');
    await c.query(textIndexSql('paragraphs', method));
    await c.query('ANALYZE paragraphs');
    bytes += Number((await c.query(`SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) AS b FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'paragraphs%folded%'`)).rows[0].b);
    await c.end();
  }
  if (Number(meta?.shards ?? 0) && method === 'rum') await client.query('CREATE EXTENSION IF NOT EXISTS rum');
  await client.query(`UPDATE store_meta SET value = $1 WHERE key = 'text_index'`, [method]);
  meta!.text_index = method;
  console.log(`index ${method}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}
if (values.index) await rebuildIndex(values.index as TextIndexMethod);

// With --direct: one connection per shard, and the committed documents' ids (a shard has no documents table).
const shardClients = values.direct ? await Promise.all((await paragraphServers()).map((url) => connect(url))) : [];
const committed = values.direct ? (await client.query<{ id: string }>('SELECT id FROM documents')).rows.map((r) => r.id) : [];
const DIRECT = `SELECT doc_id, paragraph, kind, heading, len_f, len_x, len_b,
    ts_filter(setweight(folded, 'A', $2::text[]), '{a}') AS f, ts_filter(setweight(exact, 'A', $3::text[]), '{a}') AS x
  FROM paragraphs WHERE folded @@ $1::tsquery AND doc_id = ANY($4::bigint[])`;
async function readDirect(needles: Needle[]): Promise<number> {
  const folded = [...new Set(needles.flatMap((n) => needleLexemes(n, 'f')))];
  const exact = [...new Set(needles.flatMap((n) => needleLexemes(n, 'x')))];
  const parts = await Promise.all(shardClients.map((c) => c.query(DIRECT, [candidateQuery(needles, 'f'), folded, exact, committed])));
  return parts.reduce((n, r) => n + r.rows.length, 0);
}

const times: number[] = [];
let candidates = 0;
let skipped = 0;
const slow: [number, string, number][] = [];
for (const q of queries) {
  let words;
  try {
    words = parseQuery(q).clauses.flatMap((c) => c.words);
  } catch (e) {
    if (e instanceof QueryError) {
      skipped++;
      continue;
    }
    throw e;
  }
  if (!words.length) continue;
  const own: number[] = [];
  let found = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const needles = values.phrase ? [phraseNeedle(words)] : words.map(wordNeedle);
    if (values.count) found = Number((await client.query('SELECT count(*) AS n FROM paragraphs WHERE folded @@ $1::tsquery', [candidateQuery(needles, 'f')])).rows[0].n);
    else if (values.direct) found = await readDirect(needles);
    else found = (await readCandidates(client, { needles })).length;
    own.push(performance.now() - t0);
  }
  own.sort((a, b) => a - b);
  const median = own[Math.floor(own.length / 2)];
  times.push(median);
  candidates += found;
  slow.push([median, q, found]);
}
times.sort((a, b) => a - b);
const f = (n: number): string => n.toFixed(1);
console.log(`${meta.shards} shard(s), ${meta.text_index}${values.phrase ? ', as phrases' : ''}${values.count ? ', count only' : ''}${values.direct ? ', shards read directly' : ''}; ${times.length} queries (${skipped} refused), median of ${runs} runs each`);
console.log(`candidates per query: mean ${f(candidates / times.length)}`);
console.log(`ms: p50 ${f(percentile(times, 0.5))}  p95 ${f(percentile(times, 0.95))}  p99 ${f(percentile(times, 0.99))}  mean ${f(times.reduce((a, b) => a + b, 0) / times.length)}`);
console.log('slowest:');
for (const [ms, q, n] of slow.sort((a, b) => b[0] - a[0]).slice(0, 5)) console.log(`  ${f(ms)} ms  ${n} candidates  «${q}»`);
await Promise.all(shardClients.map((c) => c.end()));
await client.end();
