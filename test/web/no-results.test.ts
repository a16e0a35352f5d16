// A query without full matches: the alternatives offered are tried first, and the syntax is recalled.
import { describe, expect, it } from 'vitest';
import { inlineSearcher } from '../../src/search/async-searcher.js';
import { noResultHelp } from '../../src/web/no-results.js';
import { seedApp } from './fixture.js';

const seeds = seedApp();

const help = (q: string) => noResultHelp(inlineSearcher(seeds.engine), q, seeds.engine.search({ q, limit: 1 }).units, {});

describe('noResultHelp', () => {
  it('offers the query without diacritics when that finds something, with how much', async () => {
    const offered = await help('giãi ngân');
    expect(offered.folded).toEqual({ q: 'giai ngan', total: seeds.engine.search({ q: 'giai ngan' }).total });
    expect(offered.folded?.total).toBeGreaterThan(0);
  });

  it('offers the query with one unit fewer, only where that finds something, most matches first', async () => {
    const offered = await help('Lai Châu giải ngân chè');
    expect(offered.folded).toBeUndefined();
    expect(offered.fewer.length).toBeGreaterThan(0);
    for (const a of offered.fewer) {
      expect(a.total).toBe(seeds.engine.search({ q: a.q }).total);
      expect(a.total).toBeGreaterThan(0);
    }
    expect(offered.fewer.map((a) => a.total)).toEqual([...offered.fewer.map((a) => a.total)].sort((x, y) => y - x));
    expect((await help('giải ngân xyzabc')).fewer).toEqual([{ q: 'giải ngân', total: seeds.engine.search({ q: 'giải ngân' }).total }]);
  });
});

describe('the page of a query without full matches', () => {
  it('links the did-you-mean, the query without diacritics and with fewer words, and recalls the syntax', async () => {
    const html = await (await fetch(`${seeds.app.url}/?q=${encodeURIComponent('giải ngân xyzabc')}`)).text();
    expect(html).toContain('class="no-results"');
    expect(html).toContain(`Bớt một từ: <a href="/?q=gi%E1%BA%A3i+ng%C3%A2n">giải ngân</a> <span class="muted">(${seeds.engine.search({ q: 'giải ngân' }).total} đoạn)</span>`);
    expect(html).toContain('<dl class="syntax">');
    expect(html).toContain('số:01/NQ-CP');
    const folded = await (await fetch(`${seeds.app.url}/?q=${encodeURIComponent('giãi ngân')}`)).text();
    expect(folded).toContain('Có phải bạn muốn tìm: <a href="/?q=gi%E1%BA%A3i+ng%C3%A2n">giải ngân</a>');
    expect(folded).toContain('Bỏ dấu: <a href="/?q=giai+ngan">giai ngan</a>');
  });

  it('offers to drop the filters that leave nothing', async () => {
    const html = await (await fetch(`${seeds.app.url}/?q=${encodeURIComponent('giải ngân')}&year=1999`)).text();
    expect(html).toContain('Bỏ mọi bộ lọc');
    expect(html).toContain('href="/?q=gi%E1%BA%A3i+ng%C3%A2n"');
  });

  it('shows no such help when there are full matches', async () => {
    const html = await (await fetch(`${seeds.app.url}/?q=${encodeURIComponent('giải ngân')}`)).text();
    expect(html).not.toContain('class="no-results"');
  });
});
