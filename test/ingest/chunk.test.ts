import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.js';
import { ingestText } from '../../src/ingest/ingest.js';
import {
  boundedSpans,
  chunkLines,
  MAX_PARAGRAPH_CHARS,
  MAX_PARAGRAPH_WORDS,
  continues,
  isHardWrapped,
  parseMarker,
  romanValue,
  toRecords,
  type Draft,
} from '../../src/ingest/chunk.js';

const chunk = (source: string): Draft[] => chunkLines(cleanLines(source));
const records = (source: string) => toRecords('t.txt', chunk(source));
const LONG = 'Tổng giá trị xuất nhập khẩu ước đạt 9,75 triệu USD, bằng 25,5% kế hoạch, tăng 0,6% so với cùng kỳ năm trước; '.repeat(2);

describe('chunk: paragraphs', () => {
  it('splits blank-line separated blocks into paragraphs', () => {
    expect(chunk('Đoạn một.\n\nĐoạn hai.\n\n\nĐoạn ba.').map((d) => d.text)).toEqual(['Đoạn một.', 'Đoạn hai.', 'Đoạn ba.']);
  });

  it('makes each non-empty line a paragraph when the text uses single newlines', () => {
    const source = 'Sáng ngày 15/7, đoàn đã làm việc với tỉnh Lai Châu.\nQuang cảnh buổi làm việc\nTiếp và làm việc với Đoàn công tác có đồng chí Giàng Páo Mỷ.';
    expect(chunk(source)).toHaveLength(3);
  });

  it('joins the lines of a hard-wrapped block into one paragraph', () => {
    const source = [
      'Thực hiện Nghị quyết số 01/NQ-CP ngày 06 tháng 01 năm 2023 của',
      'Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát',
      'triển kinh tế - xã hội, dự toán ngân sách nhà nước và cải thiện',
      'môi trường kinh doanh năm 2023.',
    ].join('\n');
    const drafts = chunk(source);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].text).toContain('của Chính phủ về nhiệm vụ');
  });

  it('keeps a list of titles on single lines as separate paragraphs', () => {
    const titles = [
      'Hội nghị triển khai nhiệm vụ phát triển kinh tế năm 2023',
      'Đoàn công tác của Bộ Công Thương làm việc tại tỉnh Lai Châu',
      'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm',
      'Tổng kết công tác thi đua khen thưởng năm 2022 của tỉnh',
    ];
    expect(chunk(titles.join('\n'))).toHaveLength(4);
  });

  it('gives each paragraph offsets whose source span holds its text', () => {
    const source = '  Đoạn một.  \n\nĐoạn hai.\n';
    for (const d of chunk(source)) expect(source.slice(d.start, d.end)).toBe(d.text);
  });
});

describe('chunk: page breaks', () => {
  it('joins a paragraph split by a page break mid-sentence', () => {
    const source = `- Hoạt động xuất nhập khẩu từng bước được phục hồi; trong đó giá trị xuất khẩu hàng địa\n\nphương đạt 1,08 triệu USD, bằng 12,9% kế hoạch.`;
    const [d, ...rest] = chunk(source);
    expect(rest).toHaveLength(0);
    expect(d.text).toBe('- Hoạt động xuất nhập khẩu từng bước được phục hồi; trong đó giá trị xuất khẩu hàng địa phương đạt 1,08 triệu USD, bằng 12,9% kế hoạch.');
    expect([d.start, d.end]).toEqual([0, source.length]);
  });

  it('joins a word split across the break ("Tăng" / "cường")', () => {
    const drafts = chunk('2. Chỉ đạo tổ chức thực hiện công tác trồng rừng. Tăng\n\ncường công tác thường trực trong phòng chống lụt bão.');
    expect(drafts.map((d) => d.text)).toEqual(['2. Chỉ đạo tổ chức thực hiện công tác trồng rừng. Tăng cường công tác thường trực trong phòng chống lụt bão.']);
  });

  it('joins the halves around a footnote block and keeps the footnotes as their own paragraphs', () => {
    const source = 'Tiếp tục thực hiện các chính sách tín dụng theo Chương trình phục hồi và phát\n\n⁴ Mặt hàng xuất khẩu chủ yếu gồm chè.\n\n⁵ Cho vay hỗ trợ lãi suất 2%.\n\ntriển kinh tế - xã hội⁵. Tổng huy động vốn tăng 14,0%.';
    const drafts = chunk(source);
    expect(drafts.map((d) => d.kind)).toEqual(['body', 'footnote', 'footnote']);
    expect(drafts[0].text).toBe('Tiếp tục thực hiện các chính sách tín dụng theo Chương trình phục hồi và phát triển kinh tế - xã hội. Tổng huy động vốn tăng 14,0%.');
    expect(drafts[0].marks).toEqual(['5']);
    expect(drafts[0].end).toBe(source.length);
  });

  it('joins a long paragraph cut without punctuation before a capitalised word', () => {
    const drafts = chunk(`${LONG}làm việc với\n\nHiệp hội Doanh nghiệp Nhật Bản tại Việt Nam; tham dự chương trình kết nối doanh nghiệp.`);
    expect(drafts).toHaveLength(1);
  });

  it.each([
    ['a full stop ends the first', 'Kết quả đạt được khả quan.', 'tuy nhiên còn hạn chế.'],
    ['the next starts a lettered item', 'Các nhiệm vụ như sau', 'a) Sản xuất nông nghiệp'],
    ['the first is a short caption', 'Quang cảnh buổi làm việc', 'Tiếp và làm việc với Đoàn công tác có đồng chí Giàng Páo Mỷ, Bí thư Tỉnh ủy.'],
    ['the first ends with a photo credit', 'Toàn cảnh hội nghị. Ảnh: Bảo Anh', 'sau đó hội nghị tiếp tục.'],
    ['the next is a short byline', LONG.trim().replace(/;$/, ''), 'Tác giả: Đinh Lan'],
    ['the first is a long title in capitals', 'TÌNH HÌNH KINH TẾ '.repeat(12).trim(), 'Trong quý I, tình hình kinh tế tiếp tục phục hồi và phát triển ổn định.'],
  ])('does not join when %s', (_, prev, next) => {
    expect(continues(prev, next)).toBe(false);
  });
});

describe('chunk: footnotes', () => {
  it('keeps the wrapped lines of a footnote in the footnote', () => {
    const drafts = chunk('Đoạn có dấu³ ở giữa câu\n\n³ Phá rừng trái pháp luật 08 vụ; khai thác rừng\ntrái pháp luật 01 vụ.\n\nthì đoạn trên tiếp tục.');
    expect(drafts.map((d) => [d.kind, d.text])).toEqual([
      ['body', 'Đoạn có dấu ở giữa câu thì đoạn trên tiếp tục.'],
      ['footnote', 'Phá rừng trái pháp luật 08 vụ; khai thác rừng trái pháp luật 01 vụ.'],
    ]);
  });

  it('links a footnote and the paragraph carrying its mark both ways', () => {
    const recs = records('Ngăn chặn dịch bệnh lây lan diện rộng¹.\n\n¹ Đến nay, 7/8 huyện có kế hoạch.\n\nĐoạn sau.');
    expect(recs[0].footnotes).toEqual([{ mark: '1', paragraph: 2 }]);
    expect(recs[1]).toMatchObject({ kind: 'footnote', text: 'Đến nay, 7/8 huyện có kế hoạch.', footnoteOf: { mark: '1', paragraph: 1 } });
    expect(recs[2].footnotes).toBeUndefined();
  });

  it('links a footnote to the nearest earlier paragraph with its mark when marks restart', () => {
    const recs = records('Trang một¹.\n\n¹ Chú thích A.\n\nTrang hai¹.\n\n¹ Chú thích B.');
    expect(recs[3].footnoteOf).toEqual({ mark: '1', paragraph: 3 });
    expect(recs[1].footnoteOf).toEqual({ mark: '1', paragraph: 1 });
  });

  it('links a footnote placed before the paragraph that cites it', () => {
    const recs = records('² Chú thích trước.\n\nĐoạn có dấu²');
    expect(recs[0].footnoteOf).toEqual({ mark: '2', paragraph: 2 });
    expect(recs[1].footnotes).toEqual([{ mark: '2', paragraph: 1 }]);
  });

  it('leaves footnoteOf out when no paragraph carries the mark', () => {
    expect(records('Đoạn.\n\n⁷ Chú thích lạc.')[1].footnoteOf).toBeUndefined();
  });

  it('gives ids and 1-based numbers in document order', () => {
    expect(records('A một.\n\nB hai.').map((r) => [r.id, r.paragraph])).toEqual([
      ['t.txt#p1', 1],
      ['t.txt#p2', 2],
    ]);
  });
});

describe('chunk: headings', () => {
  it.each([
    ['A. VỀ TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT', 'A', 3],
    ['I. TÌNH HÌNH PHÁT TRIỂN KINH TẾ', 'I', 4],
    ['II. ĐÁNH GIÁ CHUNG', 'II', 4],
    ['1. Về phát triển kinh tế', '1', 6],
    ['1.1. Sản xuất nông - lâm nghiệp', '1.1', 7],
    ['1.2.3 Chi tiết', '1.2.3', 8],
    ['a) Sản xuất nông nghiệp', 'a)', 20],
    ['Chương I', 'Chương I', 1],
    ['CHƯƠNG II. QUY ĐỊNH CHUNG', 'Chương II', 1],
    ['Mục 2. Thủ tục', 'Mục 2', 2],
    ['Điều 5. Phạm vi điều chỉnh', 'Điều 5', 5],
    ['PHẦN I. TÌNH HÌNH', 'Phần I', 0],
    ['Phần thứ nhất', 'Phần thứ nhất', 0],
    ['## Giới thiệu', 'Giới thiệu', -8],
  ])('reads "%s" as %s', (text, label, rank) => {
    expect(parseMarker(text)).toMatchObject({ label, rank });
  });

  it.each(['1.200 tỷ đồng được giải ngân', '2022. Năm bản lề', 'Mục tiêu tổng quát', 'Điều kiện cần', 'I am', '1. thường viết thường'])(
    'sees no marker in "%s"',
    (text) => {
      expect(parseMarker(text)).toBeNull();
    },
  );

  it('reads "I." after "H." as a letter, and "V." after "IV." as a numeral', () => {
    expect(parseMarker('I. MỤC TIÊU', { lastLetter: 'H' })?.label).toBe('I');
    expect(parseMarker('I. MỤC TIÊU', { lastLetter: 'H' })?.rank).toBe(3);
    expect(parseMarker('V. NHIỆM VỤ', { lastRoman: 4 })?.rank).toBe(4);
    expect(parseMarker('C. KIẾN NGHỊ', { lastLetter: 'B' })?.rank).toBe(3);
  });

  it('gives every paragraph its heading path', () => {
    const source = [
      'B. ĐÁNH GIÁ TÌNH HÌNH',
      'I. TÌNH HÌNH PHÁT TRIỂN KINH TẾ - XÃ HỘI',
      '1. Về phát triển kinh tế',
      '1.1. Sản xuất nông - lâm nghiệp - thủy sản',
      'a) Sản xuất nông nghiệp',
      'Các nhiệm vụ sản xuất vụ đông xuân được triển khai tích cực.',
      '1.2. Sản xuất công nghiệp',
      'Giá trị sản xuất công nghiệp ước đạt 854,8 tỷ đồng.',
      'II. ĐÁNH GIÁ CHUNG',
      'Tình hình tiếp tục phát triển.',
    ].join('\n\n');
    const drafts = chunk(source);
    const path = (start: string) => drafts.find((d) => d.text.startsWith(start))!.heading;
    expect(path('Các nhiệm vụ')).toEqual(['B', 'I', '1', '1.1', 'a)']);
    expect(path('Giá trị')).toEqual(['B', 'I', '1', '1.2']);
    expect(path('Tình hình')).toEqual(['B', 'II']);
    expect(drafts.filter((d) => d.kind === 'heading')).toHaveLength(7);
    expect(path('a) Sản xuất')).toEqual(['B', 'I', '1', '1.1', 'a)']);
  });

  it('lets a long marked item in a structured report open its own level, as body text', () => {
    const item = 'b) Lâm nghiệp: Tập trung xây dựng hồ sơ kỹ thuật và chuẩn bị địa bàn trồng rừng mới năm 2023; tiếp tục tăng cường công tác quản lý bảo vệ rừng, công tác phòng cháy, chữa cháy rừng mùa khô. Kịp thời phát hiện và xử lý 14 vụ vi phạm.';
    const drafts = chunk(`1. Về phát triển kinh tế\n\n${item}\n\nSố vụ vi phạm đã giảm mạnh.`);
    expect(drafts[1]).toMatchObject({ kind: 'body', heading: ['1', 'b)'] });
    expect(drafts[2].heading).toEqual(['1', 'b)']);
  });

  it('does not treat a long numbered paragraph of a news article as a heading', () => {
    const news = `Hội nghị đã thông qua các báo cáo.\n\n1. Tập trung chỉ đạo sản xuất đảm bảo thời vụ và chỉ tiêu kế hoạch năm 2022; nâng cao tiêu chí về nông thôn mới tại các xã trên địa bàn tỉnh; tiếp tục triển khai trồng rừng mới năm 2022 đảm bảo tiến độ, chất lượng.\n\nĐoạn tiếp theo.`;
    const drafts = chunk(news);
    expect(drafts.every((d) => d.kind === 'body' && d.heading.length === 0)).toBe(true);
  });

  it('files a one-line article of a decree under its own label', () => {
    const drafts = chunk('QUYẾT ĐỊNH:\n\nĐiều 1. Phê duyệt Kế hoạch phát triển du lịch.\n\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.');
    expect(drafts.map((d) => [d.kind, d.heading])).toEqual([
      ['body', []],
      ['body', ['Điều 1']],
      ['body', ['Điều 2']],
    ]);
  });

  it('gives the recipients list and signature no section', () => {
    const drafts = chunk('I. NHIỆM VỤ\n\nNội dung.\n\nNơi nhận:\n- Như trên;\n\nTM. ỦY BAN NHÂN DÂN');
    expect(drafts.at(-1)!.heading).toEqual([]);
    expect(drafts[1].heading).toEqual(['I']);
  });

  it('gives a footnote the heading path of the paragraph citing it', () => {
    const recs = records('1. Về kinh tế\n\nĐoạn có dấu³.\n\n2. Về xã hội\n\n³ Chú thích.');
    expect(recs.at(-1)!.heading).toEqual(['1']);
  });
});

describe('chunk: signature and appendices', () => {
  const decree = [
    'Điều 72. Trách nhiệm thi hành',
    '',
    'Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.',
    '',
    'TM. CHÍNH PHỦ',
    '',
    'Hồ Đức Phớc',
    '',
    'Phụ lục II',
    '',
    'DANH MỤC BIỂU MẪU',
    '',
    'Mẫu số 01',
  ].join('\n');
  const heading = (text: string): string[] => chunk(decree).find((d) => d.text === text)!.heading;

  it('puts the signature block under no article', () => {
    expect(heading('Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.')).toEqual(['Điều 72']);
    expect(heading('TM. CHÍNH PHỦ')).toEqual([]);
    expect(heading('Hồ Đức Phớc')).toEqual([]);
  });

  it('puts what follows an appendix title under that appendix', () => {
    expect(heading('DANH MỤC BIỂU MẪU')).toEqual(['Phụ lục II']);
    expect(heading('Mẫu số 01')).toEqual(['Phụ lục II']);
  });

  it('takes a sentence that opens with the word for appendix for no appendix title', () => {
    const text = 'Điều 3. Biểu mẫu\n\nPhụ lục này được thay thế bằng biểu mẫu mới.';
    expect(chunk(text)[1].heading).toEqual(['Điều 3']);
  });
});

describe('chunk: captions', () => {
  it.each([
    ['a photo credit', 'Toàn cảnh hội nghị. Ảnh: Bảo Anh\n\nNội dung.'],
    ['a line after an image placeholder', '1\nToàn cảnh hội nghị.\n\nNội dung.'],
    ['a repeated line', 'Quang cảnh buổi làm việc\nQuang cảnh buổi làm việc\nNội dung.'],
  ])('marks %s as a caption', (_, source) => {
    expect(chunk(source).map((d) => d.kind)).toEqual(['caption', 'body']);
  });
});

describe('romanValue', () => {
  it.each([['I', 1], ['IV', 4], ['IX', 9], ['XIV', 14], ['XL', 40], ['IIII', 0], ['VX', 0], ['A', 0]])('%s = %i', (s, v) => {
    expect(romanValue(s)).toBe(v);
  });
});

describe('isHardWrapped', () => {
  it('does not take a list of short items for wrapped lines', () => {
    expect(isHardWrapped(['- Văn phòng Chính phủ;', '- Bộ Kế hoạch và Đầu tư;', '- Lưu: VT.'])).toBe(false);
  });
});

describe('paragraphs of bounded size', () => {
  const words = (t: string): number => t.split(/\s+/).filter(Boolean).length;

  it('cuts after the last sentence end that fits, else between words, else inside a word', () => {
    const text = 'Một hai ba. Bốn năm sáu bảy. Tám chín mười mười một mười hai. Mười ba.';
    const parts = (w: number, c = 1000): string[] => boundedSpans(text, w, c).map(([a, b]) => text.slice(a, b));
    expect(parts(5)).toEqual(['Một hai ba.', 'Bốn năm sáu bảy.', 'Tám chín mười mười một', 'mười hai. Mười ba.']);
    expect(parts(100)).toEqual([text]);
    const long = `${'x'.repeat(25)} ab cd`;
    expect(boundedSpans(long, 100, 10).map(([a, b]) => long.slice(a, b))).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx ab', 'cd']);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = '𝐀'.repeat(15);
    const spans = boundedSpans(text, 100, 9);
    expect(spans.map(([a, b]) => text.slice(a, b)).join('')).toBe(text);
    for (const [a, b] of spans) expect(text.slice(a, b)).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('keeps every word, in order, within the bounds (property)', () => {
    const word = fc.constantFrom('vốn', 'giải', 'ngân.', 'x', 'dài'.repeat(5), ';', '\n', '  ');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 15, max: 60 }), (list, maxWords, maxChars) => {
        const text = list.join(' ');
        const spans = boundedSpans(text, maxWords, maxChars);
        const parts = spans.map(([a, b]) => text.slice(a, b));
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(maxChars);
          expect(words(p)).toBeLessThanOrEqual(maxWords);
        }
        expect(parts.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
        for (let k = 1; k < spans.length; k++) expect(spans[k][0]).toBeGreaterThanOrEqual(spans[k - 1][1]);
      }),
    );
  });

  it('splits a giant one-line paragraph into consecutive paragraphs with exact offsets', () => {
    const sentence = 'Tiến độ giải ngân vốn đầu tư công còn chậm. ';
    const text = `BÁO CÁO\n\n${sentence.repeat(1500).trim()}\n\nĐoạn cuối cùng.\n`;
    const { paragraphs } = ingestText('big.txt', text, 'h');
    const parts = paragraphs.filter((p) => p.text.startsWith('Tiến độ'));
    expect(parts.length).toBeGreaterThan(4);
    expect(parts.map((p) => p.paragraph)).toEqual(parts.map((_, k) => parts[0].paragraph + k));
    for (const p of paragraphs) {
      expect(words(p.text)).toBeLessThanOrEqual(MAX_PARAGRAPH_WORDS);
      expect(p.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(text.slice(p.start, p.end)).toBe(p.text);
    }
    // Cut at sentence ends: every part is whole sentences.
    for (const p of parts) expect(p.text).toMatch(/chậm\.$/);
    expect(paragraphs.at(-1)!.text).toBe('Đoạn cuối cùng.');
  });
});
