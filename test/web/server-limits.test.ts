// The server's own limits: a client that stops reading a large answer is disconnected.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitServer } from '../../src/web/server-limits.js';

let server: Server;
let port: number;
let serverSide: Socket | undefined;
beforeAll(async () => {
  // 8 MB, far more than the socket buffers hold: most of it waits on the server for the client to read.
  const body = Buffer.alloc(8 * 1024 * 1024, 'a');
  server = limitServer(createServer((_req, res) => {
    res.end(body);
  }), { idleTimeoutMs: 300 });
  server.on('connection', (s) => (serverSide = s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('limitServer', () => {
  it('closes a connection whose client stopped reading, and with it the answer it held', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await new Promise((resolve) => server.once('request', resolve));
    // What the client did not read waits in the server's socket, until the socket is closed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(serverSide!.writableLength).toBeGreaterThan(1024 * 1024);
    const closed = await new Promise<boolean>((resolve) => {
      serverSide!.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 5000);
    });
    socket.destroy();
    expect(closed).toBe(true);
  });
});
