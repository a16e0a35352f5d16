import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isFragment } from '../../src/search/fragment.js';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';

const words = (t: string) => t.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;

describe('isFragment', () => {
  it.each([
    ['body', 'Quỹ bảo hiểm thất nghiệp', true],
    ['body', '- Thu bảo hiểm thất nghiệp', true],
    ['body', 'DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO SAU KHI RÀ SOÁT TẠI CÁC XÃ', true],
    ['heading', 'Điều 8. Mức hưởng trợ cấp thất nghiệp', true],
    ['form', 'Mức trợ cấp thất nghiệp hằng tháng:........ đồng, tính từ ngày........ đến ngày........ theo quyết định của cơ quan có thẩm quyền', true],
  ] as const)('takes a %s "%s" for a fragment', (kind, text, expected) => {
    expect(isFragment(kind, words(text), () => text)).toBe(expected);
  });

  it.each([
    ['body', 'Bãi bỏ Điều 5.'],
    ['body', '2. Cấm các hành vi sau đây:'],
    ['body', 'c) Thu, chi bảo hiểm thất nghiệp;'],
    ['body', 'Số người được hưởng bảo hiểm thất nghiệp là số người đã tham gia đóng bảo hiểm thất nghiệp'],
  ] as const)('takes a %s "%s" for a paragraph that says something', (kind, text) => {
    expect(isFragment(kind, words(text), () => text)).toBe(false);
  });
});

describe('ranking fragments', () => {
  let dir: string;
  let engine: SearchEngine;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fragment-test-'));
    mkdirSync(path.join(dir, 'in'));
    // The short cell and the form line score higher on BM25 than the sentence, being shorter.
    writeFileSync(
      path.join(dir, 'in', 'a.txt'),
      ['Trợ cấp thất nghiệp', 'Mức trợ cấp thất nghiệp hằng tháng:.................... đồng', 'Người lao động đóng đủ mười hai tháng thì được hưởng trợ cấp thất nghiệp theo quy định của Luật Việc làm.'].join('\n\n'),
    );
    await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
    engine = SearchEngine.load(path.join(dir, 'idx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the paragraph that says something before table cells and blank-form lines, and still counts all three', () => {
    const r = engine.search({ q: 'trợ cấp thất nghiệp' });
    expect(r.total).toBe(3);
    expect(r.hits[0].text).toMatch(/^Người lao động đóng đủ/);
    expect(r.hits.map((h) => h.partial)).toEqual([false, false, false]);
  });

  it('stores a blank-form line with its own kind', () => {
    const kinds = engine.document('a.txt')?.paragraphs.map((p) => p.kind);
    expect(kinds).toEqual(['body', 'form', 'body']);
  });
});
