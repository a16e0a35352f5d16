// Connections straight to the servers that hold the paragraphs, as the coordinator's catalog lists them
// (pg_foreign_server and its user mapping): a search reads its posting rows and texts from every shard
// at once, where postgres_fdw would fetch them a thousand rows at a time and in text form. Reads only:
// writes and DDL go through the coordinator. Without shards the coordinator is the one server.
import pg from 'pg';
import { lostConnection, shardDown, storeUnavailable } from './store-errors.js';

/** One server holding paragraphs: its name in the catalog (shard_1, …) and a pool of connections to it. */
export interface ShardPool {
  name: string;
  pool: pg.Pool;
}

/** Pool options of the searcher: size, statement timeout, and how long a connection may take. */
export type PoolSettings = Pick<pg.PoolConfig, 'max' | 'statement_timeout' | 'query_timeout' | 'connectionTimeoutMillis'>;

// The options of a foreign server or user mapping ('host=/tmp/…' strings) as a record.
function options(list: string[] | null): Record<string, string> {
  return Object.fromEntries((list ?? []).map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
}

/** Pools to the shards the coordinator's catalog names, or `coordinator` alone when it has none. */
export async function shardPools(client: pg.ClientBase, coordinator: pg.Pool, settings: PoolSettings): Promise<ShardPool[]> {
  const rows = (
    await client.query<{ srvname: string; srvoptions: string[] | null; umoptions: string[] | null }>(
      `SELECT s.srvname, s.srvoptions, um.umoptions FROM pg_foreign_server s
         JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw AND w.fdwname = 'postgres_fdw'
         LEFT JOIN pg_user_mappings um ON um.srvid = s.oid AND um.usename IN (current_user, 'public')
        ORDER BY s.srvname`,
    )
  ).rows;
  if (!rows.length) return [{ name: 'coordinator', pool: coordinator }];
  return rows.map((r) => {
    const s = options(r.srvoptions);
    const u = options(r.umoptions);
    const pool = new pg.Pool({ host: s.host, port: s.port ? Number(s.port) : undefined, database: s.dbname, user: u.user, password: u.password, ...settings });
    // An idle connection that dies is replaced at its next use; its error must not end the process.
    pool.on('error', () => undefined);
    return { name: r.srvname, pool };
  });
}

/**
 * Runs statements on a connection of `pool`: a connection lost on the way is retried once on a new one;
 * a failure is thrown as `fail` makes it (the 503 that names what does not answer, or the error itself).
 */
export async function withConnection<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>, fail: (error: unknown) => unknown): Promise<T> {
  // The pool hears a connection's errors only while it is idle; one that breaks while held would emit
  // an 'error' nobody hears, which ends the process. The statement it broke fails with the error anyway.
  const heard = () => undefined;
  for (let attempt = 0; ; attempt++) {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      client.on('error', heard);
      const result = await run(client);
      client.off('error', heard);
      client.release();
      return result;
    } catch (e) {
      const lost = lostConnection(e);
      client?.off('error', heard);
      client?.release(lost || storeUnavailable(e) !== undefined ? (e as Error) : undefined);
      if (lost && attempt === 0) continue;
      throw fail(e);
    }
  }
}

/** Runs `read` on every shard at once and returns their answers in shard order; a shard that cannot be reached is a 503 naming it. */
export function readEveryShard<T>(shards: readonly ShardPool[], read: (client: pg.PoolClient) => Promise<T>): Promise<T[]> {
  return Promise.all(
    shards.map(({ name, pool }) =>
      withConnection(pool, read, (e) => {
        const unreachable = lostConnection(e) || (e as { code?: string }).code?.startsWith('08');
        return unreachable && name !== 'coordinator' ? shardDown(name) : (storeUnavailable(e) ?? e);
      }),
    ),
  );
}
