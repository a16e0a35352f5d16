// A document's table of contents, from its paragraphs' heading paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import { OUTLINE_TEXT, documentOutline } from '../../src/search/outline.js';

// Paragraphs given as [heading path, text].
const source = (rows: [string[], string][]) => ({
  count: rows.length,
  heading: (i: number) => rows[i][0],
  paragraph: (i: number) => i + 1,
  text: (i: number) => rows[i][1],
});

describe('documentOutline', () => {
  it('opens a section wherever the heading path changes, each new level at that paragraph', () => {
    const outline = documentOutline(
      source([
        [[], 'NGHỊ ĐỊNH'],
        [['Chương I'], 'Chương I'],
        [['Chương I', 'Điều 1'], 'Điều 1. Phạm vi điều chỉnh'],
        [['Chương I', 'Điều 1'], 'Nghị định này quy định…'],
        // A heading merged into the paragraph it opens still starts its section.
        [['Chương II', 'Điều 2'], 'Điều 2. Hiệu lực thi hành Nghị định có hiệu lực từ ngày ký.'],
      ]),
    );
    expect(outline).toEqual([
      { paragraph: 2, depth: 1, label: 'Chương I', text: 'Chương I' },
      { paragraph: 3, depth: 2, label: 'Điều 1', text: 'Điều 1. Phạm vi điều chỉnh' },
      { paragraph: 5, depth: 1, label: 'Chương II', text: 'Chương II' },
      { paragraph: 5, depth: 2, label: 'Điều 2', text: 'Điều 2. Hiệu lực thi hành Nghị định có hiệu lực từ ngày ký.' },
    ]);
  });

  it('names a section by its label when its first paragraph does not open with it, and cuts long lines at a space', () => {
    const long = `I. ${'Tình hình thực hiện kế hoạch '.repeat(8)}`;
    const outline = documentOutline(source([[['I'], long], [['I', '1'], 'Một đoạn không mở bằng số 1']]));
    expect(outline[0].text.length).toBeLessThanOrEqual(OUTLINE_TEXT);
    expect(outline[0].text.endsWith('…')).toBe(true);
    expect(long.startsWith(outline[0].text.slice(0, -1))).toBe(true);
    // 'I' does not open 'Một…' nor does '1' open '10. …': labels match whole.
    expect(outline[1]).toEqual({ paragraph: 2, depth: 2, label: '1', text: '1' });
    expect(documentOutline(source([[['1'], '10. Mười']]))[0].text).toBe('1');
  });
});

describe('the engine outline', () => {
  let dir: string;
  let engine: SearchEngine;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'outline-test-'));
    mkdirSync(path.join(dir, 'in'));
    const articles = Array.from({ length: 12 }, (_, i) => `Điều ${i + 1}. Quy định thứ ${i + 1}\n\nNội dung của điều ${i + 1} được thi hành đầy đủ.`);
    writeFileSync(path.join(dir, 'in', 'luat.txt'), ['LUẬT MẪU', 'Chương I\n\nQUY ĐỊNH CHUNG', ...articles.slice(0, 6), 'Chương II\n\nĐIỀU KHOẢN THI HÀNH', ...articles.slice(6)].join('\n\n'));
    await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
    engine = SearchEngine.load(path.join(dir, 'idx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every Điều of a law with the paragraph it starts at, under its Chương', () => {
    const outline = engine.outline('luat.txt') ?? [];
    const articles = outline.filter((e) => e.label.startsWith('Điều'));
    expect(articles.map((e) => e.label)).toEqual(Array.from({ length: 12 }, (_, i) => `Điều ${i + 1}`));
    const paragraphs = engine.document('luat.txt')?.paragraphs ?? [];
    for (const e of articles) expect(paragraphs[e.paragraph - 1].text.startsWith(`${e.label}.`)).toBe(true);
    expect(outline.filter((e) => e.depth < articles[0].depth).map((e) => e.label)).toEqual(['Chương I', 'Chương II']);
  });

  it('knows no outline for an unknown document', () => {
    expect(engine.outline('nope.txt')).toBeUndefined();
  });
});

describe('documentOutline, when the text goes back to a section', () => {
  it('lists a section once when the text returns to it without a heading line, and again when a heading line repeats it', () => {
    const outline = documentOutline(
      source([
        [['I'], 'I. Kinh tế'],
        [['I', '1'], '1. Nông nghiệp'],
        [['I', '1', 'a)'], 'a) Trồng trọt'],
        [['I', '1'], 'Chăn nuôi ổn định.'],
        [['I', '2'], '2. Công nghiệp'],
        [['I', '1'], 'Một dòng lạc về mục 1.'],
        [['I', '2'], 'Sản xuất tăng.'],
        [['Phụ lục', 'A'], 'A. NHẬP CẢNH'],
        [['Phụ lục', 'B'], 'B. XUẤT CẢNH'],
        [['Phụ lục', 'A'], 'A. NHẬP CẢNH'],
      ]),
    );
    expect(outline.map((e) => `${e.paragraph} ${e.label}`)).toEqual(['1 I', '2 1', '3 a)', '5 2', '8 Phụ lục', '8 A', '9 B', '10 A']);
  });
});
