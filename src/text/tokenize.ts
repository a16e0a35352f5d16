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

// Character classes, looked up instead of matched: tokenizing runs over every character of a corpus,
// and a regular expression with Unicode properties costs several times a table look-up per character.
const STARTS = 1; // \p{L} or \p{Nd}: may begin a word
const CONTINUES = 2; // \p{L}, \p{Nd} or \p{M}: may continue a word
const START_RE = /^[\p{L}\p{Nd}]$/u;
const MARK_RE = /^\p{M}$/u;
const classOf = (ch: string): number => (START_RE.test(ch) ? STARTS | CONTINUES : MARK_RE.test(ch) ? CONTINUES : 0);
let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

// Classes of the basic plane by code unit, made on first use (surrogates: none).
function bmpClasses(): Uint8Array {
  if (!bmp) {
    bmp = new Uint8Array(0x10000);
    for (let k = 0; k < 0x10000; k++) if (k < 0xd800 || k > 0xdfff) bmp[k] = classOf(String.fromCharCode(k));
  }
  return bmp;
}

// Class of the code point at i when it lies outside the basic plane (a lone surrogate is neither).
function astralClass(text: string, i: number): number {
  const cp = text.codePointAt(i) as number;
  if (cp <= 0xffff) return 0;
  let k = astral.get(cp);
  if (k === undefined) astral.set(cp, (k = classOf(String.fromCodePoint(cp))));
  return k;
}

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

// . , / - : joins two words into one token when nothing else stands between them.
const isJoiner = (c: number): boolean => c === 46 || c === 44 || c === 47 || c === 45;

/**
 * Calls `token(start, end)` for each raw token of `text`, in order, building nothing. A token is a
 * WORD (above) followed by any number of a joiner . , / - and another WORD, read by code points: the
 * matches of that regular expression with the u flag, which the tests hold the scanner to.
 */
export function scanTokens(text: string, token: (start: number, end: number) => void): void {
  const classes = bmpClasses();
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Skip to the next code point that starts a word.
    let c = text.charCodeAt(i);
    if (isSurrogate(c)) {
      if (!(astralClass(text, i) & STARTS)) {
        i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
        continue;
      }
    } else if (!(classes[c] & STARTS)) {
      i++;
      continue;
    }
    const start = i;
    i += isSurrogate(c) ? 2 : 1;
    for (;;) {
      // The rest of the word.
      while (i < n) {
        c = text.charCodeAt(i);
        if (!isSurrogate(c)) {
          if (!(classes[c] & CONTINUES)) break;
          i++;
        } else if (astralClass(text, i) & CONTINUES) i += 2;
        else break;
      }
      // A joiner and the start of another word carry the token on.
      if (i + 1 < n && isJoiner(text.charCodeAt(i))) {
        c = text.charCodeAt(i + 1);
        if (!isSurrogate(c) ? classes[c] & STARTS : astralClass(text, i + 1) & STARTS) {
          i += isSurrogate(c) ? 3 : 2;
          continue;
        }
      }
      break;
    }
    token(start, i);
  }
}

/** Splits text into raw tokens with their offsets into the original string. */
export function tokenize(text: string): RawToken[] {
  const out: RawToken[] = [];
  scanTokens(text, (start, end) => out.push({ text: text.slice(start, end), start, end }));
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
