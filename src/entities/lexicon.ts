// Words that tell a person apart from the capitalised words around it: family names, titles of
// office, honorifics. General knowledge of Vietnamese usage, written down here; nothing is keyed on a
// particular text.
import { normalize } from '../text/normalize.js';
import { toneKey } from '../text/tone.js';

/** Comparison key of a word or name: NFC, lower case, tone placement made irrelevant ('Hoà' = 'Hòa'), dashes between words dropped ('Bà Rịa - Vũng Tàu'). */
export function nameKey(text: string): string {
  return normalize(text)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && !/^[-–]$/.test(w))
    .map(toneKey)
    .join(' ');
}

// Vietnamese family names, the common Kinh ones first (Nguyễn, Trần, Lê… cover most people), then those
// of the ethnic minorities of the northern and central uplands (Lò, Giàng, Sùng… — officials of Lai
// Châu, Điện Biên or Sơn La often bear them). A family name opens a personal name: a run of capitalised
// syllables that does not start with one is not taken for a person, which keeps organisations out.
// 'Phó' is left out although it is a family name, since as a title word ('Phó Chủ tịch') it is far more common.
const SURNAME_LIST = `Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đinh Trịnh
  Đào Mai Trương Cao Lâm Phùng Tô Tạ Hà Đoàn Vương Lưu Chu Quách Thái Tăng Kiều Khúc La Lại Nông Triệu Hầu
  Âu Ông Từ Tôn Thân Châu Mạc Lã Lục Doãn Nghiêm Khổng Diệp Bế Ma Mông Đàm Đồng Giáp Hứa Mẫn Nhữ Ninh
  Phí Quan Tiêu Trang Ứng Viên Bạch Bàn Bàng Cù Cung Đậu Hàn Kha Danh Thạch Sơn Kim Khương Khuất Lạc Lỗ
  Mã Nhâm Quản Tống Trình Trác Vi Vy Xa Yên Lò Lường Quàng Cầm Tòng Giàng Sùng Vàng Thào Lầu Hờ Mùa
  Chảo Tẩn Lù Vì Điêu Bạc Lèo Lỳ Pờ Tráng Hạng Phàng Ly Sầm Hoàng Thèn Chẻo Páo Sin Sần Chang Vừ Mè Sa Hán`;

/** Keys of family names (nameKey). */
export const SURNAMES: ReadonlySet<string> = new Set(SURNAME_LIST.split(/\s+/).filter(Boolean).map(nameKey));

// Titles of office, as written before or after a name. Longest first so that 'Phó Chủ tịch' wins over
// 'Chủ tịch'. Matched in any case ('CHỦ TỊCH', 'chủ tịch').
const TITLE_LIST = [
  'phó thủ tướng thường trực', 'phó thủ tướng', 'thủ tướng', 'tổng bí thư', 'phó bí thư thường trực', 'phó bí thư', 'bí thư',
  'phó chủ tịch thường trực', 'phó chủ tịch', 'chủ tịch', 'bộ trưởng', 'thứ trưởng', 'phó tổng giám đốc', 'tổng giám đốc',
  'phó giám đốc', 'giám đốc', 'phó chánh văn phòng', 'chánh văn phòng', 'phó chánh thanh tra', 'chánh thanh tra', 'phó chánh án',
  'chánh án', 'phó viện trưởng', 'viện trưởng', 'phó trưởng ban', 'trưởng ban', 'phó trưởng đoàn', 'trưởng đoàn',
  'phó trưởng phòng', 'trưởng phòng', 'phó chủ nhiệm', 'chủ nhiệm', 'ủy viên', 'uỷ viên', 'phó tổng cục trưởng',
  'tổng cục trưởng', 'phó cục trưởng', 'cục trưởng', 'phó vụ trưởng', 'vụ trưởng', 'tổng thư ký', 'tổng kiểm toán',
  'phó thống đốc', 'thống đốc', 'đại sứ', 'thủ trưởng', 'đại tướng', 'thượng tướng', 'trung tướng', 'thiếu tướng',
  'đại tá', 'thượng tá', 'trung tá', 'thiếu tá', 'phó trưởng công an', 'trưởng công an', 'chỉ huy trưởng',
  'phó hiệu trưởng', 'hiệu trưởng', 'phó chủ tịch nước', 'chủ tịch nước', 'đại biểu quốc hội',
  // Abbreviations of membership titles: Ủy viên Ban Thường vụ, Ủy viên Trung ương, Ủy viên Ban Chấp hành.
  'uvbtv', 'ubtv', 'uvtw', 'uvbch',
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (words: readonly string[]): string =>
  [...words].sort((a, b) => b.length - a.length).map((w) => escape(w).replace(/ /g, '\\s+')).join('|');

// Module constants: expressions with \p{…} built per call would be rebuilt for every paragraph.
/** A title of office ending where `before` ends, with the words between it and the end (see titleBefore). */
export const TITLE = new RegExp(`(?<![\\p{L}\\p{M}])(?:${alternation(TITLE_LIST)})(?![\\p{L}\\p{M}])`, 'giu');
/** A title at the very start of a text (a role written after a name: 'Trần Văn A, Chủ tịch …'). */
export const TITLE_AT_START = new RegExp(`^(?:${alternation(TITLE_LIST)})(?![\\p{L}\\p{M}])`, 'iu');

// Words that stand before a name to say it is a person: 'ông', 'bà', 'đồng chí', academic titles.
/** An honorific ending right where the text ends. */
export const HONORIFIC_BEFORE = /(?<![\p{L}\p{M}])(?:ông|bà|đồng\s+chí|đ\/c|anh|chị|gs\.?|pgs\.?|ts\.?|ths\.?|bs\.?|pgs\.\s*ts\.?|gs\.\s*ts\.?)\s+$/iu;

// Credit lines name a person who is not an official (the photographer, the author) but is a person named.
/** A credit label ending where the text ends; its group is the label. */
export const CREDIT_BEFORE = /(?<![\p{L}\p{M}])(ảnh|tác giả(?:\s+bài\s+viết)?|phóng viên|bài\s+và\s+ảnh)\s*:\s*$/iu;

// Lower-case words that may stand inside the name of a body after a title ('Chủ tịch UBND tỉnh',
// 'Phó Chủ tịch Thường trực HĐND huyện', 'Giám đốc Sở Kế hoạch và Đầu tư', 'Bí thư Tỉnh ủy').
const ORG_WORD_LIST = `tỉnh huyện quận xã phường thị trấn thành phố ủy uỷ ban nhân dân và thường trực vụ đoàn hội đồng
  chấp hành trung ương đảng bộ quốc hội chính phủ mặt trận tổ quốc công an quân sự cục sở kế hoạch đầu tư tài chính
  nông nghiệp triển thôn nội công thương xây dựng giao thông vận tải y tế giáo dục đào tạo lao động binh xã
  hội văn hóa hoá thể thao du lịch tài nguyên môi trường khoa học công nghệ thông tin truyền tư pháp ngoại
  thanh tra ngân hàng nhà nước kiểm toán tòa toà án viện kiểm sát tối cao dân tộc tôn giáo chỉ huy biên phòng
  đại biểu điều hành trưởng phó chánh văn phòng`;
/** Keys of lower-case words allowed inside a body's name (see ORG_WORD_LIST). */
export const ORG_WORDS: ReadonlySet<string> = new Set(ORG_WORD_LIST.split(/\s+/).filter(Boolean).map(nameKey));

// Capitalised words that open the name of a body or a title, never a given name: a run like
// 'Trần Bộ …' is not a person.
// ('Thành' and 'Thị' are left out: 'Lê Thành Đô', 'Nguyễn Thị …'.)
const NOT_GIVEN_LIST = 'tỉnh huyện xã phường quận bộ sở ban ủy uỷ đảng cục viện ubnd hđnd tp chủ tịch phó bí thư';
/** Keys of words that cannot be part of a given name. */
export const NOT_GIVEN: ReadonlySet<string> = new Set(NOT_GIVEN_LIST.split(/\s+/).map(nameKey));
