// Fault tests of `npm start` as users run it, in a child process: what it serves, what it refuses
// to start on, and that it never builds over or deletes an index it did not just write.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build.js';
import type { Manifest } from '../src/index/store.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What a server child process did: its exit code (null while it serves) and what it printed. */
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The address it serves at, once it says so. */
  url?: string;
}

/**
 * Runs `node --import tsx src/server.ts` on `indexDir` and a free port until it exits or says it
 * serves (then `stop` ends it); `env` adds settings (default none), `timeoutMs` bounds the wait.
 */
function startServer(indexDir: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Run & { stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, INDEX_DIR: indexDir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  const exited = new Promise<void>((resolve) => child.on('exit', (code) => ((run.code = code), resolve())));
  const stop = async () => {
    if (run.code === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server neither served nor exited in ${timeoutMs} ms:\n${run.stdout}\n${run.stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      run.stdout += d;
      const m = /^Đang phục vụ \d+ văn bản \(\d+ đoạn\) tại (http:\/\/\S+?)\/?$/m.exec(run.stdout);
      if (m && !run.url) {
        run.url = m[1];
        clearTimeout(timer);
        resolve({ ...run, stop });
      }
    });
    child.stderr.on('data', (d: Buffer) => (run.stderr += d));
    void exited.then(() => {
      clearTimeout(timer);
      resolve({ ...run, stop });
    });
  });
}

let dir: string;
let good: string;
let manifest: Manifest;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'server-faults-'));
  const input = path.join(dir, 'in');
  mkdirSync(input);
  writeFileSync(path.join(input, 'a.txt'), 'BÁO CÁO\n\nTình hình giải ngân vốn đầu tư công năm 2024.\n\nHuyện Mường Tè, tỉnh Lai Châu.');
  writeFileSync(path.join(input, 'b.txt'), 'Kế hoạch phát triển kinh tế xã hội.\n\nỦy ban nhân dân tỉnh Điện Biên.');
  good = path.join(dir, 'good');
  await buildIndex({ input, out: good, workers: false });
  // A file added since: the index served is a main segment and a delta, and every fault below
  // covers the files of both.
  writeFileSync(path.join(input, 'c.txt'), 'Báo cáo bổ sung về giải ngân vốn.');
  manifest = (await buildIndex({ input, out: good, workers: false, mergeShare: 1 })).manifest;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A copy of the good index, changed by `edit`.
function copyOf(name: string, edit: (index: string) => void): string {
  const copy = path.join(dir, name);
  cpSync(good, copy, { recursive: true });
  edit(copy);
  return copy;
}

// The folder's files and their bytes, to show that a refused start changed nothing.
const snapshot = (folder: string) => Object.fromEntries(readdirSync(folder).map((f) => [f, readFileSync(path.join(folder, f)).toString('base64')]));

// A refusal: exit code 1, the message, and no stack trace.
function expectRefusal(run: Run, message: RegExp): void {
  expect(run.url, run.stdout).toBeUndefined();
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('npm start', () => {
  it('builds the seeds into an absent index folder and serves them (a fresh clone)', async () => {
    const fresh = path.join(dir, 'fresh', 'index');
    const run = await startServer(fresh);
    try {
      expect(run.url, run.stderr).toBeDefined();
      const health = (await (await fetch(`${run.url}/healthz`)).json()) as { documents: number };
      expect(health.documents).toBe(5);
    } finally {
      await run.stop();
    }
  }, 120_000);

  it.each([
    [{ SEARCH_WORKERS: '0' }, 'SEARCH_WORKERS phải là số nguyên từ 1 trở lên, không phải "0"'],
    [{ SEARCH_QUEUE: 'nhiều' }, 'SEARCH_QUEUE phải là số nguyên từ 0 trở lên, không phải "nhiều"'],
    [{ PORT: '70000' }, 'PORT phải là số cổng từ 0 đến 65535, không phải "70000"'],
    [{ PUBLIC_URL: 'ftp://tracuu.example.gov.vn' }, 'PUBLIC_URL phải là một địa chỉ http:// hoặc https://, ví dụ https://example.gov.vn, không phải "ftp://tracuu.example.gov.vn"'],
  ])('refuses the setting %j in Vietnamese, before touching the index', async (env, message) => {
    const untouched = path.join(dir, 'settings', 'index');
    const run = await startServer(untouched, env);
    expectRefusal(run, / phải là /);
    expect(run.stderr).toBe(`${message}\n`);
    expect(existsSync(untouched)).toBe(false);
  }, 30_000);

  it('refuses a folder holding index data files without a manifest, and deletes nothing', async () => {
    const orphaned = copyOf('orphaned', (index) => rmSync(path.join(index, 'manifest.json')));
    const before = snapshot(orphaned);
    const run = await startServer(orphaned);
    expectRefusal(run, new RegExp(`có ${Object.keys(manifest.files).length} tệp .*nhưng không có manifest\\.json.*không có gì bị thay đổi.*npm run index -- --input <thư mục> --out `, 's'));
    expect(snapshot(orphaned)).toEqual(before);
  }, 60_000);

  for (const [what, bytes] of [
    ['random bytes', Buffer.from([0x8f, 0x00, 0xff, 0x13, 0x7b, 0x22, 0xc3, 0x28, 0x01])],
    ['an empty file', Buffer.alloc(0)],
    ['null', Buffer.from('null')],
  ] as const) {
    it(`refuses a manifest of ${what} with a message, not a stack trace, and builds nothing`, async () => {
      const broken = copyOf(`manifest-${what.replace(/ /g, '-')}`, (index) => writeFileSync(path.join(index, 'manifest.json'), bytes));
      const before = snapshot(broken);
      const run = await startServer(broken);
      expectRefusal(run, /bị hỏng \(manifest\.json: .*\)\. Hãy lập lại: npm run index -- --input/);
      expect(snapshot(broken)).toEqual(before);
    }, 60_000);
  }

  it('refuses to start when random bytes are written inside any data file, naming the file and the rebuild command', async () => {
    expect(manifest.segments).toBeDefined();
    for (const [kind, name] of Object.entries(manifest.files)) {
      const damaged = copyOf(`damaged-${kind}`, (index) => {
        const file = path.join(index, name);
        const bytes = readFileSync(file);
        // Same length, different bytes in the middle: only a checksum can tell.
        const at = Math.floor(bytes.length / 2);
        for (let i = 0; i < 8 && at + i < bytes.length; i++) bytes[at + i] ^= 0x5a + i;
        writeFileSync(file, bytes);
      });
      const run = await startServer(damaged);
      const escaped = name.replace(/[.]/g, '\\.');
      expectRefusal(run, new RegExp(`bị hỏng hoặc không đầy đủ \\(${escaped} sai tổng kiểm tra.*Hãy lập lại: npm run index -- --input ${manifest.input} --out ${damaged}`));
    }
  }, 300_000);

  it('refuses to start on a truncated or missing data file', async () => {
    const truncated = copyOf('truncated', (index) => {
      const file = path.join(index, manifest.files.columns);
      writeFileSync(file, readFileSync(file).subarray(0, 100));
    });
    expectRefusal(await startServer(truncated), /columns\.[\w-]+\.bin có 100 byte, manifest ghi \d+: tệp đã bị cắt ngắn.*Hãy lập lại/);
    const missing = copyOf('missing', (index) => rmSync(path.join(index, manifest.files.vocabulary)));
    expectRefusal(await startServer(missing), /vocabulary\.[\w-]+\.json: không đọc được \(ENOENT\).*Hãy lập lại/);
  }, 60_000);
});
