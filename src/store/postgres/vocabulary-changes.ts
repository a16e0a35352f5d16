// The write side of a collection's vocabulary in PostgreSQL. A document's transaction records what the
// document adds to (or, removed, takes from) the collection's vocabulary counts in vocabulary_changes;
// a load then folds the changes into vocabulary_state: the counts summed, and the vocabulary finished
// from them as the embedded build finishes its own, in one transaction. A load killed before folding
// leaves its changes recorded, and the next load folds them. The read side is vocabulary-reads.ts.
//
// Stored form: `counts` is the packed VocabularyCounts columns (packColumns in columns-file.ts), and
// `layout` the JSON layout saying where each column lies in it; `vocabulary` is encodeVocabulary's JSON.
import type pg from 'pg';
import { columnsOf, packColumns, type ColumnLayout } from '../../index/columns-file.js';
import { finishCountsEncoded, sumCounts, type SignedCounts } from '../../index/counts-sum.js';
import { VocabularyCounts, type CountsColumns } from '../../index/vocabulary-counts.js';

/** Changes read and summed at a time while folding: bounds the memory a fold takes beside the collection's counts. */
const FOLD_BATCH = 64;

/** Records, in the caller's transaction, that `counts` join the collection (sign 1) or leave it (sign -1). */
export async function recordVocabularyChange(client: pg.ClientBase, sign: 1 | -1, counts: VocabularyCounts): Promise<void> {
  const { bytes, layout } = packColumns(counts.columns);
  await client.query('INSERT INTO vocabulary_changes (sign, layout, counts) VALUES ($1, $2, $3)', [sign, JSON.stringify(layout), bytes]);
}

/** Counts stored as packed columns, read back. */
export function storedCounts(bytes: Buffer, layout: ColumnLayout): VocabularyCounts {
  return new VocabularyCounts(columnsOf(bytes, layout, 'vocabulary_state') as CountsColumns);
}

/**
 * Folds every recorded change into the collection's counts and vocabulary, in one transaction (a fold
 * that fails leaves both as they were and the changes recorded). Returns the number of changes folded;
 * `onProgress` (default none) hears how many are folded so far.
 */
export async function foldVocabulary(client: pg.ClientBase, onProgress?: (folded: number, total: number) => void): Promise<number> {
  const pending = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM vocabulary_changes')).rows[0].n);
  if (!pending) return 0;
  await client.query('BEGIN');
  try {
    const state = (await client.query<{ layout: ColumnLayout | null; counts: Buffer | null }>('SELECT layout, counts FROM vocabulary_state FOR UPDATE')).rows[0];
    let sum: VocabularyCounts | undefined = state.counts && state.layout ? storedCounts(state.counts, state.layout) : undefined;
    let last = 0;
    let folded = 0;
    for (;;) {
      const rows = (await client.query<{ id: string; sign: number; layout: ColumnLayout; counts: Buffer }>('SELECT id, sign, layout, counts FROM vocabulary_changes WHERE id > $1 ORDER BY id LIMIT $2', [last, FOLD_BATCH])).rows;
      if (!rows.length) break;
      const sources: SignedCounts[] = sum ? [[sum, 1]] : [];
      for (const r of rows) sources.push([storedCounts(r.counts, r.layout), r.sign]);
      sum = sumCounts(sources);
      last = Number(rows[rows.length - 1].id);
      folded += rows.length;
      onProgress?.(folded, pending);
    }
    if (sum) {
      const { bytes, layout } = packColumns(sum.columns);
      await client.query('UPDATE vocabulary_state SET version = version + 1, layout = $1, counts = $2, vocabulary = $3', [JSON.stringify(layout), bytes, Buffer.from(finishCountsEncoded(sum))]);
    }
    await client.query('DELETE FROM vocabulary_changes WHERE id <= $1', [last]);
    await client.query('COMMIT');
    return folded;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
