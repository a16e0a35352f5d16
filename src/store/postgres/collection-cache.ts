// What a server keeps in memory of a collection in PostgreSQL: its documents (a few hundred bytes each,
// so tens of thousands fit), the places and persons they name, and its statistics, brought up to date
// whenever a load commits a change. Only what changed is read: a document's record and mentions never
// change under its id (a replaced document gets a new one, and ids are never reused), so of the ids
// listed only those not held yet are read, and documents no longer listed are dropped.
import type pg from 'pg';
import type { DocumentRecord } from '../../ingest/records.js';
import type { CollectionStatistics } from '../../index/paragraph-index.js';
import { ANALYZER_VERSION } from '../../text/analyzer.js';
import { EntityIndex, type EntityKind } from '../../entities/entity-index.js';
import type { StoredEntities } from '../../entities/entity-store.js';
import { checkMeta, readMeta, SchemaError } from './schema.js';
import { Interner } from '../../util/interner.js';

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
  /** The places and persons named, numbered as the embedded index numbers paragraphs (see globalParagraph). */
  entities: EntityIndex;
  /** Per document store id, the number of its first paragraph in the whole collection's order. */
  firstParagraph: Map<number, number>;
  /** Changes with every committed load of a document: the row version of collection_stats. */
  marker: string;
  /** The mentions of each document, by store id, as read (kept to build the next snapshot's entities). */
  mentions: Map<number, MentionRow[]>;
}

interface MentionRow {
  doc_id: string;
  paragraph: number;
  kind: EntityKind;
  name: string;
  variant: string;
  role: string;
  start_offset: number;
  end_offset: number;
}

// The entities as the embedded index stores them (entity-store.ts), paragraphs numbered in the whole
// collection's order: documents by store id, each document's paragraphs after the previous ones'.
function storedEntities(rows: Iterable<MentionRow>, documents: readonly DocumentRecord[], counts: ReadonlyMap<string, number>, ids: ReadonlyMap<string, number>): { stored: StoredEntities; firstParagraph: Map<number, number> } {
  const firstParagraph = new Map<number, number>();
  let first = 0;
  const docs = documents.map((d) => {
    const paragraphs = counts.get(d.doc) ?? 0;
    const entry = { doc: d.doc, title: d.title, ...(d.date ? { date: d.date } : {}), first, paragraphs };
    firstParagraph.set(ids.get(d.doc) ?? -1, first);
    first += paragraphs;
    return entry;
  });
  const keys = new Interner();
  const variants = new Interner();
  const roles = new Interner();
  const mentions: number[] = [];
  for (const r of rows) {
    const start = firstParagraph.get(Number(r.doc_id));
    if (start === undefined) continue;
    mentions.push(keys.id(`${r.kind}\u0000${r.name}`), variants.id(r.variant), roles.id(r.role), start + r.paragraph - 1, r.start_offset, r.end_offset);
  }
  const entities = keys.list.map((key) => {
    const [kind, name] = key.split('\u0000') as [EntityKind, string];
    return { kind, name };
  });
  return { stored: { entities, variants: variants.list, roles: roles.list, mentions, documents: docs }, firstParagraph };
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
  let listed: number[];
  let rows: { id: string; paragraphs: number; record: DocumentRecord }[];
  let mentionRows: MentionRow[];
  try {
    s = (await client.query<StatsRow>(STATS)).rows[0];
    listed = (await client.query<{ id: string }>('SELECT id FROM documents ORDER BY id')).rows.map((r) => Number(r.id));
    const unknown = listed.filter((id) => !previous?.byId.has(id));
    rows = (await client.query<{ id: string; paragraphs: number; record: DocumentRecord }>('SELECT id, paragraphs, record FROM documents WHERE id = ANY($1::bigint[])', [unknown])).rows;
    mentionRows = (await client.query<MentionRow>('SELECT doc_id, paragraph, kind, name, variant, role, start_offset, end_offset FROM mentions WHERE doc_id = ANY($1::bigint[]) ORDER BY doc_id, paragraph, start_offset', [unknown])).rows;
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
    entities: new EntityIndex({ entities: [], variants: [], roles: [], mentions: [], documents: [] }),
    firstParagraph: new Map(),
    marker: s.marker,
    mentions: new Map(),
  };
  const fresh = new Map(rows.map((r) => [Number(r.id), { record: r.record, paragraphs: r.paragraphs, mentions: [] as MentionRow[] }]));
  for (const m of mentionRows) fresh.get(Number(m.doc_id))?.mentions.push(m);
  for (const id of listed) {
    const known = previous?.byId.get(id);
    const doc = known ? { record: known, paragraphs: previous?.paragraphCounts.get(known.doc) ?? 0, mentions: previous?.mentions.get(id) ?? [] } : fresh.get(id);
    if (!doc) continue;
    snapshot.documents.push(doc.record);
    snapshot.ids.set(doc.record.doc, id);
    snapshot.paragraphCounts.set(doc.record.doc, doc.paragraphs);
    snapshot.byId.set(id, doc.record);
    snapshot.mentions.set(id, doc.mentions);
  }
  const all = function* () {
    for (const list of snapshot.mentions.values()) yield* list;
  };
  const { stored, firstParagraph } = storedEntities(all(), snapshot.documents, snapshot.paragraphCounts, snapshot.ids);
  snapshot.entities = new EntityIndex(stored);
  snapshot.firstParagraph = firstParagraph;
  return snapshot;
}
