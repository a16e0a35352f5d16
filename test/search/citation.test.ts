import { describe, expect, it } from 'vitest';
import { citation, citationDate, citations, issuerName, legalLocator, typeName } from '../../src/search/citation.js';
import type { DocumentRecord, ParagraphRecord } from '../../src/ingest/records.js';

describe('citationDate', () => {
  // The three styles the seeds write their dates in, once read: 'Thứ Ba, 11/01/2022, 07:09 [GMT+7]', '2022-06', 'ngày tháng 3 năm 2023'.
  it.each([
    ['2022-01-11', '11/01/2022'],
    ['2022-06', '06/2022'],
    ['2023-03', '03/2023'],
    ['2024', '2024'],
    [undefined, ''],
    ['11/01/2022', ''],
  ])('%s → %s', (iso, text) => {
    expect(citationDate(iso)).toBe(text);
  });
});

describe('issuerName', () => {
  it.each([
    ['ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', 'UBND tỉnh Lai Châu'],
    ['HỘI ĐỒNG NHÂN DÂN HUYỆN THAN UYÊN', 'HĐND huyện Than Uyên'],
    ['ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', 'UBND thành phố Hồ Chí Minh'],
    ['BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 'Bộ Lao động - Thương binh và Xã hội'],
    ['BỘ KẾ HOẠCH VÀ ĐẦU TƯ', 'Bộ Kế hoạch và Đầu tư'],
    ['BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH', 'Bộ Văn hóa, Thể thao và Du lịch'],
    ['BỘ TÀI CHÍNH', 'Bộ Tài chính'],
    ['CHÍNH PHỦ', 'Chính phủ'],
    ['ỦY BAN THƯỜNG VỤ QUỐC HỘI', 'Ủy ban Thường vụ Quốc hội'],
    ['TỔNG CỤC THỐNG KÊ', 'TỔNG CỤC THỐNG KÊ'],
    ['Sở Tài chính', 'Sở Tài chính'],
  ])('%s → %s', (body, name) => {
    expect(issuerName(body)).toBe(name);
  });

  it('writes a type as a sentence does', () => {
    expect(typeName('NGHỊ ĐỊNH')).toBe('Nghị định');
  });
});

describe('legalLocator', () => {
  // Heading paths as the chunker gives them on the gazette's Luật Bảo hiểm xã hội.
  it.each([
    [['Chương I', 'Điều 2', '1', 'a)'], 'điểm a khoản 1 Điều 2'],
    [['Chương I', 'Điều 2', '5'], 'khoản 5 Điều 2'],
    [['Chương I', 'Điều 1'], 'Điều 1'],
    [['Chương II', 'Mục 1', 'Điều 12a', '3', 'đ)'], 'điểm đ khoản 3 Điều 12a'],
    [['B', 'I', '1', '1.1', 'a)'], ''],
    [[], ''],
  ])('%j → %s', (heading, locator) => {
    expect(legalLocator(heading)).toBe(locator);
  });
});

describe('citations', () => {
  const paragraph = (heading: string[], n = 14): ParagraphRecord => ({ id: `d#p${n}`, doc: 'd', paragraph: n, heading, text: '…', start: 0, end: 1, kind: 'body' });
  const law: DocumentRecord = { doc: 'd', title: 'LUẬT BẢO HIỂM XÃ HỘI', type: 'LUẬT', number: '41/2024/QH15', date: '2024-06-29', body: 'QUỐC HỘI', hash: '', paragraphs: 1 };
  const report: DocumentRecord = { doc: 'r', title: 'BÁO CÁO Tình hình …', type: 'BÁO CÁO', number: '/BC-UBND', date: '2023-03', dateText: 'ngày tháng 3 năm 2023', body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', hash: '', paragraphs: 1 };
  const news: DocumentRecord = { doc: 'n', title: 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022', date: '2022-01-11', dateText: 'Thứ Ba, 11/01/2022, 07:09 [GMT+7]', source: 'DIENBIENTV.VN', hash: '', paragraphs: 1 };

  it.each([
    ['a law, inside a point', law, ['Chương I', 'Điều 2', '1', 'a)'], {
      legal: 'Luật số 41/2024/QH15 ngày 29/06/2024 của Quốc hội, điểm a khoản 1 Điều 2, đoạn 14, /doc/d#p14',
      press: '“LUẬT BẢO HIỂM XÃ HỘI”, Quốc hội, 29/06/2024, đoạn 14 (mục Chương I › Điều 2 › 1 › a)), /doc/d#p14',
    }],
    ['a report with no day', report, ['B', 'I'], {
      legal: 'Báo cáo số /BC-UBND tháng 03/2023 của UBND tỉnh Lai Châu, đoạn 14, /doc/r#p14',
      press: '“BÁO CÁO Tình hình …”, UBND tỉnh Lai Châu, 03/2023, đoạn 14 (mục B › I), /doc/r#p14',
    }],
    ['a news page', news, [], {
      legal: '“Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022” ngày 11/01/2022, đoạn 14, /doc/n#p14',
      press: '“Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022”, DIENBIENTV.VN, 11/01/2022, đoạn 14, /doc/n#p14',
    }],
  ])('%s', (_, doc, heading, expected) => {
    const p = paragraph(heading);
    const link = `/doc/${doc.doc}#p14`;
    expect(citations(doc, p, link)).toEqual(expected);
  });

  it('defaults to the legal style for a typed, numbered document and to the press style otherwise', () => {
    expect(citation(law, paragraph([]), '/x')).toBe(citations(law, paragraph([]), '/x').legal);
    expect(citation(news, paragraph([]), '/x')).toBe(citations(news, paragraph([]), '/x').press);
  });
});
