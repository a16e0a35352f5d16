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

// The distinct lexemes of one field met so far, numbered, each quoted once; and the positions of those
// of the current paragraph, as the text of the literal, gathered without a Map per paragraph.
class Lexicon {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  private readonly quoted: string[] = [];
  private stamp = new Uint32Array(1024);
  private readonly at: string[] = [];
  // Ids met in the current paragraph, in order of first sight.
  readonly met: number[] = [];
  private paragraph = 0;

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      this.quoted.push(quoteLexeme(term));
      this.at.push('');
      if (id >= this.stamp.length) {
        const grown = new Uint32Array(this.stamp.length * 2);
        grown.set(this.stamp);
        this.stamp = grown;
      }
    }
    return id;
  }

  /** Starts a paragraph. */
  open(): void {
    this.paragraph++;
    this.met.length = 0;
  }

  place(id: number, position: string): void {
    if (this.stamp[id] !== this.paragraph) {
      this.stamp[id] = this.paragraph;
      this.at[id] = position;
      this.met.push(id);
    } else this.at[id] += `,${position}`;
  }

  /** The current paragraph's tsvector literal. */
  literal(): string {
    let out = '';
    for (const id of this.met) out += `${out ? ' ' : ''}${this.quoted[id]}:${this.at[id]}`;
    return out;
  }
}

// One raw word analyzed: the lexicon ids of its folded and exact lexemes, the whole word first, then its compound's parts.
interface Word {
  folded: number[];
  exact: number[];
}

// Room for the pairs of one paragraph's words: folded ids below 2^26, so a pair is one safe integer.
const PAIR = 2 ** 26;

/**
 * Writes the vectors of the paragraphs of a TokenizedParagraphs (as the ingest workers make them), one
 * paragraph at a time, analyzing each distinct word of the run once and quoting each lexeme once.
 */
export class VectorWriter {
  private readonly words: Word[];
  private readonly folded = new Lexicon();
  private readonly exact = new Lexicon();
  private readonly pairNames = new Map<number, string>();
  private next = 0;
  private from = 0;

  constructor(private readonly tokens: TokenizedParagraphs) {
    this.words = tokens.words.map((raw) => {
      const analyzed = analyzeWord(raw);
      return { folded: analyzed.map((t) => this.folded.id(lexeme(t.term))), exact: analyzed.map((t) => this.exact.id(lexeme(t.exact))) };
    });
    if (this.folded.terms.length >= PAIR) throw new RangeError(`${this.folded.terms.length} distinct words in one file: more than a pair key can hold`);
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
    const { folded, exact } = this;
    folded.open();
    exact.open();
    const pairs = counts ? new Set<number>() : undefined;
    let terms = 0;
    let previous = -1;
    for (let i = 0; i < n; i++) {
      const w = this.words[this.tokens.word[this.from + i]];
      const position = String(i + 1);
      const part = position + PART_WEIGHT;
      for (let k = 0; k < w.folded.length; k++) {
        folded.place(w.folded[k], k === 0 ? position : part);
        exact.place(w.exact[k], k === 0 ? position : part);
      }
      terms += w.folded.length;
      // Pairs of adjacent whole words, across punctuation, as the embedded pair field has them.
      if (pairs && previous >= 0) pairs.add(previous * PAIR + w.folded[0]);
      previous = w.folded[0];
    }
    this.from += n;
    if (counts && pairs) {
      for (const id of folded.met) add(counts.f, folded.terms[id]);
      for (const id of exact.met) add(counts.x, exact.terms[id]);
      for (const key of pairs) add(counts.b, this.pairName(key));
    }
    return { folded: folded.literal(), exact: exact.literal(), lengths: { f: terms, x: terms, b: Math.max(0, n - 1) } };
  }

  // The pair field's term of a pair key, as the embedded index spells it (bigram()).
  private pairName(key: number): string {
    let name = this.pairNames.get(key);
    if (name === undefined) {
      const a = Math.floor(key / PAIR);
      name = lexeme(bigram(this.folded.terms[a], this.folded.terms[key - a * PAIR]));
      this.pairNames.set(key, name);
    }
    return name;
  }
}

function add(map: Map<string, number>, term: string): void {
  map.set(term, (map.get(term) ?? 0) + 1);
}

/** Adds `b` into `a`, each count multiplied by `sign` (-1 takes a document's counts out). */
export function addCounts(a: TermCounts, b: TermCounts, sign = 1): void {
  for (const field of FIELDS) {
    const into = a[field];
    for (const [term, n] of b[field]) into.set(term, (into.get(term) ?? 0) + sign * n);
  }
}
