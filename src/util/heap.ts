/** A binary heap that pops the best item first (by `better`), for best-first evaluation. */
export class Heap<T> {
  private readonly items: T[];

  constructor(
    private readonly better: (a: T, b: T) => boolean,
    items: T[] = [],
  ) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Number of items held. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item. */
  push(item: T): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(h[i], h[p])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  /** Removes and returns the best item. */
  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last !== undefined) {
      h[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.better(h[l], h[m])) m = l;
      if (r < h.length && this.better(h[r], h[m])) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}

/** Keeps the k best items seen (a min-heap on `better`), so ranking n candidates costs O(n log k), not a full sort. */
export class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    /** True when a ranks strictly before b. */
    private readonly better: (a: T, b: T) => boolean,
  ) {}

  /** Number of items held (at most k). */
  get size(): number {
    return this.heap.length;
  }

  /** The worst item held, which a newcomer must beat once the heap is full. */
  get worst(): T | undefined {
    return this.heap[0];
  }

  /** True when the heap holds k items. */
  get full(): boolean {
    return this.heap.length >= this.k;
  }

  /** Offers an item; returns false when it was not good enough to keep. */
  push(item: T): boolean {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(item);
      this.up(h.length - 1);
      return true;
    }
    if (this.k === 0 || !this.better(item, h[0])) return false;
    h[0] = item;
    this.down(0);
    return true;
  }

  /** The items held, best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0));
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.better(h[m], h[l])) m = l;
      if (r < h.length && this.better(h[m], h[r])) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
