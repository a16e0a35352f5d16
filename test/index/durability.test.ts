// Durability of a build: every data file reaches the disk (fsync) before the manifest that names
// it is renamed in, and the folder is synced after the rename. The file system calls are recorded
// through a wrapped node:fs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ log: [] as string[], paths: new Map<number, string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const name = (fd: number) => calls.paths.get(fd) ?? `fd ${fd}`;
  const wrapped = {
    ...fs,
    openSync: ((file: string, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(file, ...rest);
      calls.paths.set(fd, String(file));
      return fd;
    }) as typeof fs.openSync,
    fsyncSync: ((fd: number) => {
      calls.log.push(`fsync ${name(fd)}`);
      fs.fsyncSync(fd);
    }) as typeof fs.fsyncSync,
    fsync: ((fd: number, callback: (e: NodeJS.ErrnoException | null) => void) => {
      calls.log.push(`fsync ${name(fd)}`);
      fs.fsync(fd, callback);
    }) as typeof fs.fsync,
    renameSync: ((from: string, to: string) => {
      calls.log.push(`rename ${String(to)}`);
      fs.renameSync(from, to);
    }) as typeof fs.renameSync,
  };
  return { ...wrapped, default: wrapped };
});

const { buildIndex } = await import('../../src/index/build.js');

const dir = mkdtempSync(path.join(tmpdir(), 'durability-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveIndex', () => {
  it("fsyncs each data file before the manifest's rename, and the folder before and after it", async () => {
    const input = path.join(dir, 'in');
    mkdirSync(input);
    writeFileSync(path.join(input, 'a.txt'), 'Giải ngân vốn đầu tư công.\n\nHuyện Mường Tè.');
    const out = path.join(dir, 'out');
    const { manifest } = await buildIndex({ input, out, workers: false });
    const log = calls.log;
    const rename = log.indexOf(`rename ${path.join(out, 'manifest.json')}`);
    expect(rename).toBeGreaterThan(0);
    for (const file of Object.values(manifest.files)) {
      const synced = log.indexOf(`fsync ${path.join(out, file)}`);
      expect(synced, file).toBeGreaterThanOrEqual(0);
      expect(synced, file).toBeLessThan(rename);
    }
    expect(log.slice(0, rename).some((l) => /^fsync .*manifest\.json\..*\.tmp$/.test(l))).toBe(true);
    expect(log[rename - 1]).toBe(`fsync ${out}`);
    expect(log[rename + 1]).toBe(`fsync ${out}`);
  });

  it('does the same for the files of a delta segment, leaving the main segment as it was', async () => {
    const input = path.join(dir, 'in-delta');
    mkdirSync(input);
    for (let i = 0; i < 4; i++) writeFileSync(path.join(input, `d${i}.txt`), `Báo cáo số ${i} về giải ngân vốn đầu tư công.\n\nHuyện Mường Tè.`);
    const out = path.join(dir, 'out-delta');
    const main = await buildIndex({ input, out, workers: false });
    writeFileSync(path.join(input, 'd1.txt'), 'Báo cáo đã sửa về giải ngân.');
    calls.log.length = 0;
    const { manifest, segment } = await buildIndex({ input, out, workers: false, mergeShare: 1 });
    expect(segment).toBe('delta');
    const log = calls.log;
    const rename = log.indexOf(`rename ${path.join(out, 'manifest.json')}`);
    const written = Object.values(manifest.files).filter((f) => f.startsWith('delta-'));
    expect(written).toHaveLength(4);
    for (const file of written) {
      const synced = log.indexOf(`fsync ${path.join(out, file)}`);
      expect(synced, file).toBeGreaterThanOrEqual(0);
      expect(synced, file).toBeLessThan(rename);
    }
    expect(log[rename - 1]).toBe(`fsync ${out}`);
    expect(log[rename + 1]).toBe(`fsync ${out}`);
    // The main segment's files are those of the first build, untouched.
    for (const kind of ['meta', 'columns', 'vocabulary', 'entities', 'counts'] as const) expect(manifest.files[kind]).toBe(main.manifest.files[kind]);
    expect(log.some((l) => l.includes(main.manifest.build))).toBe(false);
  });
});
