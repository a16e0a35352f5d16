/** An append-only typed array that doubles its capacity as it fills, for building large columns without JS arrays of numbers. */
export class Growable<T extends Uint32Array | Uint16Array | Uint8Array> {
  private data: T;
  /** Number of values appended. */
  length = 0;

  constructor(
    private readonly make: (capacity: number) => T,
    capacity = 1024,
  ) {
    this.data = make(capacity);
  }

  /** Appends one value (truncated to the element type, as typed arrays do). */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Empties the array, keeping its capacity: scratch space reused for every paragraph. */
  clear(): void {
    this.length = 0;
  }

  /** Value i, or 0 past the end. */
  get(i: number): number {
    return i < this.length ? this.data[i] : 0;
  }

  /** Sets value i, which must be below length. */
  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** Adds `delta` to value i, first appending zeros up to i: one counter per dense id. */
  add(i: number, delta: number): void {
    while (this.length <= i) this.push(0);
    this.data[i] += delta;
  }

  /** The values appended, as a view (no copy) that later pushes may invalidate. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** A growable Uint32Array. */
export const growU32 = (capacity?: number) => new Growable((n) => new Uint32Array(n), capacity);
/** A growable Uint16Array. */
export const growU16 = (capacity?: number) => new Growable((n) => new Uint16Array(n), capacity);
/** A growable Uint8Array. */
export const growU8 = (capacity?: number) => new Growable((n) => new Uint8Array(n), capacity);

/**
 * `array` if it holds at least `n` values, else a copy at least twice as long (the rest zeros). For
 * the innermost loops of indexing, which keep a plain typed array and a count in locals: a Growable's
 * push there is a call and a check per value, on one method shared by arrays of three element types.
 * Callers test `n > array.length` themselves and call this only to grow: shared by those element
 * types, a call per value cost as much as the push it replaced.
 */
export function withRoom<T extends Uint32Array | Uint16Array | Uint8Array>(array: T, n: number): T {
  if (n <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(n, array.length * 2));
  bigger.set(array);
  return bigger;
}
