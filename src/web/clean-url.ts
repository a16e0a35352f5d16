// Shared links hold only the parameters in force: a page asked with empty ones (`type=&year=&body=`,
// as a search form submitted without its script sends them) is redirected to the same address
// without them. The JSON API is left alone: a script's request is answered as sent.
import type { RequestHandler } from 'express';

// Where the redirect applies: the pages, not the API, the health check or static files.
const PAGES = /^\/(?:$|doc\/|entities$|entity\/)/;

/** Middleware: 302 from a page URL with empty parameters to the URL without them (order and other values kept). */
export const dropEmptyParameters: RequestHandler = (req, res, next) => {
  const at = req.originalUrl.indexOf('?');
  if (at < 0 || (req.method !== 'GET' && req.method !== 'HEAD') || !PAGES.test(req.path)) return next();
  const kept = new URLSearchParams();
  let dropped = false;
  for (const [key, value] of new URLSearchParams(req.originalUrl.slice(at + 1))) {
    if (value.trim() === '') dropped = true;
    else kept.append(key, value);
  }
  if (!dropped) return next();
  const rest = kept.toString();
  res.redirect(302, req.originalUrl.slice(0, at) + (rest ? `?${rest}` : ''));
};
