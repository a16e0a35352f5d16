import { describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.js';
import { chunkLines } from '../../src/ingest/chunk.js';
import {
  bylineLine,
  crawlerDate,
  dateLine,
  documentType,
  extractMetadata,
  headerNumber,
  isMetadataOnly,
  issuingBody,
  shortTitle,
  signature,
  sourceLine,
} from '../../src/ingest/metadata.js';

const meta = (source: string) => extractMetadata('x.txt', source, chunkLines(cleanLines(source)));
const paras = (...texts: string[]) => texts.map((text) => ({ text }));
/** The header fields of Decree 188/2025/NĐ-CP, which the fixtures below are modelled on. */
const DECREE_188 = {
  type: 'NGHỊ ĐỊNH',
  number: '188/2025/NĐ-CP',
  body: 'CHÍNH PHỦ',
  date: '2025-07-01',
  dateText: 'ngày 01 tháng 7 năm 2025',
  place: 'Hà Nội',
};

describe('metadata: dates', () => {
  it.each([
    ['Thứ Ba, 11/01/2022, 07:09 [GMT+7]', '2022-01-11', 'Thứ Ba, 11/01/2022, 07:09 [GMT+7]', undefined],
    ['Thứ sáu - 17/07/2020 07:51 588 0', '2020-07-17', 'Thứ sáu - 17/07/2020 07:51', undefined],
    ['Chủ nhật, 5/3/2023', '2023-03-05', 'Chủ nhật, 5/3/2023', undefined],
    ['Cập nhật: 02/09/2021 10:15', '2021-09-02', 'Cập nhật: 02/09/2021 10:15', undefined],
    ['Lai Châu, ngày tháng 3 năm 2023', '2023-03', 'ngày tháng 3 năm 2023', 'Lai Châu'],
    ['Hà Nội, ngày 01 tháng 7 năm 2025', '2025-07-01', 'ngày 01 tháng 7 năm 2025', 'Hà Nội'],
    ['Thành phố Hồ Chí Minh, ngày 9 tháng 12 năm 2022', '2022-12-09', 'ngày 9 tháng 12 năm 2022', 'Thành phố Hồ Chí Minh'],
    ['ngày     tháng     năm 2024', '2024', 'ngày     tháng     năm 2024', undefined],
    ['Cập nhật lúc: 10:15 02/09/2021', '2021-09-02', 'Cập nhật lúc: 10:15 02/09/2021', undefined],
    ['Ngày đăng: 2021-09-02 10:15', '2021-09-02', 'Ngày đăng: 2021-09-02 10:15', undefined],
  ])('reads "%s"', (text, date, dateText, place) => {
    const found = dateLine(text);
    expect(found).toMatchObject({ date, dateText });
    expect(found?.place).toBe(place);
  });

  it.each([
    'Giải ngân đến thời điểm 15/6/2022 là 856.955 triệu đồng, bằng 45,26% kế hoạch giao chi tiết.',
    'Thứ Ba, 31/02/2022',
    'Sáng 10/1, UBND tỉnh tổ chức hội nghị',
    'Hà Nội, ngày 40 tháng 13 năm 2025',
  ])('finds no date line in "%s"', (text) => {
    expect(dateLine(text)).toBeNull();
  });

  it('reads a crawler date field at the start of the source', () => {
    expect(crawlerDate(' date 2022-06 Hội nghị Sơ kết')).toEqual({ date: '2022-06', dateText: '2022-06' });
    expect(crawlerDate('Hội nghị date 2022-06')).toBeNull();
  });
});

describe('metadata: bylines and sources', () => {
  it.each([
    ['Tác giả: Đinh Lan', { byline: 'Đinh Lan' }],
    ['Tác giả bài viết: Thu Hoài', { byline: 'Thu Hoài' }],
    ['Hoàng Giang - Đức Bình/DIENBIENTV.VN', { byline: 'Hoàng Giang - Đức Bình', source: 'DIENBIENTV.VN' }],
    ['Minh Anh/TTXVN', { byline: 'Minh Anh', source: 'TTXVN' }],
    ['Ảnh: Bảo Anh', null],
    ['Tỉnh ủy/HĐND tỉnh', null],
    ['Toàn cảnh hội nghị. Ảnh: Bảo Anh', null],
  ])('reads "%s"', (text, expected) => {
    expect(bylineLine(text)).toEqual(expected);
  });

  it.each([
    ['(laichau.gov.vn)', 'laichau.gov.vn'],
    ['baochinhphu.vn', 'baochinhphu.vn'],
    ['Nguồn: Báo Lai Châu', 'Báo Lai Châu'],
    ['(Theo TTXVN)', 'TTXVN'],
    ['Theo đó, tỉnh giao nhiệm vụ cho các sở', null],
  ])('reads the source line "%s"', (text, expected) => {
    expect(sourceLine(text)).toBe(expected);
  });

  it.each([
    ['Tác giả: Đinh Lan', true],
    ['(laichau.gov.vn)', true],
    ['Thứ sáu - 17/07/2020 07:51 588 0', true],
    ['Lai Châu, ngày tháng 3 năm 2023', false],
    ['Điện Biên TV - Sáng 10/1, UBND tỉnh tổ chức hội nghị.', false],
  ])('tells whether "%s" is metadata only', (text, expected) => {
    expect(isMetadataOnly(text)).toBe(expected);
  });
});

describe('metadata: type, number, body, signer of an administrative document', () => {
  const decree = [
    'CHÍNH PHỦ',
    '-------',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    '---------------',
    'Số: 188/2025/NĐ-CP',
    'Hà Nội, ngày 01 tháng 7 năm 2025',
    '',
    'NGHỊ ĐỊNH',
    'Quy định chi tiết một số điều của Luật Bảo hiểm y tế',
    '',
    'Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;',
    '',
    'Chương I',
    'QUY ĐỊNH CHUNG',
    '',
    'Điều 1. Phạm vi điều chỉnh',
    '',
    'Nghị định này quy định chi tiết một số điều.',
    '',
    'Nơi nhận:',
    '- Ban Bí thư Trung ương Đảng;',
    '',
    'TM. CHÍNH PHỦ',
    'KT. THỦ TƯỚNG',
    'PHÓ THỦ TƯỚNG',
    '',
    'Lê Thành Long',
  ].join('\n');

  it('reads the header and the signature block', () => {
    expect(meta(decree)).toEqual({
      ...DECREE_188,
      title: 'NGHỊ ĐỊNH Quy định chi tiết một số điều của Luật Bảo hiểm y tế',
      signer: 'Lê Thành Long',
    });
  });

  it('joins a body written on two lines and stops at the national motto on the same line', () => {
    const letter = 'ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1468/UBND-VX\nV/v tạm dừng khai báo y tế nội địa\n\nKính gửi: Các sở, ngành.';
    expect(meta(letter)).toMatchObject({
      body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU',
      number: '1468/UBND-VX',
      type: 'CÔNG VĂN',
      title: 'V/v tạm dừng khai báo y tế nội địa',
    });
  });

  it.each([
    ['/BC-UBND', 'BÁO CÁO'],
    ['77-KH/TU', 'KẾ HOẠCH'],
    ['12/2024/TT-BTC', 'THÔNG TƯ'],
    ['05/TTr-UBND', 'TỜ TRÌNH'],
    ['839-CV/TU', 'CÔNG VĂN'],
    ['1468/UBND-VX', 'CÔNG VĂN'],
  ])('infers the type of number %s as %s when no type line says it', (number, type) => {
    expect(documentType(paras('Số: ' + number), number)?.type).toBe(type);
  });

  it('prefers the type line to the number code', () => {
    expect(documentType(paras('Số: 1/BC-UBND', 'QUYẾT ĐỊNH'), '1/BC-UBND')).toEqual({ type: 'QUYẾT ĐỊNH', at: 1 });
  });

  it('reads no number from a document listed further down, only from the header', () => {
    const news = `Tin tức hôm nay về hội nghị triển khai\n\n${'Nội dung dài của bài viết. '.repeat(20)}\n\nSố: 1468/UBND-VX`;
    expect(meta(news).number).toBeUndefined();
  });

  it.each([
    [['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Giàng A Tính'], 'Giàng A Tính'],
    [['BỘ TRƯỞNG', '(Đã ký)', 'Nguyễn Văn Thắng'], 'Nguyễn Văn Thắng'],
    [['KT. BỘ TRƯỞNG', 'THỨ TRƯỞNG', 'Nơi nhận: như trên'], null],
  ])('finds the signer under %j', (lines, signer) => {
    expect(signature(paras(...lines))?.signer ?? null).toBe(signer);
  });
});

describe('metadata: news pages', () => {
  it('takes the headline, not a place line above it', () => {
    const page = 'Điện Biên\n\nPhấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022\n\nThứ Ba, 11/01/2022, 07:09 [GMT+7]\n\nĐiện Biên TV - Sáng 10/1, UBND tỉnh tổ chức hội nghị.';
    expect(meta(page)).toMatchObject({
      title: 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022',
      place: 'Điện Biên',
      date: '2022-01-11',
      source: 'Điện Biên TV',
    });
  });

  it('skips share bars and date lines before the headline', () => {
    const page = 'A- A A+ | Chia sẻ bài viết lên facebook\n\nThứ sáu - 17/07/2020 07:51\n\nĐoàn công tác của Bộ Công Thương làm việc tại tỉnh\n\n(laichau.gov.vn)\n\nTác giả: Đinh Lan';
    expect(meta(page)).toMatchObject({
      title: 'Đoàn công tác của Bộ Công Thương làm việc tại tỉnh',
      source: 'laichau.gov.vn',
      byline: 'Đinh Lan',
    });
  });

  it('takes the first sentence of a long lead as the title', () => {
    expect(shortTitle(`Hội nghị sơ kết được tổ chức sáng nay. ${'Nội dung tiếp theo rất dài '.repeat(10)}`)).toBe(
      'Hội nghị sơ kết được tổ chức sáng nay.',
    );
    expect(shortTitle('từ '.repeat(120)).length).toBeLessThanOrEqual(161);
  });

  it('falls back to the file name for a text without any paragraph', () => {
    expect(extractMetadata('dir/bao-cao.txt', '', []).title).toBe('bao-cao');
  });
});

describe('metadata: legal documents extracted from a gazette PDF', () => {
  const filler = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => [`${i + 1}. Nội dung của khoản ${i + 1} được quy định chi tiết tại văn bản này và`, 'các văn bản hướng dẫn thi hành.']).flat();
  const header = (page: number): string[] => ['', ' ', ' ', 'CÔNG BÁO/Số 977 + 978/Ngày 25-7-2025 ', `${page} `, ' '];
  const gazette = [
    ...header(3),
    'VĂN BẢN QUY PHẠM PHÁP LUẬT ',
    ' ',
    'CHÍNH PHỦ ',
    ' ',
    'CHÍNH PHỦ ',
    ' ',
    'Số: 188/2025/NĐ-CP ',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ',
    'Độc lập - Tự do - Hạnh phúc ',
    'Hà Nội, ngày 01 tháng 7 năm 2025 ',
    ' ',
    'NGHỊ ĐỊNH   ',
    'Quy định chi tiết và hướng dẫn thi hành ',
    ' một số điều của Luật Bảo hiểm y tế ',
    ' ',
    'Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;  ',
    'Căn cứ Luật số 90/2025/QH15 ngày 25 tháng 6 năm 2025 sửa đổi, bổ sung một ',
    'số điều của Luật Đấu thầu; ',
    'Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ',
    'Email: thongtinchinhphu@chinhphu.vn',
    'Cơ quan: VĂN PHÒNG CHÍNH PHỦ',
    'Thời gian ký: 28.07.2025 14:15:48 +07:00',
    ...header(4),
    'Chương I ',
    'QUY ĐỊNH CHUNG ',
    ' ',
    'Điều 1. Phạm vi điều chỉnh ',
    ...filler(4),
    ...header(5),
    ...filler(4),
    'TM. CHÍNH PHỦ ',
    'KT. THỦ TƯỚNG ',
    'PHÓ THỦ TƯỚNG ',
    ' ',
    'Hồ Đức Phớc ',
    ...header(6),
    'Phụ lục ',
    '(Kèm theo Nghị định số 188/2025/NĐ-CP ngày 01 tháng 7 năm 2025 của Chính phủ) ',
    ...Array.from({ length: 25 }, (_, i) => `Mẫu số ${i + 1} `),
    'GIÁM ĐỐC ',
    '(Ký, họ tên, đóng dấu) ',
  ].join('\n');

  it('reads type, number, body, place, date, subject and signer from the header, not the gazette or the stamp', () => {
    expect(meta(gazette)).toEqual({
      ...DECREE_188,
      signer: 'Hồ Đức Phớc',
      title: 'NGHỊ ĐỊNH Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm y tế',
    });
  });

  it.each([
    ['Số: 188/2025/NĐ-CP', '188/2025/NĐ-CP'],
    ['Luật số: 41/2024/QH15', '41/2024/QH15'],
    ['Nghị quyết số: 24/2022/UBTVQH15', '24/2022/UBTVQH15'],
    ['BỘ TÀI CHÍNH Số: 45/2026/TT-BTC', '45/2026/TT-BTC'],
    ['Số: 01/2022/TTLT-VKSNDTC- BCA-BQP', '01/2022/TTLT-VKSNDTC-BCA-BQP'],
    ['Căn cứ Luật số 90/2025/QH15 ngày 25 tháng 6 năm 2025', null],
    ['được sửa đổi bởi Nghị quyết số 03/2021/UBTVQH15', null],
  ])('reads the number of %j as %j', (line, number) => {
    expect(headerNumber(line)).toBe(number);
  });

  it.each([
    [['VĂN BẢN QUY PHẠM PHÁP LUẬT', 'CHÍNH PHỦ', 'CHÍNH PHỦ', 'Số: 188/2025/NĐ-CP'], 'CHÍNH PHỦ'],
    [['VĂN BẢN HỢP NHẤT - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 'THÔNG TƯ'], 'BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI'],
    [['VĂN BẢN PHÁP LUẬT KHÁC', 'ỦY BAN NHÂN DÂN', 'TỈNH LAI CHÂU', 'Số: 12/QĐ-UBND'], 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU'],
  ])('reads the issuing body above %j as %s, without the gazette section label or a repeat', (lines, body) => {
    expect(issuingBody(paras(...lines), lines.length)).toBe(body);
  });
});
