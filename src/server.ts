// Entry point of `npm start`: serves the index in INDEX_DIR over HTTP, building one from seeds/
// first when there is none, so a fresh clone answers queries with no other step.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex, workerFailureNote } from './index/build.js';
import { IndexLoadError, readManifest } from './index/store.js';
import { SearchPool } from './search/pool.js';
import { createApp } from './web/app.js';
import { limitServer } from './web/server-limits.js';
import { boundHeapGrowth } from './web/heap-growth.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = path.join(PROJECT, 'seeds');

// Server settings from the environment, with the documented defaults.
function settings(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535, not "${env.PORT}"`);
  const indexDir = env.INDEX_DIR ? path.resolve(env.INDEX_DIR) : path.join(PROJECT, 'index');
  // Unset means the pool's and the server's own defaults (src/search/pool.ts, src/web/server-limits.ts).
  const count = (name: string, min: number): number | undefined => {
    if (!env[name]) return undefined;
    const n = Number(env[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${env[name]}"`);
    return n;
  };
  const pool = { workers: count('SEARCH_WORKERS', 1), deadlineMs: count('SEARCH_DEADLINE_MS', 1), maxQueue: count('SEARCH_QUEUE', 0) };
  return { port, host: env.HOST || '127.0.0.1', indexDir, pool, maxConnections: count('MAX_CONNECTIONS', 1) };
}

// Which folder to (re)build the index from, or undefined when the index is usable as it is.
// A missing index is built from the seeds; one left by an older version is rebuilt from the
// folder it was made from, since its data is regenerable and the message would only say so.
function sourceToBuild(indexDir: string): string | undefined {
  try {
    readManifest(indexDir);
    return undefined;
  } catch (error) {
    if (!(error instanceof IndexLoadError)) throw error;
    const manifestPath = path.join(indexDir, 'manifest.json');
    if (!existsSync(manifestPath)) return SEEDS;
    const input = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { input?: string }).input;
    if (input && existsSync(input)) {
      console.log(`${error.message}\nRebuilding it from ${input}…`);
      return input;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { port, host, indexDir, pool, maxConnections } = settings();
  const input = sourceToBuild(indexDir);
  if (input) {
    console.log(`Building the index of ${input} into ${indexDir}…`);
    const report = await buildIndex({ input, out: indexDir });
    for (const p of report.problems) console.warn(`  skipped ${p.file}: ${p.reason}`);
    if (report.workerFailure) console.warn(workerFailureNote(report.workerFailure));
  }
  // After any build above: building wants few collections, serving a small steady heap.
  boundHeapGrowth();
  const searcher = SearchPool.open(indexDir, pool);
  await searcher.ready();
  const server = limitServer(createApp({ searcher, entities: searcher.entities }).listen(port, host, () => {
    const { documents, paragraphs } = searcher.stats();
    const address = server.address();
    const shownPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Serving ${documents} documents (${paragraphs} paragraphs) at http://${host}:${shownPort}/`);
  }), { maxConnections });
  server.on('error', (error) => {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  // Finish the requests in flight, then stop; a stuck client must not keep the process alive.
  const stop = (signal: string) => {
    console.log(`${signal}: closing`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof IndexLoadError ? error.message : error);
  process.exit(1);
});
