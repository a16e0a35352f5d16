import type { Token } from '../text/token.js';
import { analyze } from '../text/analyzer.js';

/** Names of the indexed fields: folded terms, exact (accented) terms, folded word pairs. */
export const FIELDS = ['f', 'x', 'b'] as const;
/** One of the indexed fields. */
export type FieldName = (typeof FIELDS)[number];

/** Joins two folded words into the term of the pair field; '+' never occurs inside a token. */
export function bigram(a: string, b: string): string {
  return `${a}+${b}`;
}

// Punctuation that ends a clause: a word pair across it is not a phrase.
const CLAUSE_BREAK = /[.;:!?()[\]{}"“”|•]/;

/** True when the text between two adjacent words lets them form a phrase (only spaces, dashes or commas between). */
export function joinable(text: string, prev: Token, next: Token): boolean {
  if (next.start - prev.end > 8) return false;
  return !CLAUSE_BREAK.test(text.slice(prev.end, next.start));
}

/** The terms a paragraph contributes to each field, space-separated, computed with one analysis pass. */
export function fieldTexts(text: string): Record<FieldName, string> {
  const tokens = analyze(text);
  const f: string[] = [];
  const x: string[] = [];
  const b: string[] = [];
  let prev: Token | undefined;
  for (const t of tokens) {
    f.push(t.term);
    x.push(t.exact);
    if (t.part) continue;
    if (prev && joinable(text, prev, t)) b.push(bigram(prev.term, t.term));
    prev = t;
  }
  return { f: f.join(' '), x: x.join(' '), b: b.join(' ') };
}
