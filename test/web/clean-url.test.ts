// Pages asked with empty parameters are redirected to the URL without them; the API answers as asked.
import { describe, expect, it } from 'vitest';
import { seedApp } from './fixture.js';

const seeds = seedApp();

const get = (path: string) => fetch(seeds.app.url + path, { redirect: 'manual' });

describe('empty parameters', () => {
  it('are dropped from a results page URL, the others kept in their order', async () => {
    const res = await get('/?q=gi%E1%BA%A3i+ng%C3%A2n&type=&year=&from=&to=&body=&sort=newest&number=');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/?q=gi%E1%BA%A3i+ng%C3%A2n&sort=newest');
    expect((await get('/?q=gi%E1%BA%A3i+ng%C3%A2n&sort=newest')).status).toBe(200);
  });

  it('are dropped from a document page URL, and a query of blanks leads to the start page', async () => {
    expect((await get('/doc/004_893c76cd1ca6adb1.txt?q=&at=')).headers.get('location')).toBe('/doc/004_893c76cd1ca6adb1.txt');
    expect((await get('/?q=+&type=')).headers.get('location')).toBe('/');
  });

  it('are left to the JSON API, which ignores them', async () => {
    expect((await get('/api/search?q=gi%E1%BA%A3i+ng%C3%A2n&type=&year=')).status).toBe(200);
  });
});
