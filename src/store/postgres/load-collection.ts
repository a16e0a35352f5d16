// `npm run index -- --input DIR --db postgres://…`: loads a folder into a PostgreSQL database with the
// project's own ingest and analyzer, incrementally (only files whose content changed are read; documents
// whose files are gone are dropped), one document per transaction, streaming each with COPY.
import type { BuildStep, FileDone } from '../../index/build-progress.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { IngestProblem } from '../../ingest/records.js';
import type { ReadOptions } from '../../ingest/read.js';
import { walkFolder } from '../../ingest/read.js';
import { sourceHash } from '../../ingest/readers/index.js';
import type { FieldMapping } from '../../ingest/fields.js';
import { IngestPool, ingestForIndex, type IngestedFile } from '../../index/ingest-pool.js';
import { ParagraphTable } from '../../index/paragraph-table.js';
import { ANALYZER_VERSION } from '../../text/analyzer.js';
import { DocumentWriter, type StoredDocument } from './document-writer.js';
import { VectorWriter } from './paragraph-vectors.js';
import { createSchema, type TextIndexMethod } from './schema.js';
import { connect } from './connection.js';
import { foldVocabulary } from './vocabulary-changes.js';

/** Options of loadCollection(). */
export interface LoadOptions {
  /** Folder of documents to load. */
  input: string;
  /** Connection string of the database (the coordinator when sharded). */
  db: string;
  /** Connection strings of shard servers, used only when the database holds no collection yet (default none: one server). */
  shards?: string[];
  /** Index of the folded tsvectors, used only when the database holds no collection yet (default as createSchema). */
  textIndex?: TextIndexMethod;
  /** Files larger than this many bytes are reported, not read; default as the embedded build (50 MB). */
  maxBytes?: number;
  /** Follow symbolic links whose target lies outside `input` (default false, as the embedded build). */
  followLinksOutside?: boolean;
  /** Field mapping for .jsonl records (src/ingest/fields.ts); default none. */
  fields?: FieldMapping;
  /** Read, clean and chunk files on worker threads while this thread writes (default true). */
  workers?: boolean;
  /** Called after each file, and once the vocabulary is folded, for progress reporting; default none. */
  onFile?: (info: FileDone | BuildStep) => void;
  /**
   * A long load folds the vocabulary changes of the documents it committed this often, in ms, so that
   * servers see their spellings before it ends; a fold costs about one summing of the collection's
   * counts (default 60,000; it always folds at the end).
   */
  foldEveryMs?: number;
  /** Called inside each document's transaction just before COMMIT (see DocumentWriterOptions); default none. */
  beforeCommit?: (doc: string) => void | Promise<void>;
}

/** What a load did. */
export interface LoadReport {
  files: number;
  problems: IngestProblem[];
  /** Files left as they were: their content is what the database holds. */
  reused: number;
  /** Files read in this run. */
  ingested: number;
  /** Documents written (added or replaced) in this run. */
  written: number;
  /** Documents dropped: their files are gone, changed or unreadable. */
  removed: number;
  /** Documents and paragraphs the database holds afterwards. */
  documents: number;
  paragraphs: number;
  ms: number;
}

/** Thrown when another load holds the database; the message says so in Vietnamese. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

// Key of the advisory lock that lets one load at a time write a database (as .index.lock does a folder).
const LOAD_LOCK = 0x76677331;
// Files read ahead of the one being written: enough to keep the workers busy, few enough to bound memory.
const READ_AHEAD = 4;


/** Loads `input` into the database at `db` (see the file's opening comment). */
export async function loadCollection(options: LoadOptions): Promise<LoadReport> {
  const t0 = performance.now();
  const client = await connect(options.db);
  try {
    const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOAD_LOCK])).rows[0].ok;
    if (!locked) throw new StoreLockedError('Một tiến trình nạp khác đang ghi vào cơ sở dữ liệu này; hãy đợi nó xong rồi chạy lại.');
    return await loadLocked(client, options, t0);
  } finally {
    await client.end();
  }
}

async function loadLocked(client: pg.Client, options: LoadOptions, t0: number): Promise<LoadReport> {
  const meta = await createSchema(client, { shards: options.shards, textIndex: options.textIndex });
  const writer = new DocumentWriter(client, { sharded: Number(meta.shards) > 0, beforeCommit: options.beforeCommit });
  await writer.purgeOrphans();
  // Changes a load that stopped recorded but did not fold.
  await foldVocabulary(client);
  // Documents analyzed by another analyzer version hold other terms, which the statistics count: the
  // collection is emptied (one transaction) and every file read again.
  if (meta.analyzer !== ANALYZER_VERSION) await emptyCollection(client);
  const stored = await storedDocuments(client);
  const listing = await walkFolder(options.input, { followLinksOutside: options.followLinksOutside });
  const read = { maxBytes: options.maxBytes, fields: options.fields };
  const report: LoadReport = { files: listing.files.length, problems: [...listing.skipped], reused: 0, ingested: 0, written: 0, removed: 0, documents: 0, paragraphs: 0, ms: 0 };
  const toRead = await changedFiles(options.input, listing.files, stored, read);
  report.reused = listing.files.length - toRead.length;
  const pool = options.workers !== false && toRead.length > 1 ? new IngestPool(options.input, read) : undefined;
  const pending = new Map<string, Promise<IngestedFile>>();
  const ahead = (from: number): void => {
    for (let k = from; k < Math.min(toRead.length, from + READ_AHEAD); k++) {
      const file = toRead[k];
      if (pending.has(file)) continue;
      const p = pool ? pool.ingest(file) : ingestForIndex(options.input, file, read);
      p.catch(() => undefined);
      pending.set(file, p);
    }
  };
  try {
    let done = report.reused;
    let foldedAt = performance.now();
    for (const [k, file] of toRead.entries()) {
      if (performance.now() - foldedAt >= (options.foldEveryMs ?? 60_000)) {
        await foldVocabulary(client);
        foldedAt = performance.now();
      }
      ahead(k);
      const before = new Map((stored.get(file) ?? []).map((d) => [d.doc, d]));
      let got: IngestedFile | undefined;
      let problem: IngestProblem | undefined;
      try {
        got = await (pending.get(file) as Promise<IngestedFile>);
      } catch (e) {
        problem = { file, reason: (e as Error).message };
        report.problems.push(problem);
      }
      pending.delete(file);
      if (got) await writeFile(writer, file, got, before, report);
      // Documents the file no longer yields (or all of them, when it could not be read).
      for (const old of before.values()) {
        await writer.remove(old);
        report.removed++;
      }
      stored.delete(file);
      options.onFile?.({ kind: 'file', file, done: ++done, total: listing.files.length, bytes: got?.bytes ?? 0, documents: got?.documents.length ?? 0, paragraphs: got?.tokens.counts.length ?? 0, reused: false, problem });
    }
  } finally {
    await pool?.close();
  }
  await removeGone(writer, stored, listing.files, report);
  await foldVocabulary(client);
  options.onFile?.({ kind: 'step', step: 'vocabulary', done: 1, total: 1 });
  await client.query(`INSERT INTO store_meta (key, value) VALUES ('input', $1), ('analyzer', $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [path.resolve(options.input), ANALYZER_VERSION]);
  const totals = (await client.query<{ documents: string; paragraphs: string }>('SELECT documents, paragraphs FROM collection_stats')).rows[0];
  report.documents = Number(totals.documents);
  report.paragraphs = Number(totals.paragraphs);
  report.ms = performance.now() - t0;
  return report;
}

// The documents the database holds, by the file they came from.
async function storedDocuments(client: pg.Client): Promise<Map<string, StoredDocument[]>> {
  const stored = new Map<string, StoredDocument[]>();
  for (const row of (await client.query<StoredDocument & { id: string }>('SELECT id, doc, file, hash FROM documents ORDER BY id')).rows) {
    const list = stored.get(row.file) ?? [];
    list.push({ ...row, id: Number(row.id) });
    stored.set(row.file, list);
  }
  return stored;
}

// The files whose documents the database does not hold as they are now (hashing is far cheaper than reading).
async function changedFiles(input: string, files: readonly string[], stored: Map<string, StoredDocument[]>, read: ReadOptions): Promise<string[]> {
  const toRead: string[] = [];
  for (const file of files) {
    const before = stored.get(file);
    let same = false;
    if (before) {
      try {
        const hash = await sourceHash(input, file, await readFile(path.join(input, file)), read);
        same = before.every((d) => d.hash === hash);
      } catch {
        // Unreadable now: reading it again reports why.
      }
    }
    if (!same) toRead.push(file);
  }
  return toRead;
}

// Writes the documents of a file read again, each in its own transaction; `before` keeps those it no longer yields.
async function writeFile(writer: DocumentWriter, file: string, got: IngestedFile, before: Map<string, StoredDocument>, report: LoadReport): Promise<void> {
  report.ingested++;
  for (const p of got.problems) report.problems.push(p);
  const table = new ParagraphTable(got.paragraphs);
  const vectors = new VectorWriter(got.tokens);
  let from = 0;
  for (const document of got.documents) {
    const count = document.paragraphs;
    const old = before.get(document.doc);
    before.delete(document.doc);
    // A document of a .jsonl already written by a load that stopped part-way through its file.
    if (old && old.hash === document.hash) vectors.skip(count);
    else {
      const paragraphs = Array.from({ length: count }, (_, i) => table.get(from + i));
      await writer.write({ document, file, paragraphs, vectors }, old);
      report.written++;
    }
    from += count;
  }
}

// Removes the documents of files gone from the folder (the files read were taken off `stored`).
async function removeGone(writer: DocumentWriter, stored: Map<string, StoredDocument[]>, files: readonly string[], report: LoadReport): Promise<void> {
  const listed = new Set(files);
  for (const [file, docs] of stored) {
    if (listed.has(file)) continue;
    for (const old of docs) {
      await writer.remove(old);
      report.removed++;
    }
  }
}

// Every document, paragraph and statistic, in one transaction (TRUNCATE reaches the shards through postgres_fdw).
async function emptyCollection(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('TRUNCATE paragraphs, postings, documents, orphans, term_stats, vocabulary_changes, vocabulary_patches');
    await client.query('UPDATE vocabulary_state SET version = version + 1, layout = NULL, counts = NULL, vocabulary = NULL');
    await client.query('UPDATE collection_stats SET documents = 0, paragraphs = 0, len_f = 0, len_x = 0, len_b = 0');
    await client.query(`UPDATE store_meta SET value = $1 WHERE key = 'analyzer'`, [ANALYZER_VERSION]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
