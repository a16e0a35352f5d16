import { removePageFurniture, type FurnitureCount } from './pagination.js';
import { isHardWrappedText, reflow } from './reflow.js';
import { repairSyllables, wordUses } from './syllable.js';
import { splitLines, trimLines, type Line } from './line.js';

// Line-level cleaning: removes the chrome a web page wraps around an article (share bars, ratings, visitor
// counters, session notices), sets apart its links to other documents, and removes the marks that would
// spoil search (markdown emphasis, footnote numbers glued to words), while every line of real content survives.

const VIEWS_DOWNLOADS = /^\s*lượt xem\s*:?\s*[\d.,]+\s*\|\s*lượt tải\s*:?\s*[\d.,]+\s*$/i;

/**
 * Marks a block listing other documents (number / title / `lượt xem: N | lượt tải: N` per item) as
 * related: their numbers and titles stay findable, set apart from the page's own text, and the counters go.
 * The block is found by its counter lines; the item size is the distance between two counters,
 * so titles of any wording go with it, and the lines before the first counter go only as far as one item.
 */
export function markRelatedDocuments(lines: Line[]): Line[] {
  const counters: number[] = [];
  const nonBlank: number[] = [];
  lines.forEach((line, i) => {
    if (!line.text.trim()) return;
    if (VIEWS_DOWNLOADS.test(line.text)) counters.push(nonBlank.length);
    nonBlank.push(i);
  });
  if (counters.length === 0) return lines;
  let itemSize = Infinity;
  for (let k = 1; k < counters.length; k++) itemSize = Math.min(itemSize, counters[k] - counters[k - 1]);
  if (!Number.isFinite(itemSize)) {
    // A single item: its title, and before it a number line when there is one.
    const before = nonBlank[counters[0] - 2];
    itemSize = before !== undefined && /^Số(?![\p{L}\p{N}])/iu.test(lines[before].text.trim()) ? 3 : 2;
  }
  const first = nonBlank[Math.max(0, counters[0] - (itemSize - 1))];
  const last = nonBlank[counters[counters.length - 1]];
  return lines.flatMap((line, i) => {
    if (i < first || i > last || !line.text.trim()) return [line];
    return VIEWS_DOWNLOADS.test(line.text) ? [] : [{ ...line, related: true }];
  });
}

const BULLET = /^\s*[•●▪◦‣·]\s+/;

/**
 * Marks the list of links to other articles that closes many pages (`  • title` with indented teasers) as
 * related, without its bullets, and drops the chrome mixed into it. The run is taken from the end of the
 * page upward, and only when it shows it is a link list (a teaser line or a chrome item), so a closing list
 * of real points stays body text.
 */
export function markTrailingBulletList(lines: Line[]): Line[] {
  let cut = lines.length;
  let linkList = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i].text;
    if (!text.trim()) continue;
    if (isChrome(text.replace(BULLET, '').trim()) || WEAK_COUNTER.test(text.replace(BULLET, '').trim())) {
      if (BULLET.test(text)) linkList = true;
      continue;
    }
    if (BULLET.test(text)) {
      cut = i;
      continue;
    }
    // An indented teaser line belongs to the bullet item above it.
    if (/^\s{2,}\S/.test(text) && bulletAbove(lines, i)) {
      linkList = true;
      continue;
    }
    break;
  }
  if (!linkList || cut === lines.length) return lines;
  const items = lines.slice(cut).flatMap((line): Line[] => {
    const bare = line.text.replace(BULLET, '').trim();
    if (!bare) return [line];
    if (isChrome(bare) || WEAK_COUNTER.test(bare)) return [];
    // The text keeps its offsets: a bullet stripped here is a prefix the span still covers.
    const lead = line.text.length - line.text.replace(BULLET, '').length;
    return [{ ...line, text: line.text.slice(lead), start: line.start + lead, related: true }];
  });
  return lines.slice(0, cut).concat(items);
}

function bulletAbove(lines: Line[], i: number): boolean {
  // Up through blank and indented lines (a teaser may span several) to the line that opens the item.
  for (let j = i - 1; j >= 0; j--) {
    const text = lines[j].text;
    if (!text.trim() || (/^\s{2,}\S/.test(text) && !BULLET.test(text))) continue;
    return BULLET.test(text);
  }
  return false;
}

/** Lines that are page chrome by themselves, whatever surrounds them. */
const CHROME: RegExp[] = [
  /^A-\s*A\s*A\+/, // font size bar
  /Chia sẻ bài viết lên/i,
  /^(Tăng|Giảm) tương phản(?![\p{L}\p{N}])/iu,
  /^Tổng số điểm của bài viết là(?![\p{L}\p{N}])/iu,
  /^(Click|Bấm|Nhấn) (vào đây )?để đánh giá bài viết(?![\p{L}\p{N}])/iu,
  /^Bạn đã không sử dụng Site(?![\p{L}\p{N}])/iu,
  /^(top|down|lên đầu trang|về đầu trang|đầu trang|back to top|in bài viết|bản in|gửi email|quay lại|trở về)$/i,
  /^(Bản đồ địa giới hành chính|Liên kết website|Thư viện ảnh|Thư viện video|Tin liên quan|Các tin khác|Tin khác|Tin cùng chuyên mục|Bài viết liên quan|Trang chủ|Đăng nhập|Đăng ký|Tìm kiếm|Sơ đồ cổng|Sơ đồ trang)$/iu,
  /^Trang chủ\s*[>»|/›]/iu, // breadcrumb
  /^Thống kê truy cập$/i,
  /^(Đang truy cập|Đang online|Tổng lượt truy cập|Lượt truy cập|Tổng truy cập)\s*:?\s*[\d.,]+$/i,
  VIEWS_DOWNLOADS,
];

/** Visitor-counter lines that could be content alone ('Tổng số: 12'), so they go only in a run of counters. */
const WEAK_COUNTER =
  /^(Hôm nay|Hôm qua|Tuần này|Tuần trước|Tháng này|Tháng trước|Tháng \d{1,2}|Năm nay|Năm \d{4}|Tổng số|Tổng cộng|Khách|Thành viên)\s*:\s*[\d.,]+$/i;

/** True for a trimmed line that is web-page chrome wherever it stands. */
export function isChrome(text: string): boolean {
  return CHROME.some((re) => re.test(text));
}

/** Drops chrome lines, and visitor-counter lines that stand next to another counter or chrome line. */
export function dropChrome(lines: Line[]): Line[] {
  const strong = lines.map((l) => isChrome(l.text.replace(BULLET, '')));
  const weak = lines.map((l) => WEAK_COUNTER.test(l.text.replace(BULLET, '')));
  const neighbour = (i: number, step: number): number => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j].text) return j;
    return -1;
  };
  return lines.filter((_, i) => {
    if (strong[i]) return false;
    if (!weak[i]) return true;
    const near = [neighbour(i, -1), neighbour(i, 1)].filter((j) => j >= 0);
    return !near.some((j) => strong[j] || weak[j]);
  });
}

/** Removes a crawler's ` date 2022-06` prefix from the first line (metadata reads it from the source). */
export function stripDatePrefix(lines: Line[]): Line[] {
  const first = lines.findIndex((l) => l.text);
  if (first < 0) return lines;
  const m = /^date\s+\d{4}(?:-\d{2}(?:-\d{2})?)?(?:\s+|$)/i.exec(lines[first].text);
  if (!m) return lines;
  const out = lines.slice();
  const text = lines[first].text.slice(m[0].length);
  out[first] = { ...lines[first], text, start: text ? lines[first].start + m[0].length : lines[first].start };
  if (!text) out[first].end = out[first].start;
  return out;
}

/** True for a line with no letter or digit other than a lone '1' (image placeholders, separators). */
export function isPlaceholder(text: string): boolean {
  return text === '1' || (text !== '' && !/[\p{L}\p{N}]/u.test(text));
}

/** Drops image placeholders and separator lines; the line after a '1' image placeholder is its caption. */
export function dropPlaceholders(lines: Line[]): Line[] {
  const out: Line[] = [];
  let captionNext = false;
  for (const line of lines) {
    if (isPlaceholder(line.text)) {
      captionNext ||= line.text === '1';
      continue;
    }
    if (line.text && captionNext) {
      out.push({ ...line, caption: true });
      captionNext = false;
    } else out.push(line);
  }
  return out;
}

/** Removes markdown emphasis (`*x*`, `**x**`), also when a bold span runs over a line break. */
export function stripEmphasis(text: string): string {
  if (!text.includes('*')) return text;
  return text
    .replace(/\*\*/g, '')
    .replace(/(^|[\s([{"'“‘])\*(?=\S)/g, '$1')
    .replace(/(?<=\S)\*(?=$|[\s)\]}.,;:!?"'”’])/g, '');
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUP_RUN = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g;
/** Units written with a superscript power (m², km², m³); their superscript is not a footnote mark. */
const UNIT_BEFORE = /(?:^|[\s\d(/])(?:[kcdmhµ]?m)$/;

const MAY_HAVE_MARKS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\^/;

/** Plain digits of a run of superscript digits ('¹⁰' → '10'). */
export function superscriptToDigits(sup: string): string {
  return [...sup].map((c) => String(SUPERSCRIPT.indexOf(c))).join('');
}

/** Removes footnote marks glued to words (`rộng¹`, `92%⁹`, `[^3]`) and returns them; unit powers stay. */
export function stripFootnoteMarks(text: string): { text: string; marks: string[] } {
  const marks: string[] = [];
  if (!MAY_HAVE_MARKS.test(text)) return { text, marks };
  let out = text.replace(SUP_RUN, (sup, at: number, whole: string) => {
    // Four characters are enough to see a unit ('1 km'), and keep long lines linear.
    const before = whole.slice(Math.max(0, at - 4), at);
    if (!before || /\s$/.test(before)) return sup;
    if ((sup === '²' || sup === '³') && UNIT_BEFORE.test(before)) return sup;
    marks.push(superscriptToDigits(sup));
    return '';
  });
  out = out.replace(/\[\^(\w+)\]/g, (_, mark: string) => {
    marks.push(mark);
    return '';
  });
  return { text: out, marks };
}

/** The mark and text of a footnote's own line (`¹ Đến nay…`, `¹⁰ Trong quý…`, markdown `[^1]: …`). */
export function footnoteLine(text: string): { mark: string; text: string } | null {
  const sup = /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(?=\S)/.exec(text);
  if (sup) return { mark: superscriptToDigits(sup[1]), text: text.slice(sup[0].length) };
  const md = /^\[\^(\w+)\]:\s*/.exec(text);
  if (md) return { mark: md[1], text: text.slice(md[0].length) };
  return null;
}

// What cleanWords changes: emphasis, footnote marks and lines (superscripts, '[^'), and spacing
// other than single spaces inside the line. Most lines have none, and come out as they went in.
const WORDS_TO_CLEAN = /[*⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\^|[^\S ]| {2}|^ | $/;

/** One line with its words cleaned by every step (emphasis, footnote line and marks, spacing), whatever it holds. */
export function cleanLineWords(line: Line): Line {
  let text = stripEmphasis(line.text).trim();
  const note = footnoteLine(text);
  if (note) text = note.text;
  const stripped = stripFootnoteMarks(text);
  // Any run of spaces (NBSP from '&nbsp;' included) becomes one space, so phrases match as typed.
  const out: Line = { ...line, text: stripped.text.replace(/[^\S\n]+/g, ' ').trim() };
  if (note) out.footnote = note.mark;
  if (stripped.marks.length) out.marks = stripped.marks;
  return out;
}

/** Cleans the words of each line: emphasis and footnote marks go, footnote lines are flagged. */
export function cleanWords(lines: Line[]): Line[] {
  return lines.map((line) => (!line.text || !WORDS_TO_CLEAN.test(line.text) ? line : cleanLineWords(line)));
}

/** Shows a line repeated right after itself (blank lines aside) once; such repeats are photo captions. */
export function dropRepeats(lines: Line[]): Line[] {
  const out: Line[] = [];
  let last: Line | undefined;
  for (const line of lines) {
    if (!line.text) {
      out.push(line);
      continue;
    }
    if (last && last.text === line.text) {
      if (line.text.length <= 200) last.caption = true;
      continue;
    }
    last = { ...line };
    out.push(last);
  }
  return out;
}

/** What cleaning did to one text, for the ingest report. */
export interface CleanStats extends FurnitureCount {
  /** The text was hard-wrapped and its lines were joined into paragraphs. */
  reflowed: boolean;
  /** Split syllables joined back. */
  repairs: number;
}

// Control characters, private-use glyphs (symbol-font check boxes) and the replacement character carry no text.
const NO_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd]/g;

/** Drops lines without a letter or digit (rules, dot leaders), with no caption reading: for paginated text. */
export function dropSeparators(lines: Line[]): Line[] {
  return lines.filter((l) => !l.text || /[\p{L}\p{N}]/u.test(l.text));
}

/** Joins back the syllables split by extraction, on each line, vouched for by the words of `source`. */
export function repairLines(lines: Line[], source: string): { lines: Line[]; repairs: number } {
  const uses = wordUses(source);
  let repairs = 0;
  const out = lines.map((line) => {
    if (!line.text) return line;
    const fixed = repairSyllables(line.text, uses);
    repairs += fixed.repairs;
    return fixed.repairs ? { ...line, text: fixed.text } : line;
  });
  return { lines: out, repairs };
}

/** The whole line-cleaning pipeline, from decoded text to clean lines (blank lines kept as ''); fills `stats` when given. */
export function cleanLines(source: string, stats?: Partial<CleanStats>): Line[] {
  let lines = splitLines(source.replace(NO_TEXT, (c) => (c === '\f' ? c : ' ')));
  const paged = removePageFurniture(lines);
  lines = paged.lines;
  lines = markRelatedDocuments(lines);
  lines = markTrailingBulletList(lines);
  lines = trimLines(lines.map((l) => (l.text.includes('\f') ? { ...l, text: l.text.replace(/\f/g, ' ') } : l)));
  lines = stripDatePrefix(lines);
  lines = dropChrome(lines);
  // A hard-wrapped text (from a PDF) has no photo captions, and its repeated lines are table cells.
  const wrapped = isHardWrappedText(lines);
  lines = wrapped ? dropSeparators(lines) : dropPlaceholders(lines);
  lines = cleanWords(lines);
  lines = wrapped ? reflow(lines) : dropRepeats(lines);
  const repaired = repairLines(lines, source);
  if (stats) Object.assign(stats, paged.count, { reflowed: wrapped, repairs: repaired.repairs });
  return repaired.lines;
}
