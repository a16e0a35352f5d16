import { describe, expect, it } from 'vitest';
import { buildingBar, formatDuration, Progress, readingBar, readingLine, stepLine, type ReadingState } from '../src/progress.js';

const MB = 1024 * 1024;

const state = (over: Partial<ReadingState> = {}): ReadingState => ({
  filesDone: 1,
  files: 2,
  bytesDone: 10 * MB,
  bytes: 40 * MB,
  documents: 120,
  paragraphs: 12345,
  problems: 0,
  rate: 2 * MB,
  leftMs: 15_000,
  ...over,
});

describe('status lines', () => {
  it('show the share of bytes done, then bytes, files, documents, paragraphs, pace and time left', () => {
    expect(readingBar(state(), 200)).toBe('[#####---------------] 25% · 10.0/40.0 MB · 1/2 tệp · 120 văn bản · 12,345 đoạn · 2.0 MB/s · còn khoảng 0:15');
    expect(readingLine(state({ problems: 2 }))).toBe('đã đọc 25%: 10.0/40.0 MB, 1/2 tệp, 120 văn bản, 12,345 đoạn, 2.0 MB/s, còn khoảng 0:15, 2 lỗi');
  });

  it('drop the least telling figures first to fit a narrow terminal, keeping bytes and time left', () => {
    const line = readingBar(state(), 60);
    expect(line.length).toBeLessThan(60);
    expect(line).toBe('[#####---------------] 25% · 10.0/40.0 MB · còn khoảng 0:15');
  });

  it('show the build steps that ended and the time since the last file', () => {
    expect(buildingBar({ ended: ['table', 'postings'], elapsedMs: 3200 })).toBe('Đang dựng chỉ mục [####----] 2/4 bước · xong: bảng đoạn văn, chỉ mục từ · 0:03');
    expect(stepLine({ ended: ['table'], elapsedMs: 800 })).toBe('dựng chỉ mục: xong bảng đoạn văn (1/4 bước, 0:01)');
  });

  it('count the steps of a run that has fewer (a load into PostgreSQL folds its vocabulary only)', () => {
    expect(buildingBar({ ended: [], elapsedMs: 5000, steps: 1 })).toBe('Đang dựng chỉ mục [--] 0/1 bước · 0:05');
    expect(stepLine({ ended: ['vocabulary'], elapsedMs: 14_000, steps: 1 })).toBe('dựng chỉ mục: xong từ vựng (1/1 bước, 0:14)');
  });

  it.each([
    [42_000, '0:42'],
    [725_000, '12:05'],
    [3_729_000, '1:02:09'],
  ])('write %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

// A stream and a clock of our own: what was written, and time that passes only when told.
const fake = (isTTY: boolean, columns: number | undefined = 120) => {
  const written: string[] = [];
  let t = 0;
  return { stream: { isTTY, columns, write: (s: string) => written.push(s) }, written, tick: (ms: number) => (t += ms), now: () => t };
};

// One large JSONL read at a steady 1 MB/s for 40 s, reported every 100 ms, then its build steps.
function oneLargeFile(progress: Progress, tick: (ms: number) => void): void {
  progress.update({ kind: 'start', files: 1, bytes: 40 * MB });
  for (let ms = 100; ms <= 40_000; ms += 100) {
    tick(100);
    progress.update({ kind: 'reading', file: 'big.jsonl', bytes: (ms / 1000) * MB, documents: ms / 100, paragraphs: ms });
  }
  progress.update({ kind: 'file', file: 'big.jsonl', done: 1, total: 1, bytes: 40 * MB, documents: 400, paragraphs: 40_000, reused: false });
  for (const step of ['table', 'postings', 'vocabulary', 'write'] as const) {
    tick(500);
    progress.update({ kind: 'step', step, done: 1, total: 4 });
  }
}

describe('Progress', () => {
  it('moves the bar within one large file, as its bytes are read', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0 });
    oneLargeFile(progress, tick);
    progress.finish();
    const shares = written.map((w) => /\] (\d+)%/.exec(w)?.[1]).filter(Boolean).map(Number);
    expect(shares.length).toBeGreaterThan(300);
    expect(new Set(shares).size).toBeGreaterThan(90);
    expect(shares.every((s, i) => i === 0 || s >= shares[i - 1])).toBe(true);
  });

  it('gives a time left that settles on the truth at a steady pace', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0 });
    oneLargeFile(progress, tick);
    // At 20 s of a steady 1 MB/s, 20 s are left.
    const at20 = written.find((w) => w.includes('20.0/40.0 MB'));
    expect(at20).toContain('còn khoảng 0:20');
  });

  it('never promises a second left for long when the pace drops near the end', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0 });
    progress.update({ kind: 'start', files: 1, bytes: 40 * MB });
    // 39 MB in 13 s, then the last MB takes 20 s.
    for (let ms = 100; ms <= 13_000; ms += 100) {
      tick(100);
      progress.update({ kind: 'reading', file: 'big.jsonl', bytes: Math.round((ms / 13_000) * 39 * MB), documents: 1, paragraphs: 1 });
    }
    const slowFrom = written.length;
    for (let ms = 100; ms <= 15_000; ms += 100) {
      tick(100);
      progress.update({ kind: 'reading', file: 'big.jsonl', bytes: 39 * MB + Math.round((ms / 20_000) * MB), documents: 1, paragraphs: 1 });
    }
    // While at least 5 s are truly left, at most 3 s of draws (one every 100 ms) say under two.
    const wrong = written.slice(slowFrom).filter((w) => /còn khoảng 0:0[01]/.test(w)).length;
    expect(wrong).toBeLessThanOrEqual(30);
    // By then the estimate has caught up with the slow pace: a quarter MB at 0.05 MB/s is 5 s.
    expect(written.at(-1)).toMatch(/còn khoảng 0:0[4-6]/);
  });

  it('holds the time left through a stall instead of leaping to hours, and starts the clock at the first 1% of the bytes', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0, redrawEveryMs: 0 });
    progress.update({ kind: 'start', files: 2, bytes: 40 * MB });
    // A small file first, then 5 s of parsing the large one with no news: no pace to speak of yet.
    progress.update({ kind: 'file', file: 'a.md', done: 1, total: 2, bytes: 4096, documents: 1, paragraphs: 3, reused: false });
    tick(5000);
    progress.update({ kind: 'reading', file: 'big.jsonl', bytes: 0.4 * MB, documents: 1, paragraphs: 1 });
    expect(written.at(-1)).not.toContain('còn khoảng');
    let bytes = 0.4 * MB;
    const read = (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        tick(100);
        progress.update({ kind: 'reading', file: 'big.jsonl', bytes: (bytes += 0.1 * MB), documents: 1, paragraphs: 1 });
      }
    };
    read(10_000);
    expect(written.at(-1)).toMatch(/còn khoảng 0:(2\d|30)/);
    // Ten seconds without news (the timer redraws meanwhile).
    for (let i = 0; i < 20; i++) {
      tick(500);
      progress.update({ kind: 'reading', file: 'big.jsonl', bytes, documents: 1, paragraphs: 1 });
    }
    const during = written.slice(-20).map((w) => w.match(/còn khoảng ([\d:]+)/)?.[1]);
    // It may grow as the pace of the last seconds falls, but stays in minutes, then holds.
    expect(during.every((left) => left !== undefined && left.length <= 4)).toBe(true);
    expect(during.at(-1)).toBe(during[10]);
  });

  it('shows the build phase with its own bar after the last file, then leaves both lines on screen', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0 });
    oneLargeFile(progress, tick);
    progress.finish();
    const text = written.join('');
    expect(text).toContain('[####################] 100% · 40.0/40.0 MB · 1/1 tệp · 400 văn bản · 40,000 đoạn');
    expect(text).toMatch(/Đang dựng chỉ mục \[##------\] 1\/4 bước · xong: bảng đoạn văn/);
    expect(written.at(-2)).toContain('4/4 bước');
    expect(written.at(-1)).toBe('\n');
  });

  it('counts the last file in the figures that stay on screen', () => {
    const { stream, written, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0 });
    progress.update({ kind: 'start', files: 2, bytes: 2 * MB });
    progress.update({ kind: 'file', file: 'a.txt', done: 1, total: 2, bytes: MB, documents: 1, paragraphs: 10, reused: false });
    progress.update({ kind: 'file', file: 'b.txt', done: 2, total: 2, bytes: MB, documents: 1, paragraphs: 20, reused: false });
    expect(written.join('')).toContain('100% · 2.0/2.0 MB · 2/2 tệp · 2 văn bản · 30 đoạn');
  });

  it('counts reused files as files but not as bytes read', () => {
    const { stream, written, now } = fake(true);
    const progress = new Progress(stream, { now, tickEveryMs: 0, redrawEveryMs: 0 });
    progress.update({ kind: 'start', files: 2, bytes: 1 * MB });
    progress.update({ kind: 'file', file: 'a.txt', done: 1, total: 2, bytes: 5 * MB, documents: 1, paragraphs: 3, reused: true });
    expect(written.at(-1)).toContain('0% · 0.0/1.0 MB · 1/2 tệp · 1 văn bản · 3 đoạn');
  });

  it('writes plain lines every 2 s, the reading total and each build step when stderr is not a terminal', () => {
    const { stream, written, tick, now } = fake(false);
    const progress = new Progress(stream, { now });
    oneLargeFile(progress, tick);
    progress.finish();
    expect(written.join('')).not.toContain('\r');
    // Every 2 s of the 40, then the total once the file is in.
    expect(written.filter((w) => w.startsWith('đã đọc ')).length).toBe(21);
    expect(written.slice(-6)).toEqual([
      'đã đọc 100%: 40.0/40.0 MB, 1/1 tệp, 400 văn bản, 40,000 đoạn, 1.0 MB/s\n',
      'đang dựng chỉ mục…\n',
      'dựng chỉ mục: xong bảng đoạn văn (1/4 bước, 0:01)\n',
      'dựng chỉ mục: xong chỉ mục từ (2/4 bước, 0:01)\n',
      'dựng chỉ mục: xong từ vựng (3/4 bước, 0:02)\n',
      'dựng chỉ mục: xong ghi ra đĩa (4/4 bước, 0:02)\n',
    ]);
  });

  it.each([0, 20, undefined])('writes plain lines on a terminal %s columns wide, never a bar cut to nothing', (columns) => {
    const { written, tick, now } = fake(true);
    const progress = new Progress({ isTTY: true, columns, write: (s: string) => written.push(s) }, { now });
    oneLargeFile(progress, tick);
    progress.finish();
    expect(written.join('')).not.toContain('\r');
    expect(written.every((w) => w.endsWith('\n'))).toBe(true);
    expect(written).toContain('đang dựng chỉ mục…\n');
  });

  it('writes nothing when the build told nothing (an index already up to date)', () => {
    const { stream, written } = fake(true);
    const progress = new Progress(stream, { tickEveryMs: 0 });
    progress.finish();
    expect(written).toEqual([]);
  });
});
