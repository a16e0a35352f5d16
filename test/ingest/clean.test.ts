import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cleanLines,
  cleanLineWords,
  cleanWords,
  dropChrome,
  dropPlaceholders,
  dropRepeats,
  footnoteLine,
  isChrome,
  markRelatedDocuments,
  markTrailingBulletList,
  stripEmphasis,
  stripFootnoteMarks,
} from '../../src/ingest/clean.js';
import { splitLines, trimLines, type Line } from '../../src/ingest/line.js';

const texts = (lines: Line[]): string[] => lines.map((l) => l.text).filter((t) => t.trim() !== '');
const linesOf = (source: string): Line[] => trimLines(splitLines(source));

describe('isChrome', () => {
  it.each([
    'A- A A+ | Chia sẻ bài viết lên facebook Chia sẻ bài viết lên twitter Chia sẻ bài viết lên google+ Tăng tương phản Giảm tương phản',
    'Tổng số điểm của bài viết là: 0 trong 0 đánh giá',
    'Click để đánh giá bài viết',
    'Thống kê truy cập',
    'Đang truy cập: 62',
    'Tổng lượt truy cập: 7,535,028',
    'Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập. Thời gian chờ: 60 giây',
    'top',
    'down',
    'Bản đồ địa giới hành chính',
    'lượt xem: 609 | lượt tải:146',
    'Trang chủ > Tin tức > Kinh tế',
  ])('recognizes page chrome: %s', (line) => {
    expect(isChrome(line)).toBe(true);
  });

  it.each([
    'Tổng số: 15 cán bộ được đào tạo',
    'Hôm nay, tỉnh Lai Châu tổ chức hội nghị.',
    'Chia sẻ kinh nghiệm của địa phương mình',
    'Tổng số điểm thi đạt 27,5',
    'Năm 2023 là năm bản lề thực hiện kế hoạch 5 năm',
    'Trang chủ của tỉnh được nâng cấp',
  ])('keeps a content line: %s', (line) => {
    expect(isChrome(line)).toBe(false);
  });
});

describe('dropChrome', () => {
  it('drops a run of visitor counters under its heading', () => {
    const lines = linesOf('Nội dung bài.\nThống kê truy cập\nHôm nay : 5.099\nHôm qua : 6.887\nTháng 02 : 23.629\nNăm 2023 : 962.961\nTổng số : 77.148.046');
    expect(texts(dropChrome(lines))).toEqual(['Nội dung bài.']);
  });

  it('keeps a lone counter-like line between content lines', () => {
    const lines = linesOf('Kết quả kiểm tra:\nTổng số : 120\nTrong đó đạt 100.');
    expect(texts(dropChrome(lines))).toEqual(['Kết quả kiểm tra:', 'Tổng số : 120', 'Trong đó đạt 100.']);
  });
});

describe('markRelatedDocuments', () => {
  const page = [
    'Trước đó, đoàn đã đến viếng nghĩa trang liệt sỹ tỉnh./.',
    '',
    'Số: 1468/UBND-VX',
    '',
    'Công văn về việc tạm dừng áp dụng khai báo y tế nội địa',
    '',
    'lượt xem: 609 | lượt tải:146',
    '',
    'Số 77-KH/TU',
    '',
    'Kế hoạch triển khai Giải thưởng sáng tác tỉnh Lai Châu',
    '',
    'lượt xem: 332 | lượt tải:12',
    'Nội dung sau khối.',
  ].join('\n');
  const related = (lines: Line[]): string[] => texts(lines.filter((l) => l.related));

  it('keeps the number and title of every item as related lines, whatever the titles say', () => {
    expect(related(markRelatedDocuments(splitLines(page)))).toEqual([
      'Số: 1468/UBND-VX',
      'Công văn về việc tạm dừng áp dụng khai báo y tế nội địa',
      'Số 77-KH/TU',
      'Kế hoạch triển khai Giải thưởng sáng tác tỉnh Lai Châu',
    ]);
  });

  it('drops the view and download counters and leaves the text around the block as it was', () => {
    const out = markRelatedDocuments(splitLines(page));
    expect(texts(out).filter((t) => t.startsWith('lượt xem'))).toEqual([]);
    expect(texts(out.filter((l) => !l.related))).toEqual([
      'Trước đó, đoàn đã đến viếng nghĩa trang liệt sỹ tỉnh./.',
      'Nội dung sau khối.',
    ]);
  });

  it('marks a single item with its number line but not the paragraph above it', () => {
    const one = 'Đoạn nội dung.\nSố: 12/UBND-VX\nCông văn về việc X\nlượt xem: 5 | lượt tải: 1';
    const out = markRelatedDocuments(splitLines(one));
    expect(related(out)).toEqual(['Số: 12/UBND-VX', 'Công văn về việc X']);
    expect(texts(out)).toEqual(['Đoạn nội dung.', 'Số: 12/UBND-VX', 'Công văn về việc X']);
  });

  it('leaves a text without counters alone', () => {
    const plain = 'Số: 12/UBND-VX\nCông văn về việc X';
    expect(markRelatedDocuments(splitLines(plain))).toEqual(splitLines(plain));
  });
});

describe('markTrailingBulletList', () => {
  const page = [
    'Nội dung cuối bài./.',
    '  • Đại hội thi đua yêu nước tỉnh Lai Châu lần thứ V (2020-2025)',
    '',
    '    Trong 2 ngày Đại hội thi đua yêu nước tỉnh Lai Châu lần thứ V...',
    '',
    '  • Đang truy cập: 62',
    '  • Hôm nay: 2,553',
    'top',
  ].join('\n');

  it('keeps the titles and teasers of a closing link list as related lines, without bullets', () => {
    const out = markTrailingBulletList(splitLines(page));
    expect(texts(out.filter((l) => l.related)).map((t) => t.trim())).toEqual([
      'Đại hội thi đua yêu nước tỉnh Lai Châu lần thứ V (2020-2025)',
      'Trong 2 ngày Đại hội thi đua yêu nước tỉnh Lai Châu lần thứ V...',
    ]);
  });

  it('drops the counters and chrome mixed into the list', () => {
    const out = texts(markTrailingBulletList(splitLines(page)));
    expect(out.filter((t) => /truy cập|Hôm nay|^top$/.test(t))).toEqual([]);
  });

  it('keeps the offsets of a title pointing at its text in the source', () => {
    const title = markTrailingBulletList(splitLines(page)).find((l) => l.related)!;
    expect(page.slice(title.start, title.end)).toBe(title.text);
  });

  it('keeps a closing bullet list of real points as it was', () => {
    const points = 'Các giải pháp:\n• Tăng cường kiểm tra;\n• Đẩy mạnh tuyên truyền.';
    expect(markTrailingBulletList(splitLines(points))).toEqual(splitLines(points));
  });
});

describe('dropPlaceholders', () => {
  it('drops a lone "1" image placeholder and marks the next line as its caption', () => {
    const out = dropPlaceholders(linesOf('Đoạn trước.\n1\nToàn cảnh hội nghị.\n.'));
    expect(texts(out)).toEqual(['Đoạn trước.', 'Toàn cảnh hội nghị.']);
    expect(out.find((l) => l.text === 'Toàn cảnh hội nghị.')?.caption).toBe(true);
    expect(out.find((l) => l.text === 'Đoạn trước.')?.caption).toBeUndefined();
  });

  it('keeps lines that hold a number with other text', () => {
    expect(texts(dropPlaceholders(linesOf('1 tấn\n12')))).toEqual(['1 tấn', '12']);
  });
});

describe('stripEmphasis', () => {
  it.each([
    ['(*thay thế Quyết định số 30/2017/QĐ-UBND ngày 14/8/2017*).', '(thay thế Quyết định số 30/2017/QĐ-UBND ngày 14/8/2017).'],
    ['**TM. ỦY BAN NHÂN DÂN', 'TM. ỦY BAN NHÂN DÂN'],
    ['CHỦ TỊCH**', 'CHỦ TỊCH'],
    ['một *từ* nhấn', 'một từ nhấn'],
    ['* mục danh sách', '* mục danh sách'],
    ['3*4 = 12', '3*4 = 12'],
  ])('%s → %s', (input, expected) => {
    expect(stripEmphasis(input)).toBe(expected);
  });
});

describe('stripFootnoteMarks', () => {
  it.each([
    ['lây lan diện rộng¹.', 'lây lan diện rộng.', ['1']],
    ['tỷ lệ tiêm phòng đạt trên 92%⁹; các dịch bệnh', 'tỷ lệ tiêm phòng đạt trên 92%; các dịch bệnh', ['9']],
    ['của các huyện²⁰; phê duyệt', 'của các huyện; phê duyệt', ['20']],
    ['kiểm soát¹⁰, duy trì … Methadone¹²', 'kiểm soát, duy trì … Methadone', ['10', '12']],
    ['bể nuôi 22.597 m³; đá 119.613 m³,', 'bể nuôi 22.597 m³; đá 119.613 m³,', []],
    ['diện tích 3 km² và 40 m²', 'diện tích 3 km² và 40 m²', []],
    ['xem chú thích[^3] ở dưới', 'xem chú thích ở dưới', ['3']],
  ])('%s', (input, text, marks) => {
    expect(stripFootnoteMarks(input)).toEqual({ text, marks });
  });
});

describe('footnoteLine', () => {
  it.each([
    ['¹ Đến nay, 7/8 huyện', { mark: '1', text: 'Đến nay, 7/8 huyện' }],
    ['¹⁰ Trong quý có 03 trường hợp', { mark: '10', text: 'Trong quý có 03 trường hợp' }],
    ['[^2]: Ghi chú', { mark: '2', text: 'Ghi chú' }],
    ['Đến nay¹ đã có', null],
  ])('%s', (input, expected) => {
    expect(footnoteLine(input)).toEqual(expected);
  });
});

describe('dropRepeats', () => {
  it('shows a photo caption repeated on the next line once, as a caption', () => {
    const out = dropRepeats(linesOf('Quang cảnh buổi làm việc\nQuang cảnh buổi làm việc\nTiếp và làm việc.'));
    expect(texts(out)).toEqual(['Quang cảnh buổi làm việc', 'Tiếp và làm việc.']);
    expect(out[0].caption).toBe(true);
  });

  it('also when blank lines stand between the repeats', () => {
    expect(texts(dropRepeats(linesOf('Toàn cảnh\n\nToàn cảnh\n\nNội dung.')))).toEqual(['Toàn cảnh', 'Nội dung.']);
  });

  it('keeps a line that comes back later in the text', () => {
    expect(texts(dropRepeats(linesOf('A lần một.\nB khác.\nA lần một.')))).toHaveLength(3);
  });
});

describe('cleanLines', () => {
  it('removes a crawler date prefix but keeps the sentence after it', () => {
    const source = ' date 2022-06 Hội nghị Sơ kết 6 tháng đầu năm.';
    const [first] = cleanLines(source);
    expect(first.text).toBe('Hội nghị Sơ kết 6 tháng đầu năm.');
    expect(source.slice(first.start, first.end)).toBe(first.text);
  });

  it('flags footnote lines and records the marks of the lines that cite them', () => {
    const lines = cleanLines('Dịch bệnh lây lan diện rộng¹.\n\n¹ Đến nay đã có kế hoạch.');
    expect(lines[0]).toMatchObject({ text: 'Dịch bệnh lây lan diện rộng.', marks: ['1'] });
    expect(lines[2]).toMatchObject({ text: 'Đến nay đã có kế hoạch.', footnote: '1' });
  });

  it('keeps offsets pointing at the source line even when words were cleaned', () => {
    const source = 'Mở đầu\n\n  Đạt trên 92%⁹ kế hoạch  \n';
    const line = cleanLines(source).find((l) => l.text.startsWith('Đạt'))!;
    expect(line.text).toBe('Đạt trên 92% kế hoạch');
    expect(source.slice(line.start, line.end)).toBe('Đạt trên 92%⁹ kế hoạch');
  });
});

describe('cleanWords', () => {
  it('gives every line what all its cleaning steps give, also the lines it passes through untouched', () => {
    const piece = fc.constantFrom('ngân', 'sách', ' ', '  ', '\u00a0', '\t', '*', '**', '¹', '²', '[^3]', '[^', 'm', '92%', '\ufeff', '.', 'Ủy');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const line: Line = { text: pieces.join(''), start: 5, end: 5 + pieces.join('').length };
        const [out] = cleanWords([line]);
        expect(out).toEqual(line.text ? cleanLineWords(line) : line);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes a line with nothing to clean through as it is', () => {
    const line: Line = { text: 'Giải ngân vốn đầu tư công đạt 5.816.600 triệu đồng.', start: 0, end: 51 };
    expect(cleanWords([line])[0]).toBe(line);
  });
});
