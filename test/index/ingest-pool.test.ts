import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IngestPool } from '../../src/index/ingest-pool.js';
import { ingestSource } from '../../src/ingest/readers/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ingest-pool-test-'));
  for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, `r${i}.txt`), `BÁO CÁO số ${i}\n\nTỷ lệ giải ngân vốn đầu tư công đạt ${40 + i}%.\n\nHuyện Mường Tè hoàn thành kế hoạch.`);
  writeFileSync(path.join(dir, 'empty.txt'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IngestPool', () => {
  it('ingests files on a worker thread into the same documents as the calling thread would', async () => {
    const pool = new IngestPool(dir);
    try {
      const files = [0, 1, 2, 3, 4, 5].map((i) => `r${i}.txt`);
      const onWorker = await Promise.all(files.map((f) => pool.ingest(f)));
      expect(pool.failure).toBeUndefined();
      expect(onWorker).toEqual(await Promise.all(files.map((f) => ingestSource(dir, f))));
    } finally {
      await pool.close();
    }
  });

  it('rejects an unusable file with the reason, naming the file, and goes on with the next', async () => {
    const pool = new IngestPool(dir);
    try {
      await expect(pool.ingest('empty.txt')).rejects.toThrow(/empty\.txt/);
      expect((await pool.ingest('r0.txt')).documents).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});
