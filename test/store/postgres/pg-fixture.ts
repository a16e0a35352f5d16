// Throwaway PostgreSQL servers for tests, started as `npm run db:local` starts them (src/store/postgres/
// local-cluster.ts) in a folder of their own, and stopped and removed afterwards. Without PostgreSQL 15
// installed, starting them throws PostgresMissingError, whose message says how to install it: the
// tests that need a server fail with it rather than pass unseen.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, stopCluster, type ClusterInfo } from '../../../src/store/postgres/local-cluster.js';

/** A running throwaway cluster; stop() stops its servers and removes its folder. */
export interface TestCluster extends ClusterInfo {
  stop(): Promise<void>;
}

// One initdb'd template for every test run on this machine: copying it takes a fraction of initdb's seconds.
const TEMPLATE = path.join(tmpdir(), 'vn-gov-search-pg15-template');

/** Starts a coordinator and `shards` shard servers in a new temporary folder. */
export async function startTestCluster(shards: number): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-test-'));
  // The servers run as the postgres user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  try {
    const info = await startCluster({ dir, shards, throwaway: true, template: TEMPLATE });
    return {
      ...info,
      async stop() {
        await stopCluster(dir);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stopCluster(dir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
