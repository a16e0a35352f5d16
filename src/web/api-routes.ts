// JSON endpoints: search, suggestions and the health check. Bad input is a QueryError, which
// the app's error handler turns into 400 {error}.
import { Router } from 'express';
import type { AsyncSearcher } from '../search/async-searcher.js';
import { toApiResponse } from './api-shape.js';
import { MAX_LIMIT, MAX_OFFSET, PAGE_SIZE, readFlag, readFilters, readInt, readQuery, readSort, single, type RawQuery } from './params.js';

/** Number of completions /api/suggest returns. */
export const SUGGESTIONS = 8;

/** Routes for /api/search, /api/suggest and /healthz. */
export function apiRoutes(searcher: AsyncSearcher): Router {
  const router = Router();

  router.get('/api/search', async (req, res) => {
    const query = req.query as RawQuery;
    const q = readQuery(query);
    const limit = readInt(query, 'limit', PAGE_SIZE, 1, MAX_LIMIT);
    const offset = readInt(query, 'offset', 0, 0, MAX_OFFSET);
    const filters = readFilters(query);
    // Every paragraph is a hit unless asked: a list that scripts count must hold each mention.
    const collapse = readFlag(query, 'collapse');
    const sort = readSort(query);
    const perDocument = single(query, 'perDocument') ? readInt(query, 'perDocument', 1, 1, MAX_LIMIT) : undefined;
    res.json(toApiResponse(await searcher.search({ q, limit, offset, filters, collapse, sort, ...(perDocument ? { perDocument } : {}) })));
  });

  router.get('/api/suggest', async (req, res) => {
    const query = req.query as RawQuery;
    // An empty box is the normal state while typing, not a mistake worth a 400.
    if (!single(query, 'q')) {
      res.json({ query: '', suggestions: [] });
      return;
    }
    readQuery(query);
    // Untrimmed: a trailing space says the last word is finished and the next one is wanted.
    const q = (query.q as string).trimStart();
    res.json({ query: q, suggestions: await searcher.suggest(q, SUGGESTIONS) });
  });

  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true, ...searcher.stats() });
  });

  return router;
}
