// A map that keeps what was used last within a budget of bytes, each value's size told by the caller.
// The order of use is a linked list beside the Map: a Map's own order would do, but V8 leaves a hole
// for every deleted entry and iterates over the holes, so evicting from its front after many deletes
// costs time in proportion to them (a search setting 300,000 texts into a full cache took over 30 s).

interface Node<K, V> {
  key: K;
  value: V;
  bytes: number;
  /** Less recently used. */
  prev: Node<K, V> | undefined;
  /** More recently used. */
  next: Node<K, V> | undefined;
}

/** A least-recently-used map bounded by the sum of its values' sizes. */
export class ByteLru<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  // The least and the most recently used.
  private oldest: Node<K, V> | undefined;
  private newest: Node<K, V> | undefined;
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
    const node = this.nodes.get(key);
    if (!node) return undefined;
    this.unlink(node);
    this.append(node);
    return node.value;
  }

  /** Keeps `value` under `key` (replacing what was there), the least recently used going to make room. */
  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budget / this.largest) return;
    const node: Node<K, V> = { key, value, bytes, prev: undefined, next: undefined };
    this.nodes.set(key, node);
    this.append(node);
    this.used += bytes;
    while (this.used > this.budget && this.oldest) this.delete(this.oldest.key);
  }

  delete(key: K): void {
    const node = this.nodes.get(key);
    if (!node) return;
    this.nodes.delete(key);
    this.unlink(node);
    this.used -= node.bytes;
  }

  /** Forgets everything. */
  clear(): void {
    this.nodes.clear();
    this.oldest = this.newest = undefined;
    this.used = 0;
  }

  private append(node: Node<K, V>): void {
    node.prev = this.newest;
    node.next = undefined;
    if (this.newest) this.newest.next = node;
    else this.oldest = node;
    this.newest = node;
  }

  private unlink(node: Node<K, V>): void {
    if (node.prev) node.prev.next = node.next;
    else this.oldest = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.newest = node.prev;
    node.prev = node.next = undefined;
  }
}
