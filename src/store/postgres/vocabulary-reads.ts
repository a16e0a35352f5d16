// The read side of a collection's vocabulary in PostgreSQL (the write side is vocabulary-changes.ts):
// a server keeps the finished vocabulary in memory, as the embedded index does. When a load has folded
// new changes into it, the server applies the patches of the folds since its version (a few keys each)
// and reads the whole again only when they are not all kept: parsing the gazette's 12 MB of JSON
// takes about half a second, which every search thread would pay after every load.
import type pg from 'pg';
import type { Vocabulary } from '../../index/phrase-table.js';
import { applyVocabularyPatch, type VocabularyPatch } from '../../index/vocabulary-patch.js';

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
  if (previous) {
    const patches = (await client.query<{ version: string; patch: Buffer }>('SELECT version::text AS version, patch FROM vocabulary_patches WHERE version > $1 AND version <= $2 ORDER BY version', [previous.version, version])).rows;
    // Every fold between the two versions must have left its patch (a reset or pruning leaves none).
    if (patches.length === Number(version) - Number(previous.version)) {
      let vocabulary = previous.vocabulary;
      for (const p of patches) vocabulary = applyVocabularyPatch(vocabulary, JSON.parse(p.patch.toString('utf8')) as VocabularyPatch);
      return { version, vocabulary };
    }
  }
  const row = (await client.query<{ version: string; vocabulary: Buffer | null }>('SELECT version::text AS version, vocabulary FROM vocabulary_state')).rows[0];
  return { version: row.version, vocabulary: row.vocabulary ? (JSON.parse(row.vocabulary.toString('utf8')) as Vocabulary) : EMPTY };
}
