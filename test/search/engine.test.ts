import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import { QueryError } from '../../src/search/results.js';

// A small corpus written for these tests: each paragraph pins one rule of the ranking.
const DOCS: Record<string, string> = {
  'a.txt': [
    'Báo cáo tình hình giải ngân vốn đầu tư công',
    'Tỷ lệ giải ngân vốn đầu tư công đạt 45% kế hoạch.',
    'Ngân sách đã giải quyết các khoản chi, trong đó có ngân hàng.',
    'Đồng chí Trần Tiến Dũng, Chủ tịch UBND tỉnh, chủ trì hội nghị.',
    'Việc sử dụng đất và ứng dụng công nghệ được Trần Tiến đề xuất, ông Dũng đồng ý.',
    'Diện tích chè kinh doanh đạt 6.927 ha.',
    'Tỷ lệ che phủ rừng đạt 52,3%.',
    'Thực hiện Nghị định số 31/2022/NĐ-CP của Chính phủ, tổng thu đạt 5.816.600 triệu đồng.',
    'Ủy ban nhân dân tỉnh ban hành kế hoạch số 226/KH-UBND.',
    'Tình hình Hoà Bình và huyện Mường Tè ổn định.',
  ].join('\n\n'),
  'c.txt': ['Tiêm vắc xin phòng bệnh mũi 4.', 'Tiến độ tiêm vắc-xin đạt 92%.', 'Tiêm vaccine cho trẻ em.'].join('\n\n'),
  'b.txt': ['Thông báo về Hòa Bình', 'Huyện Muong Te tổ chức hội nghị về dien bien dịch bệnh.', 'Tình hình diễn biến dịch bệnh tại Điện Biên.'].join('\n\n'),
};

let dir: string;
let engine: SearchEngine;
const texts = (q: string, limit = 50) => engine.search({ q, limit }).hits.map((h) => h.text);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'engine-test-'));
  mkdirSync(path.join(dir, 'in'));
  for (const [f, t] of Object.entries(DOCS)) writeFileSync(path.join(dir, 'in', f), t);
  await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
  engine = SearchEngine.load(path.join(dir, 'idx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SearchEngine', () => {
  it('finds a whole number typed in another format, as a full match', () => {
    for (const q of ['6927 ha', '6,927 ha', '5816600 triệu đồng']) {
      const r = engine.search({ q });
      expect(r.total, q).toBe(1);
      expect(r.units[0].kind).toBe('number');
    }
    expect(engine.search({ q: '6927 ha' }).hits[0].snippet).toMatch(/<mark>6\.927( ha)?<\/mark>/);
  });

  it('takes a word of several syllables as one unit: its syllables scattered are no match at all', () => {
    const r = engine.search({ q: 'giải ngân', limit: 50 });
    expect(r.total).toBe(2);
    expect(r.units).toEqual([{ text: 'giải ngân', kind: 'word' }]);
    expect(r.hits.map((h) => h.text)).not.toContain('Ngân sách đã giải quyết các khoản chi, trong đó có ngân hàng.');
  });

  it('counts a name only where it stands whole, and puts folded look-alikes in a near group outside the count', () => {
    const dung = engine.search({ q: 'Trần Tiến Dũng', limit: 50 });
    expect(dung.total).toBe(1);
    expect(dung.hits.filter((h) => !h.partial).map((h) => h.text)).toEqual(['Đồng chí Trần Tiến Dũng, Chủ tịch UBND tỉnh, chủ trì hội nghị.']);
    for (const q of ['Điện Biên', '"Điện Biên"']) {
      const r = engine.search({ q, limit: 50 });
      expect(r.total).toBe(1);
      expect(r.hits[0].text).toBe('Tình hình diễn biến dịch bệnh tại Điện Biên.');
      expect(r.totalNear).toBe(1);
      const near = r.hits.filter((h) => h.near);
      expect(near.map((h) => h.text)).toEqual(['Huyện Muong Te tổ chức hội nghị về dien bien dịch bệnh.']);
      expect(near.every((h) => h.partial)).toBe(true);
    }
    const che = engine.search({ q: 'chè', limit: 50 });
    expect(che.total).toBe(1);
    expect(che.hits[0].text).toContain('chè');
    expect(che.hits.slice(1).every((h) => h.near && h.partial)).toBe(true);
  });

  it('counts a query without diacritics in every spelling', () => {
    expect(engine.search({ q: 'dien bien' }).total).toBe(2);
    expect(engine.search({ q: 'che' }).total).toBe(2);
  });

  it('finds accented text from a query typed without diacritics', () => {
    expect(texts('giai ngan').slice(0, 2).every((t) => t.includes('giải ngân'))).toBe(true);
    expect(texts('muong te').filter((t) => /Mường Tè|Muong Te/.test(t)).length).toBe(2);
  });

  it('ranks exact diacritics above matches that agree only once folded', () => {
    expect(texts('chè')[0]).toContain('chè');
    const dung = texts('Trần Tiến Dũng');
    expect(dung[0]).toContain('Trần Tiến Dũng');
    expect(dung.slice(1).every((t) => !t.includes('Trần Tiến Dũng'))).toBe(true);
    expect(texts('Điện Biên')[0]).toContain('Điện Biên');
  });

  it('counts only full matches in total and marks the rest partial, after every full match', () => {
    const r = engine.search({ q: 'tỷ lệ giải ngân', limit: 50 });
    expect(r.total).toBe(1);
    const flags = r.hits.map((h) => h.partial);
    expect(flags[0]).toBe(false);
    expect(flags.slice(1).every(Boolean)).toBe(true);
    expect(flags.length).toBeGreaterThan(1);
  });

  it('leaves partial matches out when asked (the every-mention view)', () => {
    expect(engine.search({ q: 'tỷ lệ giải ngân', limit: 50, partial: false }).hits.every((h) => !h.partial)).toBe(true);
  });

  it('treats tone placement variants as one word', () => {
    expect(texts('Hòa Bình').filter((t) => /Hoà Bình|Hòa Bình/.test(t)).length).toBe(2);
    expect(engine.search({ q: 'Hoà Bình' }).total).toBe(2);
  });

  it('finds a document number typed whole, folded, or as its first parts', () => {
    const target = 'Thực hiện Nghị định số 31/2022/NĐ-CP của Chính phủ, tổng thu đạt 5.816.600 triệu đồng.';
    expect(texts('31/2022/NĐ-CP')[0]).toBe(target);
    expect(texts('31/2022/ND-CP')[0]).toBe(target);
    expect(texts('Nghị định 31/2022')[0]).toBe(target);
    expect(texts('5.816.600')[0]).toBe(target);
  });

  it('expands glossary abbreviations both ways, the typed form first', () => {
    const ubnd = texts('UBND');
    expect(ubnd[0]).toContain('UBND');
    expect(ubnd.some((t) => t.includes('Ủy ban nhân dân'))).toBe(true);
    const full = texts('Ủy ban nhân dân');
    expect(full[0]).toContain('Ủy ban nhân dân');
    expect(full.some((t) => t.includes('UBND'))).toBe(true);
  });

  it('treats vaccine, vắc xin and vắc-xin as one word, the typed spelling first', () => {
    for (const [q, first] of [['vắc xin', 'Tiêm vắc xin phòng bệnh mũi 4.'], ['vắc-xin', 'Tiến độ tiêm vắc-xin đạt 92%.'], ['vaccine', 'Tiêm vaccine cho trẻ em.']]) {
      const hits = engine.search({ q }).hits.filter((h) => !h.partial).map((h) => h.text);
      expect(hits[0]).toBe(first);
      expect(hits).toHaveLength(3);
    }
  });

  it('keeps a quoted phrase whole and drops excluded words', () => {
    expect(texts('"vốn đầu tư"').every((t) => t.includes('vốn đầu tư'))).toBe(true);
    const kept = engine.search({ q: 'giải ngân -"tỷ lệ"' }).hits.filter((h) => !h.partial).map((h) => h.text);
    expect(kept).toContain('Báo cáo tình hình giải ngân vốn đầu tư công');
    expect(kept.some((t) => t.includes('Tỷ lệ'))).toBe(false);
  });

  it('applies an excluded word with diacritics to full and partial hits alike, as typed', () => {
    const hits = engine.search({ q: 'tỷ lệ diện tích -chè', limit: 50 }).hits.map((h) => h.text);
    expect(hits.some((t) => t.includes('chè'))).toBe(false);
    expect(hits).toContain('Tỷ lệ che phủ rừng đạt 52,3%.');
  });

  it('highlights matches in the original accented text and escapes the rest', () => {
    const hit = engine.search({ q: 'giai ngan' }).hits[0];
    expect(hit.snippet).toContain('<mark>giải ngân</mark>');
    expect(hit.html).not.toMatch(/<(?!\/?mark>)/);
  });

  it('gives a citation with the paragraph number and a permalink', () => {
    const hit = engine.search({ q: '226/KH-UBND' }).hits[0];
    expect(hit.citation).toContain(`đoạn ${hit.paragraph}`);
    expect(hit.citation).toContain(`/doc/a.txt#p${hit.paragraph}`);
    expect(hit.url).toBe(`/doc/a.txt?q=226%2FKH-UBND#p${hit.paragraph}`);
  });

  it('returns nothing, and suggests a spelling from the corpus, for an unknown word', () => {
    const r = engine.search({ q: 'qwxzyk' });
    expect(r.total).toBe(0);
    expect(r.hits).toEqual([]);
    const typo = engine.search({ q: 'giải ngâm' });
    expect(typo.total).toBe(0);
    expect(typo.didYouMean).toBeDefined();
  });

  it('pages through results without overlap', () => {
    const all = engine.search({ q: 'tỉnh', limit: 100 }).hits.map((h) => h.id);
    const first = engine.search({ q: 'tỉnh', limit: 1, offset: 0 }).hits.map((h) => h.id);
    const second = engine.search({ q: 'tỉnh', limit: 1, offset: 1 }).hits.map((h) => h.id);
    expect([...first, ...second]).toEqual(all.slice(0, 2));
  });

  it('rejects requests a person must fix with a QueryError', () => {
    expect(() => engine.search({ q: '' })).toThrow(QueryError);
    expect(() => engine.search({ q: 'x', limit: 0 })).toThrow(QueryError);
    expect(() => engine.search({ q: 'x', limit: 1001 })).toThrow(QueryError);
    expect(() => engine.search({ q: 'x', offset: -1 })).toThrow(QueryError);
    expect(() => engine.search({ q: '-chỉ -loại' })).toThrow(QueryError);
  });

  it('lets a natural-language question find its paragraph although it has words the paragraph lacks', () => {
    expect(texts('tỷ lệ che phủ rừng là bao nhiêu')[0]).toBe('Tỷ lệ che phủ rừng đạt 52,3%.');
  });

  it('counts full matches per document for the all-mentions view', () => {
    const r = engine.search({ q: 'dịch bệnh' });
    expect(r.perDocument).toEqual([{ doc: 'b.txt', title: expect.any(String), count: 2 }]);
  });
});
