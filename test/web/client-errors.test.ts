// The answers to requests Node's HTTP parser refuses itself, sent over raw sockets since no HTTP
// client sends such requests.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../../src/web/client-errors.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `raw` in one write and reads the whole answer until the server closes. */
function send(raw: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

const huge = `X-Big: ${'a'.repeat(20_000)}\r\n`;

describe('answers to what the HTTP parser refuses', () => {
  it('431 with a JSON error on /api/* for headers over the limit', async () => {
    const res = await send(`GET /api/search?q=x HTTP/1.1\r\nHost: t\r\n${huge}\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(res.body).error).toMatch(/tiêu đề \(header\) của yêu cầu quá lớn/);
  });

  it('400 with a JSON error on /api/* for a malformed request', async () => {
    const res = await send('GET /api/search?q=x HTTP/1.1\r\nHost: t\r\nno colon here\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/không hợp lệ/) });
  });

  it('417 with a JSON error on /api/* for an Expect header it cannot meet', async () => {
    const res = await send('GET /api/search?q=x HTTP/1.1\r\nHost: t\r\nExpect: the-moon\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(417);
    expect(JSON.parse(res.body).error).toMatch(/Expect/);
  });

  it('plain Vietnamese text for pages', async () => {
    const res = await send(`GET /?q=x HTTP/1.1\r\nHost: t\r\n${huge}\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: text\/plain/i);
    expect(res.body).toMatch(/quá lớn/);
  });

  it('leaves ordinary requests to the app', async () => {
    const res = await send('GET /api/search HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
  });
});
