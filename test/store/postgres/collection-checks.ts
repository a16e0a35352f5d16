// What the tests hold a loaded database to: the statistics of the embedded index built from the same
// folder, and statistics that agree with the paragraphs the database serves.
import type pg from 'pg';
import { FIELDS, type FieldName } from '../../../src/index/fields.js';
import type { StoredIndex } from '../../../src/index/store.js';

/** Every term's document frequency in each field of an embedded index. */
export function embeddedFrequencies(index: StoredIndex): Record<FieldName, Map<string, number>> {
  const out = {} as Record<FieldName, Map<string, number>>;
  for (const f of FIELDS) {
    const c = index.index.fields[f];
    const map = new Map<string, number>();
    for (let i = 0; i < c.terms.size; i++) map.set(c.terms.term(i), c.starts[i + 1] - c.starts[i]);
    out[f] = map;
  }
  return out;
}

/** term_stats, per field. */
export async function storedFrequencies(client: pg.ClientBase): Promise<Record<FieldName, Map<string, number>>> {
  const out = { f: new Map(), x: new Map(), b: new Map() } as Record<FieldName, Map<string, number>>;
  for (const r of (await client.query<{ field: FieldName; term: string; df: number }>('SELECT field, term, df FROM term_stats')).rows) out[r.field].set(r.term, r.df);
  return out;
}

/** The folded and exact document frequencies counted afresh from the tsvectors of the paragraphs of committed documents. */
export async function countedFrequencies(client: pg.ClientBase): Promise<Record<'f' | 'x', Map<string, number>>> {
  const count = async (column: string): Promise<Map<string, number>> => {
    const rows = (
      await client.query<{ term: string; df: string }>(`SELECT u.lexeme AS term, count(*) AS df FROM paragraphs p JOIN documents d ON d.id = p.doc_id, unnest(p.${column}) u GROUP BY u.lexeme`)
    ).rows;
    return new Map(rows.map((r) => [r.term, Number(r.df)]));
  };
  return { f: await count('folded'), x: await count('exact') };
}

/** The paragraph count each document row promises, beside the paragraphs stored for it. */
export async function paragraphCounts(client: pg.ClientBase): Promise<{ doc: string; promised: number; stored: number }[]> {
  const rows = (
    await client.query<{ doc: string; promised: number; stored: string }>(
      `SELECT d.doc, d.paragraphs AS promised, (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id) AS stored FROM documents d ORDER BY d.doc`,
    )
  ).rows;
  return rows.map((r) => ({ doc: r.doc, promised: r.promised, stored: Number(r.stored) }));
}
