// The read side of the stored posting lists (posting-rows.ts writes them), and of what a search needs
// besides them: the layout of a document's paragraphs (everything but their texts) and the texts of
// the paragraphs a search verifies or shows (read-cache.ts keeps both kinds of read for later queries).
import type pg from 'pg';
import type { ParagraphRecord } from '../../ingest/records.js';
import { kindCode } from '../../index/paragraph-table.js';
import { keyNumber, type ParagraphKey } from './paragraph-reads.js';
import type { PostingRead } from './read-plan.js';
import { readEveryShard, type ShardPool } from './shard-pools.js';

/** One document's posting list of one term, as stored (posting-rows.ts): little-endian u32 paragraph numbers, ascending, and u16 frequencies. */
export interface PostingRow {
  docId: number;
  key: string;
  ids: Buffer;
  tfs: Buffer;
}

/**
 * The posting rows the statements `reads` say (planned by read-plan.ts; `docId` narrows one to a
 * document), read from every shard at once. (In text: node-pg decodes every field of a binary result
 * as UTF-8 first, which garbled posting rows of large results.)
 */
export async function readPostings(shards: readonly ShardPool[], reads: readonly (PostingRead & { docId?: number })[]): Promise<PostingRow[]> {
  return inBatches(shards, reads, 1, async (c, [read]) => {
    const values: unknown[] = [read.keys];
    let sql = 'SELECT doc_id, key, ids, tfs FROM postings WHERE key = ANY($1::text[])';
    if (read.docId !== undefined) sql += ` AND doc_id = $${values.push(read.docId)}`;
    if (read.after !== undefined) sql += ` AND doc_id > $${values.push(read.after)}`;
    if (read.upTo !== undefined) sql += ` AND doc_id <= $${values.push(read.upTo)}`;
    const { rows } = await c.query<{ doc_id: string; key: string; ids: Buffer; tfs: Buffer }>(sql, values);
    return rows.map((r) => ({ docId: Number(r.doc_id), key: r.key, ids: r.ids, tfs: r.tfs }));
  });
}

// Runs `read` over `list` in batches of `size` on every shard at once, one batch after another on each:
// a statement's time counts while the client is still parsing rows, so batches side by side would
// each wait on the parsing of all of them.
async function inBatches<K, R>(shards: readonly ShardPool[], list: readonly K[], size: number, read: (c: pg.PoolClient, batch: K[]) => Promise<R[]>): Promise<R[]> {
  if (!list.length) return [];
  const parts = await readEveryShard(shards, async (c) => {
    const rows: R[] = [];
    for (let i = 0; i < list.length; i += size) for (const r of await read(c, list.slice(i, i + size))) rows.push(r);
    return rows;
  });
  return parts.flat();
}

/**
 * A document's paragraphs without their texts, by paragraph number - 1: what the view of the collection
 * holds of every paragraph (lengths for BM25, kinds, headings), kept in memory (a few dozen bytes a
 * paragraph) since a document's rows never change under its id.
 */
export interface DocumentLayout {
  count: number;
  /** Distinct heading paths; `heading` holds indexes into it. */
  headings: string[][];
  heading: Uint32Array;
  kind: Uint8Array;
  start: Uint32Array;
  end: Uint32Array;
  notes: Map<number, Pick<ParagraphRecord, 'footnotes' | 'footnoteOf'>>;
  lengths: { f: Uint32Array; x: Uint32Array; b: Uint32Array };
  /** The MD5 of each text (16 bytes each), computed on its server: identical texts (collapse) are told without reading them. */
  hash: Buffer;
  /** Whether each paragraph says nothing by itself (search/fragment.ts, decided at loading). */
  fragment: Uint8Array;
  /** The texts of its headings, by index: a search reads the headings above every paragraph it ranks (their words are its context), and they are short. */
  headingText: Map<number, string>;
}

interface LayoutRow {
  doc_id: string;
  paragraph: number;
  heading: string[];
  start_offset: number;
  end_offset: number;
  kind: ParagraphRecord['kind'];
  notes: Pick<ParagraphRecord, 'footnotes' | 'footnoteOf'> | null;
  len_f: number;
  len_x: number;
  len_b: number;
  fragment: boolean;
  hash: string;
  heading_text: string | null;
}

/** The layouts of these documents (a document without paragraphs is left out), read from every shard at once. */
export async function readLayouts(shards: readonly ShardPool[], docIds: readonly number[]): Promise<Map<number, DocumentLayout>> {
  const out = new Map<number, DocumentLayout>();
  if (!docIds.length) return out;
  const sql = `SELECT doc_id, paragraph, heading, start_offset, end_offset, kind, notes, len_f, len_x, len_b, fragment, md5(text) AS hash, CASE WHEN kind = 'heading' THEN text END AS heading_text
       FROM paragraphs WHERE doc_id = ANY($1::bigint[]) ORDER BY doc_id, paragraph`;
  // A document's rows are all on one shard.
  for (const rows of await readEveryShard(shards, async (c) => (await c.query<LayoutRow>(sql, [docIds])).rows)) {
    for (let i = 0; i < rows.length; ) {
      let j = i;
      while (j < rows.length && rows[j].doc_id === rows[i].doc_id) j++;
      out.set(Number(rows[i].doc_id), layoutOf(rows.slice(i, j)));
      i = j;
    }
  }
  return out;
}

// One document's layout from its rows, in paragraph order.
function layoutOf(rows: readonly LayoutRow[]): DocumentLayout {
  const n = rows.length;
  const l: DocumentLayout = {
    count: n,
    headings: [],
    heading: new Uint32Array(n),
    kind: new Uint8Array(n),
    start: new Uint32Array(n),
    end: new Uint32Array(n),
    notes: new Map(),
    lengths: { f: new Uint32Array(n), x: new Uint32Array(n), b: new Uint32Array(n) },
    hash: Buffer.alloc(n * 16),
    fragment: Uint8Array.from(rows, (r) => (r.fragment ? 1 : 0)),
    headingText: new Map(),

  };
  const paths = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = r.heading.join('\u0000');
    let h = paths.get(key);
    if (h === undefined) paths.set(key, (h = l.headings.push(r.heading) - 1));
    l.heading[i] = h;
    l.kind[i] = kindCode(r.kind);
    l.start[i] = r.start_offset;
    l.end[i] = r.end_offset;
    if (r.notes) l.notes.set(i, { ...(r.notes.footnotes ? { footnotes: r.notes.footnotes } : {}), ...(r.notes.footnoteOf ? { footnoteOf: r.notes.footnoteOf } : {}) });
    l.lengths.f[i] = r.len_f;
    l.lengths.x[i] = r.len_x;
    l.lengths.b[i] = r.len_b;
    l.hash.write(r.hash, i * 16, 'hex');
    if (r.heading_text !== null) l.headingText.set(i, r.heading_text);
  });
  return l;
}

// Texts one statement reads: about a quarter of a second of work, well within the statement timeout however many a query verifies.
const TEXT_BATCH = 10_000;

/** The texts of these paragraphs, by keyNumber(), read from every shard at once (a paragraph no longer stored is left out). */
export async function readTexts(shards: readonly ShardPool[], keys: readonly ParagraphKey[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!keys.length) return out;
  // Each shard looks every key up in its primary key (doc_id, paragraph); it holds the rows of its own documents only.
  const sql = 'SELECT p.doc_id, p.paragraph, p.text FROM paragraphs p JOIN unnest($1::bigint[], $2::int[]) AS k(doc_id, paragraph) ON p.doc_id = k.doc_id AND p.paragraph = k.paragraph';
  const rows = await inBatches(shards, keys, TEXT_BATCH, async (c, batch) => (await c.query<{ doc_id: string; paragraph: number; text: string }>(sql, [batch.map((k) => k.docId), batch.map((k) => k.paragraph)])).rows);
  for (const r of rows) out.set(keyNumber({ docId: Number(r.doc_id), paragraph: r.paragraph }), r.text);
  return out;
}
