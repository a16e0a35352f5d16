import type { Token } from './token.js';
import { tokenize, compoundParts } from './tokenize.js';
import { normalize } from './normalize.js';
import { fold } from './fold.js';
import { toneKey } from './tone.js';

/**
 * Version of the analysis. Stored with every index; bump it whenever a step below changes what
 * terms a text produces, so that an old index is refused instead of silently missing matches.
 */
export const ANALYZER_VERSION = 'vi-5';

/** One analysis step (lunr's pipeline): a token in, then the token, several tokens, or null to drop it. */
export type AnalysisStep = (token: Token) => Token | Token[] | null;

/** NFC through unorm (only where combining marks are present) and look-alike letters mapped, e.g. Ð (U+00D0) → Đ. */
export const normalizeStep: AnalysisStep = (t) => {
  const n = normalize(t.exact);
  return n === t.exact ? t : { ...t, exact: n, term: n };
};

/** Case-insensitivity. */
export const lowercaseStep: AnalysisStep = (t) => {
  const l = t.exact.toLowerCase();
  return l === t.exact ? t : { ...t, exact: l, term: l };
};

/** Emits the parts of a compound after the whole token, so 'Nghị định 31/2022' can find '31/2022/NĐ-CP'. */
export const compoundStep: AnalysisStep = (t) => {
  if (t.part) return t;
  const parts = compoundParts(t.exact);
  if (parts.length < 2) return t;
  // Offsets of the normalized text map back to the source only when normalization kept the length.
  const sameLength = t.end - t.start === t.exact.length;
  return [
    t,
    ...parts.map((p) => ({
      term: p.text,
      exact: p.text,
      start: sameLength ? t.start + p.start : t.start,
      end: sameLength ? t.start + p.end : t.end,
      position: t.position,
      part: true,
    })),
  ];
};

/** Tone placement made irrelevant in the exact form: 'hoà' = 'hòa', 'uỷ' = 'ủy'. */
export const toneStep: AnalysisStep = (t) => ({ ...t, exact: toneKey(t.exact) });

/** Diacritic folding of the index term, đ → d. */
export const foldStep: AnalysisStep = (t) => {
  const f = fold(t.term);
  return f === t.term ? t : { ...t, term: f };
};

/** The steps in order; index time and query time both run exactly these. */
export const PIPELINE: readonly AnalysisStep[] = [normalizeStep, lowercaseStep, compoundStep, toneStep, foldStep];

// Government text repeats a few thousand syllables; analyzing each distinct surface form once keeps
// indexing fast. The cache holds the result of the pipeline for a token at offset 0, position 0.
const CACHE_LIMIT = 200_000;
let cache = new Map<string, Token[]>();

/** The analysis of one raw token as the tokenizer cuts it, at offset 0 and position 0: the whole word first, then any parts. */
export function analyzeWord(surface: string): readonly Token[] {
  const hit = cache.get(surface);
  if (hit) return hit;
  let tokens: Token[] = [{ term: surface, exact: surface, start: 0, end: surface.length, position: 0 }];
  for (const step of PIPELINE) {
    const next: Token[] = [];
    for (const t of tokens) {
      const r = step(t);
      if (r === null) continue;
      if (Array.isArray(r)) next.push(...r);
      else next.push(r);
    }
    tokens = next;
  }
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(surface, tokens);
  return tokens;
}

/** Analyzes text into tokens with offsets into `text`: whole words first, then the parts of compounds. */
export function analyze(text: string): Token[] {
  const out: Token[] = [];
  let position = 0;
  for (const raw of tokenize(text)) {
    for (const t of analyzeWord(raw.text)) {
      // Spelled out rather than spread: this runs for every word of a corpus.
      const token: Token = { term: t.term, exact: t.exact, start: raw.start + t.start, end: raw.start + t.end, position };
      if (t.part) token.part = true;
      out.push(token);
    }
    position++;
  }
  return out;
}

/** The whole-word tokens only (no compound parts), e.g. for phrase matching and bigrams. */
export function analyzeWords(text: string): Token[] {
  return analyze(text).filter((t) => !t.part);
}
