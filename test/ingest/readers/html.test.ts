import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredCharset, readHtml } from '../../../src/ingest/readers/html.js';
import { encodeLegacy } from '../../../src/ingest/readers/legacy.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/readers');
const html = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('readHtml on a news page with site chrome', async () => {
  const { text, meta } = await readHtml(await readFile(path.join(FIXTURES, 'page.html')), 'page.html');
  const paragraphs = text.split('\n\n');

  it('puts the headline first and gives it as the title', () => {
    expect(paragraphs[0]).toBe('Giải ngân vốn đầu tư công 6 tháng đầu năm');
    expect(meta.title).toBe('Giải ngân vốn đầu tư công 6 tháng đầu năm');
  });

  it('keeps the article: its date line, paragraphs, <br> lines and table rows', () => {
    expect(paragraphs).toEqual([
      'Giải ngân vốn đầu tư công 6 tháng đầu năm',
      'Lai Châu, ngày 05/07/2024',
      'Theo báo cáo của Sở Kế hoạch & Đầu tư, đến hết tháng 6 tỉnh đã giải ngân được 1.234 tỷ\u00a0đồng, đạt 45,6% kế hoạch vốn.',
      'Một số dự án trọng điểm:\n- Đường nối Lai Châu – Điện Biên;\n- Hồ chứa nước Nậm Ban.',
      'Nguồn vốn | Kế hoạch | Giải ngân',
      'Ngân sách trung ương | 1.800 | 820',
    ]);
  });

  it.each(['Trang chủ', 'CỔNG THÔNG TIN', 'Chia sẻ', 'Tin mới', 'Tin liên quan', 'Bình luận', 'Bản quyền', 'Thống kê truy cập', 'color: red'])(
    'leaves out the chrome "%s"',
    (chrome) => {
      expect(text).not.toContain(chrome);
    },
  );
});

describe('readHtml choosing the content', () => {
  it('takes the element with the most paragraph text when there is no <article> or <main>', async () => {
    const page = html(
      '<title>Thông báo</title><div class="col"><p>Liên kết nhanh</p></div>' +
        '<div class="content"><p>Đoạn một của thông báo về kế hoạch giải ngân năm nay.</p><p>Đoạn hai nói về tiến độ các dự án.</p></div>',
    );
    const { text } = await readHtml(page, 'a.html');
    expect(text).toBe('Thông báo\n\nĐoạn một của thông báo về kế hoạch giải ngân năm nay.\n\nĐoạn hai nói về tiến độ các dự án.');
  });

  it('prefers the real text over small teaser <article>s of a listing', async () => {
    const long = 'Nội dung chính của báo cáo tổng kết công tác năm với nhiều số liệu chi tiết. '.repeat(10).trim();
    const page = html(`<h1>Tổng kết</h1><article><p>Tin ngắn.</p></article><div id="body"><p>${long}</p><p>${long}</p></div>`);
    const { text } = await readHtml(page, 'a.html');
    expect(text.split('\n\n')).toEqual(['Tổng kết', long, long]);
  });

  it('decodes named and numeric entities', async () => {
    const { text } = await readHtml(html('<p>Sở KH&amp;ĐT &ndash; vốn &#7843;nh h&#x01B0;&#x1EDF;ng &quot;lớn&quot;</p>'), 'a.html');
    expect(text).toBe('Sở KH&ĐT – vốn ảnh hưởng "lớn"');
  });
});

describe('readHtml charsets', () => {
  it('finds the declared charset in <meta charset> and in http-equiv', () => {
    expect(declaredCharset(html('<meta charset="windows-1258">'))).toBe('windows-1258');
    expect(declaredCharset(html('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'))).toBe('iso-8859-1');
    expect(declaredCharset(html('<p>none</p>'))).toBeNull();
  });

  it('reads a page in its declared Windows-1258', async () => {
    const body = new TextEncoder().encode('<meta charset="windows-1258"><p>Vi');
    const page = Buffer.concat([Buffer.from(body), Buffer.from([0xea, 0xf2]), Buffer.from('t Nam</p>')]); // ê + combining dot below
    expect((await readHtml(page, 'a.html')).text).toBe('Việt Nam');
  });

  it('repairs a page declared Latin-1 whose text is TCVN3 shown with a .VnTime font', async () => {
    const page = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p><font face=".VnTime">'), encodeLegacy('Cộng hòa xã hội chủ nghĩa Việt Nam', 'TCVN3'), Buffer.from('</font></p>')]);
    expect((await readHtml(page, 'a.html')).text).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
  });

  it('names a charset it cannot decode', async () => {
    await expect(readHtml(html('<meta charset="x-klingon"><p>a</p>'), 'k.html')).rejects.toThrow("k.html: bảng mã không hỗ trợ 'x-klingon'");
  });
});
