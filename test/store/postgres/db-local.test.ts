// `npm run db:local` as a user runs it, on what they can get wrong: an option, a number, a folder
// that already holds servers of another shape, a folder with no servers to stop. Each answer is
// Vietnamese and a message, never a stack trace; none of these starts a server.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs `tsx scripts/db-local.ts …`; never throws on a non-zero exit. */
async function dbLocal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['scripts/db-local.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'db-local-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run db:local', () => {
  it('names an unknown option in Vietnamese, with the usage, and exits 2', async () => {
    const run = await dbLocal('--shard', '2');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^không có tùy chọn --shard\n\nCách dùng:\n {2}npm run db:local -- \[--shards N\] \[--data THƯ_MỤC\]/);
  });

  it('refuses a shard count that is no whole number, and exits 2', async () => {
    const run = await dbLocal('--shards', 'hai', '--data', dir);
    expect(run).toMatchObject({ code: 2, stderr: '--shards phải là số nguyên từ 0 đến 16\n' });
  });

  it('says there is nothing to stop in a folder where no server was started', async () => {
    const run = await dbLocal('--stop', '--data', dir);
    expect(run).toMatchObject({ code: 0, stdout: `Chưa có máy chủ nào được khởi động trong ${dir}.\n` });
  });

  it('refuses to start another number of shards in a folder that holds servers, saying how to stop them', async () => {
    const held = path.join(dir, 'held');
    await mkdir(held);
    await writeFile(path.join(held, 'cluster.json'), JSON.stringify({ dir: held, port: 55432, shards: 2 }));
    const run = await dbLocal('--shards', '1', '--data', held);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${held} đang chứa các máy chủ với 2 phân mảnh (shard); hãy dừng chúng (npm run db:local -- --stop --data ${held}) và chọn thư mục khác cho 1 phân mảnh.\n`);
  });
});
