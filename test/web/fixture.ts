// Shared set-up of the web tests: the real engine over an index of seeds/, and the app
// listening on a free port.
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../src/index/build.js';
import { SearchEngine } from '../../src/search/engine.js';
import type { Express } from 'express';
import type { Searcher } from '../../src/search/results.js';
import { createApp } from '../../src/web/app.js';
import { EntityIndex } from '../../src/entities/entity-index.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

/** The engine and the entities over a fresh index of `input` (default seeds/), and how to delete that index. */
export async function seedEngine(input = SEEDS): Promise<{ engine: SearchEngine; entities: EntityIndex; cleanup(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'web-test-index-'));
  await buildIndex({ input, out: dir });
  const entities = EntityIndex.load(dir);
  return { engine: SearchEngine.load(dir, { entities }), entities, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The app over a fresh index of the seeds, for the tests of the calling file: started before them
 * (vitest's beforeAll), stopped and its index removed after them. Read `url` inside a test or hook.
 */
export function serveSeeds(): { readonly url: string } {
  let app: Running | undefined;
  let cleanup = (): void => {};
  beforeAll(async () => {
    const seeded = await seedEngine();
    cleanup = seeded.cleanup;
    app = await startApp(seeded.engine, seeded.entities);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    cleanup();
  });
  return {
    get url() {
      if (!app) throw new Error('the seeds app starts in beforeAll: read its url inside a test');
      return app.url;
    },
  };
}

/** A running app and how to stop it. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Starts the app over `searcher` (and `entities`, default none) on 127.0.0.1 and a free port. */
export function startApp(searcher: Searcher, entities?: EntityIndex): Promise<Running> {
  return listen(createApp({ searcher, entities, logError: () => {} }));
}

/** Starts an app already built on 127.0.0.1 and a free port. */
export async function listen(app: Express): Promise<Running> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** The app over a fresh index of a corpus written from `files` (name → text, names may hold '/'); close() removes both. */
export async function serveCorpus(files: Record<string, string>): Promise<Running> {
  const corpus = mkdtempSync(path.join(tmpdir(), 'web-test-corpus-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(corpus, name)), { recursive: true });
    writeFileSync(path.join(corpus, name), text);
  }
  const seeded = await seedEngine(corpus);
  const running = await startApp(seeded.engine);
  return {
    url: running.url,
    close: async () => {
      await running.close();
      seeded.cleanup();
      rmSync(corpus, { recursive: true, force: true });
    },
  };
}
