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

/** What seedApp() serves: the app and its engine, set once the file's beforeAll has run. */
export interface SeedApp {
  app: Running;
  engine: SearchEngine;
}

/** Serves the seeds for the tests of one file (beforeAll) and stops after them (afterAll); `publicUrl` as AppDeps' (default none). */
export function seedApp(options: { publicUrl?: string } = {}): SeedApp {
  const served = {} as SeedApp;
  let cleanup = () => {};
  beforeAll(async () => {
    const seeded = await seedEngine();
    cleanup = seeded.cleanup;
    served.engine = seeded.engine;
    served.app = await listen(createApp({ searcher: seeded.engine, entities: seeded.entities, publicUrl: options.publicUrl, logError: () => {} }));
  }, 60_000);
  afterAll(async () => {
    await served.app?.close();
    cleanup();
  });
  return served;
}
