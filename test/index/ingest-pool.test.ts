import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IngestPool, ingestForIndex } from '../../src/index/ingest-pool.js';
import { IndexBuilder } from '../../src/index/index-builder.js';
import { FIELDS } from '../../src/index/fields.js';
import { ParagraphIndexer } from '../../src/index/paragraph-indexer.js';
import { makeDocx, makePdf, para } from '../ingest/readers/make.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ingest-pool-test-'));
  for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, `r${i}.txt`), `BÁO CÁO số ${i}\n\nTỷ lệ giải ngân vốn đầu tư công đạt ${40 + i}%.\n\nHuyện Mường Tè hoàn thành kế hoạch.`);
  writeFileSync(path.join(dir, 'empty.txt'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IngestPool', () => {
  it.each([1, 2])('ingests and tokenizes files on %i worker thread(s) into the same documents and tokens as the calling thread would', async (workers) => {
    const pool = new IngestPool(dir, { workers });
    try {
      const files = [0, 1, 2, 3, 4, 5].map((i) => `r${i}.txt`);
      const onWorker = await Promise.all(files.map((f) => pool.ingest(f)));
      expect(pool.failure).toBeUndefined();
      expect(onWorker).toEqual(await Promise.all(files.map((f) => ingestForIndex(dir, f))));
    } finally {
      await pool.close();
    }
  });

  it('reads every kind of file on a worker thread as the calling thread does (PDF and DOCX load their parsers there)', async () => {
    const kinds = mkdtempSync(path.join(tmpdir(), 'ingest-pool-kinds-'));
    try {
      writeFileSync(path.join(kinds, 'a.pdf'), makePdf([['BÁO CÁO', 'Tỷ lệ giải ngân vốn đầu tư công đạt 45%.']]));
      writeFileSync(path.join(kinds, 'b.docx'), await makeDocx(para('Huyện Mường Tè hoàn thành kế hoạch giải ngân.')));
      writeFileSync(path.join(kinds, 'c.html'), '<html><body><h1>Tin hội nghị</h1><p>Đồng chí Trần Tiến Dũng chủ trì hội nghị.</p></body></html>');
      writeFileSync(path.join(kinds, 'd.jsonl'), JSON.stringify({ id: 'x1', title: 'Công văn', text: 'Thực hiện Nghị quyết số 01/NQ-CP của Chính phủ.' }) + '\n');
      const files = ['a.pdf', 'b.docx', 'c.html', 'd.jsonl'];
      const pool = new IngestPool(kinds, { workers: 1 });
      try {
        const onWorker = await Promise.all(files.map((f) => pool.ingest(f)));
        expect(pool.failure).toBeUndefined();
        expect(onWorker.map((f) => f.problems)).toEqual([[], [], [], []]);
        expect(onWorker).toEqual(await Promise.all(files.map((f) => ingestForIndex(kinds, f))));
      } finally {
        await pool.close();
      }
    } finally {
      rmSync(kinds, { recursive: true, force: true });
    }
  });

  it('says why when its workers cannot start, and ingests the files on this thread all the same', async () => {
    const pool = new IngestPool(dir, { workers: 2, entry: new URL('../fixtures/failing-worker.ts', import.meta.url) });
    try {
      const files = ['r0.txt', 'r1.txt', 'r2.txt'];
      const got = await Promise.all(files.map((f) => pool.ingest(f)));
      expect(got).toEqual(await Promise.all(files.map((f) => ingestForIndex(dir, f))));
      expect(pool.failure).toMatch(/this worker cannot start/);
    } finally {
      await pool.close();
    }
  });

  it('answers every file on this thread once it is closed', async () => {
    const pool = new IngestPool(dir, { workers: 1 });
    await pool.close();
    expect((await pool.ingest('r1.txt')).documents).toHaveLength(1);
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

  it.each([
    ['on a worker thread', 1, false],
    ['on this thread once the pool is closed', 1, true],
  ])('finishes an index %s into the index finish() gives', async (_, workers, closed) => {
    const make = () => {
      const builder = new IndexBuilder();
      builder.add({ f: ['giai', 'ngan', 'giai'], x: ['giải', 'ngân'], b: ['giai+ngan'] });
      builder.add({ f: ['muong', 'te'], x: ['mường', 'tè'], b: ['muong+te'] });
      return builder;
    };
    const pool = new IngestPool(dir, { workers });
    try {
      if (closed) await pool.close();
      const index = await pool.finishIndex(make().parts());
      const expected = make().finish();
      for (const f of FIELDS) {
        expect([...index.fields[f].terms]).toEqual([...expected.fields[f].terms]);
        expect([...index.fields[f].starts]).toEqual([...expected.fields[f].starts]);
        expect([...index.fields[f].ids]).toEqual([...expected.fields[f].ids]);
      }
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['on a worker thread', false],
    ['on this thread once the pool is closed', true],
  ])('finishes a vocabulary %s into the stored form of the vocabulary finish() gives, with the same counts', async (_, closed) => {
    const texts = ['Ủy ban nhân dân tỉnh Lai Châu giải ngân vốn.', 'UBND huyện Mường Tè; Ủy ban nhân dân xã.', 'Ủy ban nhân dân tỉnh giải ngân.'];
    const [here, there] = [new ParagraphIndexer({ minPairCount: 1, minTripleCount: 1 }), new ParagraphIndexer({ minPairCount: 1, minTripleCount: 1 })];
    texts.forEach((t) => (here.add(t), there.add(t)));
    const pool = new IngestPool(dir, { workers: 1 });
    try {
      if (closed) await pool.close();
      const finishing = there.finishElsewhere({ index: (parts) => pool.finishIndex(parts), vocabulary: (parts, terms, rank, exacts) => pool.finishVocabulary(parts, terms, rank, exacts) });
      await finishing.index;
      const { vocabulary, counts } = await finishing.vocabulary;
      expect(vocabulary).toBeInstanceOf(Uint8Array);
      const expected = here.finish();
      expect(JSON.parse(Buffer.from(vocabulary as Uint8Array).toString('utf8'))).toEqual(expected.vocabulary);
      expect(counts).toEqual(expected.counts.columns);
    } finally {
      await pool.close();
    }
  });
});
