// Both citation styles over HTTP, on the seeds: the API carries them beside the default `citation`
// (unchanged in name and type), and the results page shows both without JavaScript.
import { describe, expect, it } from 'vitest';
import { seedApp } from './fixture.js';

const seeds = seedApp();

interface Hit {
  doc: string;
  paragraph: number;
  citation: string;
  citations: { press: string; legal: string };
}

describe('citations over HTTP', () => {
  it('the API gives both styles, the legal one as the default for the report, with its issuer and date', async () => {
    const res = await fetch(`${seeds.app.url}/api/search?q=${encodeURIComponent('giải ngân')}&limit=50`);
    const hits = ((await res.json()) as { hits: Hit[] }).hits;
    const report = hits.find((h) => h.doc.startsWith('004_'))!;
    expect(report.citations.legal).toMatch(/^Báo cáo số \/BC-UBND tháng 03\/2023 của UBND tỉnh Lai Châu, đoạn \d+, \/doc\/004_\S+#p\d+$/);
    expect(report.citation).toBe(report.citations.legal);
    const news = hits.find((h) => h.doc.startsWith('000_'))!;
    expect(news.citations.press).toMatch(/^“Hội nghị Sơ kết 6 tháng đầu năm thực hiện kế hoạch phát triển kinh tế - xã hội”, 06\/2022, đoạn \d+/);
    expect(news.citation).toBe(news.citations.press);
  });

  it('the results page shows both styles in plain HTML', async () => {
    const html = await (await fetch(`${seeds.app.url}/?q=${encodeURIComponent('giải ngân')}`)).text();
    expect(html).toContain('<div class="citation-styles">');
    expect(html).toMatch(/<span class="citation-label">Kiểu báo chí<\/span> <code class="citation-text">“/);
    expect(html).toMatch(/<span class="citation-label">Kiểu văn bản pháp luật<\/span> <code class="citation-text">Báo cáo số/);
  });
});
