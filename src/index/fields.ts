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
    // Every adjacent pair, across punctuation too: a phrase match ignores punctuation between words
    // ('các Bộ: Tài chính, Nội vụ' mentions Bộ Tài chính), and pairs only nominate phrase candidates.
    if (prev) b.push(bigram(prev.term, t.term));
    prev = t;
  }
  return { f: f.join(' '), x: x.join(' '), b: b.join(' ') };
}
