// HTTP tests of the web app: pages, JSON API, validation and escaping, over a real listening server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Searcher } from '../../src/search/results.js';
import { createApp } from '../../src/web/app.js';
import { listen, seedEngine, serveCorpus, startApp, type Running } from './fixture.js';

let app: Running;
let searcher: Searcher;
let cleanup = () => {};

beforeAll(async () => {
  const seeded = await seedEngine();
  searcher = seeded.engine;
  cleanup = seeded.cleanup;
  app = await startApp(searcher);
});
afterAll(async () => {
  await app?.close();
  cleanup();
});

const get = (path: string) => fetch(app.url + path);
const api = (params: Record<string, string>) => get('/api/search?' + new URLSearchParams(params));

const HIT_FIELDS = ['citation', 'citations', 'doc', 'heading', 'html', 'id', 'matches', 'meta', 'paragraph', 'partial', 'score', 'snippet', 'text', 'title', 'url'];
const RESPONSE_FIELDS = ['didYouMean', 'filters', 'hits', 'perDocument', 'query', 'tookMs', 'total', 'totalNear', 'totalPartial', 'units'];

describe('search page', () => {
  it('serves the start page in Vietnamese with a plain GET form', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<form[^>]*method="get"[^>]*action="\/"/);
    expect(html).toContain('name="q"');
  });

  it('shows results with marks, place, count and a citation', async () => {
    const res = await get('/?q=' + encodeURIComponent('giải ngân'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Tìm thấy <strong>\d+<\/strong> đoạn/);
    expect(html).toMatch(/<mark>giải ngân<\/mark>/i);
    expect(html).toMatch(/đoạn \d+/);
    expect(html).toContain('class="citation-text"');
    expect(html).toContain('all=1');
    expect(html).toContain('value="giải ngân"');
  });

  it('says how many matches a date filter leaves out for lack of a date, with a link to them', async () => {
    const html = await (await get('/?q=t%E1%BB%89nh&from=2022&to=2022')).text();
    const m = /Thêm (\d+) đoạn khớp trong văn bản không rõ ngày/.exec(html);
    expect(m).not.toBeNull();
    const undated = await (await api({ q: 'tỉnh', undated: '1' })).json();
    expect(undated.total).toBe(Number(m![1]));
    expect(html).toContain('undated=1');
  });

  it('lists mentions per document in the all-mentions view', async () => {
    const html = await (await get('/?all=1&q=' + encodeURIComponent('giải ngân'))).text();
    expect(html).toContain('class="per-doc"');
    expect(html).toContain('Số đoạn nhắc đến');
  });

  it('shows a query containing <script> as text, never as markup', async () => {
    const q = '<script>alert("x")</script> giải ngân';
    const res = await get('/?q=' + encodeURIComponent(q));
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
  });

  it('answers a bad page number with a 400 page that keeps the form', async () => {
    const res = await get('/?q=abc&page=zero');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('page phải là số nguyên');
    expect(html).toContain('value="abc"');
  });

  it('answers a bad year filter with 400', async () => {
    expect((await get('/?q=abc&year=23')).status).toBe(400);
  });

  it('serves the stylesheet and the enhancement script', async () => {
    const css = await get('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const js = await get('/static/suggest.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('document page', () => {
  it('renders every paragraph with an anchor and highlights the query', async () => {
    const hit = searcher.search({ q: 'giải ngân' }).hits[0];
    const res = await get(hit.url.replace(/#.*/, ''));
    expect(res.status).toBe(200);
    const html = await res.text();
    const view = searcher.document(hit.doc)!;
    for (const p of view.paragraphs) expect(html).toContain(`id="p${p.paragraph}"`);
    expect(html).toMatch(new RegExp(`id="p${hit.paragraph}"[^>]*>[\\s\\S]*?<mark>`));
    expect(html).toContain(`href="#p${hit.paragraph}"`);
  });

  it('answers an unknown document with a 404 page', async () => {
    const res = await get('/doc/no-such-file.txt');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Không tìm thấy văn bản');
  });

  it('answers a malformed escape in the path with 400, not 500', async () => {
    expect((await get('/doc/%E0%A4%A')).status).toBe(400);
  });
});

describe('JSON API', () => {
  it('returns exactly the contract fields', async () => {
    const res = await api({ q: 'giải ngân', limit: '3' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(RESPONSE_FIELDS);
    expect(body.query).toBe('giải ngân');
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.length).toBeLessThanOrEqual(3);
    for (const hit of body.hits) {
      expect(Object.keys(hit).sort()).toEqual(HIT_FIELDS);
      expect(hit.snippet).toMatch(/<mark>/);
      expect(hit.url).toMatch(/^\/doc\//);
    }
    expect(body.perDocument[0]).toMatchObject({ doc: expect.any(String), count: expect.any(Number) });
  });

  it('pages with offset', async () => {
    const first = await (await api({ q: 'giải ngân', limit: '1' })).json();
    const second = await (await api({ q: 'giải ngân', limit: '1', offset: '1' })).json();
    expect(second.hits[0].id).not.toBe(first.hits[0].id);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['missing q', {}, /Thiếu q/],
    ['empty q', { q: '' }, /Thiếu q/],
    ['whitespace q', { q: '  \t ' }, /Thiếu q/],
    ['q over 1000 characters', { q: 'a'.repeat(1001) }, /q quá dài/],
    ['limit 0', { q: 'x', limit: '0' }, /limit phải là số nguyên từ 1 đến 1000/],
    ['limit 1001', { q: 'x', limit: '1001' }, /limit/],
    ['limit not a number', { q: 'x', limit: 'ten' }, /limit/],
    ['limit fractional', { q: 'x', limit: '1.5' }, /limit/],
    ['offset negative', { q: 'x', offset: '-1' }, /offset phải là số nguyên/],
    ['offset too deep', { q: 'x', offset: '100001' }, /offset/],
    ['year not four digits', { q: 'x', year: '23' }, /year phải là năm bốn chữ số/],
    ['from not a date', { q: 'x', from: '15/03/2023' }, /from phải là một năm, tháng hoặc ngày/],
    ['to not a date', { q: 'x', to: '2023-13' }, /to phải là/],
    ['sort unknown', { q: 'x', sort: 'random' }, /sort chỉ nhận/],
    ['undated neither 1 nor 0', { q: 'x', undated: 'yes' }, /undated chỉ nhận/],
    ['an empty type:"" in the query', { q: 'type:""' }, /Bộ lọc type: đang để trống/],
    ['an empty body:"" in the query', { q: 'giải ngân body:""' }, /Bộ lọc body: đang để trống/],
    ['year: with nothing after it', { q: 'giải ngân year:' }, /Bộ lọc year: đang để trống/],
  ];
  for (const [name, params, message] of bad) {
    it(`answers 400 with a message for ${name}`, async () => {
      const res = await api(params);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatch(message);
    });
  }

  it('ignores empty type, body and year parameters, as the search form sends them', async () => {
    const plain = await (await api({ q: 'giải ngân' })).json();
    const empty = await (await api({ q: 'giải ngân', type: '', body: ' ', year: '' })).json();
    expect(empty.total).toBe(plain.total);
    expect(empty.filters).toEqual({});
  });

  it('refuses an empty filter on the results page in Vietnamese', async () => {
    const res = await get('/?q=' + encodeURIComponent('type:""'));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Bộ lọc type: đang để trống');
  });

  it('answers 400 for a parameter given twice', async () => {
    const res = await get('/api/search?q=a&q=b');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/chỉ được có một lần/);
  });

  it('answers an unknown endpoint with 404 JSON', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).error).toMatch(/Không có địa chỉ GET \/api\/nope/);
  });

  it('answers an unknown page with a 404 HTML page', async () => {
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Không tìm thấy trang');
  });

  it('suggests accented completions for unaccented input', async () => {
    const body = await (await get('/api/suggest?q=giai')).json();
    expect(body.query).toBe('giai');
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(body.suggestions.length).toBeLessThanOrEqual(8);
    expect(body.suggestions.some((s: string) => s.startsWith('giải'))).toBe(true);
  });

  it('suggests nothing for an empty box', async () => {
    const res = await get('/api/suggest?q=');
    expect(res.status).toBe(200);
    expect((await res.json()).suggestions).toEqual([]);
  });

  it('reports health with counts', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, ...searcher.stats() });
    expect(body.documents).toBeGreaterThan(0);
  });
});

describe('a document in a subfolder whose text contains markup', () => {
  let other: Running;
  const DOC = 'tinh/bao-cao.txt';
  const TEXT = [
    'BÁO CÁO',
    'Kết quả giải ngân vốn đầu tư công quý I',
    'Trang tin đăng kèm đoạn mã <script>alert("xss")</script> và <b>chữ đậm</b> khi sao chép từ web; tiến độ giải ngân vẫn chậm.',
  ].join('\n\n');

  beforeAll(async () => {
    other = await serveCorpus({ [DOC]: TEXT });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('serves the document at its path and at its encoded id', async () => {
    for (const href of ['/doc/tinh/bao-cao.txt', '/doc/tinh%2Fbao-cao.txt']) {
      const res = await fetch(other.url + href);
      expect(res.status, href).toBe(200);
    }
  });

  it('links each hit to a working permalink', async () => {
    const body = await (await fetch(other.url + '/api/search?q=' + encodeURIComponent('giải ngân'))).json();
    expect(body.hits.length).toBeGreaterThan(0);
    for (const hit of body.hits) {
      expect(hit.doc).toBe(DOC);
      expect((await fetch(other.url + hit.url)).status).toBe(200);
    }
  });

  it('shows the markup as text on the search page, the document page and in the API', async () => {
    const q = encodeURIComponent('alert xss');
    const page = await (await fetch(other.url + '/?q=' + q)).text();
    const doc = await (await fetch(other.url + '/doc/tinh/bao-cao.txt?q=' + q)).text();
    for (const html of [page, doc]) {
      expect(html).not.toMatch(/<script>alert|<b>chữ/);
      expect(html).toContain('&lt;script&gt;');
    }
    const body = await (await fetch(other.url + '/api/search?q=' + q)).json();
    expect(body.hits[0].text).toContain('<script>');
    expect(body.hits[0].snippet).not.toContain('<script>');
  });
});

describe('identical texts in several places', () => {
  let other: Running;
  const CELL = 'Bảo hiểm thất nghiệp';

  beforeAll(async () => {
    other = await serveCorpus({
      'a.txt': [CELL, 'Năm 2024', CELL, 'Người lao động đóng bảo hiểm thất nghiệp theo quy định của Luật Việc làm.'].join('\n\n'),
      'b.txt': ['Phụ lục', CELL].join('\n\n'),
    });
  });
  afterAll(async () => {
    await other?.close();
  });

  const q = encodeURIComponent('bảo hiểm thất nghiệp');

  it('shows a repeated text once on the results page, with where else it is, and counts every paragraph', async () => {
    const html = await (await fetch(other.url + '/?q=' + q)).text();
    expect(html).toContain('Tìm thấy <strong>4</strong> đoạn (2 nội dung khác nhau');
    expect(html.match(/<li class="hit/g)).toHaveLength(2);
    expect(html).toContain('Đoạn y hệt còn có ở 2 chỗ khác');
  });

  it('lists each paragraph in the every-mention view', async () => {
    const html = await (await fetch(other.url + '/?all=1&q=' + q)).text();
    expect(html.match(/<li class="hit/g)).toHaveLength(4);
    expect(html).not.toContain('Đoạn y hệt');
  });

  it('collapses in the API only when asked, and refuses a flag that is neither 1 nor 0', async () => {
    const plain = await (await fetch(other.url + '/api/search?q=' + q)).json();
    expect(plain.hits).toHaveLength(4);
    expect(plain.distinct).toBeUndefined();
    const collapsed = await (await fetch(other.url + '/api/search?collapse=1&q=' + q)).json();
    expect(collapsed.total).toBe(4);
    expect(collapsed.distinct).toEqual({ total: 2, near: 0 });
    const cell = collapsed.hits.find((h: { text: string }) => h.text === CELL);
    expect(cell.elsewhereTotal).toBe(2);
    expect(cell.elsewhere.map((o: { doc: string; paragraph: number }) => `${o.doc}#${o.paragraph}`)).toHaveLength(2);
    const bad = await fetch(other.url + '/api/search?collapse=yes&q=' + q);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/collapse chỉ nhận 1/);
  });
});

describe('a document longer than one page', () => {
  let other: Running;
  const PARAS = Array.from({ length: 1100 }, (_, i) => (i === 749 ? 'Kết quả giải ngân vốn đầu tư công đạt 45% kế hoạch.' : `Đoạn thứ ${i + 1} của văn bản nói về việc khác.`));

  beforeAll(async () => {
    other = await serveCorpus({ 'dai.txt': PARAS.join('\n\n') });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('sends one page of paragraphs with a pager, and the page that holds a hit when its link is followed', async () => {
    const hit = (await (await fetch(other.url + '/api/search?q=' + encodeURIComponent('giải ngân'))).json()).hits[0];
    expect(hit.paragraph).toBe(750);
    expect(hit.url).toMatch(/[?&]at=750#p750$/);
    const page = await (await fetch(other.url + hit.url)).text();
    expect(page).toContain('id="p750"');
    expect(page).not.toContain('id="p500"');
    expect(page.match(/class="para /g)).toHaveLength(500);
    expect(page).toContain('Đoạn 501–1.000 trong 1.100');
    expect(page).toContain('<mark>giải ngân</mark>');
    const first = await (await fetch(other.url + '/doc/dai.txt?q=' + encodeURIComponent('giải ngân'))).text();
    expect(first).toContain('id="p1"');
    expect(first).not.toContain('id="p750"');
    // The list of matching paragraphs links to the page that holds each.
    expect(first).toMatch(/href="\/doc\/dai\.txt\?q=[^"]*at=750#p750"/);
  });

  it('refuses a paragraph number that is not a whole number', async () => {
    expect((await fetch(other.url + '/doc/dai.txt?at=abc')).status).toBe(400);
  });
});

describe('a document looked up by its number', () => {
  let other: Running;
  beforeAll(async () => {
    other = await serveCorpus({
      'nq.txt': ['CHÍNH PHỦ', 'Số: 01/NQ-CP', 'Hà Nội, ngày 06 tháng 01 năm 2023', 'NGHỊ QUYẾT', 'Về những nhiệm vụ, giải pháp chủ yếu năm 2023', 'Chính phủ quyết nghị các nhiệm vụ chủ yếu sau đây.'].join('\n\n'),
      'bc.txt': ['BÁO CÁO', 'Tình hình thực hiện Nghị quyết số 01/NQ-CP của Chính phủ trong quý I.'].join('\n\n'),
    });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('puts the document whose number is typed ahead of the paragraphs that cite it, in the API and on the page', async () => {
    const body = await (await fetch(other.url + '/api/search?q=' + encodeURIComponent('01/NQ-CP'))).json();
    expect(body.numbered).toEqual([{ doc: 'nq.txt', title: expect.stringMatching(/^NGHỊ QUYẾT/), number: '01/NQ-CP', type: 'NGHỊ QUYẾT', date: '2023-01-06', url: '/doc/nq.txt' }]);
    expect(body.hits.map((h: { doc: string }) => h.doc)).toContain('bc.txt');
    const html = await (await fetch(other.url + '/?q=' + encodeURIComponent('01/NQ-CP'))).text();
    expect(html.indexOf('Văn bản số 01/NQ-CP')).toBeGreaterThan(0);
    expect(html.indexOf('Văn bản số 01/NQ-CP')).toBeLessThan(html.indexOf('<ol class="hits"'));
    const none = await (await fetch(other.url + '/api/search?q=' + encodeURIComponent('02/NQ-CP'))).json();
    expect(none.numbered).toBeUndefined();
  });
});

describe('a report that matches many times', () => {
  let other: Running;
  beforeAll(async () => {
    other = await serveCorpus({
      'a.txt': Array.from({ length: 6 }, (_, i) => `Tiến độ giải ngân vốn đầu tư công của huyện thứ ${i + 1} đạt kế hoạch năm.`).join('\n\n'),
      'b.txt': 'Kết quả giải ngân vốn của tỉnh trong quý I đạt cao.',
    });
  });
  afterAll(async () => {
    await other?.close();
  });
  const hitsOf = (html: string) => html.match(/<li class="hit/g)?.length ?? 0;

  it('shows at most three of its hits, with a link to the others, and every hit when asked', async () => {
    const q = encodeURIComponent('giải ngân');
    const html = await (await fetch(other.url + '/?q=' + q)).text();
    expect(hitsOf(html)).toBe(4);
    const link = /href="([^"]*doc=a\.txt[^"]*)">3 đoạn khác trong văn bản này/.exec(html);
    expect(link).not.toBeNull();
    const inDoc = await (await fetch(other.url + link![1].replace(/&amp;/g, '&'))).text();
    expect(hitsOf(inDoc)).toBe(6);
    expect(hitsOf(await (await fetch(other.url + '/?group=0&q=' + q)).text())).toBe(7);
    // The citation opens on demand.
    expect(html).toContain('<details class="citation"><summary class="citation-label">Trích dẫn</summary>');
  });
});

describe('an engine failure', () => {
  let broken: Running;
  const logged: unknown[] = [];

  beforeAll(async () => {
    // The real engine, except that searching fails the way a bug would.
    const failing: Searcher = {
      search: () => {
        throw new Error('boom in /srv/secret/engine.ts');
      },
      fullMatches: () => {
        throw new Error('boom in /srv/secret/engine.ts');
      },
      suggest: (prefix, limit) => searcher.suggest(prefix, limit),
      document: (doc) => searcher.document(doc),
      paragraphsAt: (ids) => searcher.paragraphsAt(ids),
      outline: (doc) => searcher.outline(doc),
      highlight: (q, text) => searcher.highlight(q, text),
      stats: () => searcher.stats(),
    };
    const app = createApp({ searcher: failing, logError: (error) => logged.push(error) });
    broken = await listen(app);
  });
  afterAll(async () => {
    await broken?.close();
  });

  it('answers 500 JSON without details and logs the error', async () => {
    const res = await fetch(broken.url + '/api/search?q=abc');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/boom|secret|engine\.ts/);
    expect(JSON.parse(text).error).toMatch(/Máy chủ gặp lỗi/);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('answers 500 with a Vietnamese page without a stack trace', async () => {
    const res = await fetch(broken.url + '/?q=abc');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Đã có lỗi xảy ra');
    expect(html).not.toMatch(/boom|secret|at .*\.ts/);
  });
});
