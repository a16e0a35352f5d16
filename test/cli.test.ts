import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build.js';
import { SearchEngine } from '../src/search/engine.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs `tsx src/cli.ts …` with stdout and stderr pipes, as CI does; never throws on a non-zero exit. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const index = (...args: string[]) => cli('index', ...args);
const search = (...args: string[]) => cli('search', ...args);

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
    expect(run.stdout).toMatch(/^Đã lập chỉ mục 1 văn bản \(\d+ đoạn\) từ 3 tệp/);
    expect(run.stdout).toContain('2 tệp hoặc bản ghi không lập chỉ mục được:\n  binary.txt: nội dung nhị phân (byte NUL tại byte 2)\n  latin1.txt: không phải UTF-8 hợp lệ tại byte 9');
  });

  it('exits 1 with --strict when a file could not be indexed', async () => {
    const run = await index('--input', input, '--out', out, '--strict');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  binary.txt: nội dung nhị phân');
  });

  it('exits 2 with the usage for a --max-mb that is not a size', async () => {
    const run = await index('--input', input, '--out', out, '--max-mb', 'lots');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-mb phải là số megabyte lớn hơn 0');
  });

  it('exits 1 with the message alone for an input folder that does not exist', async () => {
    const run = await index('--input', path.join(input, 'nope'), '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^không liệt kê được thư mục .*nope: không có thư mục này$/);
  });


  it('prints its usage in Vietnamese for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await index(flag);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Cách dùng:\n  npm run index -- /);
      expect(run.stdout).toContain('truy vấn bắt đầu bằng \'-\' vẫn là truy vấn');
    }
  });

  it('names an unknown option in Vietnamese and exits 2', async () => {
    const run = await index('--input', input, '--outt', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^không có tùy chọn --outt\n\nCách dùng:/);
  });
});

describe('npm run search', () => {
  let seeds: string;
  let engine: SearchEngine;
  beforeAll(async () => {
    seeds = await mkdtemp(path.join(tmpdir(), 'cli-seeds-'));
    await buildIndex({ input: path.join(ROOT, 'seeds'), out: seeds });
    engine = SearchEngine.load(seeds);
  }, 60_000);
  afterAll(async () => {
    await rm(seeds, { recursive: true, force: true });
  });

  const total = async (...args: string[]) => (JSON.parse((await search('--json', '--index', seeds, ...args)).stdout) as { total: number }).total;

  it('takes a query that starts with an excluded word, as the query syntax writes it', async () => {
    const excluded = engine.search({ q: '-covid dịch' }).total;
    // Some paragraphs on the epidemic name Covid: the exclusion must bite for the test to mean anything.
    expect(excluded).toBeLessThan(engine.search({ q: 'dịch' }).total);
    expect(await total('-covid dịch')).toBe(excluded);
    expect(await total('-covid', 'dịch')).toBe(excluded);
    expect(await total('dịch', '--limit', '5', '-covid')).toBe(excluded);
    expect(await total('--', '-covid dịch')).toBe(excluded);
  }, 60_000);

  it('prints the hits of a query that starts with "-" in Vietnamese', async () => {
    const run = await search('-covid giải ngân', '--index', seeds, '--limit', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Tìm thấy \d+ đoạn .*cho «-covid giải ngân»/);
    // Only the first line echoes the query; no hit mentions the excluded word.
    expect(run.stdout.split('\n').slice(1).join('\n')).not.toMatch(/covid/i);
  }, 30_000);

  it('builds the seed reports into an index folder that holds nothing, as npm start does, keeping stdout for the answer', async () => {
    const fresh = path.join(await mkdtemp(path.join(tmpdir(), 'cli-fresh-')), 'index');
    try {
      const run = await search('giải ngân', '--json', '--index', fresh);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`Chưa có chỉ mục trong ${fresh}: đang lập chỉ mục các báo cáo mẫu`);
      expect((JSON.parse(run.stdout) as { total: number }).total).toBe(engine.search({ q: 'giải ngân' }).total);
      // The second search finds the index built and builds nothing.
      const again = await search('giải ngân', '--json', '--index', fresh);
      expect(again.stderr).toBe('');
    } finally {
      await rm(path.dirname(fresh), { recursive: true, force: true });
    }
  }, 120_000);

  it('asks in Vietnamese for the value an option lacks, and exits 2', async () => {
    const run = await search('giải ngân', '--index', seeds, '--limit');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tùy chọn --limit cần một giá trị/);
  });
});
