import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IdenticalTexts } from '../../src/index/identical-texts.js';
import { ParagraphTable } from '../../src/index/paragraph-table.js';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';

const table = (texts: string[]) =>
  ParagraphTable.from(texts.map((text, i): ParagraphRecord => ({ id: `a.txt#p${i + 1}`, doc: 'a.txt', paragraph: i + 1, heading: [], text, start: 0, end: text.length, kind: 'body' })));

describe('IdenticalTexts', () => {
  it('groups each paragraph with exactly the others of the same text, keyed by the first of them', () => {
    // Accents make the texts differ only in bytes beyond ASCII, where a decoding slip would show.
    const texts = fc.array(fc.constantFrom('Quỹ bảo hiểm', 'Quỹ bảo hiễm', 'QUỸ BẢO HIỂM', 'Hộ nghèo', ''), { maxLength: 30 });
    fc.assert(
      fc.property(texts, (list) => {
        const same = new IdenticalTexts(table(list));
        list.forEach((t, n) => {
          const expected = list.flatMap((u, m) => (u === t && m !== n ? [m] : []));
          expect(same.others(n)).toEqual(expected);
          expect(same.first(n)).toBe(list.indexOf(t));
        });
      }),
    );
  });
});

describe('a search that collapses identical texts', () => {
  let dir: string;
  let engine: SearchEngine;
  const sentence = 'Quỹ bảo hiểm thất nghiệp được dùng để chi trả trợ cấp thất nghiệp cho người lao động.';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'identical-test-'));
    mkdirSync(path.join(dir, 'in'));
    // The same table cell three times in one document, and the consolidated text repeating the sentence.
    const cell = 'Bảo hiểm thất nghiệp';
    writeFileSync(path.join(dir, 'in', 'a.txt'), [cell, 'Năm 2024', cell, 'Năm 2025', cell, sentence].join('\n\n'));
    writeFileSync(path.join(dir, 'in', 'b.txt'), ['Văn bản hợp nhất', sentence, 'Người sử dụng lao động đóng bảo hiểm thất nghiệp cho người lao động hằng tháng.'].join('\n\n'));
    await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
    engine = SearchEngine.load(path.join(dir, 'idx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows each text once, says where else it is, and still counts every paragraph', () => {
    const r = engine.search({ q: 'bảo hiểm thất nghiệp', collapse: true });
    expect(r.total).toBe(6);
    expect(r.distinct).toEqual({ total: 3, near: 0 });
    expect(r.hits.map((h) => h.text).sort()).toEqual(['Bảo hiểm thất nghiệp', 'Người sử dụng lao động đóng bảo hiểm thất nghiệp cho người lao động hằng tháng.', sentence]);
    const first = r.hits.find((h) => h.text === sentence)!;
    const cell = r.hits.find((h) => h.text === 'Bảo hiểm thất nghiệp')!;
    expect(first.elsewhereTotal).toBe(1);
    expect(first.elsewhere?.map((o) => [o.doc, o.paragraph])).toEqual([first.doc === 'a.txt' ? ['b.txt', 2] : ['a.txt', 6]]);
    expect(cell.elsewhere?.map((o) => o.paragraph)).toEqual([3, 5]);
    expect(cell.elsewhere?.[0].url).toMatch(/^\/doc\/a\.txt\?q=.*#p3$/);
  });

  it('pages through distinct texts, none twice', () => {
    const pages = [0, 1, 2, 3].map((offset) => engine.search({ q: 'bảo hiểm thất nghiệp', collapse: true, limit: 1, offset }).hits.map((h) => h.text));
    expect(pages.flat()).toEqual(engine.search({ q: 'bảo hiểm thất nghiệp', collapse: true }).hits.map((h) => h.text));
    expect(pages[3]).toEqual([]);
  });

  it('lists every paragraph when not asked to collapse', () => {
    const r = engine.search({ q: 'bảo hiểm thất nghiệp', limit: 50 });
    expect(r.hits).toHaveLength(6);
    expect(r.hits.some((h) => h.elsewhere)).toBe(false);
    expect(r.distinct).toBeUndefined();
  });
});
