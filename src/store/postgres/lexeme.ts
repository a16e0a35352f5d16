// Terms as PostgreSQL's text search stores them. Our analyzer makes the terms; PostgreSQL's parser
// never sees our text (its `simple` parser cuts 31/2022/NĐ-CP into four words and shifts positions).

/** Longest lexeme PostgreSQL accepts in a tsvector or tsquery, in bytes of UTF-8 (MAXSTRLEN, 2^11 - 1). */
export const MAX_LEXEME_BYTES = 2047;

/**
 * The term as stored: unchanged unless its UTF-8 is over MAX_LEXEME_BYTES (a run of letters or digits
 * without a space, which the paragraph bound cuts only at 20,000 characters), then cut at the last
 * whole character that fits. Index and query cut alike, so a search for such a word still finds it
 * (with whatever else shares its first 2 KB, which the engine's own matching tells apart).
 */
export function lexeme(term: string): string {
  if (term.length * 3 <= MAX_LEXEME_BYTES || Buffer.byteLength(term) <= MAX_LEXEME_BYTES) return term;
  let bytes = 0;
  let end = 0;
  for (const ch of term) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > MAX_LEXEME_BYTES) break;
    bytes += size;
    end += ch.length;
  }
  return term.slice(0, end);
}

/** A lexeme quoted for a tsvector or tsquery literal: in single quotes, with ' doubled and \ escaped. */
export function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
