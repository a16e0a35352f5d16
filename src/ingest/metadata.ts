// Document metadata read from the text itself: the header of an administrative document (issuing body,
// number, place and date, type, subject), the signature block, and on news pages the headline, date
// stamp, source site and byline.
import type { DocumentRecord } from './records.js';
import { hasLowerCase, isAllCapitals } from '../text/letter-case.js';
import { gazetteer } from '../entities/gazetteer.js';
import { nameKey } from '../entities/lexicon.js';

/** The metadata fields this module fills; the caller adds doc, hash and paragraph count. */
export type DocumentMetadata = Omit<DocumentRecord, 'hash' | 'paragraphs' | 'doc'>;

/** The paragraph fields metadata is read from (drafts or records both fit). */
export interface TextParagraph {
  text: string;
  kind?: string;
}

/** Document types in capitals, longest first so 'THÔNG TƯ LIÊN TỊCH' wins over 'THÔNG TƯ'. */
export const DOCUMENT_TYPES: readonly string[] = [
  'THÔNG TƯ LIÊN TỊCH', 'NGHỊ QUYẾT LIÊN TỊCH', 'HIẾN PHÁP', 'BỘ LUẬT', 'PHÁP LỆNH', 'NGHỊ QUYẾT', 'NGHỊ ĐỊNH',
  'QUYẾT ĐỊNH', 'THÔNG TƯ', 'CHỈ THỊ', 'BÁO CÁO', 'KẾ HOẠCH', 'CÔNG VĂN', 'CÔNG ĐIỆN', 'TỜ TRÌNH', 'THÔNG BÁO',
  'THÔNG CÁO', 'HƯỚNG DẪN', 'CHƯƠNG TRÌNH', 'ĐỀ ÁN', 'PHƯƠNG ÁN', 'QUY CHẾ', 'QUY ĐỊNH', 'BIÊN BẢN', 'GIẤY MỜI',
  'KẾT LUẬN', 'LỆNH', 'LUẬT',
].sort((a, b) => b.length - a.length);

/** Type codes used in document numbers ('188/2025/NĐ-CP' → NĐ), per the rules on administrative documents. */
export const TYPE_CODES: Readonly<Record<string, string>> = {
  BC: 'BÁO CÁO', NĐ: 'NGHỊ ĐỊNH', TT: 'THÔNG TƯ', TTLT: 'THÔNG TƯ LIÊN TỊCH', QĐ: 'QUYẾT ĐỊNH', KH: 'KẾ HOẠCH',
  NQ: 'NGHỊ QUYẾT', NQLT: 'NGHỊ QUYẾT LIÊN TỊCH', CT: 'CHỈ THỊ', TTr: 'TỜ TRÌNH', TB: 'THÔNG BÁO', CĐ: 'CÔNG ĐIỆN',
  HD: 'HƯỚNG DẪN', CTr: 'CHƯƠNG TRÌNH', ĐA: 'ĐỀ ÁN', PA: 'PHƯƠNG ÁN', QC: 'QUY CHẾ', QyĐ: 'QUY ĐỊNH', BB: 'BIÊN BẢN',
  GM: 'GIẤY MỜI', CV: 'CÔNG VĂN', TC: 'THÔNG CÁO', KL: 'KẾT LUẬN',
};

// Words of a collection's own type labels ('NQ', 'VB HN', 'TT Liên tịch') read as the types the text prints.
const TYPE_WORDS: Readonly<Record<string, string>> = { ...TYPE_CODES, VB: 'VĂN BẢN', HN: 'HỢP NHẤT', VBHN: 'VĂN BẢN HỢP NHẤT' };

/** A type as a collection labels it ('Nghị định', 'NQ', 'VB HN') in the capitals the text prints ('NGHỊ QUYẾT', 'VĂN BẢN HỢP NHẤT'). */
export function normalizeType(label: string): string {
  return label
    .trim()
    .split(/\s+/)
    .map((word) => TYPE_WORDS[word] ?? word.toLocaleUpperCase('vi'))
    .join(' ');
}

/** A type label that says nothing about the document ('Khác'), so the type its text prints is better. */
const VAGUE_TYPE = 'KHÁC';

/**
 * What the text says, overridden by what the reader's format says, except where the format is vaguer about
 * the same thing: a year field beside a text dated to the day, a type of 'Khác' beside a text that prints one.
 */
export function mergeMetadata(found: DocumentMetadata, given: Partial<DocumentMetadata>): DocumentMetadata {
  const out = { ...found, ...given };
  if (given.date && found.date && found.date.length > given.date.length && found.date.startsWith(given.date)) {
    out.date = found.date;
    if (found.dateText) out.dateText = found.dateText;
  }
  // A date as written but unread ('quý I') must not stand beside the text's date it does not match.
  if (!given.date && found.date) {
    out.date = found.date;
    out.dateText = found.dateText;
  }
  if (given.type === VAGUE_TYPE && found.type) out.type = found.type;
  // Numbers of legal documents carry their year of issue ('102/2018/TT-BTC'): a year when nothing else gives one.
  const year = out.date ? null : /^\d+[\p{L}]?\/((?:19|20)\d\d)\//u.exec(out.number ?? '');
  if (year) out.date = year[1];
  return out;
}

/** A date found in the text: ISO as precise as written, and the words it was read from. */
export interface FoundDate {
  date: string;
  dateText: string;
  place?: string;
}

function iso(year: string, month?: string, day?: string): string | null {
  const y = Number(year);
  if (y < 1900 || y > 2100) return null;
  if (!month) return String(y);
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  const mm = String(m).padStart(2, '0');
  if (!day) return `${y}-${mm}`;
  const d = Number(day);
  if (d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${mm}-${String(d).padStart(2, '0')}`;
}

const WEEKDAY = String.raw`(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+nhật)`;
const STAMP_LABEL = String.raw`(?:(?:${WEEKDAY})\s*[,\-–]?\s*|(?:Cập nhật(?: lúc)?|Ngày đăng|Ngày cập nhật|Đăng ngày|Đăng lúc|Ngày)\s*:?\s*)?`;
const TIME = String.raw`\d{1,2}[:h]\d{2}(?::\d{2})?`;
const STAMP = new RegExp(
  String.raw`^${STAMP_LABEL}(?:${TIME}\s*[,\-–|]?\s*)?` +
    String.raw`(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*[,\-–|]?\s*${TIME})?(?:\s*\[?GMT[+-]\d{1,2}\]?)?`,
  'iu',
);
const ISO_STAMP = new RegExp(String.raw`^${STAMP_LABEL}(\d{4})-(\d{2})-(\d{2})(?:[ T]${TIME})?`, 'iu');
const PLACE_DATE = /^(?:(\p{Lu}[\p{L}.' -]{0,40}?)\s*,\s*)?(ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4}))/u;

/** Reads a date line: `Lai Châu, ngày 01 tháng 7 năm 2025`, `Thứ Ba, 11/01/2022, 07:09 [GMT+7]`, `17/07/2020`. */
export function dateLine(text: string): FoundDate | null {
  const formal = PLACE_DATE.exec(text);
  if (formal && text.length <= 80) {
    const date = iso(formal[5], formal[4], formal[3]);
    if (date) return { date, dateText: formal[2], ...(formal[1] ? { place: formal[1].trim() } : {}) };
  }
  const stamp = STAMP.exec(text);
  const isoStamp = stamp ? null : ISO_STAMP.exec(text);
  const match = stamp ?? isoStamp;
  // Only a line that is a date stamp (views and comment counts may trail it), not a sentence with a date.
  if (!match || text.length > 80 || !/^[\s\d:|,.\-–[\]a-zA-Z+]*$/.test(text.slice(match[0].length))) return null;
  const date = stamp ? iso(stamp[3], stamp[2], stamp[1]) : iso(match[1], match[2], match[3]);
  return date ? { date, dateText: match[0].trim() } : null;
}

/** The first place-and-date line anywhere ('Hà Nội, ngày 25 tháng 4 năm 2026'): where a consolidated text or a gazette page puts it, after the body. */
export function placeDateAnywhere(paragraphs: readonly TextParagraph[]): FoundDate | null {
  for (const p of paragraphs) {
    if (p.text.length > 80 || !p.text.includes('tháng')) continue;
    const d = dateLine(p.text);
    if (d?.place) return d;
  }
  return null;
}

/**
 * The year of the gazette issue a page was printed in ('CÔNG BÁO/Số 529 + 530/Ngày 27-4-2018'), for a
 * document whose own date is nowhere: only the year, since the gazette prints a document weeks after it is signed.
 */
export function gazetteYear(source: string): FoundDate | null {
  const m = /CÔNG BÁO\/Số[^\n]{0,30}?\/Ngày\s*\d{1,2}-\d{1,2}-(\d{4})/u.exec(source);
  const year = m ? iso(m[1]) : null;
  return year ? { date: year, dateText: m![0].trim() } : null;
}

/** Reads a crawler's date field at the very start of the source (` date 2022-06 …`). */
export function crawlerDate(source: string): FoundDate | null {
  const m = /^\s*date\s+((\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)(?=\s|$)/i.exec(source);
  if (!m) return null;
  const date = iso(m[2], m[3], m[4]);
  return date ? { date, dateText: m[1] } : null;
}

// Spelled out in both cases so the patterns using it need no 'i' flag (which would make \p{Lu} match any letter).
const DOMAIN = String.raw`[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:vn|VN|com|COM|net|NET|org|ORG|info|INFO|gov|GOV)`;
const SOURCE_LINE = new RegExp(String.raw`^(?:Nguồn\s*:\s*)?\(?\s*(${DOMAIN})\s*\)?$`, 'iu');
const NAMED_SOURCE = /^\(?(?:Nguồn\s*:|Theo\s+(?=Báo\s|TTXVN|VOV|VTV|VNA|Cổng|Trang|Đài\s|\S+\.(?:vn|VN)(?![\p{L}\p{N}])))\s*(.{2,80}?)\)?\.?$/u;
const BYLINE_LABEL =
  /^(?:Tác giả(?: bài viết)?|Người viết|Phóng viên|Bài(?: và ảnh)?|Bài,? ảnh|Tin(?: và ảnh)?|Tin,? ảnh|Nhóm phóng viên)\s*:\s*(.{2,80})$/iu;
// Names (each word capitalised, joined by spaces, dashes, commas) then '/' and a site or an agency in capitals.
const NAME_SLASH_SITE = new RegExp(
  String.raw`^(\p{Lu}\p{Ll}*(?:(?:\s+|\s*[-–,&]\s*)\p{Lu}\p{Ll}*)*)\s*\/\s*(${DOMAIN}|[\p{Lu}\p{N}]{2,15})$`,
  'u',
);
const LEAD_SOURCE = new RegExp(
  String.raw`^\(?((?:${DOMAIN})|(?:\p{Lu}[\p{L}\p{N}.]*\s+){0,3}(?:TV|TTXVN|VTV|VOV|VNA|Online|Portal))\)?\s*[-–—]\s+\S`,
  'u',
);

// A site named before the lead ('(Chinhphu.vn) - Sáng nay…') is no part of a title taken from the lead.
const LEAD_SOURCE_PREFIX = new RegExp(String.raw`^\(?(?:${DOMAIN})\)?\s*[-–—]\s+`, 'u');

/** Reads a source-site line (`(laichau.gov.vn)`, `Nguồn: Báo Lai Châu`). */
export function sourceLine(text: string): string | null {
  const m = SOURCE_LINE.exec(text) ?? (text.length <= 80 ? NAMED_SOURCE.exec(text) : null);
  return m ? m[1].trim() : null;
}

/** Reads a byline (`Tác giả: Đinh Lan`, `Hoàng Giang - Đức Bình/DIENBIENTV.VN`); a photo credit is not one. */
export function bylineLine(text: string): { byline: string; source?: string } | null {
  const label = BYLINE_LABEL.exec(text);
  if (label) return { byline: label[1].trim().replace(/\.$/, '') };
  const slash = NAME_SLASH_SITE.exec(text);
  if (slash && slash[1].split(/\s+/).length <= 12) return { byline: slash[1].trim(), source: slash[2].trim() };
  return null;
}

/** True for a paragraph that only carries metadata (date stamp, source site, byline) and is no content. */
export function isMetadataOnly(text: string): boolean {
  if (bylineLine(text) || SOURCE_LINE.test(text)) return true;
  const date = dateLine(text);
  return date !== null && date.place === undefined && !/^ngày(?![\p{L}\p{N}])/iu.test(date.dateText);
}

const NUMBER = /(?:^|\s)(?:Số|SỐ|Số hiệu|(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Lệnh)\s+số)\s*:?\s*([\p{L}\p{N}.\-]*\/[\p{L}\p{N}./\-]*\p{Lu}[\p{L}\p{N}./\-]*)/u;
/** The rest of a number that a line break cut after a hyphen or slash ('TTLT-VKSNDTC-' / 'BCA-BQP'). */
const NUMBER_TAIL = /^\s+([\p{Lu}\p{N}][\p{Lu}\p{N}./\-]*)/u;

/**
 * The document number a header line gives (`Số: 188/2025/NĐ-CP`, `Luật số: 41/2024/QH15`), or null.
 * Only a number label that opens the line or follows a header in capitals counts: a sentence citing
 * another law ('Căn cứ Luật số 90/2025/QH15') gives none.
 */
export function headerNumber(text: string): string | null {
  const m = NUMBER.exec(text);
  if (!m || hasLowerCase(text.slice(0, m.index))) return null;
  const tail = /[-/]$/.test(m[1]) ? NUMBER_TAIL.exec(text.slice(m.index + m[0].length)) : null;
  return tail ? m[1] + tail[1] : m[1];
}
const MOTTO = /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc/iu;
const POSITION =
  /^(?:(?:KT|TM|TL|TUQ|Q|PP)\.\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH VĂN PHÒNG|CHÁNH ÁN|VIỆN TRƯỞNG|BÍ THƯ|TRƯỞNG BAN|CHỦ NHIỆM|TRƯỞNG PHÒNG|THỐNG ĐỐC|TỔNG KIỂM TOÁN|TỔNG THANH TRA|CHỦ TỊCH QUỐC HỘI)(?![\p{L}\p{N}])/u;
const SIGN_PREFIX = /^(?:KT|TM|TL|TUQ|Q|PP)\.\s*\p{Lu}/u;
const NAME = /^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,5}$/u;
const SIGNED_NOTE = /^[([]?\s*(?:đã ký|da ky|ký tên|ký và đóng dấu|đã ký và đóng dấu|signed)\s*[)\]]?$/iu;


/** Index just past the document header: before the first heading, long paragraph, or the 15th paragraph. */
export function headerEnd(paragraphs: readonly TextParagraph[]): number {
  const limit = Math.min(paragraphs.length, 15);
  for (let i = 0; i < limit; i++) {
    if (paragraphs[i].kind === 'heading' || paragraphs[i].text.length > 300) return i;
  }
  return limit;
}

/** The document type: a capitals line in the header naming a known type, else the code in its number. */
export function documentType(header: readonly TextParagraph[], number?: string): { type: string; at: number } | null {
  for (let i = 0; i < header.length; i++) {
    const text = header[i].text.replace(/[:.]$/, '').trim();
    if (DOCUMENT_TYPES.includes(text)) return { type: text, at: i };
  }
  if (!number) return null;
  for (const code of number.split(/[/-]/)) if (TYPE_CODES[code]) return { type: TYPE_CODES[code], at: -1 };
  // An official letter's number names its issuer instead of a type code ('1468/UBND-VX').
  return { type: 'CÔNG VĂN', at: -1 };
}

/** A gazette's section label printed above a document ('VĂN BẢN QUY PHẠM PHÁP LUẬT', 'VĂN BẢN HỢP NHẤT - '): no part of its issuer. */
const GAZETTE_SECTION = /^VĂN BẢN (?:QUY PHẠM PHÁP LUẬT|PHÁP LUẬT KHÁC|HỢP NHẤT|KHÁC)(?:\s*[-–:]\s*)?/u;

// A local body's name says which people's committee or council, never of what place: the place follows it.
const LOCAL_BODY = /^(?:ỦY|UỶ) BAN NHÂN DÂN$|^HỘI ĐỒNG NHÂN DÂN$/u;
const LOCAL_LEVEL = String.raw`(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)`;
const LOCAL_MENTION = new RegExp(
  String.raw`(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+${LOCAL_LEVEL}\s+(\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})`,
  'gu',
);

/**
 * A bare local body ('ỦY BAN NHÂN DÂN', as a signature block prints it) with its level and place, in the
 * capitals of a header ('ỦY BAN NHÂN DÂN TỈNH LAI CHÂU'): from the text's own mention of it ('UBND tỉnh
 * Lai Châu'), else from the place of the date line when that names a province. Any other body is returned as it is.
 */
export function bodyWithPlace(body: string, place: string | undefined, paragraphs: readonly TextParagraph[]): string {
  if (!LOCAL_BODY.test(body)) return body;
  const full = (level: string, name: string): string => `${body} ${level} ${name}`.toLocaleUpperCase('vi');
  const wanted = place ? nameKey(place) : undefined;
  for (const p of paragraphs.slice(0, 30)) {
    for (const m of p.text.matchAll(LOCAL_MENTION)) {
      // The text names other places too; the one of its date line, when known, is the issuer's.
      const name = place ? m[2].split(/\s+/).slice(0, place.split(/\s+/).length).join(' ') : m[2];
      if (!wanted || nameKey(name) === wanted) return full(m[1], name);
    }
  }
  const province = wanted ? gazetteer().provinces.get(wanted) : undefined;
  return province ? full(province.type, province.name) : body;
}

/** The issuing body: capitals lines above the number or type in the header, without the national motto, section labels or repeats. */
export function issuingBody(header: readonly TextParagraph[], stop: number): string | null {
  const parts: string[] = [];
  for (let i = 0; i < stop; i++) {
    const text = header[i].text.split(MOTTO)[0].trim().replace(GAZETTE_SECTION, '');
    if (headerNumber(text) || DOCUMENT_TYPES.includes(text)) break;
    // A body printed twice (the gazette's heading, then the document's own) is one body.
    if (!text || parts.includes(text)) continue;
    if (isAllCapitals(text) && text.length <= 80 && !POSITION.test(text)) parts.push(text);
    else if (parts.length) break;
  }
  return parts.length ? parts.join(' ') : null;
}

/**
 * The signer: a name under a signature block (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / name). The first block
 * with a name is the document's own; appendices and forms after it have blocks of their own.
 */
export function signature(paragraphs: readonly TextParagraph[]): { signer: string; body?: string } | null {
  for (let i = 0; i < paragraphs.length; i++) {
    const text = paragraphs[i].text;
    if (!(SIGN_PREFIX.test(text) || (isAllCapitals(text) && POSITION.test(text))) || text.length > 80) continue;
    const body = /^TM\.\s*(.+)$/u.exec(text)?.[1].trim();
    for (let j = i + 1; j < Math.min(paragraphs.length, i + 6); j++) {
      const next = paragraphs[j].text;
      if (isAllCapitals(next) || SIGNED_NOTE.test(next)) continue;
      if (NAME.test(next)) return { signer: next, ...(body && isAllCapitals(body) ? { body } : {}) };
      break;
    }
  }
  return null;
}

const KICKER_PLACE = /^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}$/u;

/** A short line of capitalised words before the headline ('Điện Biên'): the place a news item is filed from. */
function kickerPlace(text: string): string | null {
  return text.length <= 30 && KICKER_PLACE.test(text) ? text : null;
}

/** A title of reasonable length: the first sentence of a long line, cut at a word if still long. */
export function shortTitle(text: string): string {
  if (text.length <= 200) return text;
  const sentence = /^.{20,200}?[.!?](?=\s)/u.exec(text);
  if (sentence) return sentence[0];
  const cut = text.slice(0, 160);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80))}…`;
}

// Where the subject of a lead sentence ends: at its verb ('… được tỉnh Lai Châu tổ chức', '… đã diễn ra').
const LEAD_VERB = /\s(?:được|đã|sẽ|đang|vừa|diễn ra|tổ chức|khai mạc)\s/gu;

/**
 * A news page's title from its first line of substance. A headline is short and closes with no full stop;
 * a page that starts with its lead instead (a crawl that lost the headline) is titled by the lead's subject,
 * the words before its verb ('Hội nghị Sơ kết 6 tháng đầu năm …' of '… được tỉnh Lai Châu tổ chức sáng nay …').
 */
export function headlineOf(text: string): string {
  if (/[.!]$/.test(text) && text.split(/\s+/).length >= 15) {
    // The verb that closes the subject, not a verb-like word inside a name ('Lễ khai mạc …').
    for (const verb of text.matchAll(LEAD_VERB)) {
      const subject = text.slice(0, verb.index).replace(/[\s,;:]+$/, '');
      const n = subject.split(/\s+/).length;
      if (n > 25 || /[,;]/.test(subject)) break;
      if (n >= 4) return subject;
    }
  }
  return shortTitle(text);
}

/** Reads the document's metadata from its decoded source and its paragraphs (in document order). */
export function extractMetadata(file: string, text: string, all: readonly TextParagraph[]): DocumentMetadata {
  // Titles and numbers of linked documents describe those documents, never this one.
  const paragraphs = all.filter((p) => p.kind !== 'related');
  const meta: Partial<DocumentMetadata> = {};
  const end = headerEnd(paragraphs);
  const header = paragraphs.slice(0, end);

  const numberAt = header.findIndex((p) => p.text.length <= 200 && headerNumber(p.text) !== null);
  if (numberAt >= 0) meta.number = headerNumber(header[numberAt].text)!;
  const type = documentType(header, meta.number);
  if (type) meta.type = type.type;
  const formal = numberAt >= 0 || (type !== null && type.at >= 0) || header.some((p) => MOTTO.test(p.text));

  const firstMark = [numberAt, type?.at ?? -1].filter((i) => i >= 0);
  if (formal) {
    const body = issuingBody(header, firstMark.length ? Math.min(...firstMark) : header.length);
    if (body) meta.body = body;
  }

  // Dates: the place-and-date line of a document, else a news date stamp, else a crawler's date field.
  const dates = paragraphs.slice(0, Math.max(end, 12)).map((p) => dateLine(p.text)).filter((d) => d !== null);
  const found = dates.find((d) => d.place !== undefined || /^ngày/i.test(d.dateText)) ?? dates[0] ?? crawlerDate(text) ?? placeDateAnywhere(paragraphs) ?? gazetteYear(text);
  if (found) {
    meta.date = found.date;
    meta.dateText = found.dateText;
    if (found.place) meta.place = found.place;
  }

  const sign = signature(paragraphs);
  if (sign) {
    meta.signer = sign.signer;
    if (!meta.body && sign.body) meta.body = sign.body;
  }
  if (meta.body) meta.body = bodyWithPlace(meta.body, meta.place, paragraphs);

  // Source and byline sit in the first lines or the last ones of a news page.
  const edges = [...paragraphs.slice(0, 12), ...paragraphs.slice(-8)];
  for (const p of edges) {
    const by = bylineLine(p.text);
    if (by && !meta.byline) {
      meta.byline = by.byline;
      if (by.source && !meta.source) meta.source = by.source;
    }
    const src = sourceLine(p.text);
    if (src && !meta.source) meta.source = src;
  }
  if (!meta.source) {
    const lead = paragraphs.slice(0, 12).map((p) => LEAD_SOURCE.exec(p.text)).find((m) => m !== null);
    if (lead) meta.source = lead[1];
  }

  meta.title = title(file, header, paragraphs, type, meta);
  return meta as DocumentMetadata;
}

function title(
  file: string,
  header: readonly TextParagraph[],
  paragraphs: readonly TextParagraph[],
  type: { type: string; at: number } | null,
  meta: Partial<DocumentMetadata>,
): string {
  if (type && type.at >= 0) {
    const subject = header[type.at + 1] ?? paragraphs[type.at + 1];
    const line = header[type.at].text;
    return subject && subject.kind !== 'heading' && !/^Căn cứ(?![\p{L}\p{N}])/u.test(subject.text) ? `${line} ${shortTitle(subject.text)}` : line;
  }
  const subject = header.find((p) => /^(?:V\/v|Về việc)\s/u.test(p.text));
  if (subject) return shortTitle(subject.text);
  for (const [i, p] of paragraphs.slice(0, 12).entries()) {
    const text = p.text;
    if (isMetadataOnly(text) || dateLine(text) || NUMBER.test(text) || MOTTO.test(text) || p.kind === 'caption') continue;
    const place = kickerPlace(text);
    if (place) {
      if (i === 0 && !meta.place) meta.place = place;
      continue;
    }
    if (text.split(/\s+/).length >= 4) return headlineOf(text.replace(LEAD_SOURCE_PREFIX, ''));
  }
  const first = paragraphs.find((p) => p.text.length > 0);
  return first ? shortTitle(first.text) : file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
}
