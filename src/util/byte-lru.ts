// A map that keeps what was used last within a budget of bytes, each value's size told by the caller.

/** A least-recently-used map bounded by the sum of its values' sizes. */
export class ByteLru<K, V> {
  // In order of use, the least recent first (a Map keeps insertion order).
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  /** `budget` in bytes (0 keeps nothing); a value larger than `budget / largest` (default 4) is never kept, so one value cannot empty the map. */
  constructor(
    private readonly budget: number,
    private readonly largest = 4,
  ) {}

  /** Bytes held. */
  get size(): number {
    return this.used;
  }

  /** The value of `key`, now the most recently used; undefined when not held. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` under `key` (replacing what was there), the least recently used going to make room. */
  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budget / this.largest) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  delete(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.bytes;
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
