// `npm run db:local -- --shards N [--data DIR] [--port P]`: a coordinator and N shard servers of
// PostgreSQL 15 on this machine, their tables created, and the DATABASE_URL to give `npm run index --
// --db` and `npm start`. `npm run db:local -- --stop [--data DIR]` stops them. See README, PostgreSQL store.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ClusterError, DEFAULT_PORT, startCluster, stopCluster } from '../src/store/postgres/local-cluster.js';
import { connect } from '../src/store/postgres/connection.js';
import { createSchema, SchemaError } from '../src/store/postgres/schema.js';
import { StoreUnreachableError } from '../src/store/postgres/connection.js';
import { parseArgsMessage } from '../src/util/args-message.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `Cách dùng:
  npm run db:local -- [--shards N] [--data THƯ_MỤC] [--port P]
      Khởi động một máy chủ PostgreSQL điều phối và N máy chủ phân mảnh (shard; mặc định 0:
      chỉ máy chủ điều phối) trong THƯ_MỤC (mặc định .pg-local/ của dự án), lắng nghe trên
      Unix socket trong THƯ_MỤC/run (máy chủ điều phối ở cổng P, mặc định ${DEFAULT_PORT}, phân
      mảnh thứ k ở cổng P + k), tạo các bảng rồi in ra DATABASE_URL. Chạy lại thì khởi động
      các máy chủ đã có ở đó.
  npm run db:local -- --stop [--data THƯ_MỤC]
      Dừng các máy chủ đó.`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ options: { shards: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, stop: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    console.error(`${parseArgsMessage(e as Error & { code?: string })}\n\n${USAGE}`);
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
    if (!(n <= max)) throw new RangeError(`${name} phải là số nguyên từ 0 đến ${max}`);
    return n;
  };
  try {
    if (values.stop) {
      console.log((await stopCluster(dir)) ? `Đã dừng các máy chủ trong ${dir}.` : `Chưa có máy chủ nào được khởi động trong ${dir}.`);
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
    console.log(`Đã khởi động máy chủ điều phối${shards ? ` và ${shards} máy chủ phân mảnh` : ''} trong ${dir}.`);
    console.log(`DATABASE_URL=${info.url}`);
    return 0;
  } catch (e) {
    // The user's to fix (an option, the installation, a folder, the database): the message, not a stack trace.
    if (e instanceof RangeError || e instanceof ClusterError || e instanceof SchemaError || e instanceof StoreUnreachableError) {
      console.error(e.message);
      return e instanceof RangeError ? 2 : 1;
    }
    throw e;
  }
}

process.exitCode = await main();
