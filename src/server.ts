// Entry point of `npm start`: serves the index in INDEX_DIR over HTTP, building one from seeds/
// first when there is none, so a fresh clone answers queries with no other step, and swapping in
// the index rebuilt there by `npm run index` without a restart.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureIndex } from './index/ensure-index.js';
import { IndexLoadError } from './index/store.js';
import { IndexLockedError } from './index/lock.js';
import { createApp, type AppDeps } from './web/app.js';
import { PgSearcher } from './store/postgres/pg-searcher.js';
import { StoreUnreachableError } from './store/postgres/connection.js';
import { SchemaError } from './store/postgres/schema.js';
import { LiveIndex } from './web/live-index.js';
import { boundHeapGrowth } from './web/heap-growth.js';
import { answerClientErrors } from './web/client-errors.js';
import { limitServer } from './web/server-limits.js';
import type { PoolOptions } from './search/pool.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = path.join(PROJECT, 'seeds');

// A setting the user must fix: its message is all they need.
class SettingError extends Error {}

// Server settings from the environment, with the documented defaults (PUBLIC_URL: none; the pool's
// and the connections' defaults are in src/search/pool.ts and src/web/server-limits.ts).
function settings(env: NodeJS.ProcessEnv = process.env): { port: number; host: string; indexDir: string; publicUrl?: string; pool: PoolOptions; maxConnections?: number } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingError(`PORT phải là số cổng từ 0 đến 65535, không phải "${env.PORT}"`);
  const indexDir = env.INDEX_DIR ? path.resolve(env.INDEX_DIR) : path.join(PROJECT, 'index');
  const count = (name: string, min: number): number | undefined => {
    if (!env[name]) return undefined;
    const n = Number(env[name]);
    if (!Number.isInteger(n) || n < min) throw new SettingError(`${name} phải là số nguyên từ ${min} trở lên, không phải "${env[name]}"`);
    return n;
  };
  const pool = { workers: count('SEARCH_WORKERS', 1), heavy: count('SEARCH_HEAVY', 1), deadlineMs: count('SEARCH_DEADLINE_MS', 1), runMs: count('SEARCH_RUN_MS', 1), maxQueue: count('SEARCH_QUEUE', 0) };
  return { port, host: env.HOST || '127.0.0.1', indexDir, publicUrl: publicUrl(env.PUBLIC_URL), pool, maxConnections: count('MAX_CONNECTIONS', 1) };
}

// PUBLIC_URL without its trailing slash, refused unless it is an http(s) address.
function publicUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) throw new SettingError(`PUBLIC_URL phải là một địa chỉ http:// hoặc https://, ví dụ https://example.gov.vn, không phải "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

// What the app serves: the embedded index in `indexDir` (built from seeds/ when there is none).
async function indexSource(indexDir: string, pool: PoolOptions): Promise<Pick<AppDeps, 'searcher' | 'entities'> & { stats(): { documents: number; paragraphs: number } }> {
  await ensureIndex(indexDir, { seeds: SEEDS, log: (line) => console.log(line) });
  // After any build above: building wants few collections, serving a small steady heap.
  boundHeapGrowth();
  // Every data file is checked against its checksum before the server listens: a damaged index
  // stops the start with the file's name rather than answering wrongly.
  // Searches run on worker threads; the server listens once every worker has built its engine.
  const live = (await LiveIndex.open(indexDir, { pool })).watch();
  return { searcher: () => live.searcher, entities: () => live.current.entities, stats: () => live.current.searcher.stats() };
}

// What the app serves: the collection in the PostgreSQL database at `url` (DATABASE_URL), never built
// from seeds/: a database is loaded on purpose, with npm run index -- --db.
async function postgresSource(url: string): Promise<Pick<AppDeps, 'searcher' | 'entities'> & { stats(): { documents: number; paragraphs: number } }> {
  const searcher = await PgSearcher.open({ url });
  return { searcher: () => searcher, entities: () => searcher.entities, stats: () => searcher.stats() };
}

async function main(): Promise<void> {
  const { port, host, indexDir, publicUrl, pool, maxConnections } = settings();
  const databaseUrl = process.env.DATABASE_URL;
  const source = databaseUrl ? await postgresSource(databaseUrl) : await indexSource(indexDir, pool);
  const app = createApp({ ...source, publicUrl });
  const server = limitServer(app.listen(port, host, () => {
    const { documents, paragraphs } = source.stats();
    const address = server.address();
    const shownPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Đang phục vụ ${documents} văn bản (${paragraphs} đoạn) tại http://${host}:${shownPort}/`);
  }), { maxConnections });
  answerClientErrors(server);
  server.on('error', (error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? 'cổng này đang được một chương trình khác dùng (EADDRINUSE)' : (error.code ?? error.message);
    console.error(`Không mở được máy chủ tại ${host}:${port}: ${why}`);
    process.exit(1);
  });
  // Finish the requests in flight, then stop; a stuck client must not keep the process alive.
  const stop = (signal: string) => {
    console.log(`${signal}: đang dừng máy chủ`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof IndexLoadError || error instanceof IndexLockedError || error instanceof SettingError || error instanceof StoreUnreachableError || error instanceof SchemaError ? error.message : error);
  process.exit(1);
});
