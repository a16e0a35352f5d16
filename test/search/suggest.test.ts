import { describe, expect, it } from 'vitest';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { PhraseTable, type VocabularyList } from '../../src/index/phrase-table.js';
import { indexParagraphs } from '../../src/index/paragraph-indexer.js';
import { completes, suggestCompletions } from '../../src/search/suggest.js';
import { toneKey } from '../../src/text/tone.js';

// Each line is a paragraph; the counts are chosen so that frequency decides the order below.
const TEXTS = [
  'Tỷ lệ giải ngân vốn đầu tư công đạt 45%.',
  'Giải ngân vốn sự nghiệp còn chậm; giải ngân kế hoạch năm nay.',
  'Kết quả giải ngân của huyện. Giải pháp đẩy nhanh giải ngân.',
  'Nhóm giải pháp thứ hai.',
  'Giai đoạn 2021-2025 và giai đoạn 2026-2030; giai đoạn mới, giai đoạn cuối.',
  'Nghị quyết của Hội đồng nhân dân. Nghị quyết số 12. Nghị quyết số 13. Người dân, người lao động, người cao tuổi.',
  'Ủy ban nhân dân tỉnh. Ủy ban nhân dân huyện. Uỷ ban nhân dân xã. UỶ BAN NHÂN DÂN',
  'ủy ban nhân dân phường. Ủy ban nhân dân thị trấn.',
  'Ủy ban Thường vụ Quốc hội. Ủy ban Thường vụ. Ủy ban Thường vụ tỉnh. Ủy ban Thường vụ họp; Ủy ban Thường vụ mới.',
  'Huyện Mường Tè và huyện Mường Tè.',
  'Giá trị sản xuất; giá trị gia tăng.',
  'Công trình giao thông, tài liệu 31/2022/NĐ-CP.',
];
const paragraphs: ParagraphRecord[] = TEXTS.map((text, i) => ({ id: `t#p${i + 1}`, doc: 't', paragraph: i + 1, heading: [], text, start: 0, end: text.length, kind: 'body' }));
const store = { vocabulary: indexParagraphs(paragraphs).vocabulary };
const suggest = (q: string, limit = 8) => suggestCompletions(store, q, limit);

describe('suggestCompletions', () => {
  it.each([
    ['giai ng', 'giải ngân'],
    ['giải ng', 'giải ngân'],
    ['GIAI NG', 'giải ngân'],
    ['giai ngan', 'giải ngân'],
    ['giải ', 'giải ngân'],
    ['giai', 'giải ngân'],
    ['uy ban n', 'Ủy ban nhân dân'],
    ['mườ', 'Mường Tè'],
    ['muong t', 'Mường Tè'],
    ['gia tr', 'Giá trị'],
  ])('%j → first %j', (q, first) => {
    expect(suggest(q)[0]).toBe(first);
  });

  it('completes the earlier words in the corpus spelling instead of repeating them as typed', () => {
    const out = suggest('giai ng');
    expect(out.length).toBeGreaterThan(0);
    for (const s of out) expect(s.startsWith('giải ngân')).toBe(true);
  });

  it('respects diacritics typed on earlier words and on the word being typed', () => {
    expect(suggest('giải ')).not.toContain('giai đoạn');
    expect(suggest('giai ')).toContain('giai đoạn');
    expect(suggest('giả').every((s) => s.toLowerCase().startsWith('giả'))).toBe(true);
    expect(suggest('giả')).not.toContain('Giá trị');
    expect(suggest('giá')).toContain('Giá trị');
  });

  it('offers phrases from the corpus before single words, most frequent first', () => {
    const out = suggest('giai').map((s) => s.toLowerCase());
    expect(out.indexOf('giải ngân')).toBeLessThan(out.indexOf('giai đoạn'));
    expect(out.indexOf('giai đoạn')).toBeLessThan(out.indexOf('giải pháp'));
    expect(out.indexOf('giải pháp')).toBeGreaterThan(-1);
    const single = out.findIndex((s) => !s.includes(' '));
    expect(single === -1 || out.slice(0, single).length >= 2).toBe(true);
    expect(out.slice(single === -1 ? out.length : single).every((s) => !s.includes(' '))).toBe(true);
  });

  it('extends a phrase by the word that nearly always follows it', () => {
    expect(suggest('ủy ban')).toContain('Ủy ban nhân dân');
    expect(suggest('ủy ban')).not.toContain('Ủy ban nhân');
    expect(suggest('ủy ban t')[0]).toBe('Ủy ban Thường vụ');
  });

  it('never repeats a suggestion differing only in case or tone placement', () => {
    for (const q of ['uy', 'ủy ban', 'uỷ ban n', 'giai']) {
      const lower = suggest(q).map((s) => s.split(' ').map((w) => toneKey(w.toLowerCase())).join(' '));
      expect(new Set(lower).size).toBe(lower.length);
    }
  });

  it('leaves out phrases ending in a function word and pieces of document numbers', () => {
    expect(suggest('nghị quyết ')).toEqual(['Nghị quyết số']);
    expect(suggest('tài liệu ').some((s) => s.includes('/'))).toBe(false);
  });

  it('falls back to single words after words the corpus never writes before them', () => {
    expect(suggest('qqq ngh')).toEqual(['qqq Nghị', 'qqq nghiệp']);
  });

  it('answers nothing for nothing and keeps to the limit', () => {
    expect(suggest('')).toEqual([]);
    expect(suggest('  ,  ')).toEqual([]);
    expect(suggest('zzzz')).toEqual([]);
    expect(suggest('giai', 2)).toHaveLength(2);
    expect(suggest('giai', 0)).toEqual([]);
  });
});

describe('completes', () => {
  it.each([
    ['giải', 'giả', true],
    ['giảng', 'giả', true],
    ['giá', 'giả', false],
    ['giai', 'giả', false],
    ['giải', 'gi', true],
    ['đầu', 'đâ', true],
    ['dầu', 'đâ', false],
    ['hòa', 'hoà', true],
  ])('%s completes %s: %s', (corpus, typed, expected) => {
    expect(completes(toneKey(corpus), toneKey(typed))).toBe(expected);
  });
});

describe('PhraseTable', () => {
  // Keys k0000..k9999 with counts that peak in the middle, wide enough for the block top lists.
  const list: VocabularyList = Array.from({ length: 10_000 }, (_, i) => [`k${String(i).padStart(4, '0')}`, [[`K${i}`, 1 + ((i * 7919) % 1000)]]]);
  const table = new PhraseTable(list);
  const counts = (prefix: string, n: number) => [...take(table.withPrefix(prefix), n)].map((i) => table.countAt(i));

  it('finds keys by binary search', () => {
    expect(table.get('k0042')).toEqual([['K42', 1 + ((42 * 7919) % 1000)]]);
    expect(table.get('k00420')).toBeUndefined();
    expect(table.count('nope')).toBe(0);
  });

  it('lists a prefix most frequent first, exactly for a narrow range and from the top for a wide one', () => {
    const narrow = [...table.withPrefix('k004')];
    expect(narrow).toHaveLength(10);
    const wide = counts('k', 50);
    expect(wide).toEqual([...wide].sort((a, b) => b - a));
    expect(wide[0]).toBe(1000);
    expect(table.countAt(table.bestWithPrefix('k'))).toBe(1000);
    expect(table.countAt(table.bestWithPrefix('k1'))).toBe(Math.max(...list.slice(1000, 2000).map((e) => e[1][0][1])));
    expect(table.bestWithPrefix('x')).toBe(-1);
  });
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const x of it) {
    yield x;
    if (--n <= 0) return;
  }
}
