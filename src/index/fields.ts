import type { Token } from '../text/token.js';

/** Names of the indexed fields: folded terms, exact (accented) terms, folded word pairs. */
export const FIELDS = ['f', 'x', 'b'] as const;
/** One of the indexed fields. */
export type FieldName = (typeof FIELDS)[number];

/** Joins two folded words into the term of the pair field; '+' never occurs inside a token. */
export function bigram(a: string, b: string): string {
  return `${a}+${b}`;
}

/** The terms a paragraph contributes to each field, from its analysis (whole words first, then parts of compounds, as analyze() gives them). */
export function fieldTerms(tokens: readonly Token[]): Record<FieldName, string[]> {
  const f: string[] = [];
  const x: string[] = [];
  const b: string[] = [];
  let prev: Token | undefined;
  for (const t of tokens) {
    f.push(t.term);
    x.push(t.exact);
    if (t.part) continue;
    // Every adjacent pair, across punctuation too: a phrase match ignores punctuation between words
    // ('các Bộ: Tài chính, Nội vụ' mentions Bộ Tài chính), and pairs only nominate phrase candidates.
    if (prev) b.push(bigram(prev.term, t.term));
    prev = t;
  }
  return { f, x, b };
}
