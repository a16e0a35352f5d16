import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import { columnBuffers, ParagraphTable, ParagraphTableBuilder, paragraphColumns } from '../../src/index/paragraph-table.js';
import { readColumns, writeColumns } from '../../src/index/columns-file.js';

const records: ParagraphRecord[] = [
  { id: 'a.txt#p1', doc: 'a.txt', paragraph: 1, heading: ['I'], text: 'I. Giải ngân', start: 0, end: 12, kind: 'heading' },
  { id: 'a.txt#p2', doc: 'a.txt', paragraph: 2, heading: ['I'], text: 'Tỷ lệ giải ngân đạt 45%¹.', start: 13, end: 38, kind: 'body', footnotes: [{ mark: '1', paragraph: 3 }] },
  { id: 'a.txt#p3', doc: 'a.txt', paragraph: 3, heading: [], text: '¹ Theo Nghị quyết 01/NQ-CP.', start: 40, end: 66, kind: 'footnote', footnoteOf: { mark: '1', paragraph: 2 } },
  { id: 'b.txt#p1', doc: 'b.txt', paragraph: 1, heading: ['I'], text: 'Huyện Mường Tè 🏔', start: 0, end: 17, kind: 'caption' },
];

describe('ParagraphTable', () => {
  it('gives back every record it was made from, footnote links included', () => {
    const table = ParagraphTable.from(records);
    expect(table.length).toBe(4);
    expect([...table]).toEqual(records);
    expect(table.doc(3)).toBe('b.txt');
    expect(table.text(3)).toBe('Huyện Mường Tè 🏔');
  });

  it('stores a heading path shared by several paragraphs once', () => {
    expect(ParagraphTable.from(records).columns.headings).toEqual([['I'], []]);
  });

  it('survives a round trip through a columns file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'columns-test-'));
    try {
      const { docNames, headings, notes, ...columns } = ParagraphTable.from(records).columns;
      const file = path.join(dir, 'c.bin');
      const { layout } = await writeColumns(file, columns);
      const back = readColumns(file, layout) as unknown as Omit<typeof columns, never>;
      expect([...new ParagraphTable({ docNames, headings, notes, ...back })]).toEqual(records);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses columns that do not fit together', () => {
    const { columns } = ParagraphTable.from(records);
    expect(() => new ParagraphTable({ ...columns, kind: columns.kind.subarray(1) })).toThrow(/differ in length/);
    expect(() => new ParagraphTable({ ...columns, text: columns.text.subarray(1) })).toThrow(/text offsets/);
  });

  it('says which paragraph does not exist', () => {
    expect(() => ParagraphTable.from(records).get(4)).toThrow(/no paragraph 4 \(the index has 4\)/);
  });

  it('puts tables together into the table of all their records, sharing documents and heading paths', () => {
    const builder = new ParagraphTableBuilder();
    builder.add(paragraphColumns(records.slice(0, 2)));
    builder.add(paragraphColumns(records.slice(2)));
    const table = builder.finish();
    expect([...table]).toEqual(records);
    expect(table.columns.headings).toEqual([['I'], []]);
    expect(table.columns.docNames).toEqual(['a.txt', 'b.txt']);
  });

  it('lays out columns that each own their buffer, so that they can be transferred to another thread', () => {
    const buffers = columnBuffers(paragraphColumns(records));
    expect(new Set(buffers).size).toBe(buffers.length);
    const { port1, port2 } = new MessageChannel();
    try {
      port1.postMessage(null, buffers);
      expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
