import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, ingestText, readers, registerReader } from '../../src/ingest/ingest.js';
import { decodeText, SUPPORTED_EXTENSIONS } from '../../src/ingest/read.js';
import type { IngestedDocument } from '../../src/ingest/records.js';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seeds = new Map<string, IngestedDocument>();
const sources = new Map<string, string>();
const seed = (prefix: string): IngestedDocument => [...seeds.entries()].find(([f]) => f.startsWith(prefix))![1];

beforeAll(async () => {
  for (const file of (await readdir(SEEDS)).sort()) {
    seeds.set(file, await ingestFile(SEEDS, file));
    sources.set(file, decodeText(await readFile(path.join(SEEDS, file)), file));
  }
});

/** Lines of the seeds that are page chrome, which must not be findable. */
const NOT_CONTENT = [
  'Chia sẻ bài viết',
  'Tổng số điểm của bài viết',
  'Click để đánh giá',
  'Bản đồ địa giới',
  'Thống kê truy cập',
  'Hôm nay',
  'Hôm qua',
  'Tháng 02 :',
  'Năm 2023 :',
  'Tổng số :',
  'lượt xem',
  'lượt tải',
  'Đang truy cập',
  'Tổng lượt truy cập',
  'Bạn đã không sử dụng Site',
];

/** A raw line as it should read once cleaned: list bullets, footnote marks and markdown asterisks out, spaces collapsed. */
const asCleaned = (line: string): string =>
  line
    .replace(/^\s*[•●▪◦‣·]\s+/, '')
    .replace(/(?<![\s\d][kcdm]?m)[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, '')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('ingest: seeds', () => {
  it('ingests every seed into paragraphs', () => {
    expect(seeds.size).toBe(5);
    for (const doc of seeds.values()) expect(doc.paragraphs.length).toBeGreaterThan(10);
  });

  it.each(NOT_CONTENT)('leaves no paragraph of any seed containing "%s"', (chrome) => {
    for (const doc of seeds.values()) for (const p of doc.paragraphs) expect(p.text).not.toContain(chrome);
  });

  it.each([
    'Số: 1468/UBND-VX',
    'Công văn về việc tạm dừng áp dụng khai báo y tế',
    'Số 77-KH/TU',
    'Kế hoạch triển khai Giải thưởng sáng tác',
    'Số 831-CV/TU',
    'Đại hội thi đua yêu nước tỉnh Lai Châu lần thứ V (2020-2025)',
    'Trong 2 ngày (27-28/72020) Đại hội thi đua yêu nước',
  ])('keeps "%s" from the links closing 003 as a related paragraph of its own', (line) => {
    const found = seed('003').paragraphs.filter((p) => p.text.includes(line));
    expect(found.map((p) => p.kind)).toEqual(['related']);
    expect(found[0].heading).toEqual([]);
  });

  it('takes no number of 003 from the documents it links to', () => {
    expect(seed('003').document.number ?? '').not.toMatch(/1468|77-KH|839-CV|831-CV/);
  });

  it('keeps every content line of every seed findable in some paragraph or in the metadata', () => {
    const missing: string[] = [];
    for (const [file, doc] of seeds) {
      const body = doc.paragraphs.map((p) => p.text).join('\n');
      const meta = Object.values(doc.document).map(String);
      // A metadata line ('Tác giả: X', '(site)', 'names/SITE', a date stamp) is kept as its values.
      const inMeta = (line: string): boolean =>
        line
          .replace(/^[^:]{1,30}:\s*/, '')
          .replace(/^\((.*)\)$/, '$1')
          .split('/')
          .every((part) => meta.some((m) => m.includes(part.trim())));
      for (const line of sources.get(file)!.split('\n').map(asCleaned)) {
        if (!/\p{L}{2}/u.test(line) || NOT_CONTENT.some((c) => line.includes(c)) || /^(top|down)$/.test(line)) continue;
        const content = line.replace(/^date \d{4}-\d{2} /, '');
        if (!body.includes(content) && !inMeta(content) && !meta.some((m) => content.startsWith(m))) missing.push(`${file}: ${content}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every paragraph offsets whose source span holds each of its words', () => {
    for (const [file, doc] of seeds) {
      const text = sources.get(file)!;
      for (const p of doc.paragraphs) {
        const span = asCleaned(text.slice(p.start, p.end));
        for (const word of p.text.split(' ')) expect(span, `${p.id}`).toContain(word);
        expect(p.id).toBe(`${file}#p${p.paragraph}`);
      }
    }
  });

  it('joins the 004 paragraph that a page break split ("hàng địa" / "phương đạt")', () => {
    const p = seed('004').paragraphs.find((q) => q.text.includes('phương đạt 1,08 triệu USD'))!;
    expect(p.text).toContain('Hoạt động xuất nhập khẩu từng bước được phục hồi');
    expect(p.text).toContain('xuất khẩu hàng địa phương đạt 1,08 triệu USD');
  });

  it('joins the 004 halves on both sides of a footnote block', () => {
    const p = seed('004').paragraphs.find((q) => q.text.includes('Chương trình phục hồi và phát'))!;
    expect(p.text).toContain('phục hồi và phát triển kinh tế - xã hội. Tổng huy động vốn');
    const q = seed('004').paragraphs.find((r) => r.text.includes('Tiếp tục hoàn thiện hồ sơ Kế hoạch sử dụng đất 05 năm') && r.text.startsWith('- Công tác'))!;
    expect(q.text).toContain('đấu giá quyền khai thác khoáng sản; làm việc');
  });

  it('makes footnote ¹ of 004 its own record linked both ways to the paragraph ending "lây lan diện rộng"', () => {
    const doc = seed('004');
    const citing = doc.paragraphs.find((p) => p.text.endsWith('lây lan diện rộng.'))!;
    const note = doc.paragraphs.find((p) => p.kind === 'footnote' && p.text.startsWith('Đến nay, 7/8 huyện'))!;
    expect(note.footnoteOf).toEqual({ mark: '1', paragraph: citing.paragraph });
    expect(citing.footnotes).toEqual([{ mark: '1', paragraph: note.paragraph }]);
    expect(citing.text).not.toContain('¹');
  });

  it('links all twenty footnotes of 004', () => {
    const notes = seed('004').paragraphs.filter((p) => p.kind === 'footnote');
    expect(notes.map((n) => n.footnoteOf?.mark)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  });

  it('keeps unit powers like m³ in 004', () => {
    expect(seed('004').paragraphs.some((p) => p.text.includes('22.597 m³'))).toBe(true);
  });

  it('gives the 004 paragraph under "a) Sản xuất nông nghiệp" a heading path ending with "a)"', () => {
    const doc = seed('004');
    const p = doc.paragraphs.find((q) => q.text.startsWith('Các nhiệm vụ sản xuất vụ đông xuân'))!;
    expect(p.heading).toEqual(['B', 'I', '1', '1.1', 'a)']);
    const h = doc.paragraphs.find((q) => q.text === 'a) Sản xuất nông nghiệp')!;
    expect(h.kind).toBe('heading');
  });

  it('reads the metadata of the 004 report', () => {
    expect(seed('004').document).toMatchObject({
      number: '/BC-UBND',
      date: '2023-03',
      type: 'BÁO CÁO',
      place: 'Lai Châu',
      signer: 'Trần Tiến Dũng',
      title: expect.stringMatching(/^BÁO CÁO Tình hình thực hiện Nghị quyết số 01\/NQ-CP/),
    });
  });

  it.each([
    ['000', { date: '2022-06', title: expect.stringMatching(/^Hội nghị Sơ kết 6 tháng đầu năm/) }],
    ['001', { source: 'laichau.gov.vn', byline: 'Đinh Lan', title: expect.stringMatching(/^Các cấp, các ngành cần phải chủ động/) }],
    ['002', { date: '2022-01-11', byline: 'Hoàng Giang - Đức Bình', source: 'DIENBIENTV.VN', title: 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022' }],
    ['003', { date: '2020-07-17', byline: 'Thu Hoài', title: 'Đoàn công tác của Bộ Công Thương làm việc tại tỉnh Lai Châu' }],
  ])('reads the metadata of news page %s', (prefix, expected) => {
    expect(seed(prefix).document).toMatchObject(expected);
  });

  it('does not take the number of a listed document as the number of 003', () => {
    expect(seed('003').document.number).toBeUndefined();
  });

  it('shows the repeated caption of 003 once, as a caption', () => {
    const captions = seed('003').paragraphs.filter((p) => p.text === 'Quang cảnh buổi làm việc');
    expect(captions).toHaveLength(1);
    expect(captions[0].kind).toBe('caption');
  });

  it('keeps bylines and date stamps out of the paragraphs but keeps the titles in', () => {
    const all = [...seeds.values()].flatMap((d) => d.paragraphs.map((p) => p.text));
    expect(all).not.toContain('Tác giả: Đinh Lan');
    expect(all).not.toContain('Hoàng Giang - Đức Bình/DIENBIENTV.VN');
    expect(all.some((t) => t.startsWith('Thứ sáu - 17/07/2020'))).toBe(false);
    for (const doc of seeds.values()) {
      const title = doc.document.title.replace(/^BÁO CÁO /, '');
      expect(all.some((t) => t.includes(title)), title).toBe(true);
    }
  });

  it('hashes the raw bytes and counts the paragraphs', async () => {
    const file = [...seeds.keys()][0];
    const raw = await readFile(path.join(SEEDS, file));
    expect(seeds.get(file)!.document.hash).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(seeds.get(file)!.document.paragraphs).toBe(seeds.get(file)!.paragraphs.length);
  });
});

describe('ingest: files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ingest-file-'));
    await writeFile(path.join(dir, 'a.md'), '\uFEFF# Tiêu đề báo cáo năm 2024\r\n\r\nNội dung **quan trọng** của báo cáo.\r\n');
    await writeFile(path.join(dir, 'bad.txt'), Buffer.from([0x41, 0xe1, 0x41]));
    await writeFile(path.join(dir, 'chrome.txt'), 'top\ndown\nThống kê truy cập\n');
    await writeFile(path.join(dir, 'x.pdf'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ingests a markdown file with a BOM and CRLF line endings', async () => {
    const doc = await ingestFile(dir, 'a.md');
    expect(doc.paragraphs.map((p) => [p.kind, p.text])).toEqual([
      ['heading', 'Tiêu đề báo cáo năm 2024'],
      ['body', 'Nội dung quan trọng của báo cáo.'],
    ]);
    expect(doc.document.title).toBe('Tiêu đề báo cáo năm 2024');
    expect(doc.document.doc).toBe('a.md');
  });

  it('names the file and the byte of invalid UTF-8', async () => {
    await expect(ingestFile(dir, 'bad.txt')).rejects.toThrow('bad.txt: không phải UTF-8 hợp lệ tại byte 1');
  });

  it('says which file types are supported when given another one', async () => {
    await expect(ingestFile(dir, 'x.pdf')).rejects.toThrow(`x.pdf: loại tệp không hỗ trợ '.pdf' (hỗ trợ: ${SUPPORTED_EXTENSIONS.join(', ')})`);
  });

  it('reports a file that holds nothing but page chrome', async () => {
    await expect(ingestFile(dir, 'chrome.txt')).rejects.toThrow('chrome.txt: không còn nội dung nào sau khi bỏ đầu trang, chân trang, số trang và các dòng thông tin');
  });

  it('reports a missing file by name', async () => {
    await expect(ingestFile(dir, 'none.txt')).rejects.toThrow('none.txt: không đọc được (ENOENT)');
  });

  it('dispatches to a plugged-in reader and lets its metadata win', async () => {
    registerReader('.pdf', async (buf) => ({ text: `Báo cáo từ PDF: ${buf.toString()}.`, meta: { title: 'Tiêu đề PDF', type: 'BÁO CÁO' } }));
    try {
      const doc = await ingestFile(dir, 'x.pdf');
      expect(doc.paragraphs[0].text).toBe('Báo cáo từ PDF: x.');
      expect(doc.document).toMatchObject({ title: 'Tiêu đề PDF', type: 'BÁO CÁO', doc: 'x.pdf' });
    } finally {
      readers.delete('.pdf');
      (SUPPORTED_EXTENSIONS as string[]).splice(SUPPORTED_EXTENSIONS.indexOf('.pdf'), 1);
    }
  });
});

describe('ingestText', () => {
  it('composes cleaning, chunking and metadata for text given directly', () => {
    const out = ingestText('d.txt', 'Tiêu đề bài viết về kinh tế\n\nNội dung có chú thích¹.\n\n¹ Chú thích.\n\nTác giả: Thu Hoài', 'h');
    expect(out.document).toMatchObject({ doc: 'd.txt', hash: 'h', title: 'Tiêu đề bài viết về kinh tế', byline: 'Thu Hoài', paragraphs: 3 });
    expect(out.paragraphs[1].footnotes).toEqual([{ mark: '1', paragraph: 3 }]);
  });
});
