// The web application: pages, JSON API and static files over any Searcher. Listening is left to
// the caller (server.ts, tests) so the same app runs on a fixed port or on port 0.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { QueryError, type Searcher } from '../search/results.js';
import { OverloadError, inlineSearcher, isAsyncSearcher, type AsyncSearcher } from '../search/async-searcher.js';
import { apiRoutes } from './api-routes.js';
import { searchRoutes } from './search-routes.js';
import { exportRoutes } from './export-routes.js';
import { citeRoutes } from './cite-routes.js';
import { dropEmptyParameters } from './clean-url.js';
import { entityRoutes } from './entity-routes.js';
import { EntityIndex } from '../entities/entity-index.js';
import { readForm, type RawQuery } from './params.js';
import { UNIT_LABEL, citationWithOrigin, docHref, exportHref, formatCount, formatDate, formatPlace, searchHref } from './format.js';
import { countBar } from './chart.js';

/** The project's views folder (templates and static/), found from this file so the cwd does not matter. */
export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

/** What the app needs to run. */
export interface AppDeps {
  /**
   * The searcher (a search pool, src/search/pool.ts, or a plain engine, which then answers on the
   * event loop), or a getter of the one to use now (a server swapping in a rebuilt index, see
   * LiveIndex in src/web/live-index.ts). A getter is read once when a request arrives, together
   * with `entities`, and that request is served by that pair to its end: never half old, half new.
   */
  searcher: Searcher | AsyncSearcher | (() => Searcher | AsyncSearcher);
  /** Places and persons of the same index (EntityIndex.load), or a getter read with `searcher`'s; default none, so pages list none. */
  entities?: EntityIndex | (() => EntityIndex);
  /**
   * Origin put in front of the citations' permalinks on pages ('https://example.gov.vn', from
   * PUBLIC_URL); default none, so they stay relative. Never taken from the request's Host header,
   * which any client chooses.
   */
  publicUrl?: string;
  /** Where unexpected errors are reported; defaults to console.error. */
  logError?: (error: unknown, req: Request) => void;
}

/** Paths served, all by GET (and HEAD); any other method on them is answered 405 with Allow. */
export const GET_PATHS = ['/', '/doc/*id', '/api/search', '/api/export', '/api/cite', '/api/suggest', '/api/entities', '/healthz', '/favicon.ico', '/entities', '/entity/*name', '/static/*file'];

/** Builds the Express app: routes, then a 404 handler, then the single error handler. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Without it (Express caches views only under NODE_ENV=production) EJS compiles each template and
  // each include again on every render: the every-mention page of «của» (1000 hits) took 120-220 ms of the
  // HTTP thread instead of about 40.
  app.set('view cache', true);
  Object.assign(app.locals, { formatDate, formatPlace, formatCount, searchHref, exportHref, countBar, docHref, citationWithOrigin, unitLabel: UNIT_LABEL, origin: deps.publicUrl ?? '' });

  app.use(securityHeaders);
  app.use('/static', express.static(path.join(VIEWS_DIR, 'static'), { index: false, maxAge: '1h' }));
  // Browsers ask for it on every site whatever the page says; a 404 would fill the logs.
  app.get('/favicon.ico', (_req, res) => {
    res.sendFile(path.join(VIEWS_DIR, 'static', 'favicon.ico'), { maxAge: '1d', headers: { 'Content-Type': 'image/x-icon' } });
  });
  app.use(dropEmptyParameters);
  // Every page carries the search form, error pages included, so it is filled in once here.
  app.use((req, res, next) => {
    res.locals.form = readForm(req.query as RawQuery);
    next();
  });
  app.use(indexRoutes(deps));
  app.all(GET_PATHS, methodNotAllowed);
  app.use(notFound);
  app.use(errorHandler(deps.logError ?? ((error) => console.error(error))));
  return app;
}

// The routes over the index current when each request arrives; they are built again only when the
// searcher or the entities change, and a request in flight keeps the router it started with.
function indexRoutes(deps: AppDeps): RequestHandler {
  const none = new EntityIndex({ entities: [], variants: [], roles: [], mentions: [], documents: [] });
  let built: { given: Searcher | AsyncSearcher; entities: EntityIndex; router: Router } | undefined;
  return (req, res, next) => {
    const searcher = typeof deps.searcher === 'function' ? deps.searcher() : deps.searcher;
    const entities = (typeof deps.entities === 'function' ? deps.entities() : deps.entities) ?? none;
    if (built?.given !== searcher || built.entities !== entities) {
      const router = Router();
      const given = searcher;
      const async = isAsyncSearcher(given) ? given : inlineSearcher(given);
      router.use(apiRoutes(async));
      router.use(citeRoutes(async, deps.publicUrl ?? ''));
      router.use(exportRoutes(async, deps.publicUrl ?? '', deps.logError ?? ((error) => console.error(error))));
      router.use(entityRoutes(entities, async));
      router.use(searchRoutes(async));
      built = { given, entities, router };
    }
    built.router(req, res, next);
  };
}

// A known path asked with another method than GET or HEAD: 405 and what is allowed (OPTIONS just asks).
const methodNotAllowed: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  res.set('Allow', 'GET, HEAD');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  if (wantsJson(req)) {
    res.status(405).json({ error: `Địa chỉ ${req.path} chỉ nhận yêu cầu GET, không nhận ${req.method}.` });
    return;
  }
  res.status(405).render('error', {
    status: 405,
    title: 'Phương thức không được hỗ trợ',
    message: `Địa chỉ này chỉ nhận yêu cầu GET, không nhận ${req.method}.`,
  });
};

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
    res.status(404).json({ error: `Không có địa chỉ ${req.method} ${req.path}. Các địa chỉ của API có trong README.md.` });
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
      title: error instanceof OverloadError ? (error.reason === 'store' ? 'Kho dữ liệu tạm thời không trả lời' : 'Máy chủ đang quá tải') : status >= 500 ? 'Đã có lỗi xảy ra' : 'Không thể tìm với yêu cầu này',
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
    // Express's own messages are in English ('Failed to decode param …'): the reader gets Vietnamese.
    return { status, message: `Máy chủ không hiểu yêu cầu này (mã ${status}): đường dẫn có thể bị cắt hoặc có ký tự % không đúng dạng. Hãy kiểm tra lại đường dẫn.` };
  }
  return { status: 500, message: 'Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau ít phút.' };
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz';
}
