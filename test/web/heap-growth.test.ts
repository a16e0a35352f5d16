import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from '../../src/web/heap-growth.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Largest used heap over the live heap in a fresh process that churns garbage under the given bound. */
async function churnRatio(percent: number): Promise<number> {
  const { stdout } = await promisify(execFile)(TSX, ['test/fixtures/heap-churn.ts', String(percent)], { cwd: ROOT });
  return (JSON.parse(stdout) as { ratio: number }).ratio;
}

describe('boundHeapGrowth', () => {
  it('rejects a percent that is not a whole number from 1 to 1000', () => {
    for (const bad of [0, -5, 1.5, 1001, Number.NaN]) expect(() => boundHeapGrowth(bad)).toThrow(/integer from 1 to 1000/);
  });

  it('keeps the heap of a process that churns garbage near its live size, where a loose bound lets it grow', async () => {
    const [tight, loose] = await Promise.all([churnRatio(10), churnRatio(400)]);
    expect(tight).toBeLessThan(2.5);
    expect(loose).toBeGreaterThan(tight * 1.5);
  }, 60_000);
});
