// The HTML pages: the search page (ranked results or every mention) and the document view.
import { Router, type NextFunction, type Response } from 'express';
import { highlight } from '../search/highlight.js';
import { QueryError, type SearchHit, type SearchResponse } from '../search/results.js';
import type { AsyncSearcher } from '../search/async-searcher.js';
import { MAX_LIMIT, MAX_OFFSET, PAGE_SIZE, readFilters, readInt, readQuery, readSort, single, type RawQuery } from './params.js';
import { KIND_LABEL, entityHref } from './entity-routes.js';
import { docHref } from './format.js';
import { barChart, timeBars } from './chart.js';
import { tableOfContents } from './toc.js';
import { noResultHelp } from './no-results.js';
import { DOCUMENT_PAGE } from '../search/permalink.js';

/** Largest paragraph number a link may ask for (`at`), before the document says how many it has. */
const MAX_PARAGRAPH = 10_000_000;

/** Longest query the table of contents' links carry (longer ones are dropped from them). */
export const TOC_QUERY_CHARS = 100;

/** Hits of one document on a results page before "N đoạn khác trong văn bản này". */
export const HITS_PER_DOCUMENT = 3;

/** Places and persons listed beside a results page, per kind. */
export const FACETS_PER_KIND = 10;

/** Routes for GET / and GET /doc/<id>; the places and persons among the hits are the searcher's facets. */
export function searchRoutes(searcher: AsyncSearcher): Router {
  const router = Router();

  router.get('/', (req, res) => searchPage(searcher, req.query as RawQuery, res));
  // The id is a file name relative to the indexed folder and may contain '/', so it is a
  // wildcard; '%2F' in one segment works too since each segment is decoded.
  router.get('/doc/*id', (req, res, next) => documentPage(searcher, ([] as string[]).concat(req.params.id).join('/'), req.query as RawQuery, res, next));

  return router;
}

// GET /: the search page, ranked results or every mention.
async function searchPage(searcher: AsyncSearcher, query: RawQuery, res: Response): Promise<void> {
  const filters = readFilters(query);
  if (!single(query, 'q') && !single(query, 'number')) {
    res.render('search', { response: undefined, stats: searcher.stats() });
    return;
  }
  const q = readQuery(query);
  const all = single(query, 'all') === '1';
  // The every-mention view lists full matches only; near ones ("gần đúng") when asked, partial ones never.
  const near = all && single(query, 'near') === '1';
  const pageSize = all ? MAX_LIMIT : PAGE_SIZE;
  const page = readInt(query, 'page', 1, 1, Math.floor(MAX_OFFSET / pageSize) + 1);
  const offset = (page - 1) * pageSize;
  // The ranked list collapses identical texts (a table cell repeated, a consolidated text repeating
  // its source) into one hit that says where else they are; the every-mention view lists each one.
  const sort = readSort(query);
  // The ranked list shows a few hits per document (group=0: every one); the every-mention view all.
  const grouped = !all && !filters.doc && single(query, 'group') !== '0';
  const response = await searcher.search({ q, limit: pageSize, offset, filters, partial: !all, collapse: !all, facets: FACETS_PER_KIND, sort, ...(grouped ? { perDocument: HITS_PER_DOCUMENT } : {}) });
  if (all && !near) response.hits = response.hits.filter((h) => !h.partial);
  const shown = response.distinct ?? { total: response.total, near: response.totalNear };
  const available = shown.total + (all ? (near ? shown.near : 0) : shown.near + response.totalPartial);
  // No full match: the query without diacritics or with a unit fewer, when they find something.
  const help = response.total === 0 && page === 1 ? await noResultHelp(searcher, q, response.units, filters) : undefined;
  // The every-mention view draws its matches over time, each document's count at its date.
  const time = all ? timeBars(response.perDocument.map((d) => d.date), response.perDocument.map((d) => d.count)) : undefined;
  res.render('search', {
    response,
    help,
    chart: time?.bars.length ? { svg: barChart(time.bars, { title: `Số đoạn nhắc đến «${q}», theo ${time.by === 'month' ? 'tháng' : 'năm'}` }), by: time.by, undated: time.undated } : undefined,
    stats: searcher.stats(),
    page,
    pageSize,
    offset,
    pages: Math.max(1, Math.ceil(available / pageSize)),
    groups: all ? groupByDocument(response) : undefined,
    near,
    grouped,
    facets: response.facets ?? [],
    fieldFacets: response.fieldFacets,
    kindLabel: KIND_LABEL,
    entityHref,
  });
}

// GET /doc/<id>: one page of a document, its matches marked.
async function documentPage(searcher: AsyncSearcher, id: string, query: RawQuery, res: Response, next: NextFunction): Promise<void> {
  // One page of paragraphs, the one holding `at`: only what is sent is read and highlighted.
  const at = readInt(query, 'at', 1, 1, MAX_PARAGRAPH);
  const first = Math.floor((at - 1) / DOCUMENT_PAGE) * DOCUMENT_PAGE;
  const view = await searcher.document(id, { from: first, count: DOCUMENT_PAGE });
  if (!view) {
    next();
    return;
  }
  const q = single(query, 'q');
  const count = view.paragraphCount;
  if (at > Math.max(1, count)) throw new QueryError(`Văn bản này có ${count} đoạn; at phải từ 1 đến ${count}.`);
  const shown = view.paragraphs;
  // Finding and marking the matches is a search's work, done in the search pool.
  const marks = q ? await searcher.documentMarks(id, q, first, DOCUMENT_PAGE) : undefined;
  const matched = marks?.matched ?? [];
  const isMatched = new Set(matched);
  const paragraphs = shown.map((p, i) => ({ ...p, html: highlight(p.text, marks?.ranges[i] ?? []), matched: isMatched.has(p.paragraph) }));
  const onPage = (n: number) => n > first && n <= first + DOCUMENT_PAGE;
  // A paragraph on this page is an anchor; one on another page is a link that opens that page.
  const paragraphHref = (n: number) => (onPage(n) ? `#p${n}` : docHref(id, q || undefined, n));
  // A page opens at its first paragraph (the first page needs no `at`).
  const pageLink = (start: number) => docHref(id, q || undefined, start + 1).replace(/#p\d+$/, '');
  // The contents' links to other pages are relative to this document (a few hundred links each
  // carrying a 60-character file name weighed 25 KB), and leave out a long query.
  const tocQuery = q && q.length <= TOC_QUERY_CHARS ? `q=${encodeURIComponent(q)}&` : '';
  const tocHref = (n: number) => (onPage(n) ? `#p${n}` : `?${tocQuery}at=${n}#p${n}`);
  const toc = tableOfContents((await searcher.outline(id)) ?? [], first + 1, first + shown.length);
  res.render('doc', {
    toc,
    tocHref,
    document: view.document,
    paragraphs,
    q,
    matched,
    paragraphHref,
    window: { from: first + 1, to: first + shown.length, count, prev: first > 0 ? pageLink(first - DOCUMENT_PAGE) : undefined, next: first + DOCUMENT_PAGE < count ? pageLink(first + DOCUMENT_PAGE) : undefined },
  });
}

// The hits of one document in the all-mentions view.
interface MentionGroup {
  doc: string;
  title: string;
  hits: SearchHit[];
}

// A reporter reading every mention wants them document by document in reading order, not by
// score; documents keep the engine's most-mentions-first order. Near matches (when asked) are not
// mentions as typed, so they form one last group of their own, still ranked.
function groupByDocument(response: SearchResponse): { documents: MentionGroup[]; partial: SearchHit[] } {
  const byDoc = new Map<string, MentionGroup>();
  for (const d of response.perDocument) byDoc.set(d.doc, { doc: d.doc, title: d.title, hits: [] });
  const partial: SearchHit[] = [];
  for (const hit of response.hits) {
    if (hit.partial) {
      partial.push(hit);
      continue;
    }
    let group = byDoc.get(hit.doc);
    if (!group) byDoc.set(hit.doc, (group = { doc: hit.doc, title: hit.title, hits: [] }));
    group.hits.push(hit);
  }
  const documents = [...byDoc.values()].filter((g) => g.hits.length > 0);
  for (const g of documents) g.hits.sort((a, b) => a.paragraph - b.paragraph);
  return { documents, partial };
}
