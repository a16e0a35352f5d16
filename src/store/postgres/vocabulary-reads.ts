// The read side of a collection's vocabulary in PostgreSQL (the write side is vocabulary-changes.ts):
// a server keeps the finished vocabulary in memory, as the embedded index does, and reads it again when
// a load has folded new changes into it.
import type pg from 'pg';
import type { Vocabulary } from '../../index/phrase-table.js';

/** The vocabulary of a collection as of one fold. */
export interface StoredVocabulary {
  /** Counts the folds: changes with each one. */
  version: string;
  vocabulary: Vocabulary;
}

/** The vocabulary of a collection that holds nothing yet. */
const EMPTY: Vocabulary = { words: [], pairs: [], triples: [] };

/** The collection's vocabulary, or `previous` itself when no fold happened since it was read. */
export async function readVocabulary(client: pg.ClientBase, previous?: StoredVocabulary): Promise<StoredVocabulary> {
  const version = (await client.query<{ version: string }>('SELECT version::text AS version FROM vocabulary_state')).rows[0].version;
  if (previous?.version === version) return previous;
  const row = (await client.query<{ version: string; vocabulary: Buffer | null }>('SELECT version::text AS version, vocabulary FROM vocabulary_state')).rows[0];
  return { version: row.version, vocabulary: row.vocabulary ? (JSON.parse(row.vocabulary.toString('utf8')) as Vocabulary) : EMPTY };
}
