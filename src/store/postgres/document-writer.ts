// Adds, replaces and removes one document at a time, each in one transaction of the coordinator that
// holds its paragraphs, its document row, its share of the statistics and its vocabulary counts (to be
// folded, see vocabulary-changes.ts): a search sees the whole document or none of it, and a load killed
// at any point loses nothing it had committed.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DocumentRecord, ParagraphRecord } from '../../ingest/records.js';
import { tokenizeParagraphs } from '../../index/tokenized.js';
import { FIELDS, type FieldName } from '../../index/fields.js';
import { recognizeDocument } from '../../entities/recognize.js';
import { copyRow, storableText } from './copy-text.js';
import { addCounts, termCounts, VectorWriter, type TermCounts } from './paragraph-vectors.js';
import { PARAGRAPH_COPY_COLUMNS, POSTING_COPY_COLUMNS } from './schema.js';
import { applyCollectionDelta, applyTermCounts, emptyDelta, type CollectionDelta } from './term-stats.js';
import { indexTexts } from '../../index/paragraph-indexer.js';
import { postingRows } from './posting-rows.js';
import { isFragment } from '../../search/fragment.js';
import { recordVocabularyChange } from './vocabulary-changes.js';

/** A document as the database holds it. */
export interface StoredDocument {
  id: number;
  doc: string;
  file: string;
  hash: string;
}

/** A document to write: its record, its paragraphs in order, and a writer positioned at its first paragraph's vectors. */
export interface DocumentToWrite {
  document: DocumentRecord;
  file: string;
  paragraphs: readonly ParagraphRecord[];
  vectors: VectorWriter;
}

// Rows sent to COPY in chunks of about this many characters.
const CHUNK = 1 << 18;

/** Options of DocumentWriter. */
export interface DocumentWriterOptions {
  /**
   * True when the paragraphs live on shards (foreign partitions): rows are then COPYed into a temporary
   * table and moved with one INSERT … SELECT, which postgres_fdw sends in batches, where a COPY into the
   * partitioned table would send them one at a time (PostgreSQL 15). Default false.
   */
  sharded?: boolean;
  /** Called inside each document's transaction once everything is written, just before COMMIT (tests kill a load there); default none. */
  beforeCommit?: (doc: string) => void | Promise<void>;
}

/** Writes documents through one connection to the coordinator (see the file's opening comment). */
export class DocumentWriter {
  private readonly staged = new Set<string>();

  constructor(
    private readonly client: pg.ClientBase,
    private readonly options: DocumentWriterOptions = {},
  ) {}

  /**
   * Writes a document, replacing `old` (the same document as loaded before) when given. The new rows
   * get a new document id; the old rows stay until the new ones are committed, then go.
   */
  async write(next: DocumentToWrite, old?: StoredDocument): Promise<void> {
    const c = this.client;
    const id = Number((await c.query<{ id: string }>(`SELECT nextval('document_ids') AS id`)).rows[0].id);
    // Committed first, so that rows of this id left on a shard by a crash at commit are found and removed.
    await c.query('INSERT INTO orphans (doc_id) VALUES ($1)', [id]);
    await this.transaction(async () => {
      const counts = termCounts();
      const delta = await this.copyParagraphs(id, next, counts);
      // The document's own index: its posting rows, and its share of the vocabulary's counts.
      const own = indexTexts(next.paragraphs.map((p) => p.text));
      await this.copyInto('postings', POSTING_COPY_COLUMNS, postingRows(id, own.index, next.paragraphs.map((p) => p.paragraph)));
      await recordVocabularyChange(c, 1, own.counts);
      if (old) {
        const before = await this.storedCounts(old.id);
        addCounts(counts, before.counts, -1);
        subtract(delta, before.delta);
        await recordVocabularyChange(c, -1, indexTexts(before.texts).counts);
        await c.query('DELETE FROM documents WHERE id = $1', [old.id]);
        await c.query('INSERT INTO orphans (doc_id) VALUES ($1)', [old.id]);
      }
      await applyTermCounts(c, counts);
      await applyCollectionDelta(c, delta);
      const d = next.document;
      await c.query(
        `INSERT INTO documents (id, doc, file, hash, title, date, type, number, body, paragraphs, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, d.doc, next.file, d.hash, storableText(d.title), d.date ?? null, d.type ?? null, d.number ?? null, d.body ?? null, d.paragraphs, JSON.stringify(d).replace(/\\u0000/g, ' ')],
      );
      await writeMentions(c, id, next);
      await c.query('DELETE FROM orphans WHERE doc_id = $1', [id]);
      await this.options.beforeCommit?.(d.doc);
    });
    if (old) await this.purge(old.id);
  }

  /** Removes a document: its row and statistics in one transaction, then its paragraphs. */
  async remove(old: StoredDocument): Promise<void> {
    const c = this.client;
    await this.transaction(async () => {
      const before = await this.storedCounts(old.id);
      const out = termCounts();
      addCounts(out, before.counts, -1);
      const delta = emptyDelta();
      subtract(delta, before.delta);
      await recordVocabularyChange(c, -1, indexTexts(before.texts).counts);
      await applyTermCounts(c, out);
      await applyCollectionDelta(c, delta);
      await c.query('DELETE FROM documents WHERE id = $1', [old.id]);
      await c.query('INSERT INTO orphans (doc_id) VALUES ($1)', [old.id]);
    });
    await this.purge(old.id);
  }

  /** Deletes the paragraphs of every document id left in `orphans` (by a load that stopped). */
  async purgeOrphans(): Promise<number> {
    const ids = (await this.client.query<{ doc_id: string }>('SELECT doc_id FROM orphans ORDER BY doc_id')).rows.map((r) => Number(r.doc_id));
    for (const id of ids) await this.purge(id);
    return ids.length;
  }

  // The paragraphs of a document id no document row names, and its orphan mark, in one transaction.
  private async purge(id: number): Promise<void> {
    await this.transaction(async () => {
      await this.client.query('DELETE FROM paragraphs WHERE doc_id = $1', [id]);
      await this.client.query('DELETE FROM postings WHERE doc_id = $1', [id]);
      await this.client.query('DELETE FROM orphans WHERE doc_id = $1', [id]);
    });
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    await this.client.query('BEGIN');
    try {
      await body();
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  // Streams the document's paragraph rows with COPY; counts their terms into `counts` and returns what they add to the totals.
  private async copyParagraphs(id: number, next: DocumentToWrite, counts: TermCounts): Promise<CollectionDelta> {
    const delta = emptyDelta();
    delta.documents = 1;
    function* rows(): Generator<string> {
      for (const p of next.paragraphs) {
        const v = next.vectors.paragraph(counts);
        countParagraph(delta, v.lengths);
        const notes = p.footnotes || p.footnoteOf ? JSON.stringify({ footnotes: p.footnotes, footnoteOf: p.footnoteOf }) : null;
        // Whether it says nothing by itself (search/fragment.ts), decided here once: a search then need not read its text to rank it.
        const fragment = isFragment(p.kind, v.lengths.f, () => p.text) ? 't' : 'f';
        yield copyRow([id, p.paragraph, p.heading, p.text, p.start, p.end, p.kind, notes, v.lengths.f, v.lengths.x, v.lengths.b, fragment, v.folded, v.exact]);
      }
    }
    await this.copyInto('paragraphs', PARAGRAPH_COPY_COLUMNS, rows());
    return delta;
  }

  // Streams rows into a table with COPY, in chunks; on shards through a temporary table (see DocumentWriterOptions.sharded).
  private async copyInto(table: 'paragraphs' | 'postings', columns: readonly string[], rows: Iterable<string>): Promise<void> {
    const c = this.client;
    const sharded = this.options.sharded === true;
    if (sharded && !this.staged.has(table)) {
      await c.query(`CREATE TEMPORARY TABLE IF NOT EXISTS staged_${table} (LIKE ${table}) ON COMMIT DELETE ROWS`);
      this.staged.add(table);
    }
    const target = sharded ? `staged_${table}` : table;
    const stream = c.query(copyFrom(`COPY ${target} (${columns.join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    let chunk = '';
    for (const row of rows) {
      chunk += row;
      if (chunk.length >= CHUNK) {
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
        chunk = '';
      }
    }
    stream.end(chunk);
    await done;
    if (sharded) await c.query(`INSERT INTO ${table} SELECT * FROM staged_${table}`);
  }

  // What a stored document adds to the statistics, from its stored texts analyzed again as at loading; and the texts.
  private async storedCounts(id: number): Promise<{ counts: TermCounts; delta: CollectionDelta; texts: string[] }> {
    const texts = (await this.client.query<{ text: string }>('SELECT text FROM paragraphs WHERE doc_id = $1 ORDER BY paragraph', [id])).rows.map((r) => r.text);
    const counts = termCounts();
    const delta = emptyDelta();
    delta.documents = 1;
    const vectors = new VectorWriter(tokenizeParagraphs(texts));
    while (vectors.remaining) {
      const v = vectors.paragraph(counts);
      countParagraph(delta, v.lengths);
    }
    return { counts, delta, texts };
  }
}

// The places and persons the document names, found by the embedded build's recognizer, in its transaction.
async function writeMentions(c: pg.ClientBase, id: number, next: DocumentToWrite): Promise<void> {
  const mentions = recognizeDocument(next.paragraphs.map((p) => p.text), next.document.signer);
  if (!mentions.length) return;
  const column = <T>(pick: (m: (typeof mentions)[number]) => T): T[] => mentions.map(pick);
  await c.query(
    `INSERT INTO mentions (doc_id, paragraph, kind, name, variant, role, start_offset, end_offset)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])`,
    [id, column((m) => next.paragraphs[m.paragraph].paragraph), column((m) => m.kind), column((m) => storableText(m.name)), column((m) => storableText(m.variant)), column((m) => storableText(m.role)), column((m) => m.start), column((m) => m.end)],
  );
}

// One more paragraph of these lengths in the totals.
function countParagraph(d: CollectionDelta, lengths: Record<FieldName, number>): void {
  d.paragraphs++;
  for (const f of FIELDS) d.lengths[f] += lengths[f];
}

// a -= b
function subtract(a: CollectionDelta, b: CollectionDelta): void {
  a.documents -= b.documents;
  a.paragraphs -= b.paragraphs;
  for (const f of FIELDS) a.lengths[f] -= b.lengths[f];
}
