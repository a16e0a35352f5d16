// The rows of an export and how they are written as CSV.
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, EXPORT_COLUMNS, csvCell, csvLine, exportOrder, exportRow } from '../../src/search/export.js';
import type { DocumentRecord, ParagraphRecord } from '../../src/ingest/records.js';
import { parseCsv } from '../fixtures/csv.js';

const paragraph: ParagraphRecord = { id: 'x/b c.txt#p12', doc: 'x/b c.txt', paragraph: 12, heading: ['Điều 2', '1', 'a)'], text: '- Giải ngân 45%, "vượt" kế hoạch;\ndòng hai', start: 0, end: 10, kind: 'body' };
const document: DocumentRecord = { doc: 'x/b c.txt', title: 'Nghị quyết về đầu tư', type: 'NGHỊ QUYẾT', number: '01/NQ-CP', date: '2023-03-15', body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU' } as DocumentRecord;

describe('exportRow', () => {
  it('carries the document, its number, type, issuer, date, the paragraph, its heading path, text, permalink and citation', () => {
    const row = exportRow({ paragraph, document }, 'https://tracuu.example.vn');
    expect(row).toEqual({
      doc: 'x/b c.txt',
      title: 'Nghị quyết về đầu tư',
      number: '01/NQ-CP',
      type: 'NGHỊ QUYẾT',
      body: 'UBND tỉnh Lai Châu',
      date: '2023-03-15',
      paragraph: 12,
      heading: ['Điều 2', '1', 'a)'],
      text: paragraph.text,
      url: 'https://tracuu.example.vn/doc/x/b%20c.txt#p12',
      citation: 'Nghị quyết số 01/NQ-CP ngày 15/03/2023 của UBND tỉnh Lai Châu, điểm a khoản 1 Điều 2, đoạn 12, https://tracuu.example.vn/doc/x/b%20c.txt#p12',
    });
  });
});

describe('CSV', () => {
  it('writes a line that a CSV reader reads back into the same values, dates as dd/mm/yyyy', () => {
    const row = exportRow({ paragraph, document }, '');
    const [header, cells] = parseCsv(CSV_HEADER + csvLine(row));
    expect(header).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    const read = Object.fromEntries(header.map((h, i) => [EXPORT_COLUMNS[i].key, cells[i]]));
    expect(read.date).toBe('15/03/2023');
    expect(read.heading).toBe('Điều 2 › 1 › a)');
    expect(read.paragraph).toBe('12');
    // A cell Excel would take for a formula is marked as text.
    expect(read.text).toBe(`'${paragraph.text}`);
    expect(read.citation).toBe(row.citation);
  });

  it('quotes only cells that need it, and marks every formula lead-in', () => {
    expect(csvCell('giải ngân')).toBe('giải ngân');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('nói "có"')).toBe('"nói ""có"""');
    for (const lead of ['=', '+', '-', '@', '\t']) expect(csvCell(`${lead}1+1`).replace(/^"/, '').startsWith(`'${lead}`)).toBe(true);
    expect(csvCell(12)).toBe('12');
  });
});

describe('exportOrder', () => {
  const docs = [
    { doc: 'a', title: 'A', date: '2021-05', ids: [1] },
    { doc: 'b', title: 'B', ids: [2, 3, 4] },
    { doc: 'c', title: 'C', date: '2023', ids: [5, 6] },
  ];
  it('puts the documents with most matches first for relevance, and by date otherwise, undated last', () => {
    expect(exportOrder(docs, 'relevance').map((d) => d.doc)).toEqual(['b', 'c', 'a']);
    expect(exportOrder(docs, 'newest').map((d) => d.doc)).toEqual(['c', 'a', 'b']);
    expect(exportOrder(docs, 'oldest').map((d) => d.doc)).toEqual(['a', 'c', 'b']);
  });
});
