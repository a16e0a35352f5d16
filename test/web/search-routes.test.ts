// The pages of a reporter's workbench: the every-mention view's chart, bars and exports, the facets,
// the start page's syntax, the number field, and a long document's table of contents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApp, serveCorpus, type Running } from './fixture.js';

const seeds = seedApp();

const page = async (path: string) => (await fetch(seeds.app.url + path)).text();
const decode = (href: string) => href.replace(/&amp;/g, '&');

describe('the every-mention view', () => {
  it('draws the mentions over time as SVG, a bar per document, and links the exports with the same filters', async () => {
    const html = await page('/?q=' + encodeURIComponent('giải ngân') + '&all=1&sort=newest');
    expect(html).toMatch(/<figure class="chart-box"><svg class="chart"[^>]*role="img"/);
    const rows = html.match(/<tr>\s*<td><a href="#d-/g) ?? [];
    expect(rows.length).toBeGreaterThan(1);
    expect((html.match(/<svg class="count-bar"/g) ?? []).length).toBe(rows.length);
    const csv = decode(/<a href="([^"]*format=csv[^"]*)"/.exec(html)?.[1] ?? '');
    expect(csv).toBe('/api/export?q=gi%E1%BA%A3i+ng%C3%A2n&sort=newest&format=csv');
    expect(html).toContain('format=json');
  });
});

describe('facets', () => {
  it('list the types, years and issuers among the matches, each a link that finds as many', async () => {
    const html = await page('/?q=' + encodeURIComponent('giải ngân'));
    for (const key of ['type', 'year', 'body']) {
      const block = new RegExp(`<div class="facet-${key}">([\\s\\S]*?)</div>`).exec(html)?.[1] ?? '';
      const links = [...block.matchAll(/<a href="([^"]+)">[^<]*<\/a> <span class="muted">\(([\d.]+)\)<\/span>/g)];
      expect(links.length, key).toBeGreaterThan(0);
      for (const [, href, count] of links) {
        const params = new URL(decode(href), 'http://x').searchParams;
        const api = (await (await fetch(`${seeds.app.url}/api/search?${params}`)).json()) as { total: number; undated?: number };
        expect(api.total, `${key} ${href}`).toBe(Number(count.replace(/\./g, '')));
      }
    }
  });
});

describe('the start page', () => {
  it('teaches the Vietnamese operators and the document number look-up', async () => {
    const html = await page('/');
    for (const op of ['loai:', 'nam:', 'coquan:', 'số:']) expect(html).toContain(`<code>${op}`);
    expect(html).toContain('<link rel="icon" href="/favicon.ico"');
  });

  it('serves a favicon', async () => {
    const res = await fetch(seeds.app.url + '/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});

describe('a long code', () => {
  // 25 chapters of 36 articles, each article 8 paragraphs: 900 Điều over 15 pages of 500 paragraphs.
  const CHAPTERS = 25;
  const ARTICLES = 36;
  let law: Running;
  beforeAll(async () => {
    const parts = ['QUỐC HỘI', 'Luật số: 45/2019/QH14', 'BỘ LUẬT MẪU', 'Luật này thay thế Luật số 10/2012/QH13.'];
    for (let c = 1, a = 1; c <= CHAPTERS; c++) {
      parts.push(`Chương ${c}\n\nQUY ĐỊNH NHÓM ${c}`);
      for (let k = 0; k < ARTICLES; k++, a++) {
        parts.push(`Điều ${a}. Quy định số ${a}`);
        for (let p = 1; p <= 7; p++) parts.push(`Nội dung thứ ${p} của điều ${a} được áp dụng trong phạm vi cả nước.`);
      }
    }
    law = await serveCorpus({ 'luat.txt': parts.join('\n\n') });
  }, 120_000);
  afterAll(async () => {
    await law?.close();
  });

  it('reaches every Điều from its first page in two clicks, each page under 300 KB', async () => {
    const visit = async (href: string) => {
      const res = await fetch(new URL(decode(href), law.url + '/doc/luat.txt'));
      const html = await res.text();
      expect(Buffer.byteLength(html)).toBeLessThan(300_000);
      const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      return [...toc.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, link, text]) => ({ link, text }));
    };
    const first = await visit('/doc/luat.txt');
    expect(first.filter((e) => e.text.startsWith('Chương'))).toHaveLength(CHAPTERS);
    const reached = new Set<string>();
    for (const chapter of first.filter((e) => e.text.startsWith('Chương'))) {
      for (const e of await visit(chapter.link)) if (/^Điều \d+\./.test(e.text)) reached.add(e.text.split('.')[0]);
    }
    expect(reached.size).toBe(CHAPTERS * ARTICLES);
  });

  it('is found by its number in the number field, as số: finds it, ahead of the paragraphs citing it', async () => {
    const field = await (await fetch(`${law.url}/api/search?number=${encodeURIComponent('45/2019/QH14')}`)).json();
    const typed = await (await fetch(`${law.url}/api/search?q=${encodeURIComponent('số:45/2019/QH14')}`)).json();
    expect(field.numbered?.[0]?.doc).toBe('luat.txt');
    expect(field.numbered).toEqual(typed.numbered);
    expect(field.total).toBe(typed.total);
  });
});
