// A few hits per document: one report must not fill the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import { QueryError } from '../../src/search/results.js';

let dir: string;
let engine: SearchEngine;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'grouping-test-'));
  mkdirSync(path.join(dir, 'in'));
  writeFileSync(path.join(dir, 'in', 'a.txt'), Array.from({ length: 5 }, (_, i) => `Tiến độ giải ngân vốn đầu tư công của huyện thứ ${i + 1} đạt kế hoạch năm.`).join('\n\n'));
  writeFileSync(path.join(dir, 'in', 'b.txt'), 'Kết quả giải ngân vốn của tỉnh trong quý I đạt cao.');
  await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
  engine = SearchEngine.load(path.join(dir, 'idx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('at most a few hits per document', () => {
  it('keeps the best hits of each document, says how many more it holds, and counts every match', () => {
    const r = engine.search({ q: 'giải ngân', perDocument: 2 });
    expect(r.total).toBe(6);
    expect(r.distinct).toEqual({ total: 3, near: 0 });
    const a = r.hits.filter((h) => h.doc === 'a.txt');
    expect(a).toHaveLength(2);
    expect(a.map((h) => h.moreInDocument)).toEqual([undefined, 3]);
    expect(r.hits.filter((h) => h.doc === 'b.txt').map((h) => h.moreInDocument)).toEqual([undefined]);
  });

  it('pages through the grouped list without repeats', () => {
    const pages = [0, 1, 2].map((offset) => engine.search({ q: 'giải ngân', perDocument: 2, limit: 1, offset }).hits.map((h) => h.id));
    expect(pages.flat()).toEqual(engine.search({ q: 'giải ngân', perDocument: 2 }).hits.map((h) => h.id));
    expect(new Set(pages.flat()).size).toBe(3);
  });

  it('refuses a bound below one', () => {
    expect(() => engine.search({ q: 'giải ngân', perDocument: 0 })).toThrow(QueryError);
  });
});
