/** Names of the indexed fields: folded terms, exact (accented) terms, folded word pairs. */
export const FIELDS = ['f', 'x', 'b'] as const;
/** One of the indexed fields. */
export type FieldName = (typeof FIELDS)[number];

/** Joins two folded words into the term of the pair field; '+' never occurs inside a token. */
export function bigram(a: string, b: string): string {
  return `${a}+${b}`;
}
