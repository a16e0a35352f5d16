// Paragraphs read by where they stand rather than by what they hold: a page of a document, the
// paragraphs of an export by key, the headings of a document for its table of contents.
import type pg from 'pg';
import type { ParagraphRecord } from '../../ingest/records.js';

/** A paragraph row as COLUMNS reads it. */
export interface Row {
  doc_id: string;
  doc: string;
  paragraph: number;
  heading: string[];
  text: string;
  start_offset: number;
  end_offset: number;
  kind: ParagraphRecord['kind'];
  notes: Pick<ParagraphRecord, 'footnotes' | 'footnoteOf'> | null;
}

/** The paragraph columns a record is made of, from `paragraphs p JOIN documents d`. */
export const COLUMNS = 'p.doc_id, d.doc, p.paragraph, p.heading, p.text, p.start_offset, p.end_offset, p.kind, p.notes';

/** The paragraph record of a row. */
export function record(r: Row): ParagraphRecord {
  const p: ParagraphRecord = { id: `${r.doc}#p${r.paragraph}`, doc: r.doc, paragraph: r.paragraph, heading: r.heading, text: r.text, start: r.start_offset, end: r.end_offset, kind: r.kind };
  if (r.notes?.footnotes) p.footnotes = r.notes.footnotes;
  if (r.notes?.footnoteOf) p.footnoteOf = r.notes.footnoteOf;
  return p;
}

/** Where a paragraph stands: its document's store id and its 1-based number. */
export interface ParagraphKey {
  docId: number;
  paragraph: number;
}

// A key as one number (MatchList ids are numbers): 2^21 paragraphs per document, far above the
// paragraph bound of any document read (the gazette's largest has 41,867), and document ids up to 2^32.
const PARAGRAPH_BITS = 2 ** 21;

/** The number standing for a key. */
export function keyNumber(k: ParagraphKey): number {
  return k.docId * PARAGRAPH_BITS + k.paragraph;
}

/** The key a number stands for. */
export function numberKey(n: number): ParagraphKey {
  return { docId: Math.floor(n / PARAGRAPH_BITS), paragraph: n % PARAGRAPH_BITS };
}

/** Paragraphs `from`+1 … `to` (1-based, inclusive) of a document, in reading order. */
export async function readPage(client: pg.ClientBase, docId: number, from: number, to: number): Promise<ParagraphRecord[]> {
  const rows = (await client.query<Row>(`SELECT ${COLUMNS} FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE p.doc_id = $1 AND p.paragraph BETWEEN $2 AND $3 ORDER BY p.paragraph`, [docId, from, to])).rows;
  return rows.map(record);
}

/** The paragraphs of these keys, in the keys' order (a key no committed paragraph has is left out). */
export async function readByKeys(client: pg.ClientBase, keys: readonly ParagraphKey[]): Promise<ParagraphRecord[]> {
  if (!keys.length) return [];
  const rows = (
    await client.query<Row>(`SELECT ${COLUMNS} FROM paragraphs p JOIN documents d ON d.id = p.doc_id JOIN unnest($1::bigint[], $2::int[]) AS k(doc_id, paragraph) ON k.doc_id = p.doc_id AND k.paragraph = p.paragraph`, [
      keys.map((k) => k.docId),
      keys.map((k) => k.paragraph),
    ])
  ).rows;
  const byKey = new Map(rows.map((r) => [keyNumber({ docId: Number(r.doc_id), paragraph: r.paragraph }), record(r)]));
  return keys.map((k) => byKey.get(keyNumber(k))).filter((p): p is ParagraphRecord => p !== undefined);
}

/** Of every paragraph of a document, in order, its number, heading path and first `chars` characters: what its table of contents reads. */
export async function readOutlineRows(client: pg.ClientBase, docId: number, chars = 400): Promise<{ paragraph: number; heading: string[]; text: string }[]> {
  return (await client.query<{ paragraph: number; heading: string[]; text: string }>('SELECT paragraph, heading, left(text, $2) AS text FROM paragraphs WHERE doc_id = $1 ORDER BY paragraph', [docId, chars])).rows;
}
