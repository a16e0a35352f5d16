// A real headless Chromium against the running app: the search box, the results' marks, the
// autocomplete, the page without JavaScript, the every-mention view, the entity pages, and the
// reporter's workbench (facets, dates, sorting, grouping, the CSV, the chart, copying, no results).
// The browser is found by test/web/chromium.ts (CHROMIUM_PATH, Playwright's download, the system's);
// without one this test fails on purpose, because a skipped browser test would hide a broken page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { seedEngine, startApp, type Running } from './fixture.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { mentions, perDocument } from '../fixtures/mentions.js';
import { parseCsv } from '../fixtures/csv.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

let browser: Browser;
let app: Running;
let engine: SearchEngine;
let cleanup = () => {};

beforeAll(async () => {
  // First, so that a missing browser fails at once with how to install it.
  browser = await launchChromium();
  const seeded = await seedEngine();
  cleanup = seeded.cleanup;
  engine = seeded.engine;
  app = await startApp(seeded.engine, seeded.entities);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  cleanup();
});

async function searchFor(page: Page, text: string): Promise<string[]> {
  await page.goto(app.url + '/');
  await page.fill('input[name="q"]', text);
  await Promise.all([page.waitForURL(/[?&]q=/), page.click('form.search button[type="submit"]')]);
  await page.locator('ol.hits mark').first().waitFor();
  return page.locator('ol.hits .snippet mark').allTextContents();
}

describe('search in a real browser', () => {
  it('marks the accented words for an accented query', async () => {
    const page = await browser.newPage();
    const marks = await searchFor(page, 'giải ngân');
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((m) => m.toLowerCase())).toContain('giải ngân');
    await expect(page.locator('.summary').textContent()).resolves.toMatch(/Tìm thấy \d+ đoạn/);
    await page.close();
  });

  it('marks the accented text for an unaccented query', async () => {
    const page = await browser.newPage();
    const marks = await searchFor(page, 'giai ngan');
    expect(marks.map((m) => m.toLowerCase())).toContain('giải ngân');
    await expect(page.inputValue('input[name="q"]')).resolves.toBe('giai ngan');
    await page.close();
  });

  it('copies a citation with its button', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await searchFor(page, 'giải ngân');
    const first = page.locator('.citation').first();
    // Hits are compact: the citation opens on demand.
    const button = first.locator(':scope > button.copy');
    await expect(button.isVisible()).resolves.toBe(false);
    await first.locator('summary').click();
    await button.click();
    // The label changes when the clipboard write resolves, which is asynchronous: wait for it, don't sample it.
    await first.locator(':scope > button.copy', { hasText: /Đã chép/ }).waitFor({ timeout: 10_000 });
    await expect(button.textContent()).resolves.toMatch(/Đã chép/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await first.locator(':scope > .citation-text').textContent());
    // Relative without PUBLIC_URL: never the origin the request's Host header named.
    expect(copied).toMatch(/đoạn \d+.*, \/doc\/\S+#p\d+$/);
    await context.close();
  });

  it('completes the query from the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(app.url + '/');
    const box = page.locator('input[name="q"]');
    await box.pressSequentially('giải ng');
    await page.locator('[role="option"]', { hasText: /^giải ngân$/ }).waitFor();
    await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
    const options = await page.locator('[role="option"]').count();
    for (let i = 0; i < options; i++) {
      await box.press('ArrowDown');
      const active = await box.getAttribute('aria-activedescendant');
      if ((await page.locator(`#${active}`).textContent()) === 'giải ngân') break;
    }
    await Promise.all([page.waitForURL(/[?&]q=/), box.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('giải ngân');
    await page.close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const marks = await searchFor(page, 'giải ngân');
    expect(marks.length).toBeGreaterThan(0);
    await expect(page.locator('.citation button.copy').count()).resolves.toBe(0);
    await context.close();
  });
});

describe('an entity page in a real browser', () => {
  it('draws the chart, lists the mentions with their roles, and its paragraph links open the document there', async () => {
    const page = await browser.newPage();
    await page.goto(app.url + '/entities');
    await Promise.all([page.waitForURL(/\/entity\/person\//), page.click('#person a[href*="Tr%E1%BA%A7n%20Ti%E1%BA%BFn%20D%C5%A9ng"]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trần Tiến Dũng');
    const chart = page.locator('figure.chart-box svg.chart');
    await expect(chart.count()).resolves.toBe(1);
    await expect(chart.locator('rect').count()).resolves.toBeGreaterThan(0);
    const box = await chart.boundingBox();
    expect(box?.height).toBeGreaterThan(50);
    await expect(page.locator('li.mention').count()).resolves.toBe(7);
    await expect(page.locator('li.mention .role').first().textContent()).resolves.toMatch(/Chủ tịch UBND tỉnh/);
    const link = page.locator('li.mention a.where').first();
    const href = (await link.getAttribute('href')) ?? '';
    const anchor = href.split('#')[1];
    await Promise.all([page.waitForURL(/\/doc\//), link.click()]);
    expect(page.url()).toContain('#' + anchor);
    await expect(page.locator('#' + anchor).textContent()).resolves.toContain('Trần Tiến Dũng');
    await page.close();
  });
});

// The truth for the views below: the seed paragraphs, as the index stores them, that write `name`
// (found by the independent scan of test/fixtures/mentions.ts, not by a search), after checking that
// they hold every mention the seed files themselves hold.
function paragraphsNaming(name: string): string[] {
  const ids: string[] = [];
  for (const file of readdirSync(SEEDS)) {
    const stored = engine.document(file)?.paragraphs ?? [];
    const named = stored.filter((p) => mentions(p.text, name) > 0);
    expect(named.reduce((n, p) => n + mentions(p.text, name), 0), file).toBe(mentions(readFileSync(path.join(SEEDS, file), 'utf8'), name));
    ids.push(...named.map((p) => p.id));
  }
  return ids.sort();
}

// '/doc/002_x.txt?q=…#p13' is paragraph 13 of 002_x.txt, whose id is '002_x.txt#p13'.
function paragraphId(href: string): string {
  const url = new URL(href, 'http://x');
  return decodeURIComponent(url.pathname.replace(/^\/doc\//, '')) + url.hash;
}

interface MentionView {
  /** The number on the count line ("Tìm thấy N đoạn"). */
  total: number;
  /** The per-document table: document id → paragraphs. */
  table: Map<string, number>;
  /** Each document's section: document id → the ids of the paragraphs listed under it. */
  sections: Map<string, string[]>;
  /** The listed hits, full ones and "gần đúng" ones, by paragraph id. */
  full: string[];
  near: string[];
  /** 'full' or 'near' for each listed hit, in page order. */
  order: ('full' | 'near')[];
  /** The badge of each hit shown as not a full match ('partial' when it is styled so without one). */
  badges: string[];
}

async function readMentionView(page: Page, q: string, near = false): Promise<MentionView> {
  await page.goto(`${app.url}/?q=${encodeURIComponent(q)}&all=1${near ? '&near=1' : ''}`);
  const summary = (await page.locator('.summary').textContent()) ?? '';
  const total = Number(/Tìm thấy (\S+) đoạn/.exec(summary)?.[1].replace(/\./g, '') ?? NaN);
  const table = new Map<string, number>();
  for (const row of await page.locator('section.per-doc tbody tr').all()) {
    const doc = decodeURIComponent(((await row.locator('a').getAttribute('href')) ?? '').replace(/^#d-/, ''));
    table.set(doc, Number(((await row.locator('td.num').textContent()) ?? '').replace(/\./g, '')));
  }
  const sections = new Map<string, string[]>();
  const full: string[] = [];
  const nearIds: string[] = [];
  const badges: string[] = [];
  const order: ('full' | 'near')[] = [];
  for (const hit of await page.locator('li.hit').all()) {
    const id = paragraphId((await hit.locator('a.place').getAttribute('href')) ?? '');
    const badge = (await hit.locator('.badge').allTextContents()).join(' ');
    if (badge || (await hit.getAttribute('class'))?.includes('partial')) badges.push(badge || 'partial');
    order.push(badge === 'gần đúng' ? 'near' : 'full');
    (badge === 'gần đúng' ? nearIds : full).push(id);
  }
  for (const section of await page.locator('section.mentions[id^="d-"]').all()) {
    const doc = decodeURIComponent(((await section.getAttribute('id')) ?? '').replace(/^d-/, ''));
    const ids = await section.locator('li.hit a.place').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    sections.set(doc, ids.map(paragraphId));
  }
  return { total, table, sections, full: full.sort(), near: nearIds.sort(), order, badges };
}

describe('the every-mention view in a real browser', () => {
  it('lists exactly the paragraphs that name Điện Biên, and its count line and per-document table agree', async () => {
    const truth = paragraphsNaming('Điện Biên');
    expect(truth.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    const view = await readMentionView(page, 'Điện Biên');
    expect(view.full).toEqual(truth);
    expect(view.total).toBe(truth.length);
    expect(view.table).toEqual(perDocument(truth));
    expect(new Map([...view.sections].map(([doc, ids]) => [doc, ids.length]))).toEqual(view.table);
    for (const [doc, ids] of view.sections) expect(ids.every((id) => id.startsWith(doc + '#')), doc).toBe(true);
    expect(view.badges).toEqual([]);
    // Asking for near matches adds only hits labelled as such; the mentions stay as they were.
    const withNear = await readMentionView(page, 'Điện Biên', true);
    expect(withNear.full).toEqual(truth);
    expect(withNear.badges.every((b) => b === 'gần đúng')).toBe(true);
    await page.close();
  });

  it('shows "gần đúng" hits only when asked, after the mentions and outside their count', async () => {
    // The seeds write Điện Biên in no other spelling; "chè" has look-alikes (che, chế, …) to hide or show.
    const truth = paragraphsNaming('chè');
    const page = await browser.newPage();
    const plain = await readMentionView(page, 'chè');
    expect(plain.full).toEqual(truth);
    expect(plain.badges).toEqual([]);
    const withNear = await readMentionView(page, 'chè', true);
    expect(withNear.near.length).toBeGreaterThan(0);
    expect(withNear.order.indexOf('near')).toBeGreaterThan(withNear.order.lastIndexOf('full'));
    expect(withNear.near.filter((id) => truth.includes(id))).toEqual([]);
    expect(withNear.full).toEqual(truth);
    expect(withNear.total).toBe(truth.length);
    expect(withNear.table).toEqual(perDocument(truth));
    await page.close();
  });
});

describe('the entity page of a place in a real browser', () => {
  it('draws the chart, lists as its mentions the paragraphs that name the province, and a mention opens the document there', async () => {
    // The seeds name no district or city Điện Biên: every paragraph writing the name names the province.
    const truth = paragraphsNaming('Điện Biên');
    const page = await browser.newPage();
    await page.goto(app.url + '/entities');
    await Promise.all([page.waitForURL(/\/entity\/place\//), page.click('#place a[href*="t%E1%BB%89nh%20%C4%90i%E1%BB%87n%20Bi%C3%AAn"]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('tỉnh Điện Biên');
    const chart = page.locator('figure.chart-box svg.chart');
    await expect(chart.locator('rect').count()).resolves.toBeGreaterThan(0);
    const links = await page.locator('li.mention a.where').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.map(paragraphId).sort()).toEqual(truth);
    const link = page.locator('li.mention a.where').last();
    const anchor = ((await link.getAttribute('href')) ?? '').split('#')[1];
    await Promise.all([page.waitForURL(/\/doc\//), link.click()]);
    expect(page.url()).toContain('#' + anchor);
    expect(mentions((await page.locator('#' + anchor).textContent()) ?? '', 'Điện Biên')).toBeGreaterThan(0);
    await page.close();
  });
});

describe("a reporter's workbench in a real browser", () => {
  const apiTotal = async (params: Record<string, string>) => ((await (await fetch(`${app.url}/api/search?${new URLSearchParams(params)}`)).json()) as { total: number }).total;
  const countOnPage = async (page: Page) => Number(/Tìm thấy (\S+) đoạn/.exec((await page.locator('.summary').textContent()) ?? '')?.[1].replace(/\./g, '') ?? NaN);

  it('narrows by a facet link, and by a date range typed in the form, which sends no empty field', async () => {
    const page = await browser.newPage();
    await searchFor(page, 'giải ngân');
    const year = page.locator('.facet-year a').first();
    const label = (await year.textContent()) ?? '';
    const count = Number(((await year.locator('xpath=following-sibling::span[1]').textContent()) ?? '').replace(/[().]/g, ''));
    await Promise.all([page.waitForURL(/year=/), year.click()]);
    expect(new URL(page.url()).searchParams.get('year')).toBe(label);
    expect(await countOnPage(page)).toBe(count);
    await expect(page.locator('.facet-year strong[aria-current]').textContent()).resolves.toBe(label);

    await searchFor(page, 'Điện Biên');
    await page.locator('details.filters summary').click();
    await page.fill('input[name="from"]', '2022-01');
    await page.fill('input[name="to"]', '2022-12-31');
    await Promise.all([page.waitForURL(/from=/), page.click('form.search button[type="submit"]')]);
    const params = new URL(page.url()).searchParams;
    expect([...params.keys()].sort()).toEqual(['from', 'q', 'to']);
    expect(await countOnPage(page)).toBe(await apiTotal({ q: 'Điện Biên', from: '2022-01', to: '2022-12-31' }));
    await page.close();
  });

  it('sorts by date, newest first', async () => {
    const page = await browser.newPage();
    await searchFor(page, 'giải ngân');
    await page.locator('details.filters summary').click();
    await page.selectOption('select[name="sort"]', 'newest');
    await Promise.all([page.waitForURL(/sort=newest/), page.click('form.search button[type="submit"]')]);
    // Grouped hits show their date; dates must not rise down the page.
    const dates = await page.locator('ol.hits li.hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort().reverse());
    await page.close();
  });

  it("opens a document's other hits in place and folds them again", async () => {
    const page = await browser.newPage();
    await searchFor(page, 'kinh tế');
    // The document with the most hits left to open.
    const counts = (await page.locator('.more-in-doc a').allTextContents()).map((t) => Number(/\d+/.exec(t)?.[0]));
    expect(counts.length).toBeGreaterThan(0);
    const more = page.locator('.more-in-doc a').nth(counts.indexOf(Math.max(...counts)));
    const promised = Math.max(...counts);
    const before = await page.locator('ol.hits > li.hit').count();
    await more.click();
    await expect.poll(() => more.getAttribute('aria-expanded')).toBe('true');
    const opened = page.locator('ol.hits > li.hit.expanded');
    expect(await opened.count()).toBe(Math.min(promised, 20));
    // Each opened hit is from that document and was not shown before.
    const doc = new URL(await more.evaluate((a: HTMLAnchorElement) => a.href)).searchParams.get('doc') ?? '';
    for (const href of await opened.locator('a.place').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) expect(paragraphId(href).startsWith(doc + '#')).toBe(true);
    await more.click();
    await expect.poll(() => more.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('ol.hits > li.hit').count()).toBe(before);
    await page.close();
  });

  it('downloads every mention as a CSV that a CSV reader opens, one row per mention', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/?q=${encodeURIComponent('giải ngân')}&all=1`);
    const total = await countOnPage(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.export a[href*="format=csv"]')]);
    expect(download.suggestedFilename()).toBe('tim-kiem-giai-ngan.csv');
    const bytes = readFileSync((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header[0]).toBe('Văn bản');
    expect(rows).toHaveLength(total);
    const shown = await page.locator('li.hit a.place').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(rows.map((r) => `${r[0]}#p${r[6]}`).sort()).toEqual(shown.map(paragraphId).sort());
    await page.close();
  });

  it('draws the mentions over time as an SVG chart, and a bar for each document', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/?q=${encodeURIComponent('giải ngân')}&all=1`);
    const chart = page.locator('.timeline figure.chart-box svg.chart');
    await expect(chart.locator('rect').count()).resolves.toBeGreaterThan(0);
    expect((await chart.boundingBox())?.height).toBeGreaterThan(50);
    const rows = await page.locator('section.per-doc tbody tr').count();
    await expect(page.locator('section.per-doc svg.count-bar').count()).resolves.toBe(rows);
    await page.close();
  });

  it('shows paragraph numbers on the document page and copies a paragraph with its citation from the button beside it', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${app.url}/doc/004_893c76cd1ca6adb1.txt`);
    const number = page.locator('#p26 .pno');
    await expect(number.isVisible()).resolves.toBe(true);
    await expect(number.textContent()).resolves.toBe('26');
    await expect(page.locator('.para-copy').count()).resolves.toBe(0);
    await page.locator('#p26').hover();
    const button = page.locator('#p26 button.para-copy');
    await expect(button.isVisible()).resolves.toBe(true);
    await button.click();
    await page.locator('#p26 button.para-copy', { hasText: /Đã chép/ }).waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`“${engine.document('004_893c76cd1ca6adb1.txt')?.paragraphs[25].text}”\n`)).toBe(true);
    expect(copied).toMatch(/đoạn 26, \/doc\/004_893c76cd1ca6adb1\.txt#p26$/);
    // From the keyboard: the focus on a paragraph's number brings the button there, next in tab order.
    await page.locator('#p30 .pno').focus();
    await expect(page.locator('#p30 button.para-copy').count()).resolves.toBe(1);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toContain('para-copy');
    await context.close();
  });

  it('prints the every-mention view and the document page without the form, buttons and contents, the chart and paragraph numbers kept', async () => {
    const page = await browser.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${app.url}/?q=${encodeURIComponent('giải ngân')}&all=1`);
    for (const hidden of ['form.search', '.export', '.views', 'footer.site']) await expect(page.locator(hidden).first().isVisible(), hidden).resolves.toBe(false);
    await expect(page.locator('svg.chart').isVisible()).resolves.toBe(true);
    await expect(page.locator('li.hit .snippet mark').first().isVisible()).resolves.toBe(true);
    await page.goto(`${app.url}/doc/004_893c76cd1ca6adb1.txt`);
    await expect(page.locator('.toc').isVisible()).resolves.toBe(false);
    await expect(page.locator('form.search').isVisible()).resolves.toBe(false);
    await expect(page.locator('#p26 .pno').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('.toc').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('offers other queries on a page without results, each leading to results', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/?q=${encodeURIComponent('giải ngân xyzabc')}`);
    const help = page.locator('section.no-results');
    await expect(help.isVisible()).resolves.toBe(true);
    await expect(help.locator('.syntax').count()).resolves.toBe(1);
    const fewer = help.locator('li', { hasText: 'Bớt một từ' }).locator('a').first();
    await Promise.all([page.waitForURL(/q=/), fewer.click()]);
    expect(await countOnPage(page)).toBeGreaterThan(0);
    await page.close();
  });
});
