import { describe, expect, it } from 'vitest';
import { pageLines, readPdf } from '../../../src/ingest/readers/pdf.js';
import { makePdf } from './make.js';

describe('readPdf', () => {
  it('reads the text layer line by line, pages in order, Vietnamese letters exact', async () => {
    const pdf = makePdf([
      ['BÁO CÁO', 'Tình hình giải ngân vốn đầu tư công', 'năm 2024 của tỉnh (Lai Châu).', '', 'Đoạn thứ hai.'],
      ['Trang hai tiếp tục.'],
    ]);
    expect(await readPdf(pdf, 'a.pdf')).toBe(
      'BÁO CÁO\nTình hình giải ngân vốn đầu tư công\nnăm 2024 của tỉnh (Lai Châu).\n\nĐoạn thứ hai.\nTrang hai tiếp tục.',
    );
  });

  it('leaves the buffer it was given readable, for the hash taken afterwards', async () => {
    const pdf = makePdf([['Một dòng.']]);
    const copy = Buffer.from(pdf);
    await readPdf(pdf, 'a.pdf');
    expect(pdf.equals(copy)).toBe(true);
  });

  it('says a page of pictures has no text layer', async () => {
    await expect(readPdf(makePdf(['image', 'image']), 'scan.pdf')).rejects.toThrow('scan.pdf: không có lớp chữ (có lẽ là ảnh quét?)');
  });

  it('says a password-protected PDF is encrypted', async () => {
    await expect(readPdf(makePdf([['Mật.']], { encrypted: true }), 'secret.pdf')).rejects.toThrow('secret.pdf: tệp đã được mã hóa (cần mật khẩu để mở)');
  });

  it('says a file without the %PDF- header is not a PDF', async () => {
    await expect(readPdf(Buffer.from('<html>lỗi 404</html>'), 'page.pdf')).rejects.toThrow('page.pdf: không phải tệp PDF: phần đầu tệp không đúng dạng PDF');
  });

  it('reports a PDF whose structure is broken as unreadable', async () => {
    await expect(readPdf(Buffer.from('%PDF-1.4\n1 0 obj << /Type'), 'cut.pdf')).rejects.toThrow(/^cut\.pdf: không đọc được tệp PDF \(.+\)$/);
  });
});

describe('pageLines', () => {
  const item = (str: string, x: number, y: number, width = str.length * 6, hasEOL = false) => ({
    str,
    transform: [12, 0, 0, 12, x, y],
    width,
    height: 12,
    hasEOL,
  });

  it('joins pieces of one baseline, with a space only where there is a gap', () => {
    expect(pageLines([item('Giải ', 72, 700), item('ngân', 102, 700, 24), item('vốn', 140, 700), item('g', 160, 700, 6), item('ì', 166, 700)])).toEqual([
      'Giải ngân vốn gì',
    ]);
  });

  it('keeps a raised footnote mark on its line', () => {
    expect(pageLines([item('đồng', 72, 700, 24), item('1', 96, 704, 4), item(' năm', 100, 700)])).toEqual(['đồng1 năm']);
  });

  it('starts a new line at a new baseline and a blank line at a wide gap', () => {
    expect(pageLines([item('a', 72, 700), item('b', 72, 686), item('c', 72, 672), item('d', 72, 630)])).toEqual(['a', 'b', 'c', '', 'd']);
  });
});
