// What a server keeps in memory of a collection in PostgreSQL: its documents (a few hundred bytes each,
// so tens of thousands fit) and its statistics, read again whenever a load commits a change.
import type pg from 'pg';
import type { DocumentRecord } from '../../ingest/records.js';
import type { CollectionStatistics } from '../../index/paragraph-index.js';
import { ANALYZER_VERSION } from '../../text/analyzer.js';
import { checkMeta, readMeta, SchemaError } from './schema.js';

/** The documents and statistics of a collection at one moment. */
export interface CollectionSnapshot {
  /** Documents in store order (their ids ascending: the order they were loaded in). */
  documents: DocumentRecord[];
  /** Store id of each document, by its doc. */
  ids: Map<string, number>;
  /** Paragraphs of each document, by its doc. */
  paragraphCounts: Map<string, number>;
  /** Documents by store id. */
  byId: Map<number, DocumentRecord>;
  statistics: CollectionStatistics;
  documentCount: number;
  /** Changes with every committed load of a document: the row version of collection_stats. */
  marker: string;
}

interface StatsRow {
  marker: string;
  documents: string;
  paragraphs: string;
  len_f: string;
  len_x: string;
  len_b: string;
}

// collection_stats is updated in the transaction of every document added, replaced or removed, so the
// version of its row (xmin) tells whether anything changed since the last look, in one cheap read.
const STATS = 'SELECT xmin::text AS marker, documents, paragraphs, len_f, len_x, len_b FROM collection_stats';

/** Throws SchemaError unless the database holds a collection of this schema and analyzer. */
export async function checkCollection(client: pg.ClientBase): Promise<void> {
  const meta = await readMeta(client);
  if (!meta) throw new SchemaError('Cơ sở dữ liệu này chưa có bộ văn bản nào: hãy nạp bằng npm run index -- --input THƯ_MỤC --db …');
  checkMeta(meta);
  if (meta.analyzer !== ANALYZER_VERSION) {
    throw new SchemaError(`Bộ văn bản được nạp bằng bộ phân tích ${meta.analyzer}, phiên bản này dùng ${ANALYZER_VERSION}: hãy nạp lại (npm run index -- --input THƯ_MỤC --db … --full).`);
  }
}

/** The collection's documents and statistics, or `previous` itself when nothing changed since it was read. */
export async function readSnapshot(client: pg.ClientBase, previous?: CollectionSnapshot): Promise<CollectionSnapshot> {
  const first = (await client.query<StatsRow>(STATS)).rows[0];
  if (previous && previous.marker === first.marker) return previous;
  // The statistics and the documents of one moment: a load may commit between two reads.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let s: StatsRow;
  let rows: { id: string; paragraphs: number; record: DocumentRecord }[];
  try {
    s = (await client.query<StatsRow>(STATS)).rows[0];
    rows = (await client.query<{ id: string; paragraphs: number; record: DocumentRecord }>('SELECT id, paragraphs, record FROM documents ORDER BY id')).rows;
  } finally {
    await client.query('COMMIT');
  }
  const paragraphs = Number(s.paragraphs);
  const average = (sum: string): number => (paragraphs ? Number(sum) / paragraphs : 0);
  const snapshot: CollectionSnapshot = {
    documents: [],
    ids: new Map(),
    paragraphCounts: new Map(),
    byId: new Map(),
    statistics: { paragraphs, averageLength: { f: average(s.len_f), x: average(s.len_x), b: average(s.len_b) } },
    documentCount: Number(s.documents),
    marker: s.marker,
  };
  for (const r of rows) {
    const id = Number(r.id);
    snapshot.documents.push(r.record);
    snapshot.ids.set(r.record.doc, id);
    snapshot.paragraphCounts.set(r.record.doc, r.paragraphs);
    snapshot.byId.set(id, r.record);
  }
  return snapshot;
}
