// Connections of the searcher's pools: one that breaks while a statement runs on it is retried on a new
// one, and its error event never goes unheard (an unheard 'error' would end the server's process).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../src/store/postgres/shard-pools.js';
import { startTestCluster, type TestCluster } from './pg-fixture.js';

let cluster: TestCluster;
let pool: pg.Pool;
beforeAll(async () => {
  cluster = await startTestCluster(0);
  pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await cluster?.stop();
});

// Breaks a client's socket as a vanished server does (the write side fails with EPIPE).
function breakSocket(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection: { stream: { destroy(e: Error): void } } }).connection.stream;
  stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
}

describe('withConnection', () => {
  it('retries on a new connection when the one it holds breaks during a statement', async () => {
    let attempts = 0;
    const one = await withConnection(
      pool,
      async (c) => {
        if (++attempts === 1) {
          const sleeping = c.query('SELECT pg_sleep(0.5)');
          breakSocket(c);
          await sleeping;
        }
        return (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0].one;
      },
      (e) => e,
    );
    expect([one, attempts]).toEqual([1, 2]);
  });

  it('retries when the connection broke between two statements', async () => {
    let attempts = 0;
    const one = await withConnection(
      pool,
      async (c) => {
        await c.query('SELECT 1');
        if (++attempts === 1) breakSocket(c);
        await new Promise((r) => setTimeout(r, 20));
        return (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0].one;
      },
      (e) => e,
    );
    expect([one, attempts]).toEqual([1, 2]);
  });
});
