import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { BUILD_STEPS, fileShare, type BuildProgress, type FileReading } from '../../src/index/build-progress.js';

let dir: string;
let input: string;
const RECORDS = 300;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'build-progress-'));
  input = path.join(dir, 'in');
  const lines = Array.from({ length: RECORDS }, (_, i) =>
    JSON.stringify({ id: `r${i}`, title: `Báo cáo số ${i}`, text: `BÁO CÁO\n\nTình hình giải ngân vốn đầu tư công đợt ${i} tại huyện Mường Tè, tỉnh Lai Châu.\n\nKết quả thực hiện kế hoạch năm ${2000 + (i % 25)}.` }),
  );
  mkdirSync(input);
  writeFileSync(path.join(input, 'big.jsonl'), lines.join('\n') + '\n');
  writeFileSync(path.join(input, 'small.txt'), 'BÁO CÁO\n\nTỷ lệ giải ngân đạt 45%.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function watch(out: string, workers: boolean): Promise<BuildProgress[]> {
  const events: BuildProgress[] = [];
  await buildIndex({ input, out, workers, onProgress: (e) => events.push(e) });
  return events;
}

describe.each([true, false])('the progress of a build (worker threads: %s)', (workers) => {
  let events: BuildProgress[];
  beforeAll(async () => {
    events = await watch(path.join(dir, `out-${workers}`), workers);
  });

  it('starts with the files and the bytes there are to read', () => {
    const size = (f: string) => statSync(path.join(input, f)).size;
    expect(events[0]).toEqual({ kind: 'start', files: 2, bytes: size('big.jsonl') + size('small.txt') });
  });

  it('moves through one large JSONL in many steps of bytes and documents before the file is done', () => {
    const reading = events.filter((e): e is FileReading => e.kind === 'reading' && e.file === 'big.jsonl');
    const done = events.findIndex((e) => e.kind === 'file' && e.file === 'big.jsonl');
    expect(reading.length).toBeGreaterThan(20);
    expect(events.slice(done).some((e) => e.kind === 'reading' && e.file === 'big.jsonl')).toBe(false);
    const bytes = reading.map((e) => e.bytes);
    expect(bytes.every((b, i) => i === 0 || b >= bytes[i - 1])).toBe(true);
    expect(bytes.at(-1)).toBeLessThanOrEqual(statSync(path.join(input, 'big.jsonl')).size);
    expect(reading.some((e) => e.documents > RECORDS / 3 && e.documents < (RECORDS * 2) / 3)).toBe(true);
    expect(reading.at(-1)).toMatchObject({ documents: RECORDS });
  });

  it('says when each file is in, with its bytes, documents and paragraphs', () => {
    const files = events.filter((e) => e.kind === 'file');
    expect(files.map((e) => [e.file, e.done, e.total, e.documents, e.reused])).toEqual([
      ['big.jsonl', 1, 2, RECORDS, false],
      ['small.txt', 2, 2, 1, false],
    ]);
  });

  it('ends with each build step once, after the last file', () => {
    const steps = events.slice(events.map((e) => e.kind).lastIndexOf('file') + 1);
    expect(steps.every((e) => e.kind === 'step')).toBe(true);
    expect(steps.map((e) => (e.kind === 'step' ? e.step : '')).sort()).toEqual([...BUILD_STEPS].sort());
    expect(steps.map((e) => (e.kind === 'step' ? e.done : 0))).toEqual([1, 2, 3, 4]);
    expect(steps.at(-1)).toMatchObject({ step: 'write' });
  });
});

describe('a build watched or not', () => {
  it('writes the same index', async () => {
    const watched = await buildIndex({ input, out: path.join(dir, 'watched'), onProgress: () => {} });
    const plain = await buildIndex({ input, out: path.join(dir, 'plain') });
    const sums = (m: typeof watched.manifest) => Object.entries(m.files).map(([kind, file]) => [kind, m.checksums[file]]);
    expect(sums(watched.manifest)).toEqual(sums(plain.manifest));
  });

  it('counts only the changed files as bytes to read when rebuilding, and the others as reused', async () => {
    const out = path.join(dir, 'again');
    await buildIndex({ input, out });
    writeFileSync(path.join(input, 'small.txt'), 'BÁO CÁO\n\nTỷ lệ giải ngân đạt 47%.\n');
    const events = await watch(out, true);
    expect(events[0]).toEqual({ kind: 'start', files: 2, bytes: statSync(path.join(input, 'small.txt')).size });
    expect(events.filter((e) => e.kind === 'file').map((e) => [e.file, e.reused])).toEqual([
      ['big.jsonl', true],
      ['small.txt', false],
    ]);
  });
});

describe('fileShare', () => {
  it('maps each pass into its share of the file and reports at most once per step', () => {
    const shares: number[] = [];
    const report = fileShare((share) => shares.push(share), 0.1);
    const counts = { documents: 1, paragraphs: 1 };
    for (let i = 1; i <= 100; i++) report('clean', i / 100, counts);
    report('tokenize', 1, counts);
    report('entities', 1, counts);
    report('index', 1, counts);
    expect(shares.length).toBeLessThanOrEqual(10);
    expect(shares.at(-1)).toBe(1);
    expect(shares.every((s, i) => i === 0 || s > shares[i - 1])).toBe(true);
  });
});
