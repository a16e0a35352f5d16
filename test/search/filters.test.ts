// Filters and orders a reporter narrows a search with, on the seed reports (dated 2020-07-17,
// 2022-01-11, 2022-06 and 2023-03; one undated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import { QueryError } from '../../src/search/results.js';
import { dateSpan, inDateRange } from '../../src/search/date-range.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
let dir: string;
let engine: SearchEngine;
const dateOf = (doc: string) => engine.document(doc)?.document.date;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'filters-test-'));
  await buildIndex({ input: SEEDS, out: dir });
  engine = SearchEngine.load(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dateSpan and inDateRange', () => {
  it.each([
    ['2024-02', ['2024-02-01', '2024-02-29']],
    ['2023', ['2023-01-01', '2023-12-31']],
    ['2023-03-15', ['2023-03-15', '2023-03-15']],
    ['2023-13', undefined],
    ['23-03', undefined],
  ] as const)('spans %s as %j', (date, span) => {
    expect(dateSpan(date)).toEqual(span);
  });

  it('takes a date known to the month as in a range that meets that month', () => {
    expect(inDateRange('2022-06', '2022-06-15', undefined)).toBe(true);
    expect(inDateRange('2022-06', '2022-07', undefined)).toBe(false);
    expect(inDateRange('2022-06', undefined, '2022')).toBe(true);
  });
});

describe('filters and sorting', () => {
  it('keeps only documents dated in the range, and counts the matches of undated documents apart', () => {
    const all = engine.search({ q: 'tỉnh', limit: 1000 });
    const r = engine.search({ q: 'tỉnh', limit: 1000, filters: { from: '2022', to: '2022-12' } });
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits.every((h) => /^2022/.test(dateOf(h.doc) ?? ''))).toBe(true);
    const undated = engine.search({ q: 'tỉnh', limit: 1000, filters: { undated: true } });
    expect(undated.total).toBeGreaterThan(0);
    expect(undated.hits.every((h) => dateOf(h.doc) === undefined)).toBe(true);
    expect(r.undated).toBe(undated.total);
    const outside = engine.search({ q: 'tỉnh', limit: 1000, filters: { to: '2021' } }).total + engine.search({ q: 'tỉnh', limit: 1000, filters: { from: '2023' } }).total;
    expect(r.total + r.undated! + outside).toBe(all.total);
    expect(all.undated).toBeUndefined();
  });

  it('sorts full matches by date, newest or oldest first, undated last', () => {
    for (const sort of ['newest', 'oldest'] as const) {
      const r = engine.search({ q: 'tỉnh', limit: 1000, sort });
      expect(r.hits).toHaveLength(r.total + r.totalNear);
      const dates = r.hits.filter((h) => !h.partial).map((h) => dateOf(h.doc) ?? '');
      const dated = dates.filter((d) => d);
      expect(dated).toEqual([...dated].sort((a, b) => (sort === 'newest' ? b.localeCompare(a) : a.localeCompare(b))));
      expect(dates.slice(dated.length).every((d) => d === '')).toBe(true);
    }
    expect(() => engine.search({ q: 'tỉnh', sort: 'random' as 'newest' })).toThrow(QueryError);
  });

  it('applies the glossary to the issuing body, whose place may be written apart', () => {
    for (const body of ['UBND tỉnh Lai Châu', 'ubnd', 'tỉnh lai châu', 'Ủy ban nhân dân Lai Châu']) {
      const r = engine.search({ q: 'giải ngân', filters: { body } });
      expect(r.total, body).toBeGreaterThan(0);
      expect(new Set(r.hits.map((h) => h.doc)), body).toEqual(new Set(['004_893c76cd1ca6adb1.txt']));
    }
    expect(engine.search({ q: 'giải ngân', filters: { body: 'UBND tỉnh Điện Biên' } }).total).toBe(0);
  });
});
