import { describe, expect, it } from 'vitest';
import { readJsonl, readRecord, recordDate } from '../../../src/ingest/readers/jsonl.js';

const jsonl = (...lines: string[]): Buffer => Buffer.from(lines.join('\n'), 'utf8');

describe('readJsonl', () => {
  it('makes each line a document named by its id, or by its line number when it has none', async () => {
    const parts = await readJsonl(jsonl('{"id": "a1", "text": "Một."}', '', '{"text": "Hai."}'), 'r.jsonl');
    expect(parts).toEqual([
      { part: 'a1', text: 'Một.', meta: {} },
      { part: '3', text: 'Hai.', meta: {} },
    ]);
  });

  it('reports a bad line by its number and keeps the lines around it', async () => {
    const parts = await readJsonl(jsonl('{"text": "Một."}', '{"text": "hỏng', '{"text": "Ba."}'), 'r.jsonl');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toEqual({ failed: expect.stringMatching(/^dòng 2: không phải JSON hợp lệ \(.+\)$/) });
    expect(parts[2]).toMatchObject({ part: '3', text: 'Ba.' });
  });

  it('reports an id used twice, naming both lines', async () => {
    const parts = await readJsonl(jsonl('{"id": 7, "text": "a"}', '{"id": "7", "text": "b"}'), 'r.jsonl');
    expect(parts[1]).toEqual({ failed: "dòng 2: id '7' đã dùng ở dòng 1" });
  });
});

describe('readRecord', () => {
  it.each([
    ['[1, 2]', 'dòng 4: không phải một đối tượng JSON'],
    ['{"title": "Không có nội dung"}', 'dòng 4: không có trường "text" dạng chuỗi'],
    ['{"text": "   "}', 'dòng 4: trường "text" để trống'],
  ])('refuses %s', (line, reason) => {
    expect(readRecord(line, 4)).toEqual({ failed: reason });
  });

  it('takes the metadata fields, the source from the url, and leaves unknown fields out', () => {
    const record = {
      text: 'Nội dung.',
      title: ' Báo cáo quý I ',
      number: '188/BC-UBND',
      type: 'BÁO CÁO',
      body: 'UBND TỈNH LAI CHÂU',
      url: 'https://laichau.gov.vn/a/188',
      views: 1200,
      date: '2024-04-02T08:00:00Z',
    };
    expect(readRecord(JSON.stringify(record), 1)).toEqual({
      part: '1',
      text: 'Nội dung.',
      meta: {
        title: 'Báo cáo quý I',
        number: '188/BC-UBND',
        type: 'BÁO CÁO',
        body: 'UBND TỈNH LAI CHÂU',
        source: 'laichau.gov.vn',
        date: '2024-04-02',
        dateText: '2024-04-02T08:00:00Z',
      },
    });
  });
});

describe('recordDate', () => {
  it.each([
    ['2024', { date: '2024', dateText: '2024' }],
    ['2024-03', { date: '2024-03', dateText: '2024-03' }],
    ['5/7/2024', { date: '2024-07-05', dateText: '5/7/2024' }],
    ['ngày 5 tháng 7', { dateText: 'ngày 5 tháng 7' }],
    [null, {}],
  ])('reads %s', (value, expected) => {
    expect(recordDate(value)).toEqual(expected);
  });
});
