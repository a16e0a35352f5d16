// `npm run db:local -- --shards N [--data DIR] [--port P]`: a coordinator and N shard servers of
// PostgreSQL 15 on this machine, their tables created, and the DATABASE_URL to give `npm run index --
// --db` and `npm start`. `npm run db:local -- --stop [--data DIR]` stops them. See README, PostgreSQL store.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, PostgresMissingError, startCluster, stopCluster } from '../src/store/postgres/local-cluster.js';
import { connect } from '../src/store/postgres/connection.js';
import { createSchema } from '../src/store/postgres/schema.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `Usage:
  npm run db:local -- [--shards N] [--data DIR] [--port P]
      Starts a PostgreSQL coordinator and N shard servers (default 0: the coordinator alone)
      under DIR (default .pg-local/ in the project), listening on Unix sockets in DIR/run
      (coordinator on port P, default ${DEFAULT_PORT}, shard k on P + k), creates the tables,
      and prints the DATABASE_URL. Run again, it starts the servers already there.
  npm run db:local -- --stop [--data DIR]
      Stops them.`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ options: { shards: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, stop: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const dir = path.resolve(String(values.data ?? path.join(PROJECT, '.pg-local')));
  const number = (v: string | boolean | undefined, name: string, fallback: number, max: number): number => {
    if (v === undefined) return fallback;
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n <= max)) throw new RangeError(`${name} must be a whole number from 0 to ${max}`);
    return n;
  };
  try {
    if (values.stop) {
      console.log((await stopCluster(dir)) ? `Stopped the servers under ${dir}.` : `No servers were started under ${dir}.`);
      return 0;
    }
    const shards = number(values.shards, '--shards', 0, 16);
    const port = number(values.port, '--port', DEFAULT_PORT, 65_000);
    const info = await startCluster({ dir, shards, port });
    const client = await connect(info.url);
    try {
      await createSchema(client, { shards: info.shardUrls });
    } finally {
      await client.end();
    }
    console.log(`Started a coordinator${shards ? ` and ${shards} shard(s)` : ''} under ${dir}.`);
    console.log(`DATABASE_URL=${info.url}`);
    return 0;
  } catch (e) {
    if (e instanceof RangeError || e instanceof PostgresMissingError) {
      console.error(e.message);
      return e instanceof RangeError ? 2 : 1;
    }
    throw e;
  }
}

process.exitCode = await main();
