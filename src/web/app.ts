// The web application: pages, JSON API and static files over any Searcher. Listening is left to
// the caller (server.ts, tests) so the same app runs on a fixed port or on port 0.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { QueryError, type Searcher } from '../search/results.js';
import { OverloadError, inlineSearcher, isAsyncSearcher, type AsyncSearcher } from '../search/async-searcher.js';
import { apiRoutes } from './api-routes.js';
import { searchRoutes } from './search-routes.js';
import { entityRoutes } from './entity-routes.js';
import { EntityIndex } from '../entities/entity-index.js';
import { readForm, type RawQuery } from './params.js';
import { UNIT_LABEL, citationWithOrigin, docHref, formatCount, formatDate, formatPlace, searchHref } from './format.js';

/** The project's views folder (templates and static/), found from this file so the cwd does not matter. */
export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

/** What the app needs to run. */
export interface AppDeps {
  /** A search pool (src/search/pool.ts), or a plain engine, which then answers on the event loop. */
  searcher: Searcher | AsyncSearcher;
  /** Places and persons of the same index (EntityIndex.load); default none, so pages list none. */
  entities?: EntityIndex;
  /** Where unexpected errors are reported; defaults to console.error. */
  logError?: (error: unknown, req: Request) => void;
}

/** Builds the Express app: routes, then a 404 handler, then the single error handler. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  Object.assign(app.locals, { formatDate, formatPlace, formatCount, searchHref, docHref, citationWithOrigin, unitLabel: UNIT_LABEL });

  app.use(securityHeaders);
  app.use('/static', express.static(path.join(VIEWS_DIR, 'static'), { index: false, maxAge: '1h' }));
  // Every page carries the search form, error pages included, so it is filled in once here.
  app.use((req, res, next) => {
    res.locals.form = readForm(req.query as RawQuery);
    next();
  });
  const entities = deps.entities ?? new EntityIndex({ entities: [], variants: [], roles: [], mentions: [], documents: [] });
  const searcher = isAsyncSearcher(deps.searcher) ? deps.searcher : inlineSearcher(deps.searcher);
  app.use(apiRoutes(searcher));
  app.use(entityRoutes(entities, searcher));
  app.use(searchRoutes(searcher));
  app.use(notFound);
  app.use(errorHandler(deps.logError ?? ((error) => console.error(error))));
  return app;
}

// No inline script or style anywhere, so the policy can forbid them: a snippet that somehow
// carried markup still could not run.
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  });
  next();
};

const notFound: RequestHandler = (req, res) => {
  if (wantsJson(req)) {
    res.status(404).json({ error: `Not found: ${req.method} ${req.path}. See README.md for the API's endpoints.` });
    return;
  }
  const isDoc = req.path.startsWith('/doc/');
  res.status(404).render('error', {
    status: 404,
    title: isDoc ? 'Không tìm thấy văn bản' : 'Không tìm thấy trang',
    message: isDoc
      ? 'Văn bản này không có trong kho đã lập chỉ mục. Hãy tìm lại từ trang tìm kiếm.'
      : 'Địa chỉ này không tồn tại. Hãy kiểm tra lại đường dẫn hoặc tìm từ trang chủ.',
  });
};

function errorHandler(logError: (error: unknown, req: Request) => void): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, message } = describeError(error);
    // An overloaded server is no failure of ours to log: the client is told when to try again.
    if (error instanceof OverloadError) res.set('Retry-After', String(error.retryAfter));
    else if (status >= 500) logError(error, req);
    if (wantsJson(req)) {
      res.status(status).json({ error: message });
      return;
    }
    res.status(status).render('error', {
      status,
      title: error instanceof OverloadError ? 'Máy chủ đang quá tải' : status >= 500 ? 'Đã có lỗi xảy ra' : 'Không thể tìm với yêu cầu này',
      message: status >= 500 && !(error instanceof OverloadError) ? 'Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau ít phút.' : message,
    });
  };
}

/** Status and a message safe to show: the user's own mistakes are explained, our failures are not detailed. */
function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof QueryError) return { status: 400, message: error.message };
  if (error instanceof OverloadError) return { status: 503, message: error.message };
  // Errors raised by Express itself (a malformed %-escape in the path, …) carry a 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const expose = (error as { expose?: unknown }).expose === true;
    return { status, message: expose ? String((error as Error).message) : 'The request could not be understood' };
  }
  return { status: 500, message: 'Internal server error; the problem has been logged' };
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz';
}
