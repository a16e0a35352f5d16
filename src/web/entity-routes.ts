// Places and persons: the JSON list (/api/entities), the index page (/entities) and one page per
// entity (/entity/person/<name>, /entity/place/<type word and name>). Refusals are QueryErrors in
// Vietnamese, which the app's error handler turns into 400.
import { Router } from 'express';
import { ENTITY_KINDS, type EntityDetail, type EntityIndex, type EntityKind } from '../entities/entity-index.js';
import { highlight } from '../search/highlight.js';
import { QueryError } from '../search/results.js';
import type { AsyncSearcher } from '../search/async-searcher.js';
import { barChart, timeBars } from './chart.js';
import { single, type RawQuery } from './params.js';

/** Largest `limit` of /api/entities. */
export const MAX_ENTITIES = 1000;
/** Mentions per page of an entity page. */
export const MENTIONS_PER_PAGE = 200;

/** Vietnamese names of the kinds, for pages. */
export const KIND_LABEL: Record<EntityKind, string> = { person: 'Nhân vật', place: 'Địa danh' };

/** Link to an entity's page: '/entity/place/t%E1%BB%89nh%20Lai%20Ch%C3%A2u'. */
export function entityHref(kind: EntityKind, name: string): string {
  return `/entity/${kind}/${encodeURIComponent(name)}`;
}

/** The `kind` parameter: 'person' or 'place'. */
export function readKind(value: string): EntityKind {
  if (!(ENTITY_KINDS as readonly string[]).includes(value)) throw new QueryError('kind phải là person (nhân vật) hoặc place (địa danh)');
  return value as EntityKind;
}

// A whole number parameter within [min, max], refused in Vietnamese.
function readCount(query: RawQuery, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name);
  if (raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new QueryError(`${name} phải là số nguyên từ ${min} đến ${max}`);
  return n;
}

// Context of a mention: up to `room` characters each side, cut at spaces, with the mention marked.
function mentionSnippet(text: string, start: number, end: number, room = 90): string {
  let from = Math.max(0, start - room);
  let to = Math.min(text.length, end + room);
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  if (to < text.length) to = text.lastIndexOf(' ', to) > end ? text.lastIndexOf(' ', to) : to;
  const html = highlight(text.slice(from, to), [[start - from, end - from]]);
  return (from > 0 ? '… ' : '') + html + (to < text.length ? ' …' : '');
}

/** Routes for /api/entities, /entities and /entity/<kind>/<name>. */
export function entityRoutes(entities: EntityIndex, searcher: AsyncSearcher): Router {
  const router = Router();

  router.get('/api/entities', (req, res) => {
    const query = req.query as RawQuery;
    const kind = readKind(single(query, 'kind'));
    const limit = readCount(query, 'limit', 50, 1, MAX_ENTITIES);
    const q = single(query, 'q');
    if (q.length > 200) throw new QueryError('q quá dài: tối đa 200 ký tự');
    res.json({ entities: entities.list(kind, q, limit) });
  });

  router.get('/entities', (req, res) => {
    const q = single(req.query as RawQuery, 'q').slice(0, 200);
    res.render('entities', { q, lists: ENTITY_KINDS.map((kind) => ({ kind, label: KIND_LABEL[kind], items: entities.list(kind, q, 100) })), entityHref });
  });

  router.get('/entity/:kind/:name', async (req, res, next) => {
    const kind = (ENTITY_KINDS as readonly string[]).includes(req.params.kind) ? (req.params.kind as EntityKind) : undefined;
    const entity = kind ? entities.get(kind, req.params.name) : undefined;
    if (!entity) {
      res.status(404).render('error', {
        status: 404,
        title: 'Không tìm thấy nhân vật hay địa danh này',
        message: 'Chỉ mục không có nhân vật hay địa danh với tên này. Địa danh được viết kèm cấp hành chính, ví dụ «tỉnh Lai Châu», «huyện Điện Biên». Xem danh sách ở trang Nhân vật và địa danh.',
      });
      return;
    }
    const page = readCount(req.query as RawQuery, 'page', 1, 1, Math.max(1, Math.ceil(entity.mentionList.length / MENTIONS_PER_PAGE)));
    res.render('entity', { entity, ...(await entityPage(entity, searcher, page)), page, kindLabel: KIND_LABEL[entity.kind], entityHref });
  });

  return router;
}

// What an entity page shows: the chart, and the page's mentions grouped by document with their context.
async function entityPage(entity: EntityDetail, searcher: AsyncSearcher, page: number) {
  const dateOf = new Map(entity.perDocument.map((d) => [d.doc, d.date]));
  // One bar unit per paragraph naming the entity, dated by its document.
  const seen = new Set<number>();
  const dates: (string | undefined)[] = [];
  for (const m of entity.mentionList) {
    if (seen.has(m.n)) continue;
    seen.add(m.n);
    dates.push(dateOf.get(m.doc));
  }
  const time = timeBars(dates);
  const chart = time.bars.length ? barChart(time.bars, { title: `Số đoạn nhắc đến ${entity.name}, theo ${time.by === 'month' ? 'tháng' : 'năm'}` }) : '';
  const shown = entity.mentionList.slice((page - 1) * MENTIONS_PER_PAGE, page * MENTIONS_PER_PAGE);
  const groups: { doc: string; title: string; date?: string; count: number; mentions: (typeof shown[number] & { html: string })[] }[] = [];
  const texts = new Map<string, Map<number, string>>();
  for (const m of shown) {
    let paragraphs = texts.get(m.doc);
    if (!paragraphs) {
      paragraphs = new Map(((await searcher.document(m.doc))?.paragraphs ?? []).map((p) => [p.paragraph, p.text]));
      texts.set(m.doc, paragraphs);
    }
    let group = groups[groups.length - 1];
    if (!group || group.doc !== m.doc) {
      const d = entity.perDocument.find((x) => x.doc === m.doc);
      groups.push((group = { doc: m.doc, title: d?.title ?? m.doc, date: d?.date, count: d?.count ?? 0, mentions: [] }));
    }
    group.mentions.push({ ...m, html: mentionSnippet(paragraphs.get(m.paragraph) ?? '', m.start, m.end) });
  }
  return { chart, chartBy: time.by, undated: time.undated, groups, pages: Math.max(1, Math.ceil(entity.mentionList.length / MENTIONS_PER_PAGE)) };
}
