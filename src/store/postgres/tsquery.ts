// tsquery text built from the analyzer's query words, never from PostgreSQL's parser: the text is passed
// as a parameter and cast (`$1::tsquery`), which takes our lexemes as they are. (to_tsquery would run
// the configuration's parser over them and cut 31/2022/nđ-cp apart, or fail on a space.)
import type { QueryWord } from '../../search/query.js';
import { lexeme, quoteLexeme } from './lexeme.js';

/** Which terms a query is matched against: folded words (field f) or exact spellings (field x). */
export type MatchField = 'f' | 'x';

/** One of the ways a unit of a query may be written: words in a row (the glossary gives several: UBND, Ủy ban nhân dân). */
export interface WordRun {
  words: readonly QueryWord[];
}

/** A unit of a query: any one of its alternatives. */
export interface QueryGroup {
  alternatives: readonly WordRun[];
}

/** What a candidate must hold: its groups one after another, as one phrase (a single group of a single word: that word anywhere). */
export type Needle = readonly QueryGroup[];

/** A needle of one word. */
export function wordNeedle(word: QueryWord): Needle {
  return [{ alternatives: [{ words: [word] }] }];
}

/** A needle of words in a row, each written only as typed. */
export function phraseNeedle(words: readonly QueryWord[]): Needle {
  return words.map((w) => ({ alternatives: [{ words: [w] }] }));
}

// A word, as the embedded index's candidate sets take it: its whole term, or (folded) all the parts of
// a compound ('31/2022' is found inside '31/2022/NĐ-CP'). Inside a phrase the parts must stand at one
// position, the position of the word that holds them; alone, anywhere in the paragraph, as the
// embedded postings give it. The exact field keeps whole words only, as the engine reads it.
function word(w: QueryWord, field: MatchField, inPhrase: boolean): string {
  const whole = quoteLexeme(lexeme(field === 'f' ? w.term : w.exact));
  if (field === 'x' || !w.parts.length) return whole;
  const parts = w.parts.map((p) => quoteLexeme(lexeme(p))).join(inPhrase ? ' <0> ' : ' & ');
  return `(${whole} | (${parts}))`;
}

function run(r: WordRun, field: MatchField, inPhrase: boolean): string {
  const words = r.words.map((w) => word(w, field, inPhrase || r.words.length > 1));
  return words.length === 1 ? words[0] : `(${words.join(' <-> ')})`;
}

/** The tsquery text of a needle. */
export function needleQuery(needle: Needle, field: MatchField): string {
  const inPhrase = needle.length > 1;
  const groups = needle.map((g) => {
    const alternatives = g.alternatives.map((a) => run(a, field, inPhrase));
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' | ')})`;
  });
  return groups.length === 1 ? groups[0] : `(${groups.join(' <-> ')})`;
}

/** The tsquery text of needles joined by & (every one) or | (any one), minus the excluded ones. */
export function candidateQuery(needles: readonly Needle[], field: MatchField, mode: 'all' | 'any' = 'all', exclude: readonly Needle[] = []): string {
  if (!needles.length) throw new Error('a candidate query needs at least one needle');
  const wanted = needles.map((n) => needleQuery(n, field)).join(mode === 'all' ? ' & ' : ' | ');
  if (!exclude.length) return wanted;
  return `(${wanted}) & !(${exclude.map((n) => needleQuery(n, field)).join(' | ')})`;
}

/** Every lexeme a needle names (whole words and parts), to ask the candidates' positions of. */
export function needleLexemes(needle: Needle, field: MatchField): string[] {
  const out: string[] = [];
  for (const g of needle) for (const a of g.alternatives) for (const w of a.words) {
    out.push(lexeme(field === 'f' ? w.term : w.exact));
    if (field === 'f') for (const p of w.parts) out.push(lexeme(p));
  }
  return out;
}
