// What a client cannot choose: the origin of the permalinks in citations (PUBLIC_URL or relative,
// never the Host header), and methods other than GET (405 with Allow).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../src/search/engine.js';
import { createApp } from '../../src/web/app.js';
import { listen, seedEngine, type Running } from './fixture.js';

let engine: SearchEngine;
let relative: Running;
let configured: Running;
let cleanup = () => {};

beforeAll(async () => {
  const seeded = await seedEngine();
  engine = seeded.engine;
  cleanup = seeded.cleanup;
  relative = await listen(createApp({ searcher: engine, logError: () => {} }));
  configured = await listen(createApp({ searcher: engine, publicUrl: 'https://tracuu.example.gov.vn', logError: () => {} }));
});
afterAll(async () => {
  await relative?.close();
  await configured?.close();
  cleanup();
});

// A request with any method and headers (fetch would not send a forged Host).
function send(url: string, method: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const citations = (html: string) => [...html.matchAll(/<code class="citation-text">([^<]*)<\/code>/g)].map((m) => m[1]);
const page = '/?q=' + encodeURIComponent('giải ngân');

describe('citations', () => {
  it('stay relative without PUBLIC_URL, whatever Host the client sends', async () => {
    const res = await send(relative.url + page, 'GET', { Host: 'evil.example' });
    expect(res.status).toBe(200);
    const cited = citations(res.body);
    expect(cited.length).toBeGreaterThan(0);
    expect(res.body).not.toContain('evil.example');
    for (const c of cited) expect(c).toMatch(/, \/doc\/\S+#p\d+$/);
  });

  it('carry PUBLIC_URL as their origin, not the forged Host', async () => {
    const res = await send(configured.url + page, 'GET', { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' });
    expect(res.body).not.toContain('evil.example');
    const cited = citations(res.body);
    expect(cited.length).toBeGreaterThan(0);
    for (const c of cited) expect(c).toMatch(/, https:\/\/tracuu\.example\.gov\.vn\/doc\/\S+#p\d+$/);
  });
});

describe('methods', () => {
  for (const [method, path] of [
    ['POST', '/api/search?q=abc'],
    ['DELETE', '/'],
    ['PUT', '/doc/x.txt'],
    ['POST', '/api/suggest'],
    ['PATCH', '/healthz'],
    ['POST', '/entities'],
    ['DELETE', '/static/app.css'],
  ] as const) {
    it(`answers ${method} ${path} with 405 and Allow: GET, HEAD`, async () => {
      const res = await send(relative.url + path, method);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      if (path.startsWith('/api/') || path === '/healthz') expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining(`chỉ nhận yêu cầu GET, không nhận ${method}`) as unknown });
      else expect(res.body).toContain('chỉ nhận yêu cầu GET');
    });
  }

  it('answers OPTIONS with the allowed methods, and HEAD like GET', async () => {
    for (const path of ['/api/search', '/static/app.css']) {
      const options = await send(relative.url + path, 'OPTIONS');
      expect(options.status, path).toBeLessThan(300);
      expect(options.headers.allow, path).toBe('GET, HEAD');
    }
    expect((await send(relative.url + '/healthz', 'HEAD')).status).toBe(200);
  });

  it('still answers an unknown path with 404, whatever the method', async () => {
    expect((await send(relative.url + '/api/nothing', 'POST')).status).toBe(404);
    expect((await send(relative.url + '/nothing', 'DELETE')).status).toBe(404);
  });
});
