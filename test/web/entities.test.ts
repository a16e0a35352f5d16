// HTTP tests of the entity endpoints and pages, over the seed reports' index.
import { describe, expect, it } from 'vitest';
import { seedApp } from './fixture.js';

const seeds = seedApp();

const get = (path: string) => fetch(seeds.app.url + path);
const entitiesApi = async (params: Record<string, string>) => {
  const res = await get('/api/entities?' + new URLSearchParams(params));
  return { status: res.status, body: (await res.json()) as { entities?: { kind: string; name: string; mentions: number; documents: number; variants: string[]; roles: string[] }[]; error?: string } };
};

describe('GET /api/entities', () => {
  it('lists places most-mentioned first with their counts, variants and roles', async () => {
    const { status, body } = await entitiesApi({ kind: 'place' });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['entities']);
    const [first] = body.entities ?? [];
    expect(first).toEqual({ kind: 'place', name: 'tỉnh Lai Châu', mentions: 48, documents: 4, variants: expect.arrayContaining(['tỉnh Lai Châu', 'Lai Châu']), roles: [] });
    const mentions = (body.entities ?? []).map((e) => e.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });

  it('narrows persons by a folded name and bounds the list by limit', async () => {
    const { body } = await entitiesApi({ kind: 'person', q: 'tran tien dung' });
    expect(body.entities?.map((e) => e.name)).toEqual(['Trần Tiến Dũng']);
    expect(body.entities?.[0].roles).toContain('Chủ tịch UBND tỉnh');
    expect((await entitiesApi({ kind: 'place', limit: '2' })).body.entities).toHaveLength(2);
  });

  it.each([
    [{}, /kind/],
    [{ kind: 'org' }, /kind phải là person/],
    [{ kind: 'place', limit: '0' }, /limit phải là số nguyên từ 1 đến 1000/],
    [{ kind: 'place', limit: 'abc' }, /limit phải là số nguyên/],
  ])('refuses %j with 400 and a reason in Vietnamese', async (params, message) => {
    const { status, body } = await entitiesApi(params as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });
});

describe('entity pages', () => {
  it('show every mention of a person document by document, with the role, counts, a chart and paragraph links', async () => {
    const res = await get('/entity/person/' + encodeURIComponent('Trần Tiến Dũng'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Trần Tiến Dũng</h1>');
    expect(html).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(html.match(/class="mention"/g)).toHaveLength(7);
    expect(html).toContain('href="/doc/001_4653a37fccbe46ec.txt#p2"');
    expect(html).toContain('<span class="role">Chủ tịch UBND tỉnh</span>');
    expect(html).toContain('<mark>Trần Tiến Dũng</mark>');
    expect(html).toContain('class="per-doc"');
    // A bar beside each document's count.
    const rows = html.slice(html.indexOf('class="per-doc"')).split('</table>')[0].match(/<tr><td>/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(html.match(/<svg class="count-bar"/g)).toHaveLength(rows.length);
  });

  it('tell a place by its type word: the province and a district of the same name are two pages', async () => {
    const province = await (await get('/entity/place/' + encodeURIComponent('tỉnh Lai Châu'))).text();
    const city = await (await get('/entity/place/' + encodeURIComponent('thành phố Lai Châu'))).text();
    expect(province).toMatch(/<strong>48<\/strong> đoạn/);
    expect(city).toMatch(/<strong>4<\/strong> đoạn/);
  });

  it('answer 404 in Vietnamese for an unknown entity or kind', async () => {
    for (const path of ['/entity/place/Atlantis', '/entity/thing/Lai%20Ch%C3%A2u', '/entity/place/' + encodeURIComponent('Lai Châu')]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Không tìm thấy nhân vật hay địa danh này');
    }
  });

  it('escape what they show', async () => {
    const res = await get('/entities?q=' + encodeURIComponent('<script>x</script>'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('list both kinds on /entities', async () => {
    const html = await (await get('/entities')).text();
    expect(html).toContain('id="person"');
    expect(html).toContain('id="place"');
    expect(html).toContain('href="/entity/place/t%E1%BB%89nh%20Lai%20Ch%C3%A2u"');
  });
});

describe('results page', () => {
  it('lists the places and officials among its hits, each a link filtering the same query by it', async () => {
    const html = await (await get('/?q=' + encodeURIComponent('Chủ tịch'))).text();
    expect(html).toContain('class="facets"');
    expect(html).toContain('href="/?q=Ch%E1%BB%A7+t%E1%BB%8Bch&amp;entity=person%3ATr%E1%BA%A7n+Ti%E1%BA%BFn+D%C5%A9ng"');
  });

  it('counts each place and official over all the full matches, not the page shown: a click finds that many', async () => {
    const q = 'tỉnh';
    const html = await (await get('/?q=' + encodeURIComponent(q))).text();
    const total = ((await (await get('/api/search?q=' + encodeURIComponent(q))).json()) as { total: number }).total;
    expect(total).toBeGreaterThan(20);
    const facets = [...html.matchAll(/entity=([^"&]+)">[^<]*<\/a> <span class="muted">\((\d+)\)/g)].map((m) => [decodeURIComponent(m[1].replace(/\+/g, ' ')), Number(m[2])] as const);
    expect(facets.length).toBeGreaterThan(0);
    expect(facets.some(([, count]) => count > 20)).toBe(true);
    for (const [entity, count] of facets) {
      const filtered = (await (await get('/api/search?q=' + encodeURIComponent(q) + '&entity=' + encodeURIComponent(entity))).json()) as { total: number };
      expect(filtered.total, entity).toBe(count);
    }
  });

  it('refuses a malformed entity filter with 400, in Vietnamese', async () => {
    const res = await get('/api/search?q=a&entity=' + encodeURIComponent('org:x'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/entity phải có dạng/);
  });
});
