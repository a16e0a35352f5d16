import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/ingest/line.js';
import fc from 'fast-check';
import { hashSpan } from '../../src/util/code-unit-hash.js';
import { headerShape, headerShapeHash, removePageFurniture, runningHeader, signatureStamps } from '../../src/ingest/pagination.js';

const HEADER = 'CÔNG BÁO/Số 977 + 978/Ngày 25-7-2025 ';
const body = (page: number): string[] => Array.from({ length: 10 }, (_, i) => `dòng ${i + 1} của trang ${page} được ngắt giữa câu và `);

/** A gazette-like extraction: a blank line with spaces inside a page, an empty line at each page break. */
function gazette(pages: number, firstPage = 3): string {
  const out: string[] = [];
  for (let p = firstPage; p < firstPage + pages; p++) {
    if (p % 2 === 0) out.push('', ' ', `${p} `, HEADER, '  ', String(p));
    else out.push('', ' ', ' ', HEADER, `${p} `, ' ');
    out.push(...body(p));
  }
  return out.join('\n');
}
const texts = (source: string): string[] => removePageFurniture(splitLines(source)).lines.map((l) => l.text.trim()).filter(Boolean);

describe('headerShape', () => {
  it.each([
    ['CÔNG BÁO/Số 977 + 978/Ngày 25-7-2025', 'CÔNG BÁO/Số 1459 + 1460/Ngày 19-10-2025'],
    ['CÔNG BÁO/Số 279/Ngày 18-05-2026', '13      CÔNG BÁO/Số 301/Ngày 15-02-2024'],
    ['CÔNG BÁO/ Số 5 + 6/Ngày 1-1-2024', 'CÔNG BÁO/Số 7 + 8/Ngày 2-2-2024'],
  ])('gives %s and %s one shape: only their numbers and spaces differ', (a, b) => {
    expect(headerShape(a)).toBe(headerShape(b));
  });

  it('blanks numbers and drops spaces as its regular-expression statement does, for any line', () => {
    const byRegex = (t: string) => t.replace(/^\d{1,4}\s+|\s+\d{1,4}$/g, '').replace(/\d+/g, '#').replace(/\s+/g, '');
    const piece = fc.constantFrom('1', '12', '12345', ' ', '  ', '\t', '\u00a0', '\u3000', 'CÔNG BÁO', '/', 'Số', '+', '-', 'x', '\ud83d\ude00');
    const line = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(piece, { maxLength: 8 }).map((p) => p.join('')));
    fc.assert(
      fc.property(line, (t) => {
        expect(headerShape(t)).toBe(byRegex(t));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('headerShapeHash', () => {
  it('hashes a line as hashSpan hashes its shape, so two lines of one shape alike', () => {
    const piece = fc.constantFrom('1', '12', '12345', ' ', '  ', '\t', '\u00a0', 'CÔNG BÁO', '/', 'Số', '+', 'x', '\ud83d\ude00');
    const line = fc.oneof(fc.string(), fc.array(piece, { maxLength: 8 }).map((p) => p.join('')));
    fc.assert(
      fc.property(line, line, (a, b) => {
        expect(headerShapeHash(a)).toBe(hashSpan(headerShape(a), 0, headerShape(a).length));
        if (headerShape(a) === headerShape(b)) expect(headerShapeHash(a)).toBe(headerShapeHash(b));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('runningHeader', () => {
  it('finds the line repeated next to the page numbers at every page break', () => {
    const lines = splitLines(gazette(6));
    expect(runningHeader(lines).map((i) => lines[i].text)).toEqual(Array(6).fill(HEADER));
  });

  it('finds it in a two-page document whose page numbers follow each other', () => {
    expect(texts(gazette(2))).not.toContain(HEADER.trim());
  });

  it('takes no repeated table cell for a header, even next to row numbers', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), 'Nguồn gốc dữ liệu', `giá trị số ${i}`, ' ']).flat();
    const lines = splitLines(`${gazette(2)}\n${rows.join('\n')}`);
    expect(runningHeader(lines).map((i) => lines[i].text.trim())).toEqual([HEADER.trim(), HEADER.trim()]);
  });

  it('takes a publication/issue/date masthead for page furniture even where it is printed once', () => {
    const once = ['', '2 ', HEADER, '  ', 'VĂN BẢN QUY PHẠM PHÁP LUẬT', ...body(2)].join('\n');
    expect(texts(once)).not.toContain(HEADER.trim());
    expect(texts(once)).not.toContain('2');
    expect(texts(once)).toContain('VĂN BẢN QUY PHẠM PHÁP LUẬT');
  });

  it.each([
    ['a short name', 'CB/Số 12/Ngày 1-2-2025', true],
    ['a name of 61 letters outside the basic plane (122 code units)', `${'𝐂'.repeat(61)}/Số 12/Ngày 1-2-2025`, true],
    ['a name of 62 letters', `${'C'.repeat(62)}/Số 12/Ngày 1-2-2025`, false],
    ['no name before the slash', '/Số 12/Ngày 1-2-2025', false],
  ])('tells a masthead by its form: %s', (_, line, masthead) => {
    const lines = splitLines([line, ...body(1)].join('\n'));
    expect(runningHeader(lines).includes(0)).toBe(masthead);
  });

  it('leaves a sentence that cites a gazette issue alone', () => {
    const cited = ['Văn bản đã đăng trên Công báo số 493 ngày 16-03-2025 và có hiệu lực.', ...body(1)].join('\n');
    expect(texts(cited)[0]).toBe('Văn bản đã đăng trên Công báo số 493 ngày 16-03-2025 và có hiệu lực.');
  });

  it('finds nothing in a web page whose lines repeat a counter', () => {
    const page = ['Số: 12/UBND', '', 'lượt xem: 609 | lượt tải:146', '', 'Số: 13/UBND', '', 'lượt xem: 332 | lượt tải:12'].join('\n');
    expect(runningHeader(splitLines(page))).toEqual([]);
  });
});

describe('removePageFurniture', () => {
  it('removes the headers and both page numbers of each page and keeps every content line', () => {
    const kept = texts(gazette(4));
    expect(kept.filter((t) => t.includes('CÔNG BÁO') || /^\d+$/.test(t))).toEqual([]);
    expect(kept).toEqual([3, 4, 5, 6].flatMap((p) => body(p).map((t) => t.trim())));
  });

  it('removes a page number printed several times on a wide page', () => {
    const source = gazette(3).replace('\n4 \n', '\n4 \n4\n \n4 \n');
    expect(texts(source).filter((t) => /^\d+$/.test(t))).toEqual([]);
  });

  it('marks each removed page break with one blank line a paragraph may run across', () => {
    const out = removePageFurniture(splitLines(gazette(3))).lines;
    expect(out.filter((l) => l.pageBreak).length).toBe(3);
    expect(out.filter((l) => l.pageBreak).every((l) => l.text === '')).toBe(true);
  });

  it('counts what it removed', () => {
    expect(removePageFurniture(splitLines(gazette(4))).count).toEqual({ headers: 4, pageNumbers: 6, stamps: 0 });
  });

  it('gives back a text without furniture as it was', () => {
    const lines = splitLines('Đoạn một.\n\nĐoạn hai.');
    expect(removePageFurniture(lines).lines).toBe(lines);
  });
});

describe('signatureStamps', () => {
  it.each([
    ['Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nThời gian ký: 28.07.2025 14:15:48 +07:00'],
    ['Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nNgày ký: 2026-05-29 08:10:56 +07:00'],
  ])('finds a stamp from its opening line to its signing time', (stamp) => {
    const lines = splitLines(`Luật số 97/2015/QH13,\n${stamp}\n\nLuật số 35/2018/QH14`);
    expect(signatureStamps(lines)).toEqual([[1, stamp.split('\n').length]]);
  });

  it('leaves a sentence about a signer alone', () => {
    expect(signatureStamps(splitLines('Người ký: ông A, Chủ tịch.\nCơ quan: Ủy ban nhân dân tỉnh.'))).toEqual([]);
  });
});
