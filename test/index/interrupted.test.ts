// An indexer killed with -9 in the middle of writing: the previous index stays loadable as it was,
// and the next run finishes, taking over the dead run's lock and removing its partial files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { LOCK_FILE } from '../../src/index/lock.js';
import { DATA_FILE, loadIndex } from '../../src/index/store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'interrupted-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A corpus of `files` documents of varied paragraphs, large enough that writing its index takes a while.
function corpus(name: string, files: number): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  const words = ['giải ngân', 'vốn', 'đầu tư', 'công', 'tỉnh', 'Lai Châu', 'kế hoạch', 'năm', 'báo cáo', 'ngân sách', 'huyện', 'xã'];
  for (let f = 0; f < files; f++) {
    const paragraphs = Array.from({ length: 400 }, (_, p) => Array.from({ length: 30 }, (_, w) => `${words[(f * 7 + p * 3 + w) % words.length]}${(f * 31 + p * 17 + w) % 97}`).join(' ') + '.');
    writeFileSync(path.join(folder, `d${f}.txt`), paragraphs.join('\n\n'));
  }
  return folder;
}

describe('an indexer killed with -9', () => {
  it('leaves the previous index served and loadable; the next run finishes and removes the partial files', async () => {
    const out = path.join(dir, 'out');
    const before = await buildIndex({ input: corpus('small', 2), out, workers: false });
    const big = corpus('big', 60);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'index', '--input', big, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Killed the moment the new build's first data file appears, while it is being written.
    const watcher = watch(out, (_event, name) => {
      if (name && DATA_FILE.test(name) && !name.includes(before.manifest.build) && existsSync(path.join(out, name))) child.kill('SIGKILL');
    });
    await exited;
    watcher.close();
    expect(child.signalCode).toBe('SIGKILL');

    const left = readdirSync(out);
    const partial = left.filter((f) => DATA_FILE.test(f) && !f.includes(before.manifest.build));
    expect(partial.length).toBeGreaterThan(0);
    expect(left).toContain(LOCK_FILE);
    const served = loadIndex(out);
    expect(served.manifest.build).toBe(before.manifest.build);
    expect(served.documents.map((d) => d.doc)).toEqual(['d0.txt', 'd1.txt']);

    const after = await buildIndex({ input: big, out });
    expect(after.manifest.documents).toBe(60);
    expect(readdirSync(out).sort()).toEqual([...Object.values(after.manifest.files), 'manifest.json'].sort());
    expect(loadIndex(out).documents).toHaveLength(60);
  }, 120_000);
});
