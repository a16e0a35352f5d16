// The statistics BM25 needs, kept in tables by the loader in the same transaction as the documents they
// count: document frequencies per term and field (term_stats) and the collection's totals (collection_stats).
// length(tsvector) counts distinct words, not tokens, so none of this can be read off the vectors.
import type pg from 'pg';
import { FIELDS, type FieldName } from '../../index/fields.js';
import type { TermCounts } from './paragraph-vectors.js';

/** What loading changes in collection_stats for one document (negative when it is taken out). */
export interface CollectionDelta {
  documents: number;
  paragraphs: number;
  lengths: Record<FieldName, number>;
}

/** A delta of nothing. */
export function emptyDelta(): CollectionDelta {
  return { documents: 0, paragraphs: 0, lengths: { f: 0, x: 0, b: 0 } };
}

/**
 * Adds `counts` (a document's paragraphs per term, negative to take a document out) to term_stats and
 * drops the terms no paragraph holds any more. Terms go in sorted order, so that two loaders touching
 * the same terms lock them in the same order and never deadlock.
 */
export async function applyTermCounts(client: pg.ClientBase, counts: TermCounts): Promise<void> {
  for (const field of FIELDS) {
    const entries = [...counts[field]].filter(([, n]) => n !== 0).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (!entries.length) continue;
    const terms = entries.map((e) => e[0]);
    await client.query(
      `INSERT INTO term_stats (field, term, df)
       SELECT $1::"char", u.term, u.df FROM unnest($2::text[], $3::integer[]) AS u(term, df)
       ON CONFLICT (field, term) DO UPDATE SET df = term_stats.df + excluded.df`,
      [field, terms, entries.map((e) => e[1])],
    );
    const fallen = entries.filter((e) => e[1] < 0).map((e) => e[0]);
    if (fallen.length) await client.query(`DELETE FROM term_stats WHERE field = $1::"char" AND term = ANY($2::text[]) AND df <= 0`, [field, fallen]);
  }
}

/** Adds a delta to collection_stats. */
export async function applyCollectionDelta(client: pg.ClientBase, d: CollectionDelta): Promise<void> {
  await client.query(
    `UPDATE collection_stats SET documents = documents + $1, paragraphs = paragraphs + $2,
       len_f = len_f + $3, len_x = len_x + $4, len_b = len_b + $5`,
    [d.documents, d.paragraphs, d.lengths.f, d.lengths.x, d.lengths.b],
  );
}

/** The collection's totals: documents, paragraphs and the average length of each field (in terms). */
export interface CollectionStats {
  documents: number;
  paragraphs: number;
  averageLength: Record<FieldName, number>;
}

/** Reads collection_stats. */
export async function readCollectionStats(client: pg.ClientBase): Promise<CollectionStats> {
  const r = (await client.query<Record<string, string>>('SELECT documents, paragraphs, len_f, len_x, len_b FROM collection_stats')).rows[0];
  const paragraphs = Number(r.paragraphs);
  const average = (sum: string): number => (paragraphs ? Number(sum) / paragraphs : 0);
  return { documents: Number(r.documents), paragraphs, averageLength: { f: average(r.len_f), x: average(r.len_x), b: average(r.len_b) } };
}

/** Document frequencies of some terms of a field; a term no paragraph holds is absent from the map. */
export async function readDocumentFrequencies(client: pg.ClientBase, field: FieldName, terms: readonly string[]): Promise<Map<string, number>> {
  const rows = (await client.query<{ term: string; df: number }>(`SELECT term, df FROM term_stats WHERE field = $1::"char" AND term = ANY($2::text[])`, [field, terms])).rows;
  return new Map(rows.map((r) => [r.term, r.df]));
}

/** Document frequencies of posting keys (postingKey(): the field letter, ':' and the term), by key; a key no paragraph holds is absent. */
export async function readKeyFrequencies(client: pg.ClientBase, keys: readonly string[]): Promise<Map<string, number>> {
  const rows = (
    await client.query<{ key: string; df: number }>(
      `SELECT u.key, t.df FROM unnest($1::text[]) AS u(key) JOIN term_stats t ON t.field = substr(u.key, 1, 1)::"char" AND t.term = substr(u.key, 3)`,
      [keys],
    )
  ).rows;
  return new Map(rows.map((r) => [r.key, r.df]));
}
