// GET /api/cite: a paragraph and its citations, for the copy button of the document page.
import { describe, expect, it } from 'vitest';
import { seedApp } from './fixture.js';

const seeds = seedApp({ publicUrl: 'https://tracuu.example.vn' });
const REPORT = '004_893c76cd1ca6adb1.txt';

const cite = (params: Record<string, string>) => fetch(`${seeds.app.url}/api/cite?${new URLSearchParams(params)}`);

describe('/api/cite', () => {
  it('gives the paragraph, its permalink on the public site and both citation styles', async () => {
    const res = await cite({ doc: REPORT, paragraph: '26' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; url: string; citation: string; citations: { press: string; legal: string } };
    expect(body.text).toBe(seeds.engine.document(REPORT)?.paragraphs[25].text);
    expect(body.url).toBe(`https://tracuu.example.vn/doc/${REPORT}#p26`);
    expect(body.citation).toBe(body.citations.legal);
    expect(body.citations.legal).toMatch(/^Báo cáo số \/BC-UBND tháng 03\/2023 của UBND tỉnh Lai Châu, đoạn 26, https:\/\/tracuu\.example\.vn\/doc\/004_893c76cd1ca6adb1\.txt#p26$/);
    expect(body.citations.press.endsWith(body.url)).toBe(true);
  });

  it('answers a paragraph past the end, a missing one and an unknown document in Vietnamese', async () => {
    const past = await cite({ doc: REPORT, paragraph: '100000' });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: string }).error).toMatch(/Văn bản này có \d+ đoạn/);
    expect((await cite({ doc: REPORT })).status).toBe(400);
    const unknown = await cite({ doc: 'nope.txt', paragraph: '1' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/không có trong kho/);
  });
});
