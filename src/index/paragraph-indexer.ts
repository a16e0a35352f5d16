import { FOLDED, EXACT } from './fields.js';
import type { ParagraphRecord } from '../ingest/records.js';
import { analyzeWord } from '../text/analyzer.js';
import { normalize } from '../text/normalize.js';
import { withRoom } from '../util/growable.js';
import { tokenizeParagraphs, type TokenizedParagraphs } from './tokenized.js';
import type { IndexParts } from './finish-index.js';
import { IndexBuilder } from './index-builder.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { finishVocabulary, VocabularyBuilder, type TermNames, type VocabularyOptions, type VocabularyParts, type WordSpans } from './vocabulary-builder.js';
import type { Vocabulary } from './phrase-table.js';
import { VocabularyCounts, type CountsColumns, type PartNames } from './vocabulary-counts.js';

// One distinct raw token, analyzed once: the ids of its folded and exact terms (the whole word, then
// its parts) and of its surface as written and in lower case.
interface Word {
  folded: Uint32Array;
  exact: Uint32Array;
  surface: number;
  lower: number;
}

// Room for the words of one paragraph, grown when a paragraph has more.
function spans(n: number): WordSpans {
  return { surface: new Uint32Array(n), lower: new Uint32Array(n), term: new Uint32Array(n), joined: new Uint8Array(n) };
}

/**
 * Builds the paragraph index and the vocabulary from paragraph texts, in paragraph order, with one
 * analysis per text. The analysis is the analyzer's own (analyzeWord), done once per distinct raw
 * token: a corpus repeats a few hundred thousand forms millions of times, and every occurrence after
 * the first is then a look-up that yields term ids, with no token object and no string built.
 */
export class ParagraphIndexer {
  private readonly index = new IndexBuilder();
  private readonly vocabulary: VocabularyBuilder;
  private readonly words = new Map<string, Word>();
  // Scratch room for one paragraph's terms, grown when a paragraph has more.
  private folded = new Uint32Array(1024);
  private exact = new Uint32Array(1024);
  private bigrams = new Uint32Array(1024);
  private spans = spans(1024);

  constructor(options: VocabularyOptions = {}) {
    this.vocabulary = new VocabularyBuilder(options);
  }

  /** Adds the next paragraph; returns its number. */
  add(text: string): number {
    return this.addTokenized(tokenizeParagraphs([text]));
  }

  /**
   * Adds paragraphs in order, given as their tokens (tokenizeParagraphs(texts)); returns the number of
   * the first. `onProgress` (default none) hears the share done (0–1) every few thousand paragraphs,
   * as one file's paragraphs take seconds here.
   */
  addTokenized(tokens: TokenizedParagraphs, onProgress?: (fraction: number) => void): number {
    const first = this.index.size;
    const words = tokens.words.map((w) => this.word(w));
    const count = tokens.counts.length;
    let from = 0;
    for (let p = 0; p < count; p++) {
      const n = tokens.counts[p];
      this.addParagraph(words, tokens, from, n, tokens.caseless[p] === 1);
      from += n;
      if (onProgress && (p & 4095) === 4095) onProgress((p + 1) / count);
    }
    onProgress?.(1);
    return first;
  }

  // The tokens [from, from + n) of `tokens` are the paragraph's; `words` maps their word numbers to Words.
  private addParagraph(words: readonly Word[], tokens: TokenizedParagraphs, from: number, n: number, caseless: boolean): void {
    if (n > this.spans.term.length) this.spans = spans(n * 2);
    const s = this.spans;
    if (n > this.bigrams.length) this.bigrams = withRoom(this.bigrams, n);
    const bigrams = this.bigrams;
    let folded = this.folded;
    let exact = this.exact;
    let terms = 0;
    for (let i = 0; i < n; i++) {
      const w = words[tokens.word[from + i]];
      const parts = w.folded.length;
      if (terms + parts > folded.length) {
        folded = this.folded = withRoom(folded, terms + parts);
        exact = this.exact = withRoom(exact, terms + parts);
      }
      for (let k = 0; k < parts; k++) {
        folded[terms] = w.folded[k];
        exact[terms] = w.exact[k];
        terms++;
      }
      const term = w.folded[0];
      // Every adjacent pair, across punctuation too: a phrase match ignores punctuation between words
      // ('các Bộ: Tài chính, Nội vụ' mentions Bộ Tài chính), and pairs only nominate phrase candidates.
      if (i > 0) bigrams[i - 1] = this.index.pair(s.term[i - 1], term);
      s.surface[i] = w.surface;
      s.lower[i] = w.lower;
      s.term[i] = term;
      s.joined[i] = tokens.joined[from + i];
    }
    this.vocabulary.add(s, n, caseless);
    this.index.addIds({ f: folded.subarray(0, terms), x: exact.subarray(0, terms), b: bigrams.subarray(0, Math.max(0, n - 1)) });
  }

  /** The finished index and vocabulary, and the counts the vocabulary was finished from. */
  finish(): { index: ParagraphIndex; vocabulary: Vocabulary; counts: VocabularyCounts } {
    const names = this.names();
    const parts = this.vocabulary.parts();
    return { index: this.index.finish(), vocabulary: finishVocabulary(parts, names), counts: VocabularyCounts.fromParts(parts, names) };
  }

  /** The finished index and the vocabulary's counts, without finishing the vocabulary (an incremental run's share). */
  finishCounts(): { index: ParagraphIndex; counts: VocabularyCounts } {
    const names = this.names();
    return { index: this.index.finish(), counts: VocabularyCounts.fromParts(this.vocabulary.parts(), names) };
  }

  // The strings behind the vocabulary's term ids (the index's folded and exact terms).
  private names(): PartNames & TermNames {
    const index = this.index;
    const rank = index.ranks(FOLDED);
    return { term: (id) => index.term(FOLDED, id), exact: (id) => index.term(EXACT, id), rank, ranks: () => rank };
  }

  /**
   * As finish(), with the index finished by `elsewhere.index` (on another thread:
   * IngestPool.finishIndex) and the vocabulary by `elsewhere.vocabulary` (IngestPool.finishVocabulary,
   * which gives it encoded as stored), or on this thread when that is not given. Each comes as a
   * promise, started before this returns, so that the caller can work meanwhile and use the index
   * before the vocabulary is done. The arrays are handed over, not copied: copying them took longer
   * than finishing them, so a failure elsewhere rejects, saying what failed.
   */
  finishElsewhere(elsewhere: Finishers): { index: Promise<ParagraphIndex>; vocabulary: Promise<FinishedVocabulary> } {
    // The word ranks both need, computed once (each side gets a copy).
    const rank = this.index.ranks(FOLDED);
    // The exact terms by id, taken before the index's arrays are handed over.
    const exacts = this.index.terms(EXACT);
    const index = settled(elsewhere.index(this.index.parts()), 'chỉ mục');
    let vocabulary: Promise<FinishedVocabulary>;
    if (elsewhere.vocabulary) vocabulary = settled(elsewhere.vocabulary(this.vocabulary.parts(), this.index.terms(FOLDED), rank.slice(), exacts), 'từ vựng');
    else {
      try {
        const names = this.names();
        const parts = this.vocabulary.parts();
        vocabulary = Promise.resolve({ vocabulary: finishVocabulary(parts, names), counts: VocabularyCounts.fromParts(parts, names).columns });
      } catch (e) {
        vocabulary = Promise.reject(e as Error);
      }
    }
    // Either may fail while the caller awaits the other: that must not count as unhandled.
    for (const p of [index, vocabulary]) p.catch(() => undefined);
    return { index, vocabulary };
  }

  private word(raw: string): Word {
    let w = this.words.get(raw);
    if (!w) {
      const tokens = analyzeWord(raw);
      const folded = Uint32Array.from(tokens, (t) => this.index.intern(FOLDED, t.term));
      const exact = Uint32Array.from(tokens, (t) => this.index.intern(EXACT, t.exact));
      const surface = normalize(raw);
      w = {
        folded,
        exact,
        surface: this.vocabulary.surface(surface, folded[0], exact[0]),
        lower: this.vocabulary.surface(surface.toLowerCase(), folded[0], exact[0]),
      };
      this.words.set(raw, w);
    }
    return w;
  }
}

/** Where ParagraphIndexer.finishElsewhere() has the index, and optionally the vocabulary, finished (IngestPool). */
export interface Finishers {
  index(parts: IndexParts): Promise<ParagraphIndex>;
  /** `terms` are the folded terms by id, `rank` their ranks, `exacts` the exact terms by id. */
  vocabulary?(parts: VocabularyParts, terms: string[], rank: Uint32Array, exacts: string[]): Promise<FinishedVocabulary>;
}

/** A finished vocabulary (or its stored bytes, encodeVocabulary()) and the columns of the counts it was finished from. */
export interface FinishedVocabulary {
  vocabulary: Vocabulary | Uint8Array;
  counts: CountsColumns;
}

// The promise's value, or a rejection that says what was being finished.
function settled<T>(pending: Promise<T>, what: string): Promise<T> {
  return pending.catch((error: Error) => {
    throw new Error(`không hoàn tất được ${what}: ${error.message}`);
  });
}

/** The paragraph index and the vocabulary of paragraphs; paragraph numbers follow iteration order. */
export function indexParagraphs(paragraphs: Iterable<ParagraphRecord>, options: VocabularyOptions = {}): { index: ParagraphIndex; vocabulary: Vocabulary } {
  const indexer = new ParagraphIndexer(options);
  for (const p of paragraphs) indexer.add(p.text);
  return indexer.finish();
}

/** The index and vocabulary counts of paragraph texts, as one document's share of a collection's (its posting rows and vocabulary change in PostgreSQL). */
export function indexTexts(texts: readonly string[]): { index: ParagraphIndex; counts: VocabularyCounts } {
  const indexer = new ParagraphIndexer();
  indexer.addTokenized(tokenizeParagraphs(texts));
  return indexer.finishCounts();
}
