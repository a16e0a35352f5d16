// GET /api/export: every full match of a query, as CSV (UTF-8 with a BOM, so that Excel reads the
// Vietnamese right) or JSON, with the filters of /api/search. The rows are streamed a batch at a time
// and a batch is written only once the client has taken the last: memory stays that of one batch
// whatever the number of rows. Nothing is cut: the answer holds every row, or says where it stopped.
import { Router, type Request, type Response } from 'express';
import type { AsyncSearcher } from '../search/async-searcher.js';
import { CSV_HEADER, csvCell, csvLine, exportOrder, exportRow, type ExportRow } from '../search/export.js';
import { QueryError } from '../search/results.js';
import { fold } from '../text/fold.js';
import { readFilters, readQuery, readSort, single, type RawQuery } from './params.js';

/** Paragraphs read and written at a time (default 200: about 100 KB of CSV). */
export const EXPORT_BATCH = 200;

/** Exports that may stream at once in one process; one more is answered 503 (default 4: each keeps the HTTP thread writing rows). */
export const EXPORTS_AT_ONCE = 4;

let streaming = 0;

/** The formats /api/export writes. */
export type ExportFormat = 'csv' | 'json';

/** The `format` parameter: csv (default) or json. */
export function readFormat(query: RawQuery): ExportFormat {
  const format = single(query, 'format') || 'csv';
  if (format !== 'csv' && format !== 'json') throw new QueryError('format chỉ nhận csv hoặc json.');
  return format;
}

/** A file name for the export of a query: 'tim-kiem-giai-ngan.csv'. */
export function exportFileName(q: string, format: ExportFormat): string {
  const slug = fold(q.toLowerCase()).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `tim-kiem${slug ? '-' + slug : ''}.${format}`;
}

// Resolves once the client has taken what was written (or has gone).
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The route of /api/export over `searcher`; `origin` (PUBLIC_URL, or '') goes in front of the rows' links; a failure once rows are sent goes to `logError`. */
export function exportRoutes(searcher: AsyncSearcher, origin: string, logError: (error: unknown, req: Request) => void): Router {
  const router = Router();

  router.get('/api/export', async (req, res) => {
    const query = req.query as RawQuery;
    const q = readQuery(query);
    const format = readFormat(query);
    const filters = readFilters(query);
    const sort = readSort(query);
    if (streaming >= EXPORTS_AT_ONCE) {
      res.status(503).set('Retry-After', '5').json({ error: `Đang có ${EXPORTS_AT_ONCE} lượt xuất dữ liệu chạy cùng lúc. Vui lòng thử lại sau ít giây.` });
      return;
    }
    streaming++;
    try {
      const list = await searcher.fullMatches({ q, filters, sort });
      const documents = exportOrder(list.documents, sort);
      res.status(200).set({
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${exportFileName(q, format)}"`,
        'Cache-Control': 'no-store',
        'X-Export-Total': String(list.total),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const line = format === 'csv' ? csvLine : (row: ExportRow, first: boolean) => (first ? '\n' : ',\n') + JSON.stringify(row);
      res.write(format === 'csv' ? '\uFEFF' + CSV_HEADER : `{"query":${JSON.stringify(q)},"filters":${JSON.stringify(list.filters)},"total":${list.total},"rows":[`);
      let written = 0;
      let stopped: string | undefined;
      try {
        for (const d of documents) {
          for (let i = 0; i < d.ids.length; i += EXPORT_BATCH) {
            if (res.destroyed) return;
            let chunk = '';
            for (const placed of await searcher.paragraphsAt(d.ids.slice(i, i + EXPORT_BATCH))) chunk += line(exportRow(placed, origin), written++ === 0);
            // Backpressure: the next batch is read only once the socket has taken this one.
            if (!res.write(chunk)) await drained(res);
            else await nextTurn();
          }
        }
      } catch (error) {
        logError(error, req);
        stopped = `Xuất dữ liệu dừng sau ${written} trên ${list.total} đoạn vì lỗi máy chủ; các đoạn sau đó không có trong tệp này.`;
      }
      if (res.destroyed) return;
      if (!stopped && written !== list.total) stopped = `Xuất dữ liệu chỉ ghi được ${written} trên ${list.total} đoạn.`;
      // A CSV has no place for a note but a row: one cell, after the last row written.
      if (format === 'csv') res.end(stopped ? csvCell(`# ${stopped}`) + '\r\n' : '');
      else res.end(`\n],"written":${written},"complete":${!stopped}${stopped ? `,"stopped":${JSON.stringify(stopped)}` : ''}}\n`);
    } finally {
      streaming--;
    }
  });

  return router;
}
