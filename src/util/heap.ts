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

  /** The best item, left in place. */
  peek(): T | undefined {
    return this.items[0];
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

/** Keeps the k best items seen (a worst-first heap), so ranking n candidates costs O(n log k), not a full sort. */
export class TopK<T> {
  private readonly heap: Heap<T>;

  constructor(
    private readonly k: number,
    /** True when a ranks strictly before b. */
    private readonly better: (a: T, b: T) => boolean,
  ) {
    this.heap = new Heap<T>((a, b) => better(b, a));
  }

  /** Number of items held (at most k). */
  get size(): number {
    return this.heap.size;
  }

  /** The worst item held, which a newcomer must beat once the heap is full. */
  get worst(): T | undefined {
    return this.heap.peek();
  }

  /** True when the heap holds k items. */
  get full(): boolean {
    return this.heap.size >= this.k;
  }

  /** Offers an item; returns false when it was not good enough to keep. */
  push(item: T): boolean {
    if (this.heap.size < this.k) {
      this.heap.push(item);
      return true;
    }
    const worst = this.heap.peek();
    if (this.k === 0 || worst === undefined || !this.better(item, worst)) return false;
    this.heap.pop();
    this.heap.push(item);
    return true;
  }

  /** The items held, best first; this empties it, as every caller asks once at the end. */
  sorted(): T[] {
    const out: T[] = [];
    for (let item = this.heap.pop(); item !== undefined; item = this.heap.pop()) out.push(item);
    return out.reverse();
  }
}
