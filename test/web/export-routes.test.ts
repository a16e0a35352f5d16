// GET /api/export: every full match as CSV or JSON, with the search's filters, streamed at the pace of the client.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParagraphRecord } from '../../src/ingest/records.js';
import type { Searcher } from '../../src/search/results.js';
import { EXPORT_COLUMNS } from '../../src/search/export.js';
import { parseCsv } from '../fixtures/csv.js';
import { seedApp, startApp, type Running } from './fixture.js';

const seeds = seedApp();

const exportOf = (params: Record<string, string>) => fetch(`${seeds.app.url}/api/export?${new URLSearchParams(params)}`);
const apiTotal = async (params: Record<string, string>) => ((await (await fetch(`${seeds.app.url}/api/search?${new URLSearchParams(params)}`)).json()) as { total: number }).total;

// The CSV's rows as objects keyed by the export's fields, after checking its BOM and header.
async function csvRows(res: Response): Promise<Record<string, string>[]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
  expect(header).toEqual(EXPORT_COLUMNS.map((c) => c.header));
  return rows.map((cells) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c.key, cells[i]])));
}

describe('the CSV export', () => {
  it('has one row per full match of giải ngân, each the paragraph its link names, in UTF-8 with a BOM', async () => {
    const res = await exportOf({ q: 'giải ngân', format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="tim-kiem-giai-ngan.csv"');
    const total = await apiTotal({ q: 'giải ngân' });
    expect(res.headers.get('x-export-total')).toBe(String(total));
    const rows = await csvRows(res);
    expect(rows).toHaveLength(total);
    const full = (await (await fetch(`${seeds.app.url}/api/search?q=${encodeURIComponent('giải ngân')}&limit=1000`)).json()) as { hits: { id: string; partial: boolean }[] };
    expect(rows.map((r) => `${r.doc}#p${r.paragraph}`).sort()).toEqual(full.hits.filter((h) => !h.partial).map((h) => h.id).sort());
    for (const row of rows) {
      const paragraph = seeds.engine.document(row.doc)?.paragraphs[Number(row.paragraph) - 1] as ParagraphRecord;
      expect(row.text.replace(/^'/, '')).toBe(paragraph.text);
      expect(row.url).toBe(`/doc/${encodeURIComponent(row.doc)}#p${row.paragraph}`);
      expect(row.citation.endsWith(row.url)).toBe(true);
    }
  });

  it('takes the filters and the order of the search', async () => {
    const filtered = await csvRows(await exportOf({ q: 'giải ngân', year: '2023' }));
    expect(filtered).toHaveLength(await apiTotal({ q: 'giải ngân', year: '2023' }));
    expect(filtered.every((r) => r.date.endsWith('2023'))).toBe(true);
    const ranged = await csvRows(await exportOf({ q: 'Điện Biên', from: '2022', to: '2022-12' }));
    expect(ranged).toHaveLength(await apiTotal({ q: 'Điện Biên', from: '2022', to: '2022-12' }));
    const newest = await csvRows(await exportOf({ q: 'giải ngân', sort: 'newest' }));
    const years = newest.map((r) => r.date.split('/').reverse().join('-')).filter(Boolean);
    expect(years).toEqual([...years].sort().reverse());
  });

  it('refuses a format it does not write, and a missing query, in Vietnamese', async () => {
    const xml = await exportOf({ q: 'giải ngân', format: 'xml' });
    expect(xml.status).toBe(400);
    expect(((await xml.json()) as { error: string }).error).toMatch(/format chỉ nhận csv hoặc json/);
    expect((await exportOf({ format: 'csv' })).status).toBe(400);
  });
});

describe('the JSON export', () => {
  it('holds every row and says it is complete', async () => {
    const body = (await (await exportOf({ q: 'giải ngân', format: 'json' })).json()) as { total: number; rows: Record<string, unknown>[]; written: number; complete: boolean };
    expect(body.total).toBe(await apiTotal({ q: 'giải ngân' }));
    expect(body.rows).toHaveLength(body.total);
    expect(body.written).toBe(body.total);
    expect(body.complete).toBe(true);
    expect(Object.keys(body.rows[0]).sort()).toEqual(EXPORT_COLUMNS.map((c) => c.key).sort());
  });
});

describe('an export larger than the socket can hold', () => {
  // A searcher of ROWS long paragraphs that counts the paragraphs read, to see whether the server waits for its client.
  const ROWS = 12_000;
  const text = 'giải ngân vốn đầu tư công '.repeat(100);
  let read = 0;
  let big: Running;
  beforeAll(async () => {
    const fake = {
      fullMatches: () => ({ total: ROWS, documents: [{ doc: 'big.txt', title: 'Big', ids: Array.from({ length: ROWS }, (_, i) => i) }], filters: {} }),
      paragraphsAt: (ids: readonly number[]) => {
        read += ids.length;
        return ids.map((n) => ({ paragraph: { id: `big.txt#p${n + 1}`, doc: 'big.txt', paragraph: n + 1, heading: [], text, start: 0, end: 0, kind: 'body' as const }, document: undefined }));
      },
      stats: () => ({ documents: 1, paragraphs: ROWS }),
    } as unknown as Searcher;
    big = await startApp(fake);
  });
  afterAll(async () => {
    await big?.close();
  });

  it('reads no further while the client does not read, and sends every row once it does', async () => {
    const url = new URL(`${big.url}/api/export?q=x&format=csv`);
    const res = await new Promise<http.IncomingMessage>((resolve) => http.get(url, resolve));
    res.pause();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
    await settle();
    const before = read;
    await settle();
    // Stopped: the buffers are full and nothing more is read, far short of the whole.
    expect(read).toBe(before);
    expect(read).toBeLessThan(ROWS / 2);
    let lines = 0;
    res.setEncoding('utf8');
    // Each line ends with CRLF and no text holds a line feed: the line feeds are the lines (a CRLF may straddle two chunks).
    for await (const chunk of res) lines += (chunk as string).split('\n').length - 1;
    expect(lines).toBe(ROWS + 1);
    expect(read).toBe(ROWS);
  });
});
