// Issue 17's hostile folder end to end: `npm run index` over a folder holding every entry that once
// aborted the indexer, leaked a file from outside the folder or broke every query, then the server
// over what was indexed.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARAGRAPH_CHARS, MAX_PARAGRAPH_WORDS } from '../src/ingest/chunk.js';
import { SearchEngine } from '../src/search/engine.js';
import { startApp, type Running } from './web/fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// The 8 MB file repeats this word on one line; the outside file holds a word found nowhere else.
const WORD = 'vốn';
const SECRET = 'mậtkhẩuquảntrị';

let tmp: string;
let run: { stdout: string; ms: number };
let app: Running;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'hostile-'));
  const input = path.join(tmp, 'in');
  const out = path.join(tmp, 'out');
  mkdirSync(input);
  writeFileSync(path.join(tmp, 'secret.txt'), `Tài khoản ${SECRET} của máy chủ.\n`);
  writeFileSync(path.join(input, 'report.txt'), 'BÁO CÁO\n\nTình hình giải ngân vốn đầu tư công năm 2024 đạt kết quả tích cực.\n');
  writeFileSync(path.join(input, 'one-line.txt'), `${`${WORD} `.repeat(Math.floor((8 * 1024 * 1024) / 6)).trim()}\n`);
  // Sparse: over the 50 MB default of --max-mb without writing 60 MB.
  writeFileSync(path.join(input, 'huge.txt'), '');
  truncateSync(path.join(input, 'huge.txt'), 60 * 1024 * 1024);
  symlinkSync('nowhere.txt', path.join(input, 'dangling.txt'));
  symlinkSync('loopB.txt', path.join(input, 'loopA.txt'));
  symlinkSync('loopA.txt', path.join(input, 'loopB.txt'));
  execFileSync('mkfifo', [path.join(input, 'pipe.txt')]);
  symlinkSync('/dev/zero', path.join(input, 'zero.txt'));
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(input, 'outside.txt'));
  mkdirSync(path.join(input, 'x.txt'));
  // 'tên' in Latin-1: the byte 0xEA alone is not UTF-8.
  writeFileSync(Buffer.concat([Buffer.from(`${input}/t`), Buffer.from([0xea]), Buffer.from('n.txt')]), 'Một tệp có tên không phải UTF-8.\n');
  const t0 = performance.now();
  const { stdout } = await promisify(execFile)(TSX, ['src/cli.ts', 'index', '--input', input, '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  run = { stdout, ms: performance.now() - t0 };
  app = await startApp(SearchEngine.load(out));
}, 120_000);
afterAll(async () => {
  await app?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const get = (p: string) => fetch(app.url + p);

describe('a hostile input folder', () => {
  it('lists every bad entry with its reason and indexes the rest', () => {
    console.log(`indexing the hostile folder (8 MB one-line file included) took ${Math.round(run.ms)} ms`);
    // huge.txt is one of the 3 files listed, and refused by size.
    expect(run.stdout).toMatch(/^Đã lập chỉ mục 2 văn bản \(\d+ đoạn\) từ 3 tệp/);
    for (const line of [
      '  dangling.txt: liên kết hỏng (nơi nó trỏ tới không tồn tại)',
      '  huge.txt: vượt quá giới hạn kích thước: 60 MB > 50 MB',
      '  loopA.txt: vòng lặp liên kết tượng trưng',
      '  loopB.txt: vòng lặp liên kết tượng trưng',
      `  outside.txt: liên kết tới ${path.join(tmp, 'secret.txt')}, nằm ngoài thư mục: không theo (--follow-links-outside cho phép theo)`,
      '  pipe.txt: một đường ống có tên (named pipe), không phải tệp',
      '  t\\xean.txt: tên không phải UTF-8 hợp lệ (hãy đổi tên để lập chỉ mục tệp này)',
      '  x.txt: thư mục có tên như một tệp: các tệp bên trong vẫn được đọc như trong một thư mục',
      '  zero.txt: liên kết tới /dev/zero, nằm ngoài thư mục: không theo (--follow-links-outside cho phép theo)',
    ]) {
      expect(run.stdout).toContain(line);
    }
  });

  it('serves nothing from outside the folder', async () => {
    expect((await get('/doc/outside.txt')).status).toBe(404);
    const found = await (await get(`/api/search?q=${encodeURIComponent(SECRET)}`)).json();
    expect(found.total + found.totalNear + found.totalPartial).toBe(0);
  });

  it('answers the repeated word with bounded hits, in the API and on the page', async () => {
    const res = await get(`/api/search?q=${WORD}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBeGreaterThan(600);
    expect(body.hits).toHaveLength(20);
    for (const hit of body.hits) {
      expect(hit.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(hit.text.split(' ').length).toBeLessThanOrEqual(MAX_PARAGRAPH_WORDS);
      expect(hit.snippet.length).toBeLessThan(2000);
    }
    const page = await get(`/?q=${WORD}`);
    expect(page.status).toBe(200);
    expect((await page.text()).length).toBeLessThan(200_000);
  });

  it('answers giải ngân, alone and with the word the giant file repeats', async () => {
    const alone = await get(`/api/search?q=${encodeURIComponent('giải ngân')}`);
    expect(alone.status).toBe(200);
    expect((await alone.json()).total).toBe(1);
    const both = await get(`/api/search?q=${encodeURIComponent('giải ngân vốn')}`);
    expect(both.status).toBe(200);
    expect((await both.json()).hits.length).toBeLessThanOrEqual(20);
    expect((await get(`/?q=${encodeURIComponent('giải ngân')}`)).status).toBe(200);
  });

  it('sends the giant document a bounded page at a time', async () => {
    const res = await get(`/doc/one-line.txt?q=${WORD}`);
    expect(res.status).toBe(200);
    // 500 paragraphs of at most 20,000 characters, with their marks.
    expect((await res.text()).length).toBeLessThan(12_000_000);
  });
});
