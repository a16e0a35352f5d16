// The HTML pages: the search page (ranked results or every mention) and the document view.
import { Router } from 'express';
import { highlight } from '../search/highlight.js';
import { QueryError, type Searcher } from '../search/results.js';
import { MAX_LIMIT, MAX_OFFSET, PAGE_SIZE, readFilters, readInt, readQuery, single, type RawQuery } from './params.js';

/** Routes for GET / and GET /doc/<id>. */
export function searchRoutes(searcher: Searcher): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const query = req.query as RawQuery;
    const filters = readFilters(query);
    if (!single(query, 'q')) {
      res.render('search', { response: undefined, stats: searcher.stats() });
      return;
    }
    const q = readQuery(query);
    const all = single(query, 'all') === '1';
    const pageSize = all ? MAX_LIMIT : PAGE_SIZE;
    const page = readInt(query, 'page', 1, 1, Math.floor(MAX_OFFSET / pageSize) + 1);
    const offset = (page - 1) * pageSize;
    const response = searcher.search({ q, limit: pageSize, offset, filters });
    const available = response.total + response.totalPartial;
    res.render('search', {
      response,
      stats: searcher.stats(),
      page,
      pageSize,
      offset,
      pages: Math.max(1, Math.ceil(available / pageSize)),
    });
  });

  // The id is a file name relative to the indexed folder and may contain '/', so it is a
  // wildcard; '%2F' in one segment works too since each segment is decoded.
  router.get('/doc/*id', (req, res, next) => {
    const id = ([] as string[]).concat(req.params.id).join('/');
    const view = searcher.document(id);
    if (!view) return next();
    const q = single(req.query as RawQuery, 'q');
    const paragraphs = view.paragraphs.map((p) => {
      const ranges = q ? highlightOrNothing(searcher, q, p.text) : [];
      return { ...p, html: highlight(p.text, ranges), matched: ranges.length > 0 };
    });
    res.render('doc', {
      document: view.document,
      paragraphs,
      q,
      matched: paragraphs.filter((p) => p.matched).map((p) => p.paragraph),
    });
  });

  return router;
}

// A query the engine refuses (too long, only operators, …) should not keep anyone from reading
// the document it came with: show it unhighlighted instead.
function highlightOrNothing(searcher: Searcher, q: string, text: string): [number, number][] {
  try {
    return searcher.highlight(q, text);
  } catch (error) {
    if (error instanceof QueryError) return [];
    throw error;
  }
}
