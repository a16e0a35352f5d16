// Small numeric and formatting helpers shared by the benchmark's parent and its load generator.

/** Nearest-rank percentile (q in 0..1) of already sorted values: always a value that was measured, never an interpolation. */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Median of a few values (load times), unsorted input accepted. */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

/** Milliseconds with precision that suits their size, so sub-millisecond queries are not shown as 0. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
}

/** Bytes as MB (10^6, the unit of the throughput figure, so the two agree). */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Prints one aligned `label  value` line: the output is meant to be pasted into an issue as is. */
export function line(label: string, value: string): void {
  console.log(`${label.padEnd(28)} ${value}`);
}
