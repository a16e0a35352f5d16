// The part of a collection that one query can touch, read from PostgreSQL: every paragraph holding
// any folded term of the query (as a whole word or as a part of a compound), and the headings above
// them. Every statistic the ranker takes of the query's terms (document frequencies, word pairs, which
// paragraphs hold two units side by side) is the same over this part as over the whole collection,
// since every occurrence of those terms lies inside it; the collection's size and average lengths
// (collection_stats) and its vocabulary (vocabulary-reads.ts) come from elsewhere.
import type pg from 'pg';
import type { ParagraphRecord } from '../../ingest/records.js';
import { lexeme, quoteLexeme } from './lexeme.js';

/** What to read. */
export interface SubsetRequest {
  /** Folded terms (whole words and parts) whose paragraphs are read. */
  terms: readonly string[];
  /** Only this document (its store id); default every document. */
  docId?: number;
  /** Most paragraphs read; one more marks the answer as cut (default 200,000). */
  limit?: number;
  /** Paragraph numbers of `docId` read as well, whether or not they hold a term (a page of the document). */
  also?: { from: number; to: number };
}

/** Paragraphs of a query's part of the collection, in store order (document id, then paragraph). */
export interface Subset {
  /** Per paragraph, the store id of its document. */
  docIds: number[];
  paragraphs: ParagraphRecord[];
  /** True when more paragraphs hold the terms than `limit`: the part is incomplete. */
  cut: boolean;
}

/** Default of SubsetRequest.limit. */
export const SUBSET_LIMIT = 200_000;

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

/** The tsquery text that holds a paragraph with any of the terms. */
export function termQuery(terms: readonly string[]): string {
  return [...new Set(terms.map(lexeme))].map(quoteLexeme).join(' | ');
}

// The headings a paragraph sits under, as (document, path) keys: its heading path and each path
// above it, less its own line when it is a heading itself (see ParagraphContexts.ancestors).
function ancestorKeys(p: ParagraphRecord, docId: number, into: Set<string>): void {
  const path = p.kind === 'heading' ? p.heading.slice(0, -1) : p.heading;
  for (let i = 1; i <= path.length; i++) into.add(`${docId}\u0000${path.slice(0, i).join('\u0000')}`);
}

/**
 * Reads the part of the collection that holds the terms. Only paragraphs of committed documents are
 * read (the join with documents), so a document being loaded is never seen in half. Every value is a
 * parameter; the term list is a tsquery our code writes, cast and never parsed by PostgreSQL's parser.
 */
export async function readSubset(client: pg.ClientBase, request: SubsetRequest): Promise<Subset> {
  const limit = request.limit ?? SUBSET_LIMIT;
  const params: unknown[] = [];
  const where: string[] = [];
  if (request.terms.length) {
    params.push(termQuery(request.terms));
    where.push(`p.folded @@ $${params.length}::tsquery`);
  } else where.push('false');
  if (request.docId !== undefined) {
    params.push(request.docId);
    const doc = `$${params.length}`;
    where.push(`p.doc_id = ${doc}`);
    if (request.also) {
      params.push(request.also.from, request.also.to);
      where[0] = `(${where[0]} OR p.paragraph BETWEEN $${params.length - 1} AND $${params.length})`;
    }
  }
  params.push(limit + 1);
  const sql = `SELECT ${COLUMNS} FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE ${where.join(' AND ')} LIMIT $${params.length}`;
  const rows = (await client.query<Row>(sql, params)).rows;
  const cut = rows.length > limit;
  if (cut) rows.length = limit;
  const found = rows.map((r) => ({ docId: Number(r.doc_id), p: record(r) }));
  // Headings above the paragraphs found: a heading names what the paragraphs under it are about.
  const wanted = new Set<string>();
  const have = new Set<string>();
  for (const { docId, p } of found) {
    ancestorKeys(p, docId, wanted);
    have.add(`${docId}\u0000${p.paragraph}`);
  }
  if (wanted.size) {
    const docs = [...new Set([...wanted].map((k) => Number(k.slice(0, k.indexOf('\u0000')))))];
    const headings = (await client.query<Row>(`SELECT ${COLUMNS} FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE p.kind = 'heading' AND p.doc_id = ANY($1::bigint[]) ORDER BY p.doc_id, p.paragraph`, [docs])).rows;
    const taken = new Set<string>();
    for (const r of headings) {
      const docId = Number(r.doc_id);
      const key = `${docId}\u0000${r.heading.join('\u0000')}`;
      // The first heading with a path is the one a context names (CorpusView.heading).
      if (!wanted.has(key) || taken.has(key)) continue;
      taken.add(key);
      if (!have.has(`${docId}\u0000${r.paragraph}`)) found.push({ docId, p: record(r) });
    }
  }
  found.sort((a, b) => a.docId - b.docId || a.p.paragraph - b.p.paragraph);
  return { docIds: found.map((f) => f.docId), paragraphs: found.map((f) => f.p), cut };
}
