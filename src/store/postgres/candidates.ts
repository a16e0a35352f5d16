// The candidates of a query from the PostgreSQL store: the paragraphs that hold its needles (words,
// phrases as positional sequences), with what the ranker needs of each, in a tsquery our code builds.
// This is the store side of the engine's candidate sets (src/search/engine.ts, wordSet/runSet).
import type pg from 'pg';
import type { FieldName } from '../../index/fields.js';
import type { ParagraphRecord } from '../../ingest/records.js';
import { candidateQuery, needleLexemes, type MatchField, type Needle } from './tsquery.js';
import { parseTsvector } from './tsvector-text.js';

/** What to find. */
export interface CandidateRequest {
  /** What a candidate holds: every needle (mode 'all') or at least one ('any'). */
  needles: readonly Needle[];
  /** Default 'all'. */
  mode?: 'all' | 'any';
  /** Match folded words ('f') or exact spellings ('x'); default 'f'. */
  field?: MatchField;
  /** Needles no candidate may hold; default none. */
  exclude?: readonly Needle[];
  /** Folded terms whose positions each candidate carries; default every term of the needles. */
  folded?: readonly string[];
  /** Exact terms whose positions each candidate carries; default every exact term of the needles. */
  exact?: readonly string[];
}

/** Where a term stands in a paragraph (1-based word positions): as a whole word, and as a part of a compound word. */
export interface TermPositions {
  whole: number[];
  parts: number[];
}

/** A paragraph that holds the query, with what ranking it takes. */
export interface Candidate {
  doc: string;
  paragraph: number;
  kind: ParagraphRecord['kind'];
  heading: string[];
  /** Terms per field, as the embedded index counts them (BM25's length norms). */
  lengths: Record<FieldName, number>;
  /** Positions of the asked folded terms the paragraph holds. */
  folded: Map<string, TermPositions>;
  /** Positions of the asked exact terms the paragraph holds. */
  exact: Map<string, TermPositions>;
}

/** Occurrences of a term (whole or part): its frequency in the field, as the embedded postings count it. */
export function termFrequency(positions: ReadonlyMap<string, TermPositions>, term: string): number {
  const p = positions.get(term);
  return p ? p.whole.length + p.parts.length : 0;
}

/** Occurrences of whole word `a` right before whole word `b`: the frequency of the pair a+b in the pair field. */
export function pairFrequency(folded: ReadonlyMap<string, TermPositions>, a: string, b: string): number {
  const first = folded.get(a)?.whole;
  const second = folded.get(b)?.whole;
  if (!first || !second) return 0;
  const after = new Set(second);
  let n = 0;
  for (const p of first) if (after.has(p + 1)) n++;
  return n;
}

// The positions of the asked lexemes ($2, $3) are cut out where the row is read, so that only they
// travel; the parts' positions (weight C, see PART_WEIGHT) come apart from the whole words'.
const SELECT = `
  SELECT d.doc, p.paragraph, p.kind, p.heading, p.len_f, p.len_x, p.len_b,
    ts_filter(setweight(p.folded, 'A', $2::text[]), '{a}') AS f,
    ts_filter(setweight(ts_filter(p.folded, '{c}'), 'A', $2::text[]), '{a}') AS fp,
    ts_filter(setweight(p.exact, 'A', $3::text[]), '{a}') AS x,
    ts_filter(setweight(ts_filter(p.exact, '{c}'), 'A', $3::text[]), '{a}') AS xp
  FROM paragraphs p JOIN documents d ON d.id = p.doc_id`;

interface Row {
  doc: string;
  paragraph: number;
  kind: ParagraphRecord['kind'];
  heading: string[];
  len_f: number;
  len_x: number;
  len_b: number;
  f: string;
  fp: string;
  x: string;
  xp: string;
}

// Positions per term, the parts' told from the whole words'.
function positions(all: string, parts: string): Map<string, TermPositions> {
  const partsOf = parseTsvector(parts);
  const out = new Map<string, TermPositions>();
  for (const [term, at] of parseTsvector(all)) {
    const p = partsOf.get(term);
    if (!p) out.set(term, { whole: at, parts: [] });
    else {
      const inParts = new Set(p);
      out.set(term, { whole: at.filter((n) => !inParts.has(n)), parts: p });
    }
  }
  return out;
}

/**
 * Reads candidates through the coordinator: one statement over the partitioned table, whose match
 * condition PostgreSQL sends to every shard (see README, PostgreSQL store, for what is pushed down).
 * Every value travels as a parameter. Only paragraphs of a committed document row are candidates.
 */
export async function readCandidates(client: pg.ClientBase, request: CandidateRequest): Promise<Candidate[]> {
  const field = request.field ?? 'f';
  const mode = request.mode ?? 'all';
  const exclude = request.exclude ?? [];
  const folded = request.folded ?? [...new Set(request.needles.flatMap((n) => needleLexemes(n, 'f')))];
  const exact = request.exact ?? [...new Set(request.needles.flatMap((n) => needleLexemes(n, 'x')))];
  // The folded query is always there, for the index; the exact one narrows it (every exact match is a folded one).
  const params: unknown[] = [candidateQuery(request.needles, 'f', mode, field === 'f' ? exclude : []), folded, exact];
  let where = 'p.folded @@ $1::tsquery';
  if (field === 'x') {
    params.push(candidateQuery(request.needles, 'x', mode, exclude));
    where += ' AND p.exact @@ $4::tsquery';
  }
  const rows = (await client.query<Row>(`${SELECT} WHERE ${where} ORDER BY p.doc_id, p.paragraph`, params)).rows;
  return rows.map((r) => ({
    doc: r.doc,
    paragraph: r.paragraph,
    kind: r.kind,
    heading: r.heading,
    lengths: { f: r.len_f, x: r.len_x, b: r.len_b },
    folded: positions(r.f, r.fp),
    exact: positions(r.x, r.xp),
  }));
}
