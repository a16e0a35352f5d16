// The tsvectors of a paragraph, written from the analyzer's own terms: the same folded and exact terms,
// word pairs and lengths as the embedded index (src/index/paragraph-indexer.ts), with positions.
import { analyzeWord } from '../../text/analyzer.js';
import { bigram, FIELDS, type FieldName } from '../../index/fields.js';
import type { TokenizedParagraphs } from '../../index/tokenized.js';
import { lexeme, quoteLexeme } from './lexeme.js';

/** Highest position a tsvector keeps (MAXENTRYPOS - 1); the paragraph bound keeps every paragraph far below it. */
export const MAX_POSITION = 16_383;

/**
 * Weight given to the positions of a compound's parts ('2022' of '31/2022/NĐ-CP'), which share their
 * word's position; whole words keep the default weight D. Matching ignores weights; they tell the
 * candidates reader a word from a part, which word pairs (the pair field) must not count.
 */
export const PART_WEIGHT = 'C';

/** A paragraph's two tsvector literals and its length in each field of the embedded index. */
export interface ParagraphVectors {
  /** Folded terms (field f) with positions, as a tsvector literal. */
  folded: string;
  /** Exact terms (field x) with positions, as a tsvector literal. */
  exact: string;
  /** Terms per field, as the embedded index counts them: f and x count compound parts, b the word pairs. */
  lengths: Record<FieldName, number>;
}

/** Number of paragraphs holding each term, per field: what one document adds to the collection's statistics. */
export type TermCounts = Record<FieldName, Map<string, number>>;

/** Empty TermCounts. */
export function termCounts(): TermCounts {
  return { f: new Map(), x: new Map(), b: new Map() };
}

// One raw word analyzed: its folded and exact lexemes, the whole word first, then its compound's parts.
interface Word {
  folded: string[];
  exact: string[];
}

// Positions of each lexeme of one paragraph, as written in the literal ('3' or '3C').
type Positions = Map<string, string[]>;

function literal(positions: Positions): string {
  let out = '';
  for (const [term, at] of positions) out += `${out ? ' ' : ''}${quoteLexeme(term)}:${at.join(',')}`;
  return out;
}

function place(positions: Positions, term: string, at: string): void {
  const list = positions.get(term);
  if (list) list.push(at);
  else positions.set(term, [at]);
}

/**
 * Writes the vectors of the paragraphs of a TokenizedParagraphs (as the ingest workers make them), one
 * paragraph at a time, analyzing each distinct word of the run once.
 */
export class VectorWriter {
  private readonly words: Word[];
  private next = 0;
  private from = 0;

  constructor(private readonly tokens: TokenizedParagraphs) {
    this.words = tokens.words.map((raw) => {
      const analyzed = analyzeWord(raw);
      return { folded: analyzed.map((t) => lexeme(t.term)), exact: analyzed.map((t) => lexeme(t.exact)) };
    });
  }

  /** Number of paragraphs not written yet. */
  get remaining(): number {
    return this.tokens.counts.length - this.next;
  }

  /** Passes over the next `count` paragraphs without writing them. */
  skip(count: number): void {
    for (let i = 0; i < count; i++) this.from += this.tokens.counts[this.next++];
  }

  /** The next paragraph's vectors; its distinct terms are counted into `counts` when given. */
  paragraph(counts?: TermCounts): ParagraphVectors {
    const n = this.tokens.counts[this.next++];
    if (n > MAX_POSITION) throw new RangeError(`a paragraph of ${n} words passes the ${MAX_POSITION} positions of a tsvector; the paragraph bound (src/ingest/chunk.ts) should have split it`);
    const folded: Positions = new Map();
    const exact: Positions = new Map();
    const pairs = new Set<string>();
    let terms = 0;
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      const w = this.words[this.tokens.word[this.from + i]];
      const position = String(i + 1);
      for (let k = 0; k < w.folded.length; k++) {
        const at = k === 0 ? position : position + PART_WEIGHT;
        place(folded, w.folded[k], at);
        place(exact, w.exact[k], at);
      }
      terms += w.folded.length;
      // Pairs of adjacent whole words, across punctuation, as the embedded pair field has them.
      if (previous !== undefined) pairs.add(lexeme(bigram(previous, w.folded[0])));
      previous = w.folded[0];
    }
    this.from += n;
    if (counts) {
      const add = (map: Map<string, number>, term: string): void => {
        map.set(term, (map.get(term) ?? 0) + 1);
      };
      for (const t of folded.keys()) add(counts.f, t);
      for (const t of exact.keys()) add(counts.x, t);
      for (const t of pairs) add(counts.b, t);
    }
    return { folded: literal(folded), exact: literal(exact), lengths: { f: terms, x: terms, b: Math.max(0, n - 1) } };
  }
}

/** Adds `b` into `a`, each count multiplied by `sign` (-1 takes a document's counts out). */
export function addCounts(a: TermCounts, b: TermCounts, sign = 1): void {
  for (const field of FIELDS) {
    const into = a[field];
    for (const [term, n] of b[field]) into.set(term, (into.get(term) ?? 0) + sign * n);
  }
}
