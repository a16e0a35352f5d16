// What one query may cost: repeated words, deep pages, common words and deadlines are bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { MAX_WINDOW, SearchEngine } from '../../src/search/engine.js';
import { QueryError, SearchTimeoutError } from '../../src/search/results.js';

let dir: string;
let index: string;
// 600 paragraphs that all name 'của', so that the engine's loops run long enough to check the clock.
const PARAGRAPHS = Array.from({ length: 600 }, (_, i) => `Kết quả giải ngân của huyện số ${i + 1} trong năm ${2000 + (i % 25)} đạt ${i % 97} phần trăm kế hoạch.`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'budget-test-'));
  mkdirSync(path.join(dir, 'in'));
  writeFileSync(path.join(dir, 'in', 'a.txt'), PARAGRAPHS.slice(0, 300).join('\n\n'));
  writeFileSync(path.join(dir, 'in', 'b.txt'), PARAGRAPHS.slice(300).join('\n\n'));
  index = path.join(dir, 'idx');
  await buildIndex({ input: path.join(dir, 'in'), out: index });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the work one query may cost', () => {
  it('counts a word typed again once: the plan and the answer are those of the word typed once', () => {
    const engine = SearchEngine.load(index);
    for (const word of ['giải ngân', '"giải ngân"']) {
      const once = engine.search({ q: word });
      const again = engine.search({ q: Array(80).fill(word).join(' ') });
      expect(again.units).toEqual(once.units);
      expect(again.total).toBe(once.total);
      expect(again.hits.map((h) => h.id)).toEqual(once.hits.map((h) => h.id));
    }
  });

  it('refuses a page past the window with a message in Vietnamese, and serves the last page inside it', () => {
    const engine = SearchEngine.load(index);
    expect(() => engine.search({ q: 'của', offset: MAX_WINDOW - 10, limit: 20 })).toThrow(QueryError);
    expect(() => engine.search({ q: 'của', offset: MAX_WINDOW - 10, limit: 20 })).toThrow(/Chỉ xem được/);
    expect(engine.search({ q: 'của', offset: MAX_WINDOW - 20, limit: 20 }).hits).toEqual([]);
  });

  it('ranks only the best candidates in full past its bound, says so, and still counts every match', () => {
    const engine = SearchEngine.load(index, { maxRanked: 50 });
    const r = engine.search({ q: 'của', limit: 100 });
    expect(r.total).toBe(600);
    expect(r.truncated).toBe(true);
    expect(r.notice).toMatch(/số đếm vẫn chính xác/);
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.every((h) => !h.partial && h.text.includes('của'))).toBe(true);
    expect(SearchEngine.load(index).search({ q: 'của' }).truncated).toBeUndefined();
  });

  it('stops a search that runs past its deadline, and serves the next one', () => {
    let now = 0;
    const engine = SearchEngine.load(index, { clock: () => now });
    expect(() => engine.search({ q: 'của', deadline: -1 })).toThrow(SearchTimeoutError);
    // The clock passes the deadline once the search has started: the loops notice.
    let calls = 0;
    const ticking = SearchEngine.load(index, { clock: () => (calls++ === 0 ? 0 : 1000) });
    expect(() => ticking.search({ q: 'của giải ngân', deadline: 10 })).toThrow(/quá nhiều thời gian/);
    expect(ticking.search({ q: 'của giải ngân' }).total).toBe(600);
    now = 0;
    expect(engine.search({ q: 'của', deadline: 1 }).total).toBe(600);
  });
});
