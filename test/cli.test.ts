import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barLine, formatDuration, logLine, Progress, type ProgressState } from '../src/progress.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs `tsx src/cli.ts index …` with stderr a pipe, as CI does; never throws on a non-zero exit. */
async function index(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['src/cli.ts', 'index', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run index', () => {
  let input: string;
  let out: string;
  beforeAll(async () => {
    input = await mkdtemp(path.join(tmpdir(), 'cli-in-'));
    out = await mkdtemp(path.join(tmpdir(), 'cli-out-'));
    await writeFile(path.join(input, 'good.txt'), 'BÁO CÁO\n\nTình hình giải ngân vốn đầu tư công năm 2024 đạt kết quả tích cực.\n');
    await writeFile(path.join(input, 'latin1.txt'), Buffer.from('Rapport détaillé', 'latin1'));
    await writeFile(path.join(input, 'binary.txt'), Buffer.from([0x41, 0x42, 0x00, 0x43]));
  });
  afterAll(async () => {
    await rm(input, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('indexes the good files, lists each bad one with its reason, and exits 0', async () => {
    const run = await index('--input', input, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Indexed 1 documents \(\d+ paragraphs\) of 3 files/);
    expect(run.stdout).toContain('2 file(s) or record(s) could not be indexed:\n  binary.txt: binary content (NUL byte at byte 2)\n  latin1.txt: invalid UTF-8 at byte 9');
  });

  it('exits 1 with --strict when a file could not be indexed', async () => {
    const run = await index('--input', input, '--out', out, '--strict');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  binary.txt: binary content');
  });

  it('exits 2 with the usage for a --max-mb that is not a size', async () => {
    const run = await index('--input', input, '--out', out, '--max-mb', 'lots');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-mb must be a number of megabytes above 0');
  });

  it('exits 1 with the message alone for an input folder that does not exist', async () => {
    const run = await index('--input', path.join(input, 'nope'), '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^cannot list .*nope: no such folder$/);
  });
});

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  done: 10,
  total: 40,
  bytes: 30 * 1024 * 1024,
  paragraphs: 12345,
  problems: 0,
  elapsedMs: 10_000,
  ...over,
});

describe('status lines', () => {
  it('show files, paragraphs, MB/s and the time left on the bar', () => {
    expect(barLine(state())).toBe('[#####---------------] 10/40 files · 12,345 paragraphs · 3.0 MB/s · 0:30 left');
  });

  it('count bad files once there are some', () => {
    expect(logLine(state({ problems: 2 }))).toBe('indexed 10/40 files (25%), 12,345 paragraphs, 3.0 MB/s, 0:30 left, 2 bad');
  });

  it('fit the terminal width', () => {
    expect(barLine(state(), 40)).toHaveLength(39);
  });

  it.each([
    [42_000, '0:42'],
    [725_000, '12:05'],
    [3_729_000, '1:02:09'],
  ])('write %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('Progress', () => {
  const file = (done: number, total = 1000) => ({ file: `f${done}.txt`, done, total, bytes: 1024, paragraphs: 3 });
  const fake = (isTTY: boolean) => {
    const written: string[] = [];
    let t = 0;
    return { stream: { isTTY, columns: 100, write: (s: string) => written.push(s) }, written, tick: (ms: number) => (t += ms), now: () => t };
  };

  it('redraws one bar in place with \\r on a terminal, then notes the index is being built until finish', () => {
    const { stream, written, tick, now } = fake(true);
    const progress = new Progress(stream, { now });
    progress.update(file(1, 2));
    tick(500);
    progress.update(file(2, 2));
    expect(written.slice(0, -1).every((w) => w.startsWith('\r'))).toBe(true);
    expect(written.at(-2)).toContain('2/2 files · 6 paragraphs');
    expect(written.at(-1)).toBe('\nbuilding the index…');
    progress.finish();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('logs a plain line every 2 s when stderr is not a terminal, and one at the end', () => {
    const { stream, written, tick, now } = fake(false);
    const progress = new Progress(stream, { now });
    for (let i = 1; i <= 10; i++) {
      tick(500);
      progress.update(file(i, 10));
    }
    progress.finish();
    expect(written).toEqual([
      expect.stringMatching(/^indexed 4\/10 files \(40%\), 12 paragraphs, .*, 0:03 left\n$/),
      expect.stringMatching(/^indexed 8\/10 files/),
      expect.stringMatching(/^indexed 10\/10 files \(100%\), 30 paragraphs, [\d.]+ MB\/s\n$/),
      'building the index…\n',
    ]);
    expect(written.join('')).not.toContain('\r');
  });

  it('logs after every N files when they come faster than that', () => {
    const { stream, written, now } = fake(false);
    const progress = new Progress(stream, { now, logEveryFiles: 3 });
    for (let i = 1; i <= 7; i++) progress.update(file(i));
    expect(written.map((w) => w.split(' ')[1])).toEqual(['3/1,000', '6/1,000']);
  });
});
