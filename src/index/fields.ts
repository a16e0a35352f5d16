/** The field of folded terms ('giai', 'ngan'): every word without diacritics, lower case. */
export const FOLDED = 'f';
/** The field of exact terms ('giải'): lower case, tone marks placed canonically. */
export const EXACT = 'x';
/** The field of folded word pairs ('giai+ngan'), for phrases and proximity. */
export const PAIR = 'b';
/** Names of the indexed fields, in the order their columns are stored (one letter each, as written in the columns file). */
export const FIELDS = [FOLDED, EXACT, PAIR] as const;
/** One of the indexed fields. */
export type FieldName = (typeof FIELDS)[number];

/** Joins two folded words into the term of the pair field; '+' never occurs inside a token. */
export function bigram(a: string, b: string): string {
  return `${a}+${b}`;
}
