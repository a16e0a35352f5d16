// Citations of a paragraph, built in one place for the API, the pages and the CLI: the press style
// (title, agency, date, paragraph, link) and the legal style (type, number, date, issuer, Điều/khoản/điểm).
import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';
import { isAllCapitals } from '../text/letter-case.js';

/** Both styles of one paragraph's citation, each ending with its permalink. */
export interface Citations {
  /** Báo chí: title, agency (source site or issuer), date, paragraph and heading, link. */
  press: string;
  /** Văn bản pháp luật: type, number, date, issuer, Điều/khoản/điểm when the paragraph sits in one, paragraph, link. */
  legal: string;
}

/** An ISO date as precise as known → 'dd/mm/yyyy', 'mm/yyyy' or 'yyyy' (whatever style the text wrote it in). */
export function citationDate(iso: string | undefined): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso ?? '');
  if (!m) return '';
  return [m[3], m[2], m[1]].filter(Boolean).join('/');
}

// Names a header prints in capitals whose usual spelling no rule gives.
const KNOWN_BODIES: Readonly<Record<string, string>> = {
  'CHÍNH PHỦ': 'Chính phủ',
  'QUỐC HỘI': 'Quốc hội',
  'THỦ TƯỚNG CHÍNH PHỦ': 'Thủ tướng Chính phủ',
  'VĂN PHÒNG CHÍNH PHỦ': 'Văn phòng Chính phủ',
  'VĂN PHÒNG QUỐC HỘI': 'Văn phòng Quốc hội',
  'ỦY BAN THƯỜNG VỤ QUỐC HỘI': 'Ủy ban Thường vụ Quốc hội',
  'NGÂN HÀNG NHÀ NƯỚC VIỆT NAM': 'Ngân hàng Nhà nước Việt Nam',
  'TÒA ÁN NHÂN DÂN TỐI CAO': 'Tòa án nhân dân tối cao',
  'VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO': 'Viện kiểm sát nhân dân tối cao',
};
const LOCAL = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)\s+(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$/u;
const LOCAL_SHORT: Readonly<Record<string, string>> = { 'ỦY BAN NHÂN DÂN': 'UBND', 'UỶ BAN NHÂN DÂN': 'UBND', 'HỘI ĐỒNG NHÂN DÂN': 'HĐND' };

const lower = (s: string): string => s.toLocaleLowerCase('vi');
const capital = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
const properName = (s: string): string => lower(s).split(/\s+/).map(capital).join(' ');

/**
 * An issuer as a citation writes it: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU' → 'UBND tỉnh Lai Châu', 'BỘ KẾ HOẠCH
 * VÀ ĐẦU TƯ' → 'Bộ Kế hoạch và Đầu tư', 'CHÍNH PHỦ' → 'Chính phủ'; other names stay as printed.
 */
export function issuerName(body: string): string {
  if (!isAllCapitals(body)) return body;
  const known = KNOWN_BODIES[body];
  if (known) return known;
  const local = LOCAL.exec(body);
  if (local) return `${LOCAL_SHORT[local[1]]} ${lower(local[2])} ${properName(local[3])}`;
  // A ministry's name capitalises each of the fields it joins ('Lao động - Thương binh và Xã hội').
  const ministry = /^BỘ\s+(.+)$/u.exec(body);
  if (ministry) return `Bộ ${ministry[1].split(/(\s+-\s+|\s+VÀ\s+|,\s+)/u).map((part, i) => (i % 2 ? lower(part) : capital(lower(part)))).join('')}`;
  return body;
}

/** A type in capitals as a sentence writes it: 'NGHỊ ĐỊNH' → 'Nghị định'. */
export function typeName(type: string): string {
  return capital(lower(type));
}

/** Where a paragraph sits in a legal text, from its heading path: 'điểm a khoản 1 Điều 2', '' outside any Điều. */
export function legalLocator(heading: readonly string[]): string {
  const at = heading.findIndex((h) => /^Điều\s+\d+[a-zđ]?(?![\p{L}\p{N}])/u.test(h.trim()));
  if (at < 0) return '';
  const article = /^Điều\s+(\d+[a-zđ]?)/u.exec(heading[at].trim())![1];
  let clause = '';
  let point = '';
  for (const h of heading.slice(at + 1)) {
    const label = h.trim();
    if (!clause && /^\d+\.?$/.test(label)) clause = label.replace(/\.$/, '');
    else if (clause && !point && /^[a-zđ]\)$/u.test(label)) point = label.slice(0, -1);
  }
  return [point && `điểm ${point}`, clause && `khoản ${clause}`, `Điều ${article}`].filter(Boolean).join(' ');
}

const where = (p: ParagraphRecord): string => `đoạn ${p.paragraph}${p.heading.length ? ` (mục ${p.heading.join(' › ')})` : ''}`;

/** The press style: “title”, agency, date, paragraph (with its heading path), link. */
export function pressCitation(d: DocumentRecord | undefined, p: ParagraphRecord, permalink: string): string {
  const agency = d?.source ?? (d?.body ? issuerName(d.body) : undefined);
  return [d?.title ? `“${d.title}”` : p.doc, agency, citationDate(d?.date), where(p), permalink].filter(Boolean).join(', ');
}

/** The legal style: type số number ngày date của issuer, Điều/khoản/điểm, paragraph, link; a document without a type is named by its title. */
export function legalCitation(d: DocumentRecord | undefined, p: ParagraphRecord, permalink: string): string {
  const date = citationDate(d?.date);
  const name = [
    d?.type ? typeName(d.type) : d?.title ? `“${d.title}”` : p.doc,
    d?.number && `số ${d.number}`,
    date && `${date.length === 10 ? 'ngày' : date.length === 7 ? 'tháng' : 'năm'} ${date}`,
    d?.body && `của ${issuerName(d.body)}`,
  ].filter(Boolean).join(' ');
  return [name, legalLocator(p.heading), `đoạn ${p.paragraph}`, permalink].filter(Boolean).join(', ');
}

/** Both citation styles of a paragraph. */
export function citations(d: DocumentRecord | undefined, p: ParagraphRecord, permalink: string): Citations {
  return { press: pressCitation(d, p, permalink), legal: legalCitation(d, p, permalink) };
}

/** The default citation (the API's `citation`): the legal style for a document with a type and a number, the press style otherwise. */
export function citation(d: DocumentRecord | undefined, p: ParagraphRecord, permalink: string): string {
  return d?.type && d.number ? legalCitation(d, p, permalink) : pressCitation(d, p, permalink);
}
