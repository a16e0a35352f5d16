// What the engine marks in a hit: each unit where the paragraph holds it whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';

let dir: string;
let engine: SearchEngine;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'match-ranges-test-'));
  mkdirSync(path.join(dir, 'in'));
  writeFileSync(
    path.join(dir, 'in', 'a.txt'),
    [
      'Các giải pháp đẩy nhanh tiến độ, trong đó có giải ngân vốn đầu tư công năm 2023 và vốn ngân sách.',
      'Tỉnh đã giải quyết việc làm; ngân sách tăng; giải ngân chậm.',
    ].join('\n\n'),
  );
  await buildIndex({ input: path.join(dir, 'in'), out: path.join(dir, 'idx') });
  engine = SearchEngine.load(path.join(dir, 'idx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const marked = (q: string, paragraph: number): string[] => {
  const hit = engine.search({ q, limit: 10 }).hits.find((h) => h.paragraph === paragraph);
  return [...(hit?.html ?? '').matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
};

describe('marks', () => {
  it('mark a quote found whole as one highlight, and nothing of its words elsewhere', () => {
    expect(marked('"giải ngân vốn đầu tư công"', 1)).toEqual(['giải ngân vốn đầu tư công']);
  });

  it('mark a word of two syllables where it stands whole, not its syllables inside other words', () => {
    expect(marked('giải ngân', 1)).toEqual(['giải ngân']);
    expect(marked('giải ngân', 2)).toEqual(['giải ngân']);
  });
});

describe('marks in a paragraph that is no match', () => {
  it('leave out the syllable of a word whose other syllables are missing', () => {
    expect(engine.highlight('giải ngân', 'Đón nhận giải thưởng Du lịch Cộng đồng ASEAN.')).toEqual([]);
    expect(engine.highlight('giải ngân', 'Tỷ lệ giải ngân đạt 45%.').length).toBe(1);
  });
});
