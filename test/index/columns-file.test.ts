import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunksAfter, readColumns, writeColumns } from '../../src/index/columns-file.js';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const asArrays = (chunks: Uint8Array[]) => chunks.map((c) => [...c]);

describe('chunksAfter', () => {
  it.each([
    ['nothing written', 0, [[1, 2], [3], [4, 5, 6]]],
    ['part of the first chunk', 1, [[2], [3], [4, 5, 6]]],
    ['exactly the first chunk', 2, [[3], [4, 5, 6]]],
    ['into the last chunk', 4, [[5, 6]]],
    ['everything', 6, []],
  ])('leaves the rest after %s', (_, written, expected) => {
    expect(asArrays(chunksAfter([bytes(1, 2), bytes(3), bytes(4, 5, 6)], written))).toEqual(expected);
  });
});

describe('writeColumns', () => {
  it('writes columns of every type that read back as they were, each at an aligned offset', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'columns-file-test-'));
    try {
      const file = path.join(dir, 'c.bin');
      const columns = { a: Uint8Array.of(1, 2, 3), b: Uint32Array.of(7, 8), c: Uint16Array.of(9), d: new Uint32Array(0) };
      const { layout, bytes, crc32: sum } = await writeColumns(file, columns);
      expect(Object.values(layout).every((l) => l.offset % 8 === 0)).toBe(true);
      // The checksum taken from the arrays is the file's own.
      expect(bytes).toBe(readFileSync(file).length);
      expect(sum).toBe(crc32(readFileSync(file)));
      const back = readColumns(file, layout);
      for (const [name, c] of Object.entries(columns)) expect([...back[name]]).toEqual([...c]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder that does not exist, naming the file', async () => {
    await expect(async () => writeColumns(path.join(tmpdir(), 'no-such-folder-for-columns', 'c.bin'), {})).rejects.toThrow(/no-such-folder-for-columns/);
  });
});
