// The write side of a collection's vocabulary in PostgreSQL. A document's transaction records what the
// document adds to (or, removed, takes from) the collection's vocabulary counts in vocabulary_changes;
// a load then folds the changes into vocabulary_state: the counts summed, and the vocabulary finished
// from them as the embedded build finishes its own, in one transaction. A load killed before folding
// leaves its changes recorded, and the next load folds them. The read side is vocabulary-reads.ts.
//
// Stored form: `counts` is the packed VocabularyCounts columns (packColumns in columns-file.ts), and
// `layout` the JSON layout saying where each column lies in it; `vocabulary` is encodeVocabulary's JSON;
// vocabulary_patches.patch is a VocabularyPatch (vocabulary-patch.ts) as JSON.
import type pg from 'pg';
import { columnsOf, packColumns, type ColumnLayout } from '../../index/columns-file.js';
import { finishCountsEncoded, sumCounts } from '../../index/counts-sum.js';
import { VocabularyCounts, type CountsColumns } from '../../index/vocabulary-counts.js';
import { patchEncodedVocabulary, vocabularyPatch } from '../../index/vocabulary-patch.js';

/** Changes read and summed at a time while folding: bounds the memory a fold takes beside the collection's counts. */
const FOLD_BATCH = 64;

/** Patches kept: a server further behind than this many folds reads the whole vocabulary again. */
const PATCHES_KEPT = 32;

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
 * that fails leaves both as they were and the changes recorded). Once the collection has a vocabulary,
 * the fold works out what the changes patch in it (vocabularyPatch: the keys they count, not the whole
 * collection) and stores the patch beside the patched vocabulary, for servers that hold the previous
 * one. Returns the number of changes folded; `onProgress` (default none) hears how many are folded so far.
 */
export async function foldVocabulary(client: pg.ClientBase, onProgress?: (folded: number, total: number) => void): Promise<number> {
  const pending = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM vocabulary_changes')).rows[0].n);
  if (!pending) return 0;
  await client.query('BEGIN');
  try {
    const state = (await client.query<{ layout: ColumnLayout | null; counts: Buffer | null; vocabulary: Buffer | null }>('SELECT layout, counts, vocabulary FROM vocabulary_state FOR UPDATE')).rows[0];
    const main = state.counts && state.layout ? storedCounts(state.counts, state.layout) : undefined;
    // What the changes add and what they take away, each summed on its own: the patch needs both.
    const sums: Record<1 | -1, VocabularyCounts | undefined> = { 1: undefined, [-1]: undefined };
    let last = 0;
    let folded = 0;
    for (;;) {
      const rows = (await client.query<{ id: string; sign: 1 | -1; layout: ColumnLayout; counts: Buffer }>('SELECT id, sign, layout, counts FROM vocabulary_changes WHERE id > $1 ORDER BY id LIMIT $2', [last, FOLD_BATCH])).rows;
      if (!rows.length) break;
      for (const sign of [1, -1] as const) {
        const batch = rows.filter((r) => r.sign === sign);
        if (!batch.length) continue;
        const sum = sums[sign];
        sums[sign] = sumCounts([...(sum ? [[sum, 1] as const] : []), ...batch.map((r) => [storedCounts(r.counts, r.layout), 1] as const)]);
      }
      last = Number(rows[rows.length - 1].id);
      folded += rows.length;
      onProgress?.(folded, pending);
    }
    const added = sums[1] ?? sumCounts([]);
    const removed = sums[-1] ?? sumCounts([]);
    const total = sumCounts([...(main ? [[main, 1] as const] : []), [added, 1], [removed, -1]]);
    const patch = main && state.vocabulary ? vocabularyPatch(main, added, removed) : undefined;
    const vocabulary = patch ? patchEncodedVocabulary(state.vocabulary as Buffer, patch) : Buffer.from(finishCountsEncoded(total));
    const { bytes, layout } = packColumns(total.columns);
    const version = (await client.query<{ version: string }>('UPDATE vocabulary_state SET version = version + 1, layout = $1, counts = $2, vocabulary = $3 RETURNING version::text AS version', [JSON.stringify(layout), bytes, vocabulary])).rows[0].version;
    if (patch) await client.query('INSERT INTO vocabulary_patches (version, patch) VALUES ($1, $2)', [version, Buffer.from(JSON.stringify(patch))]);
    await client.query('DELETE FROM vocabulary_patches WHERE version <= $1', [Number(version) - PATCHES_KEPT]);
    await client.query('DELETE FROM vocabulary_changes WHERE id <= $1', [last]);
    await client.query('COMMIT');
    return folded;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
