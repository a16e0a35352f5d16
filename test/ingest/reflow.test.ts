import { describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.js';
import { splitLines, trimLines, type Line } from '../../src/ingest/line.js';
import { carriesOn, fullWidth, isHardWrappedText, opensStructure, reflow } from '../../src/ingest/reflow.js';

const FULL = 60;
const lines = (source: string): Line[] => trimLines(splitLines(source));
const paragraphs = (out: Line[]): string[] => out.map((l) => l.text).filter(Boolean);

describe('opensStructure', () => {
  it.each(['Chương I', 'CHƯƠNG II', 'Mục 2. QUY ĐỊNH CHUNG', 'Điều 5. Phạm vi điều chỉnh', '“Điều 3a. Xác định giá trị', '1. Quy định chi tiết', '2.1. Nội dung', 'a) Hợp đồng khám bệnh', 'đ) Phân bổ quỹ', 'II. NHIỆM VỤ'])(
    '%s opens a unit of structure',
    (line) => {
      expect(opensStructure(line)).toBe(true);
    },
  );

  it.each(['Điều 28 của Luật Bảo hiểm y tế;', 'Chương II của Luật này', '2008 của Chính phủ', 'Luật số 35/2018/QH14'])('%s does not', (line) => {
    expect(opensStructure(line)).toBe(false);
  });
});

describe('carriesOn', () => {
  it.each([
    ['b) Thủ tục khám bệnh, chữa bệnh bảo hiểm y tế theo quy định tại khoản 1', 'Điều 28 của Luật Bảo hiểm y tế;', 'a full line goes on with an article number that is no heading'],
    ['Nghị định này quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo', 'hiểm y tế số 25/2008/QH12', 'a lower-case start goes on'],
    ['Căn cứ Luật số 90/2025/QH15 ngày 25 tháng 6 năm 2025 sửa đổi, bổ sung một số Luật', 'Hải quan, Luật Thuế giá trị gia tăng', 'a full line cut before a name goes on'],
    ['Căn cứ Nghị định số 106/2012/NĐ-CP ngày 20 tháng 12 năm 2012 của Bộ Lao động', '- Thương binh và Xã hội;', 'a dash that joins a compound name goes on'],
    ['Chương I', 'QUY ĐỊNH CHUNG', 'a chapter number and its title are one heading'],
    ['BỘ LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI', 'a title in capitals goes on with a connective'],
    ['số điều của Luật Đấu thầu,', 'Luật Đầu tư', 'a comma goes on'],
    ['Tiếp tục chi trả hỗ trợ đối với người lao động theo', 'Nghị quyết số 03/2021/UBTVQH15', 'no clause ends with a preposition'],
    ['Số: 01/2022/TTLT-VKSNDTC-', 'BCA-BQP', 'a number cut after a hyphen goes on'],
    ['Căn cứ Luật Phòng, chống tham nhũng số 36/2018/QH14, được sửa đổi theo Luật số', '132/2025/QH15;', 'a number in capitals is no heading'],
  ])('joins %j + %j (%s)', (prev, next) => {
    expect(carriesOn(prev, next, FULL)).toBe(true);
  });

  it.each([
    ['Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;', 'Căn cứ Luật Bảo hiểm y tế', 'a clause ends, a capital starts'],
    ['Điều 1. Phạm vi điều chỉnh', 'Nghị định này quy định chi tiết', 'a short heading line ends its paragraph'],
    ['1. Quy định chi tiết các nội dung về:', 'a) Hợp đồng khám bệnh', 'a lettered point starts a paragraph'],
    ['bảo hiểm y tế ở cấp Trung ương và cấp địa phương.', '2. Ứng dụng công nghệ thông tin', 'a numbered point starts a paragraph'],
    ['Các giải pháp chủ yếu:', '- Tăng cường kiểm tra', 'a dash item after a colon starts a paragraph'],
    ['QUY ĐỊNH CHUNG', 'Điều 1. Phạm vi điều chỉnh', 'an article starts a paragraph'],
    ['CHÍNH PHỦ', 'Số: 188/2025/NĐ-CP', 'a header line in capitals ends'],
    ['TM. CHÍNH PHỦ', 'KT. THỦ TƯỚNG', 'lines of a signature block stay apart'],
    ['Hà Nội, ngày 26 tháng 02 năm 2025 được ký ban hành tại trụ sở', 'THÔNG TƯ', 'a line in capitals is a heading even after a full line'],
  ])('starts a new paragraph between %j and %j (%s)', (prev, next) => {
    expect(carriesOn(prev, next, FULL)).toBe(false);
  });
});

/** Wrapped prose: seven sentences of three full lines each. */
const wrapped = Array.from({ length: 7 }, (_, i) => [
  `${i + 1}. Nội dung thứ ${i + 1} được quy định chi tiết tại văn bản này và các`,
  'văn bản hướng dẫn thi hành có liên quan, bảo đảm thống nhất trong toàn',
  'quốc.',
]).flat();

describe('isHardWrappedText', () => {
  it('recognizes text hard-wrapped at a fixed width', () => {
    expect(isHardWrappedText(lines(wrapped.join('\n')))).toBe(true);
  });

  it('leaves a web page whose lines are whole paragraphs alone', () => {
    const page = Array.from({ length: 10 }, (_, i) => `Đoạn văn thứ ${i + 1} của bài viết, đầy đủ trên một dòng.`).join('\n\n');
    expect(isHardWrappedText(lines(page))).toBe(false);
  });
});

describe('fullWidth', () => {
  it('sets the filled length a little under the length of the wrapped lines', () => {
    const width = fullWidth(lines(wrapped.join('\n')));
    expect(width).toBeGreaterThan(50);
    expect(width).toBeLessThan(72);
  });
});

describe('reflow', () => {
  it('joins the lines of each paragraph with single spaces, keeping every word in order', () => {
    const out = paragraphs(reflow(lines(wrapped.join('\n'))));
    expect(out).toHaveLength(7);
    expect(out[0]).toBe(wrapped.slice(0, 3).join(' '));
  });

  it('runs a paragraph across a page break but not across a blank line', () => {
    const source = [wrapped[0], '', wrapped[1], wrapped[2], ' ', 'Căn cứ Luật Tổ chức Chính phủ;'].join('\n');
    const input = lines(source).map((l, i) => (i === 1 ? { ...l, pageBreak: true } : l));
    expect(paragraphs(reflow(input))).toEqual([wrapped.slice(0, 3).join(' '), 'Căn cứ Luật Tổ chức Chính phủ;']);
  });

  it('gives a joined paragraph the span from its first line to its last', () => {
    const source = wrapped.slice(0, 3).join('\n');
    const [p] = reflow(lines(source));
    expect([p.start, p.end]).toEqual([0, source.length]);
  });
});

describe('cleanLines on a paginated text', () => {
  const header = 'CÔNG BÁO/Số 977 + 978/Ngày 25-7-2025 ';
  const source = [
    '', ' ', ' ', header, '3 ', ' ',
    'Điều 1. Phạm vi điều chỉnh',
    ...wrapped.slice(0, 4),
    'Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ', 'Email: thongtinchinhphu@chinhphu.vn', 'Cơ quan: VĂN PHÒNG CHÍNH PHỦ', 'Thời gian ký: 28.07.2025 14:15:48 +07:00',
    '', ' ', '4 ', header, '  ', '4',
    ...wrapped.slice(4, 9),
    '', ' ', ' ', header, '5 ', ' ',
    ...wrapped.slice(9),
  ].join('\n');

  it('drops headers, page numbers and the signature stamp and joins the paragraphs they split', () => {
    const stats = {};
    const out = paragraphs(cleanLines(source, stats));
    expect(out[0]).toBe('Điều 1. Phạm vi điều chỉnh');
    expect(out.slice(1)).toEqual(Array.from({ length: 7 }, (_, i) => wrapped.slice(3 * i, 3 * i + 3).join(' ')));
    expect(stats).toMatchObject({ headers: 3, pageNumbers: 4, stamps: 1, reflowed: true });
  });

  it('repairs syllables split by extraction, vouched for by the rest of the document', () => {
    const split = `${source}\n\n1. Ứ ng dụng cô ng nghệ thô ng tin phục vụ công tác quản lý nhà nước.\n\n${'công thông ứng '.repeat(3)}`;
    const out = paragraphs(cleanLines(split));
    expect(out).toContain('1. Ứng dụng công nghệ thông tin phục vụ công tác quản lý nhà nước.');
  });
});
