// Every full match of a query, for exports: no window, no cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { MAX_WINDOW, SearchEngine } from '../../src/search/engine.js';

let dir: string;
let engine: SearchEngine;
// More matches than any search request may reach (MAX_WINDOW), in one document.
const MANY = MAX_WINDOW + 50;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'match-list-test-'));
  mkdirSync(path.join(dir, 'in'));
  writeFileSync(path.join(dir, 'in', 'a.txt'), ['Báo cáo tiến độ', ...Array.from({ length: MANY }, (_, i) => `Dự án thứ ${i + 1} đã giải ngân đủ vốn.`)].join('\n\n'));
  writeFileSync(path.join(dir, 'in', 'b.txt'), 'Kết quả giải ngân vốn của tỉnh trong quý I đạt cao.\n\nNăm 2023 chưa có số liệu.');
  await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
  engine = SearchEngine.load(path.join(dir, 'idx'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fullMatches', () => {
  it('lists every full match, past the window a search may reach, grouped by document in reading order', () => {
    const list = engine.fullMatches({ q: 'giải ngân' });
    expect(list.total).toBe(MANY + 1);
    expect(list.total).toBe(engine.search({ q: 'giải ngân', limit: 1 }).total);
    expect(list.documents.map((d) => [d.doc, d.ids.length])).toEqual([
      ['a.txt', MANY],
      ['b.txt', 1],
    ]);
    const numbers = engine.paragraphsAt(list.documents[0].ids).map((p) => p.paragraph.paragraph);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(new Set(numbers).size).toBe(MANY);
  });

  it('gives each paragraph with its document, and keeps to the filters', () => {
    const list = engine.fullMatches({ q: 'giải ngân', filters: { doc: 'b.txt' } });
    expect(list.total).toBe(1);
    const [placed] = engine.paragraphsAt(list.documents[0].ids);
    expect(placed.paragraph.text).toContain('Kết quả giải ngân vốn');
    expect(placed.document?.doc).toBe('b.txt');
  });
});
