// The furniture of a paginated text (from a PDF): the running header printed on every page (a gazette's
// `CÔNG BÁO/Số 977 + 978/Ngày 25-7-2025`), the page numbers next to it, and the digital-signature stamp a
// signing service prints on a page (`Người ký: …` / `Email: …` / `Cơ quan: …` / `Thời gian ký: …`).
// None of it is the document's text, and each page break it marks may fall inside a paragraph.
import type { Line } from './line.js';
import { hasLetter } from '../text/letter-case.js';
import { HASH_START, hashStep } from '../util/code-unit-hash.js';

/** What was taken out of a paginated text, for the ingest report. */
export interface FurnitureCount {
  headers: number;
  pageNumbers: number;
  stamps: number;
}

/** Longest line that can be a running header. */
const MAX_HEADER = 100;
/** Share of a header's occurrences that must stand next to a page number (or a form feed). */
const NEAR_PAGE_NUMBER = 0.6;
/** Share of steps from one occurrence to the next where the page number goes up (by at most 3). */
const PAGES_GO_UP = 0.5;
/** How many lines with text other than page numbers may stand between a running header and its page break. */
const BREAK_REACH = 2;
/** Fewest lines between two occurrences, on average, in a text with content: a page is longer than a table row. */
const MIN_SPACING = 8;

const PAGE_NUMBER = /^\d{1,4}$/;
// A page masthead names the publication, its issue and date ('CÔNG BÁO/Số 493 + 494/Ngày 16-03-2025'): that
// form is page furniture even in a document short enough to print it once, where it cannot be seen repeating.
const MASTHEAD = /^[^/\d][^/]{1,60}\/\s*Số\s+\d+(?:\s*\+\s*\d+)*\s*\/\s*Ngày\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/iu;
// MASTHEAD puts its first '/' after 2 to 61 code points, so at code unit 2 to 122 (a code point may
// take two): only the few lines that do are worth the expression.
const isMasthead = (t: string): boolean => {
  const slash = t.indexOf('/');
  return slash >= 2 && slash <= 122 && MASTHEAD.test(t);
};

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text of a line as furniture detection reads it: control characters out, edges trimmed. */
function bare(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}

// JavaScript's \s: the characters a page number is set apart by.
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The shape of a line with its numbers blanked and spaces ignored: a running header keeps its shape
 * while its numbers change. A page number of 1 to 4 digits set apart by spaces at either end is
 * dropped, each other run of digits becomes '#', spaces go: the effect of
 * text.replace(/^\d{1,4}\s+|\s+\d{1,4}$/g, '').replace(/\d+/g, '#').replace(/\s+/g, ''), in one pass
 * (it runs for every short line of every paginated file).
 */
export function headerShape(text: string): string {
  const [from, to] = shapeSpan(text);
  // Runs of kept characters are copied whole, a digit run becomes '#', a space ends a run.
  let out = '';
  let run = from;
  let inDigits = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (!inDigits) out += text.slice(run, i) + '#';
      inDigits = true;
      run = i + 1;
    } else {
      inDigits = false;
      if (isSpace(c)) {
        out += text.slice(run, i);
        run = i + 1;
      }
    }
  }
  return out + text.slice(run, to);
}

/**
 * hashSpan() of headerShape(text), computed from the line's characters as they are read, with no string made:
 * equal shapes hash alike, so a line whose hash no other line has has a shape of its own.
 */
export function headerShapeHash(text: string): number {
  const [from, to] = shapeSpan(text);
  let h = HASH_START;
  let inDigits = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (!inDigits) h = hashStep(h, 35);
      inDigits = true;
    } else {
      inDigits = false;
      if (!isSpace(c)) h = hashStep(h, c);
    }
  }
  return h;
}

// The part of a line a shape is read from: without a page number of 1 to 4 digits set apart by spaces
// at either end.
function shapeSpan(text: string): [number, number] {
  let from = 0;
  let to = text.length;
  let d = 0;
  while (d < 4 && d < to && isDigit(text.charCodeAt(d))) d++;
  if (d > 0 && d < to && isSpace(text.charCodeAt(d))) {
    from = d;
    while (from < to && isSpace(text.charCodeAt(from))) from++;
  }
  d = 0;
  while (d < 4 && to - d - 1 >= from && isDigit(text.charCodeAt(to - d - 1))) d++;
  if (d > 0 && to - d - 1 >= from && isSpace(text.charCodeAt(to - d - 1))) to -= d;
  return [from, to];
}

/**
 * Indices (into `lines`) of the running header's occurrences: a short line shape seen at least twice,
 * mostly next to a lone page number that goes up from one occurrence to the next (or next to a form feed),
 * spread out like pages unless the text is little else, and, where the text shows its page breaks, the
 * one most often standing at them. Empty when there is none.
 */
export function runningHeader(lines: readonly Line[], texts: readonly string[] = lines.map((l) => bare(l.text))): number[] {
  const content: number[] = [];
  for (let i = 0; i < texts.length; i++) if (texts[i]) content.push(i);
  // Most short lines of a text are unlike any other: their shapes are counted by hash first, and only
  // lines whose hash repeats are grouped by shape (a running header repeats by definition).
  const hashes = new Int32Array(content.length);
  const eligible = new Uint8Array(content.length);
  const hashCount = new Map<number, number>();
  for (let k = 0; k < content.length; k++) {
    const t = texts[content[k]];
    if (t.length > MAX_HEADER || !hasLetter(t)) continue;
    eligible[k] = 1;
    const h = (hashes[k] = headerShapeHash(t));
    hashCount.set(h, (hashCount.get(h) ?? 0) + 1);
  }
  const at = new Map<string, number[]>();
  for (let k = 0; k < content.length; k++) {
    if (!eligible[k] || (hashCount.get(hashes[k]) as number) < 2) continue;
    const shape = headerShape(texts[content[k]]);
    const list = at.get(shape);
    if (list) list.push(k);
    else at.set(shape, [k]);
  }
  // The page number printed next to the k-th content line: on a line of its own, or on the header's own line.
  const pageNumber = (k: number): number | null => {
    for (const j of [k + 1, k - 1, k + 2, k - 2]) {
      const t = texts[content[j]];
      if (t !== undefined && PAGE_NUMBER.test(t)) return Number(t);
    }
    const own = /^(\d{1,4})\s{2,}|\s{2,}(\d{1,4})$/.exec(texts[content[k]]);
    return own ? Number(own[1] ?? own[2]) : null;
  };
  const formFeed = (k: number): boolean => [content[k] - 1, content[k]].some((i) => lines[i]?.text.includes('\f'));
  // Extractors that mark blank lines inside a page with spaces leave an empty line (or a form feed) only
  // at page breaks; there, a running header stands within a few lines of one.
  const breaks = lines.some((l) => l.text === '') && lines.some((l) => l.text !== '' && !l.text.trim());
  const atBreak = (k: number): boolean => {
    for (const step of [-1, 1]) {
      let passed = 0;
      for (let j = content[k] + step; ; j += step) {
        if (j < 0 || j >= lines.length || lines[j].text === '' || lines[j].text.includes('\f')) return true;
        if (texts[j] && !PAGE_NUMBER.test(texts[j]) && ++passed > BREAK_REACH) break;
      }
    }
    return false;
  };
  let best: number[] = [];
  let bestAtBreak = 0;
  for (const ks of at.values()) {
    if (ks.length < 2) continue;
    const nearBreak = breaks ? ks.filter(atBreak).length : ks.length;
    if (nearBreak < ks.length * NEAR_PAGE_NUMBER || nearBreak < bestAtBreak) continue;
    const numbers = ks.map(pageNumber);
    let up = 0;
    for (let n = 1; n < numbers.length; n++) {
      const step = (numbers[n] ?? NaN) - (numbers[n - 1] ?? NaN);
      if (step > 0 && step <= 3) up++;
    }
    const numbered = numbers.filter((n) => n !== null).length >= ks.length * NEAR_PAGE_NUMBER && up >= (ks.length - 1) * PAGES_GO_UP;
    const fed = ks.length >= 3 && ks.filter(formFeed).length >= ks.length * NEAR_PAGE_NUMBER;
    const spacing = (ks[ks.length - 1] - ks[0]) / (ks.length - 1);
    // A text that is little more than its page furniture (a scanned document) has pages of a line or two.
    const bareText = ks.length * 2 >= content.length * 0.3;
    if ((numbered || fed) && (spacing >= MIN_SPACING || bareText)) {
      best = ks;
      bestAtBreak = nearBreak;
    }
  }
  const heads = new Set(best.map((k) => content[k]));
  for (const i of content) if (isMasthead(texts[i])) heads.add(i);
  return [...heads].sort((a, b) => a - b);
}

const STAMP_OPEN = /^(?:Người ký|Ký bởi)\s*:/iu;
const STAMP_FIELD = /^(?:Email|Cơ quan|Tổ chức|Thời gian ký|Ngày ký)\s*:/iu;
const STAMP_TIME = /^(?:Thời gian ký|Ngày ký)\s*:\s*\d/iu;

/** Index ranges [from, to] of digital-signature stamps: an open line, its fields, and a signing time. */
export function signatureStamps(lines: readonly Line[], texts: readonly string[] = lines.map((l) => bare(l.text))): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!STAMP_OPEN.test(texts[i])) continue;
    let end = -1;
    for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
      const t = texts[j];
      if (!t) continue;
      if (!STAMP_FIELD.test(t)) break;
      if (STAMP_TIME.test(t)) end = j;
    }
    if (end >= 0) {
      out.push([i, end]);
      i = end;
    }
  }
  return out;
}

/**
 * Removes running headers, the page numbers next to them and signature stamps. Each run of blank and
 * removed lines around a removal becomes one blank line flagged `pageBreak`: a break that a paragraph may
 * run across. Texts without furniture come back unchanged.
 */
export function removePageFurniture(lines: Line[]): { lines: Line[]; count: FurnitureCount } {
  const count: FurnitureCount = { headers: 0, pageNumbers: 0, stamps: 0 };
  const removed = new Uint8Array(lines.length);
  // Each line's bare text, read once by all the checks below.
  const texts = lines.map((l) => bare(l.text));
  for (const [from, to] of signatureStamps(lines, texts)) {
    removed.fill(1, from, to + 1);
    count.stamps++;
  }
  const blank = (i: number): boolean => texts[i] === '';
  for (const h of runningHeader(lines, texts)) {
    removed[h] = 1;
    count.headers++;
    // The page numbers printed above or below the header, blank lines between them aside; wide pages
    // print theirs more than once ('50' / '50' / '50').
    for (const step of [-1, 1]) {
      let seen = 0;
      let page = '';
      for (let j = h + step; j >= 0 && j < lines.length; j += step) {
        if (blank(j) || removed[j]) continue;
        const t = texts[j];
        if (page ? t !== page : !PAGE_NUMBER.test(t)) {
          if (page || ++seen >= 2) break;
          continue;
        }
        page = t;
        removed[j] = 1;
        count.pageNumbers++;
      }
    }
  }
  if (!removed.includes(1)) return { lines, count };
  const out: Line[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!removed[i] && !blank(i)) {
      out.push(lines[i]);
      i++;
      continue;
    }
    const from = i;
    let furniture = false;
    for (; i < lines.length && (removed[i] || blank(i)); i++) if (removed[i]) furniture = true;
    if (furniture) out.push({ text: '', start: lines[from].start, end: lines[from].start, pageBreak: true });
    else for (let k = from; k < i; k++) out.push(lines[k]);
  }
  return { lines: out, count };
}
