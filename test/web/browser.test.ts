// A real headless Chromium against the running app: the search box, the results' marks, the
// autocomplete and the page without JavaScript. CI installs /usr/bin/chromium; without it this
// test fails on purpose, because a skipped browser test would hide a broken page.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedEngine, startApp, type Running } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let app: Running;
let cleanup = () => {};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium (.ci/run does this)`);
  }
  const seeded = await seedEngine();
  cleanup = seeded.cleanup;
  app = await startApp(seeded.engine, seeded.entities);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
    await first.locator('button.copy').click();
    // The label changes when the clipboard write resolves, which is asynchronous: wait for it, don't sample it.
    await first.locator('button.copy', { hasText: /Đã chép/ }).waitFor({ timeout: 10_000 });
    await expect(first.locator('button.copy').textContent()).resolves.toMatch(/Đã chép/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await first.locator('.citation-text').textContent());
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
