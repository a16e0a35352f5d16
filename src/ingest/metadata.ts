// Document metadata read from the text itself: the header of an administrative document (issuing body,
// number, place and date, type, subject), the signature block, and on news pages the headline, date
// stamp, source site and byline.
import type { DocumentRecord } from './records.js';
import { hasLowerCase, isAllCapitals } from '../text/letter-case.js';

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
  const found = dates.find((d) => d.place !== undefined || /^ngày/i.test(d.dateText)) ?? dates[0] ?? crawlerDate(text);
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
    if (text.split(/\s+/).length >= 4) return shortTitle(text.replace(LEAD_SOURCE_PREFIX, ''));
  }
  const first = paragraphs.find((p) => p.text.length > 0);
  return first ? shortTitle(first.text) : file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
}
