// Two indexers on one --out: the second is refused with who holds the folder; a lock left by a
// killed indexer does not block the next run.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexLockedError, LOCK_FILE, lockIndexFolder } from '../../src/index/lock.js';
import { loadIndex } from '../../src/index/store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let input: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lock-test-'));
  input = path.join(dir, 'in');
  mkdirSync(input);
  writeFileSync(path.join(input, 'a.txt'), 'Giải ngân vốn đầu tư công.');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The pid of a process that has exited, so that no process runs under it (short of reuse).
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('lockIndexFolder', () => {
  it('refuses a second holder while the first holds the folder, then lets it in once released', () => {
    const out = path.join(dir, 'twice');
    mkdirSync(out);
    const release = lockIndexFolder(out);
    expect(readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    expect(() => lockIndexFolder(out)).toThrow(IndexLockedError);
    expect(() => lockIndexFolder(out)).toThrow(/^Một lần lập chỉ mục khác trong tiến trình này đang ghi chỉ mục trong .*Hãy đợi nó xong rồi chạy lại/);
    release();
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);
    lockIndexFolder(out)();
  });

  it('takes over a lock whose process is dead (an indexer killed with -9)', async () => {
    const out = path.join(dir, 'stale');
    mkdirSync(out);
    const pid = deadPid();
    writeFileSync(path.join(out, LOCK_FILE), String(pid));
    const report = await buildIndex({ input, out, workers: false });
    expect(report.manifest.documents).toBe(1);
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);
  });
});

describe('two indexers on one --out', () => {
  it('refuses the second with a clear message, exit code 1, and leaves the index as it was', async () => {
    const out = path.join(dir, 'busy');
    const first = await buildIndex({ input, out, workers: false });
    // This test process plays the first indexer, still running.
    const release = lockIndexFolder(out);
    try {
      writeFileSync(path.join(input, 'b.txt'), 'Kế hoạch phát triển kinh tế xã hội.');
      const second = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'index', '--input', input, '--out', out], { cwd: ROOT }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`Một tiến trình lập chỉ mục khác (pid ${process.pid}) đang ghi chỉ mục trong ${out}`);
      expect(second.stderr).not.toMatch(/^\s+at /m);
      expect(loadIndex(out).manifest.build).toBe(first.manifest.build);
      await expect(buildIndex({ input, out, workers: false })).rejects.toThrow(IndexLockedError);
    } finally {
      release();
      rmSync(path.join(input, 'b.txt'), { force: true });
    }
  }, 60_000);
});
