// The tables of a collection in PostgreSQL. One database holds one collection, as one --out folder does.
// Paragraphs are hash-partitioned by document: local partitions on one server, or foreign partitions
// (postgres_fdw), one per shard server, so that PostgreSQL's catalog alone says where a document lives.
import type pg from 'pg';
import { connect } from './connection.js';
import { ANALYZER_VERSION } from '../../text/analyzer.js';

/** Version of these tables; a database made by another version is refused with what to do. */
export const SCHEMA_VERSION = '4';

/** Access method of the index on the folded tsvector (see README, PostgreSQL store, for the measurements that chose GIN). */
export type TextIndexMethod = 'gin' | 'rum';

/** Default access method of the folded tsvector's index. */
export const DEFAULT_TEXT_INDEX: TextIndexMethod = 'gin';

/** Local hash partitions of the paragraphs on a server without shards. */
export const LOCAL_PARTITIONS = 4;

/** Thrown when a database holds tables this version cannot use; the message says what to do. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

// The paragraph columns, on the coordinator's partitioned table and on each shard's table alike.
const PARAGRAPH_COLUMNS = `
  doc_id bigint NOT NULL,
  paragraph integer NOT NULL,
  heading text[] NOT NULL,
  text text NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  kind text NOT NULL,
  notes jsonb,
  len_f integer NOT NULL,
  len_x integer NOT NULL,
  len_b integer NOT NULL,
  fragment boolean NOT NULL,
  folded tsvector NOT NULL,
  exact tsvector NOT NULL`;

// The posting lists of each document, one row per field and term: the documents' paragraph numbers
// holding the term (u32, little-endian, ascending) and how often each holds it (u16), as written by
// posting-rows.ts. `key` is the field letter, ':' and the term as a lexeme ('f:giai', 'x:giải',
// 'b:giai+ngan'). Placed like the paragraphs (same hash of doc_id), so a document's rows share its shard.
const POSTING_COLUMNS = `
  doc_id bigint NOT NULL,
  key text NOT NULL,
  ids bytea NOT NULL,
  tfs bytea NOT NULL`;

/** The posting columns in the order the loader's COPY writes them. */
export const POSTING_COPY_COLUMNS = ['doc_id', 'key', 'ids', 'tfs'] as const;

/** The paragraph columns in the order the loader's COPY writes them. */
export const PARAGRAPH_COPY_COLUMNS = ['doc_id', 'paragraph', 'heading', 'text', 'start_offset', 'end_offset', 'kind', 'notes', 'len_f', 'len_x', 'len_b', 'fragment', 'folded', 'exact'] as const;

// Tables that live on the coordinator only: documents, statistics, and the bookkeeping of loads.
const COORDINATOR_TABLES = `
  CREATE TABLE store_meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE SEQUENCE document_ids;
  CREATE TABLE documents (
    id bigint PRIMARY KEY,
    doc text NOT NULL UNIQUE,
    file text NOT NULL,
    hash text NOT NULL,
    title text NOT NULL,
    date text,
    type text,
    number text,
    body text,
    paragraphs integer NOT NULL,
    record jsonb NOT NULL
  );
  CREATE INDEX documents_file ON documents (file);
  -- Places and persons named in each paragraph, as the embedded build's recognizer finds them
  -- (src/entities): small beside the text, so they stay on the coordinator, and go with their document.
  CREATE TABLE mentions (
    doc_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    paragraph integer NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    variant text NOT NULL,
    role text NOT NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL
  );
  CREATE INDEX mentions_doc ON mentions (doc_id);
  -- Document ids whose paragraphs may exist without a document row: written before a document's
  -- paragraphs, removed in the transaction that commits its row; the next load deletes what is left.
  CREATE TABLE orphans (doc_id bigint PRIMARY KEY);
  -- Paragraphs holding each term, per field (f folded, x exact, b word pair): BM25's document frequencies.
  -- Room left in each page, so that updating a count can stay on its page (a HOT update, no index entry).
  CREATE TABLE term_stats (field "char" NOT NULL, term text NOT NULL, df integer NOT NULL, PRIMARY KEY (field, term)) WITH (fillfactor = 70);
  CREATE TABLE collection_stats (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    documents bigint NOT NULL,
    paragraphs bigint NOT NULL,
    len_f bigint NOT NULL,
    len_x bigint NOT NULL,
    len_b bigint NOT NULL
  );
  INSERT INTO collection_stats VALUES (true, 0, 0, 0, 0, 0);
  -- The vocabulary (spellings of words and phrases: query units, completions, "did you mean") is
  -- finished from counts of the whole collection, which no single document's transaction can update
  -- cheaply. Each transaction that adds or removes a document records its counts here, signed; the
  -- load folds them into vocabulary_state (vocabulary-changes.ts).
  CREATE TABLE vocabulary_changes (id bigserial PRIMARY KEY, sign smallint NOT NULL CHECK (sign IN (-1, 1)), layout jsonb NOT NULL, counts bytea NOT NULL);
  -- The collection's vocabulary counts (VocabularyCounts columns, packed; layout says where each
  -- column is) and the vocabulary finished from them (encodeVocabulary's JSON); version counts the folds.
  CREATE TABLE vocabulary_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL,
    layout jsonb,
    counts bytea,
    vocabulary bytea
  );
  INSERT INTO vocabulary_state (version) VALUES (0);
  -- What each of the last folds changed in the vocabulary (a VocabularyPatch as JSON, taking version - 1
  -- to version): a server that holds the vocabulary of an earlier version applies them rather than read
  -- and parse the whole again (vocabulary-reads.ts).
  CREATE TABLE vocabulary_patches (version bigint PRIMARY KEY, patch bytea NOT NULL);`;

/** The statement that indexes the folded tsvector of `table` with `method`. */
export function textIndexSql(table: string, method: TextIndexMethod): string {
  return method === 'rum' ? `CREATE INDEX ${table}_folded ON ${table} USING rum (folded rum_tsvector_ops)` : `CREATE INDEX ${table}_folded ON ${table} USING gin (folded)`;
}

/** Where a shard server is, read from its connection string (postgres://user:password@host:port/db or ?host=/socket/dir&port=N). */
export interface ShardAddress {
  host: string;
  port: string;
  dbname: string;
  user: string;
  password?: string;
}

/** Reads a shard's connection string into the options of a postgres_fdw server and user mapping. */
export function shardAddress(url: string): ShardAddress {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || 'postgres';
  return {
    host: u.searchParams.get('host') ?? (u.hostname || 'localhost'),
    port: u.searchParams.get('port') ?? (u.port || '5432'),
    dbname: decodeURIComponent(u.pathname.slice(1)) || user,
    user,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

// A literal for DDL, where parameters cannot go (server options); the values come from the operator's own URLs.
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Options of createSchema(). */
export interface SchemaOptions {
  /** Connection strings of the shard servers; none keeps the paragraphs on the coordinator (default none). */
  shards?: string[];
  /** Access method of the folded tsvector's index (default DEFAULT_TEXT_INDEX). */
  textIndex?: TextIndexMethod;
}

/** What store_meta says of a database, or undefined when it holds no collection's tables yet. */
export async function readMeta(client: pg.ClientBase): Promise<Record<string, string> | undefined> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('store_meta')::text AS t`);
  if (!exists.rows[0].t) return undefined;
  const rows = (await client.query<{ key: string; value: string }>('SELECT key, value FROM store_meta')).rows;
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/**
 * Creates the tables of a collection in the coordinator's database (and each shard's) unless they are
 * there; throws SchemaError when the database holds tables of another schema or analyzer version, or
 * of another layout than asked. Each server's DDL is one transaction.
 */
export async function createSchema(coordinator: pg.ClientBase, options: SchemaOptions = {}): Promise<Record<string, string>> {
  const shards = options.shards ?? [];
  const method = options.textIndex ?? DEFAULT_TEXT_INDEX;
  const meta = await readMeta(coordinator);
  if (meta) {
    checkMeta(meta);
    if (options.shards && Number(meta.shards) !== shards.length) throw new SchemaError(`Cơ sở dữ liệu đã có bộ sưu tập với ${meta.shards} phân mảnh (shard), không phải ${shards.length}.`);
    return meta;
  }
  for (const url of shards) {
    const shard = await connect(url);
    try {
      await shard.query('BEGIN');
      if (method === 'rum') await shard.query('CREATE EXTENSION IF NOT EXISTS rum');
      await shard.query(`CREATE TABLE paragraphs (${PARAGRAPH_COLUMNS}, PRIMARY KEY (doc_id, paragraph))`);
      await shard.query(textIndexSql('paragraphs', method));
      await shard.query(`CREATE TABLE postings (${POSTING_COLUMNS}, PRIMARY KEY (doc_id, key))`);
      await shard.query('CREATE INDEX postings_key ON postings (key)');
      await shard.query('COMMIT');
    } catch (e) {
      await shard.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await shard.end();
    }
  }
  await coordinator.query('BEGIN');
  try {
    await coordinator.query(COORDINATOR_TABLES);
    await coordinator.query(`CREATE TABLE paragraphs (${PARAGRAPH_COLUMNS}${shards.length ? '' : ', PRIMARY KEY (doc_id, paragraph)'}) PARTITION BY HASH (doc_id)`);
    await coordinator.query(`CREATE TABLE postings (${POSTING_COLUMNS}${shards.length ? '' : ', PRIMARY KEY (doc_id, key)'}) PARTITION BY HASH (doc_id)`);
    if (shards.length) {
      await coordinator.query('CREATE EXTENSION IF NOT EXISTS postgres_fdw');
      // The coordinator needs the extension too for postgres_fdw to push RUM's operators down.
      if (method === 'rum') await coordinator.query('CREATE EXTENSION IF NOT EXISTS rum');
      for (const [k, url] of shards.entries()) {
        const a = shardAddress(url);
        const server = `shard_${k + 1}`;
        // async_capable: the shards' scans under an Append run at once; batch_size: inserts travel 1,000 rows at a time.
        const extensions = method === 'rum' ? `, extensions 'rum'` : '';
        await coordinator.query(
          `CREATE SERVER ${server} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ${literal(a.host)}, port ${literal(a.port)}, dbname ${literal(a.dbname)}, async_capable 'true', batch_size '1000', fetch_size '1000'${extensions})`,
        );
        await coordinator.query(`CREATE USER MAPPING FOR PUBLIC SERVER ${server} OPTIONS (user ${literal(a.user)}${a.password ? `, password ${literal(a.password)}` : ''})`);
        await coordinator.query(`CREATE FOREIGN TABLE paragraphs_${k + 1} PARTITION OF paragraphs FOR VALUES WITH (MODULUS ${shards.length}, REMAINDER ${k}) SERVER ${server} OPTIONS (schema_name 'public', table_name 'paragraphs')`);
        await coordinator.query(`CREATE FOREIGN TABLE postings_${k + 1} PARTITION OF postings FOR VALUES WITH (MODULUS ${shards.length}, REMAINDER ${k}) SERVER ${server} OPTIONS (schema_name 'public', table_name 'postings')`);
      }
    } else {
      if (method === 'rum') await coordinator.query('CREATE EXTENSION IF NOT EXISTS rum');
      for (let k = 0; k < LOCAL_PARTITIONS; k++) {
        await coordinator.query(`CREATE TABLE paragraphs_${k + 1} PARTITION OF paragraphs FOR VALUES WITH (MODULUS ${LOCAL_PARTITIONS}, REMAINDER ${k})`);
        await coordinator.query(`CREATE TABLE postings_${k + 1} PARTITION OF postings FOR VALUES WITH (MODULUS ${LOCAL_PARTITIONS}, REMAINDER ${k})`);
      }
      await coordinator.query(textIndexSql('paragraphs', method));
      await coordinator.query('CREATE INDEX postings_key ON postings (key)');
    }
    const values = { schema: SCHEMA_VERSION, analyzer: ANALYZER_VERSION, shards: String(shards.length), text_index: method };
    for (const [key, value] of Object.entries(values)) await coordinator.query('INSERT INTO store_meta (key, value) VALUES ($1, $2)', [key, value]);
    await coordinator.query('COMMIT');
    return values;
  } catch (e) {
    await coordinator.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Throws SchemaError unless the tables are of this schema and analyzer version. */
export function checkMeta(meta: Record<string, string>): void {
  if (meta.schema !== SCHEMA_VERSION) throw new SchemaError(`Cơ sở dữ liệu có lược đồ phiên bản ${meta.schema}, phiên bản này cần ${SCHEMA_VERSION}: hãy nạp lại vào một cơ sở dữ liệu trống.`);
}
