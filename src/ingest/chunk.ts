// Paragraphs from clean lines: blank-line blocks (or one paragraph per line), halves of a paragraph that a
// page break split rejoined, footnotes kept apart and linked both ways, and the heading path of Vietnamese
// reports and legal texts (PHẦN, Chương, Mục, A., I., Điều, 1., 1.1., a)) given to every paragraph.
import type { ParagraphRecord } from './records.js';
import type { Line } from './line.js';
import { hasLowerCase, startsLowerCase, startsUpperCase } from '../text/letter-case.js';
import { isFormLine } from './form-line.js';

/** A paragraph before numbering: records are made from drafts once metadata-only lines are set aside. */
export interface Draft {
  text: string;
  start: number;
  end: number;
  kind: ParagraphRecord['kind'];
  heading: string[];
  /** Footnote marks referred to in the text, in reading order. */
  marks: string[];
  /** For a footnote: its mark. */
  mark?: string;
}

/** A structural marker at the start of a line: its readable label and its depth (lower is outer). */
export interface Marker {
  label: string;
  rank: number;
  /** The text after the marker. */
  rest: string;
}

/** What came before, for markers whose reading depends on it ('I.' after 'H.' is a letter, not one). */
export interface MarkerContext {
  lastLetter?: string;
  lastRoman?: number;
}

const ROMAN = /^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

/** Value of a Roman numeral (I–CCCXCIX), or 0 when the string is not one. */
export function romanValue(s: string): number {
  if (!ROMAN.test(s)) return 0;
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]];
    const next = v[s[i + 1]] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}

const UPPER_START = /^["“(]?\p{Lu}/u;
// Ranks: Markdown '#' levels are outermost, then the parts of Vietnamese legal and report structure.
const RANK = { part: 0, chapter: 1, section: 2, letter: 3, roman: 4, article: 5, decimal: 6, lower: 20 } as const;

// The openings any marker below can have: most lines of a text have none, and are settled by this one test.
const MAYBE_MARKER = /^(?:#|P[Hh]|C[Hh]|M[Ụụ]|Đ[Ii]|[A-ZĐ][.)]|[IVXLC]{2,7}[.)]|\d|[a-zđ][).])/;

// Module constants, not literals in the functions: see src/text/letter-case.ts for why.
const PART_MARKER = /^(PHẦN|Phần)\s+(THỨ\s+\p{L}+|thứ\s+\p{L}+|[IVXLC]+|\d{1,2})(?![\p{L}\p{N}])[.:]?\s*/u;
const SECOND_SENTENCE = /[.!?]\s+\p{Lu}/u;

/** Reads a structural marker ('A.', 'II.', '1.', '1.1.', 'a)', 'Chương I', 'Mục 2', 'Điều 5.', 'PHẦN I', '# x'). */
export function parseMarker(text: string, ctx: MarkerContext = {}): Marker | null {
  if (!MAYBE_MARKER.test(text)) return null;
  const md = /^(#{1,6})\s+(.*)$/.exec(text);
  if (md) {
    const inner = parseMarker(md[2], ctx);
    if (inner) return inner;
    const label = md[2].length > 60 ? `${md[2].slice(0, 57)}…` : md[2];
    return { label, rank: md[1].length - 10, rest: md[2] };
  }
  let m = PART_MARKER.exec(text);
  if (m) return { label: `Phần ${m[2].toLowerCase().startsWith('thứ') ? m[2].toLowerCase() : m[2]}`, rank: RANK.part, rest: text.slice(m[0].length) };
  m = /^(CHƯƠNG|Chương)\s+([IVXLC]+|\d{1,3})(?![\p{L}\p{N}])[.:]?\s*/u.exec(text);
  if (m) return { label: `Chương ${m[2]}`, rank: RANK.chapter, rest: text.slice(m[0].length) };
  m = /^(MỤC|Mục)\s+(\d{1,3}|[IVXLC]+)(?![\p{L}\p{N}])[.:]?\s*/u.exec(text);
  if (m) return { label: `Mục ${m[2]}`, rank: RANK.section, rest: text.slice(m[0].length) };
  m = /^(ĐIỀU|Điều)\s+(\d{1,3}[a-z]?)(?![\p{L}\p{N}])[.:]?\s*/u.exec(text);
  if (m) return { label: `Điều ${m[2]}`, rank: RANK.article, rest: text.slice(m[0].length) };
  m = /^([A-ZĐ]|[IVXLC]{1,7})[.)]\s+/.exec(text);
  if (m && UPPER_START.test(text.slice(m[0].length))) {
    const rest = text.slice(m[0].length);
    const roman = romanValue(m[1]);
    const single = m[1].length === 1;
    // 'I', 'V', 'X' are Roman numerals unless they continue a lettered list (after 'H.', 'U.', 'W.').
    const letterNext = single && ctx.lastLetter !== undefined && nextLetter(ctx.lastLetter) === m[1];
    const romanNext = ctx.lastRoman !== undefined && roman === ctx.lastRoman + 1;
    if (roman > 0 && !letterNext && (!single || 'IVX'.includes(m[1]) || romanNext)) {
      return { label: m[1], rank: RANK.roman, rest };
    }
    if (single) return { label: m[1], rank: RANK.letter, rest };
    return null;
  }
  m = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+/.exec(text) ?? /^(\d{1,2})[.)]\s+/.exec(text);
  if (m && UPPER_START.test(text.slice(m[0].length))) {
    return { label: m[1], rank: RANK.decimal + m[1].split('.').length - 1, rest: text.slice(m[0].length) };
  }
  m = /^([a-zđ])[).]\s+/.exec(text);
  if (m && /^\S/.test(text.slice(m[0].length))) return { label: `${m[1]})`, rank: RANK.lower, rest: text.slice(m[0].length) };
  return null;
}

const VN_LETTERS = 'ABCDĐEFGHIJKLMNOPQRSTUVWXYZ';
function nextLetter(letter: string): string {
  return VN_LETTERS[VN_LETTERS.indexOf(letter) + 1] ?? '';
}

/** Longest heading line; a longer marked paragraph is body text that opens a numbered item. */
export const MAX_HEADING = 200;

/** True when a marked line reads as a heading: short, and not ending a sentence unless written in capitals. */
export function isHeadingText(text: string, marker: Marker): boolean {
  // A second sentence inside means body text that opens with a number.
  if (text.length > MAX_HEADING || !marker.rest || SECOND_SENTENCE.test(marker.rest)) return false;
  return !/[.;,!?…]["”')\]]*$/.test(text) || !hasLowerCase(marker.rest);
}

const SENTENCE_END = /[.!?…]["”'’)\]»]*$/;
const PHOTO_CREDIT = /(?:^|[\s.(])Ảnh(?: minh họa)?\s*:\s*[^.:]{1,80}\)?$/u;

/** True when a paragraph ends mid-sentence and `next` carries on with it (a page break split them). */
export function continues(prev: string, next: string): boolean {
  if (SENTENCE_END.test(prev) || PHOTO_CREDIT.test(prev) || parseMarker(next) !== null) return false;
  if (startsLowerCase(next)) return true;
  // A capitalised word may carry on a long paragraph cut without any punctuation ('… làm việc với' / 'Hiệp hội').
  // Both sides long, so a byline or a caption under a paragraph that lacks its full stop stays apart.
  if (prev.length < 200 || next.length < 60 || !hasLowerCase(prev)) return false;
  return /[\p{L}\p{N}]$/u.test(prev) && startsUpperCase(next);
}

/** True for a block of lines hard-wrapped at a fixed width, whose lines are one paragraph. */
export function isHardWrapped(texts: string[]): boolean {
  if (texts.length < 3) return false;
  const body = texts.slice(0, -1);
  if (texts.some((t) => t.length > 120) || body.some((t) => t.length < 30)) return false;
  if (body.some((t) => /^([-+•*]|\d{1,2}[.)]\s)/.test(t))) return false;
  if (body.filter((t) => !/[.:;!?]["”')]*$/.test(t)).length * 3 < body.length * 2) return false;
  // Wrapped Vietnamese prose mostly goes on with a lower-case syllable; a list of titles does not.
  return texts.slice(1).filter(startsLowerCase).length * 2 >= texts.length - 1;
}

interface Unit {
  text: string;
  start: number;
  end: number;
  marks: string[];
  footnote?: string;
  caption: boolean;
  /** A link to another document or article, never joined to the page's own text. */
  related: boolean;
  /** Ordinal of the blank-line block the unit comes from. */
  block: number;
}

function unitOf(lines: Line[], block: number): Unit {
  return {
    block,
    text: lines.map((l) => l.text).join(' '),
    start: lines[0].start,
    end: lines[lines.length - 1].end,
    marks: lines.flatMap((l) => l.marks ?? []),
    footnote: lines[0].footnote,
    caption: lines.some((l) => l.caption === true),
    related: lines.some((l) => l.related === true),
  };
}

/** The paragraph units of clean lines before any joining: blank-line blocks, or each line of a block. */
export function units(lines: Line[]): Unit[] {
  const out: Unit[] = [];
  let block: Line[] = [];
  let blocks = 0;
  const flush = (): void => {
    if (block.length === 0) return;
    blocks++;
    if (isHardWrapped(block.map((l) => l.text)) && !block.some((l) => l.footnote)) out.push(unitOf(block, blocks));
    else for (const line of block) out.push(unitOf([line], blocks));
    block = [];
  };
  for (const line of lines) {
    if (line.text) block.push(line);
    else flush();
  }
  flush();
  return out;
}

/** Rejoins paragraph halves split by a page break, across any footnotes that sit between them. */
export function joinSplits(list: Unit[]): Unit[] {
  const out: Unit[] = [];
  let lastBody = -1;
  for (const u of list) {
    if (u.footnote !== undefined || u.related) {
      out.push(u);
      continue;
    }
    // A footnote wrapped over several lines goes on in the lines right under it.
    const note = out[out.length - 1];
    if (note?.footnote !== undefined && note.block === u.block && continues(note.text, u.text)) {
      appendTo(note, u);
      continue;
    }
    const prev = out[lastBody];
    if (prev && !prev.caption && !u.caption && !isHeadingLine(prev.text) && continues(prev.text, u.text)) {
      appendTo(prev, u);
      continue;
    }
    lastBody = out.length;
    out.push({ ...u });
  }
  return out;
}

function appendTo(unit: Unit, next: Unit): void {
  unit.text = `${unit.text} ${next.text}`;
  unit.end = next.end;
  unit.marks = unit.marks.concat(next.marks);
}

function isHeadingLine(text: string): boolean {
  const marker = parseMarker(text);
  return marker !== null && isHeadingText(text, marker);
}

const BACK_MATTER = /^(?:Nơi nhận|NƠI NHẬN)\s*:?$/u;
/** The signature block (`TM. CHÍNH PHỦ`, `KT. BỘ TRƯỞNG`) and the appendices after it belong to no article. */
const SIGNATURE_OPENER = /^(?:TM|KT|TL|TUQ|Q|PP)\.\s*\p{Lu}[^\p{Ll}]*$/u;
const APPENDIX = /^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVXLC]+|\d{1,2}[a-z]?|[A-Z]))?(?![\p{L}\p{N}])(?!\s*\p{Ll})/u;

/** Assigns kinds and heading paths to joined units, in document order. */
export function structure(list: Unit[]): Draft[] {
  const ctx: MarkerContext = {};
  const markers = list.map((u) => (u.footnote === undefined && !u.related ? readMarker(u.text, ctx) : null));
  const structured = list.some((u, i) => markers[i] !== null && isHeadingText(u.text, markers[i]!));
  const stack: { label: string; rank: number }[] = [];
  // The heading path as an array, made again only after the stack changes: most units share their
  // predecessor's path, and the records never modify it.
  let path: string[] | undefined;
  const headingPath = (): string[] => (path ??= stack.map((s) => s.label));
  return list.map((u, i): Draft => {
    if (u.footnote !== undefined) {
      return { start: u.start, end: u.end, marks: u.marks, text: u.text, kind: 'footnote', heading: headingPath(), mark: u.footnote };
    }
    // Links to other documents belong to no section of this one.
    if (u.related) return { start: u.start, end: u.end, marks: u.marks, text: u.text, kind: 'related', heading: [] };
    // The recipients list and signature close the document: they belong to no section.
    if (BACK_MATTER.test(u.text) || SIGNATURE_OPENER.test(u.text)) {
      stack.length = 0;
      path = undefined;
    }
    const appendix = u.text.length <= MAX_HEADING ? APPENDIX.exec(u.text) : null;
    if (appendix) {
      stack.splice(0, stack.length, { label: appendix[0].replace(/^PHỤ LỤC/u, 'Phụ lục'), rank: RANK.part });
      path = undefined;
    }
    const marker = markers[i];
    const heading = marker !== null && isHeadingText(u.text, marker);
    // Part, chapter, section and article words always mark structure; numbers and letters only in a structured text.
    if (marker && (heading || structured || marker.rank <= RANK.article)) {
      while (stack.length && stack[stack.length - 1].rank >= marker.rank) stack.pop();
      stack.push({ label: marker.label, rank: marker.rank });
      path = undefined;
    }
    if (heading) return { start: u.start, end: u.end, marks: u.marks, text: u.text.replace(/^#{1,6}\s+/, ''), kind: 'heading', heading: headingPath() };
    const caption = u.caption || PHOTO_CREDIT.test(u.text);
    return { start: u.start, end: u.end, marks: u.marks, text: u.text, kind: caption ? 'caption' : isFormLine(u.text) ? 'form' : 'body', heading: headingPath() };
  });
}

function readMarker(text: string, ctx: MarkerContext): Marker | null {
  const marker = parseMarker(text, ctx);
  if (marker?.rank === RANK.letter) ctx.lastLetter = marker.label;
  if (marker?.rank === RANK.roman) ctx.lastRoman = romanValue(marker.label);
  return marker;
}

/**
 * Most words a paragraph may hold; a longer one is split into parts. 2,000 words is about 12 KB of
 * Vietnamese, four printed pages: far above any real paragraph of a report or a legal text (a long
 * article's clause runs to a few hundred), yet it bounds what one paragraph costs a query (its
 * occurrences, phrase checks, highlights) and what one hit carries, and it keeps word positions far
 * below the 16,383 at which PostgreSQL's tsvector stops counting.
 */
export const MAX_PARAGRAPH_WORDS = 2000;

/** Most characters a paragraph may hold, for text with few spaces (a table flattened into one line, a run of digits); 12 KB of words leaves room. */
export const MAX_PARAGRAPH_CHARS = 20_000;

// The end of a sentence: a full stop, question or exclamation mark, ellipsis or semicolon, then any closing quote or bracket.
const SENTENCE_CLOSE = /[.!?…;]["”'’)\]»]*$/;
const WORD = /\S+/g;

/**
 * Spans [from, to) of `text` no longer than `maxWords` words and `maxChars` characters, cut after the
 * last sentence end that fits, else between words, else (a single word over `maxChars`) inside the
 * word, never between the halves of a surrogate pair. Spans hold no leading or trailing space. One span,
 * the whole text, when it is within the bounds. Linear in the length of the text.
 */
export function boundedSpans(text: string, maxWords = MAX_PARAGRAPH_WORDS, maxChars = MAX_PARAGRAPH_CHARS): [number, number][] {
  // Fewer characters than maxWords cannot hold more words: most paragraphs are settled here.
  if (text.length <= Math.min(maxWords, maxChars)) return [[0, text.length]];
  const spans: [number, number][] = [];
  let from = -1;
  let words = 0;
  // The last sentence end in the open span: where it is, and the words up to it.
  let sentenceEnd = -1;
  let wordsThere = 0;
  // The end of the last word of the open span.
  let lastEnd = -1;
  const close = (to: number): void => {
    spans.push([from, to]);
    from = -1;
  };
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let start = m.index;
    const end = start + m[0].length;
    // A while, not an if: the words carried over from a sentence cut may still be too many with this one.
    while (from >= 0 && (words + 1 > maxWords || end - from > maxChars)) {
      if (sentenceEnd > from) {
        close(sentenceEnd);
        // The words after that sentence end open the next span.
        const next = text.slice(sentenceEnd, start).search(/\S/);
        if (next >= 0) from = sentenceEnd + next;
        words -= wordsThere;
      } else {
        close(lastEnd);
        words = 0;
      }
      sentenceEnd = -1;
    }
    // A word longer than a whole span is cut into pieces of maxChars.
    while (end - start > maxChars) {
      if (from >= 0) close(lastEnd);
      let cut = start + maxChars;
      if (/[\uDC00-\uDFFF]/.test(text[cut])) cut--;
      spans.push([start, cut]);
      start = cut;
      words = 0;
    }
    if (from < 0) {
      from = start;
      words = 0;
      sentenceEnd = -1;
    }
    words++;
    lastEnd = end;
    if (SENTENCE_CLOSE.test(m[0])) {
      sentenceEnd = end;
      wordsThere = words;
    }
  }
  if (from >= 0) close(lastEnd);
  return spans.length ? spans : [[0, text.length]];
}

/**
 * Splits every draft over the paragraph bound into consecutive drafts of the same kind and heading
 * (boundedSpans), which become consecutive paragraph numbers: each part is found, highlighted and
 * cited by its own number. A part's offsets are exact when the draft's text spans its source exactly
 * (one clean line); otherwise each part keeps the draft's whole span. The footnote marks go to the
 * last part, the nearest to the footnotes that follow.
 */
export function boundParagraphs(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const spans = boundedSpans(d.text);
    if (spans.length === 1) {
      out.push(d);
      continue;
    }
    const exact = d.end - d.start === d.text.length;
    spans.forEach(([from, to], k) => {
      const last = k === spans.length - 1;
      out.push({
        ...d,
        text: d.text.slice(from, to),
        start: exact ? d.start + from : d.start,
        end: exact ? d.start + to : d.end,
        marks: last ? d.marks : [],
      });
    });
  }
  return out;
}

/** Clean lines → paragraph drafts with kinds and heading paths, page-break halves joined, long ones split (boundParagraphs). */
export function chunkLines(lines: Line[]): Draft[] {
  return boundParagraphs(structure(joinSplits(units(lines))));
}

/**
 * Numbers drafts into records of `doc` and links footnotes both ways: a footnote belongs to the nearest
 * paragraph before it carrying its mark (marks may restart on every page), else the nearest after it.
 */
export function toRecords(doc: string, drafts: Draft[]): ParagraphRecord[] {
  const records: ParagraphRecord[] = drafts.map((d, i) => ({
    id: `${doc}#p${i + 1}`,
    doc,
    paragraph: i + 1,
    heading: d.heading,
    text: d.text,
    start: d.start,
    end: d.end,
    kind: d.kind,
  }));
  const claimed = new Set<string>();
  const refers = (j: number, mark: string): boolean =>
    drafts[j].kind !== 'footnote' && drafts[j].marks.includes(mark) && !claimed.has(`${j}:${mark}`);
  drafts.forEach((d, i) => {
    if (d.kind !== 'footnote' || d.mark === undefined) return;
    const mark = d.mark;
    let j = i - 1;
    while (j >= 0 && !refers(j, mark)) j--;
    if (j < 0) for (j = i + 1; j < drafts.length && !refers(j, mark); j++);
    if (j >= drafts.length) return;
    claimed.add(`${j}:${mark}`);
    records[i].footnoteOf = { mark, paragraph: j + 1 };
    records[i].heading = [...records[j].heading];
    (records[j].footnotes ??= []).push({ mark, paragraph: i + 1 });
  });
  for (const [j, r] of records.entries()) {
    r.footnotes?.sort((a, b) => drafts[j].marks.indexOf(a.mark) - drafts[j].marks.indexOf(b.mark));
  }
  return records;
}
