// Paragraphs back from text hard-wrapped at a fixed width (what PDF extraction gives): a line that is cut
// mid-sentence goes on in the next one, across a page break too, while structure (Chương, Mục, Điều, 1.,
// a), -, +) and the end of a sentence start a new paragraph. Each paragraph keeps every word of its lines,
// in order, joined by single spaces.
import type { Line } from './line.js';
import { isAllCapitals } from '../text/letter-case.js';

/** Ends a sentence or a clause that a new paragraph may follow. */
const CLAUSE_END = /[.;:!?…]["”'’)\]»]*$/;
const LOWER_START = /^\p{Ll}/u;
const ROMAN = String.raw`[IVXLC]{1,7}`;
/** A heading word with its number alone, or before a title in capitals ('Chương I', 'MỤC 2. QUY ĐỊNH CHUNG'). */
const DIVISION = new RegExp(String.raw`^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)\s+(?:${ROMAN}|\d{1,3}|THỨ\s+\p{Lu}+)[.:]?(?:\s+[\p{Lu}\d"“(][^\p{Ll}]*)?$`, 'u');
const BARE_DIVISION = new RegExp(String.raw`^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)\s+(?:${ROMAN}|\d{1,3}|THỨ\s+\p{Lu}+)[.:]?$`, 'u');
const ARTICLE = /^["“]?(?:Điều|ĐIỀU)\s+\d{1,3}[a-zđ]?[.:](?:\s|$)/u;
const NUMBERED = new RegExp(String.raw`^["“]?(?:\d{1,2}(?:\.\d{1,2})*[.)]|${ROMAN}[.)]|[A-ZĐ][.)])\s+["“(]?[\p{Lu}\d]`, 'u');
const LETTERED = /^["“]?[a-zđ][).]\s+\S/u;
const DASH = /^[-+–•*]\s*\S/u;
/** Words no clause ends with (prepositions, conjunctions, counters): a line ending with one goes on. */
const DANGLING = /(?:^|\s)(?:và|của|theo|về|cho|tại|với|các|những|số|ngày|tháng|để|do|bởi|từ|đến|trong|hoặc|là|thuộc|như|mà|nhằm|gồm|giữa)$/u;
const TWO_CAPITALS_FIRST = /^\p{Lu}{2,}/u;
/** Words that carry a title in capitals on to its next line ('BỘ LAO ĐỘNG - THƯƠNG BINH' / 'VÀ XÃ HỘI'). */
const CAPS_CONNECTIVE = /^(?:VÀ|CỦA|VỀ|CHO|TẠI|TRONG|VỚI|ĐỐI VỚI|THEO|HOẶC|ĐẾN|TỪ|ĐỂ|GIAI ĐOẠN|NĂM)(?!\p{L})/u;


/** True when a line opens a new unit of structure whatever came before it. */
export function opensStructure(text: string): boolean {
  return DIVISION.test(text) || ARTICLE.test(text) || NUMBERED.test(text) || LETTERED.test(text);
}

/**
 * True when `next` carries on the paragraph whose last line is `prev`; `full` is the length from which a
 * line counts as filled to the wrapping width (a shorter line ended where its paragraph did).
 */
export function carriesOn(prev: string, next: string, full: number): boolean {
  if (opensStructure(next)) return false;
  // 'Chương I' and its title on the next line are one heading.
  if (BARE_DIVISION.test(prev)) return isAllCapitals(next);
  if (DASH.test(next)) return !CLAUSE_END.test(prev) && prev.length >= full && !isAllCapitals(prev);
  if (LOWER_START.test(next)) return true;
  if (CLAUSE_END.test(prev)) return false;
  if (DANGLING.test(prev)) return true;
  if (isAllCapitals(prev)) return isAllCapitals(next) && (CAPS_CONNECTIVE.test(next) || /(?:\s(?:VÀ|CỦA|VỀ)|[,\-–])$/u.test(prev));
  // A line in capitals after one that is not is a heading or a document type ('Hà Nội, ngày …' / 'THÔNG TƯ').
  if (isAllCapitals(next) && TWO_CAPITALS_FIRST.test(next)) return /[\-–/]$/.test(prev);
  return prev.length >= full || /[,\-–(]$/.test(prev);
}

/** Fewest wrapped line pairs that make a text hard-wrapped. */
const MIN_WRAPS = 5;
/** Shortest line counted as prose when judging wrapping (table cells are shorter). */
const PROSE = 40;
/** Share of prose lines that must be cut mid-sentence, going on in lower case below. */
const WRAPPED_SHARE = 0.1;

/**
 * The length of a filled line: a little under the median length of the prose lines that are surely
 * wrapped (cut mid-sentence, the next line going on in lower case); 0 when there are none. Wrapped
 * table cells are left out: they would make every short line look full.
 */
export function fullWidth(lines: readonly Line[]): number {
  const lengths: number[] = [];
  forPairs(lines, (a, b) => {
    if (a.length >= PROSE && !CLAUSE_END.test(a) && LOWER_START.test(b) && !opensStructure(b)) lengths.push(a.length);
  });
  if (lengths.length === 0) return 0;
  lengths.sort((x, y) => x - y);
  return Math.floor(lengths[lengths.length >> 1] * 0.8);
}

/**
 * True for a text hard-wrapped at a fixed width: many of its prose lines are cut mid-sentence and go on
 * below (a web page's lines are whole paragraphs; a table's cells are too short to count either way).
 */
export function isHardWrappedText(lines: readonly Line[]): boolean {
  let prose = 0;
  let wraps = 0;
  forPairs(lines, (a, b) => {
    if (a.length < PROSE) return;
    prose++;
    if (!CLAUSE_END.test(a) && LOWER_START.test(b) && !opensStructure(b)) wraps++;
  });
  return wraps >= MIN_WRAPS && wraps >= prose * WRAPPED_SHARE;
}

/** Calls `fn` for each two neighbouring lines with text, within a block or across a page break. */
function forPairs(lines: readonly Line[], fn: (a: string, b: string) => void): void {
  let prev: string | null = null;
  for (const line of lines) {
    if (line.text) {
      if (prev !== null) fn(prev, line.text);
      prev = line.text;
    } else if (!line.pageBreak) prev = null;
  }
}

/**
 * Joins the lines of each paragraph of a hard-wrapped text into one line, blank lines between paragraphs.
 * A blank line ends a paragraph; a page break does only when the lines around it say so.
 */
export function reflow(lines: readonly Line[]): Line[] {
  const full = fullWidth(lines) || Infinity;
  const out: Line[] = [];
  let open: Line | null = null;
  let last = '';
  const close = (): void => {
    if (open) out.push(open, { text: '', start: open.end, end: open.end });
    open = null;
  };
  for (const line of lines) {
    if (!line.text) {
      if (!line.pageBreak) close();
      continue;
    }
    // A footnote's own line starts a paragraph of its own.
    if (open && line.footnote === undefined && carriesOn(last, line.text, full)) {
      open.text = `${open.text} ${line.text}`;
      open.end = line.end;
      const marks = (open.marks ?? []).concat(line.marks ?? []);
      if (marks.length) open.marks = marks;
      open.related ||= line.related;
    } else {
      close();
      open = { ...line };
    }
    last = line.text;
  }
  close();
  return out;
}
