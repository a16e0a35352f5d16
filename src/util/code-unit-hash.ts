// A hash of strings read as they are scanned, for caches keyed by a word where it stands in a text:
// no substring is made to look one up. FNV-1a over UTF-16 code units, kept to 30 bits so that the
// hash is a small integer, the fastest kind of Map key.

/** Hash of the empty string; the start value of hashStep. */
export const HASH_START = 0x011c9dc5;

/** The hash after one more code unit `c`. */
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193) & 0x3fffffff;

/** Hash of text[start, end). */
export function hashSpan(text: string, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}
