/** A raw token: a run of the original text, before any analysis step. */
export interface RawToken {
  text: string;
  start: number;
  end: number;
}

// A word is letters and decimal digits with any combining marks (NFD input keeps its marks inside the
// word). Words joined by . , / - with no space stay one token, so document numbers (01/NQ-CP,
// 31/2022/NĐ-CP) and figures (5.816.600, 2.874,735) stay whole. Superscripts are not digits here,
// which keeps footnote markers and the ³ of m³ out of words.
const WORD = String.raw`[\p{L}\p{Nd}][\p{L}\p{Nd}\p{M}]*`;
const TOKEN_RE = new RegExp(`${WORD}(?:[.,/\\-]${WORD})*`, 'gu');

/** Splits text into raw tokens with their offsets into the original string. */
export function tokenize(text: string): RawToken[] {
  const out: RawToken[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const PART_RE = new RegExp(WORD, 'gu');

/** The words inside a compound token ('31/2022/NĐ-CP' → 31, 2022, NĐ, CP) with offsets relative to it; [] for a plain word. */
export function compoundParts(token: string): RawToken[] {
  if (!/[.,/\-]/.test(token)) return [];
  // Figures such as 5.816.600 or 9,15 are one number: their digit groups are not words of their own.
  if (/^[\d.,]+$/.test(token)) return [];
  const out: RawToken[] = [];
  PART_RE.lastIndex = 0;
  for (let m = PART_RE.exec(token); m !== null; m = PART_RE.exec(token)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}
