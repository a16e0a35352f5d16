// GET /api/cite: one paragraph of a document with its citations, for the copy button beside each
// paragraph of the document page (a page of 500 paragraphs would weigh 100 KB more with a citation
// written into each).
import { Router } from 'express';
import type { AsyncSearcher } from '../search/async-searcher.js';
import { citations, citation } from '../search/citation.js';
import { paragraphUrl } from '../search/permalink.js';
import { QueryError } from '../search/results.js';
import { readInt, single, type RawQuery } from './params.js';

/** Largest paragraph number accepted before the document says how many it has. */
const MAX_PARAGRAPH = 10_000_000;

/** The route of /api/cite?doc=<id>&paragraph=<n> over `searcher`; `origin` (PUBLIC_URL, or '') goes in front of the links, as on the pages. */
export function citeRoutes(searcher: AsyncSearcher, origin: string): Router {
  const router = Router();

  router.get('/api/cite', async (req, res) => {
    const query = req.query as RawQuery;
    const doc = single(query, 'doc');
    if (!doc) throw new QueryError('doc là bắt buộc: tên tệp của văn bản, như trong đường dẫn /doc/<tên tệp>.');
    const paragraph = readInt(query, 'paragraph', 0, 1, MAX_PARAGRAPH);
    if (!paragraph) throw new QueryError('paragraph là bắt buộc: số thứ tự của đoạn, từ 1.');
    const view = await searcher.document(doc, { from: paragraph - 1, count: 1 });
    if (!view) {
      res.status(404).json({ error: 'Văn bản này không có trong kho đã lập chỉ mục.' });
      return;
    }
    const p = view.paragraphs[0];
    if (!p) throw new QueryError(`Văn bản này có ${view.paragraphCount} đoạn; paragraph phải từ 1 đến ${view.paragraphCount}.`);
    const permalink = origin + paragraphUrl(p.doc, p.paragraph);
    res.json({ doc: p.doc, paragraph: p.paragraph, text: p.text, url: permalink, citation: citation(view.document, p, permalink), citations: citations(view.document, p, permalink) });
  });

  return router;
}
