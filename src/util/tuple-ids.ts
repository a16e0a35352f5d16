/**
 * Dense ids (0, 1, 2… in order of first sight) for tuples of two or three unsigned 32-bit integers,
 * in an open-addressing hash table over typed arrays. Indexing counts millions of word pairs and
 * runs; keying them by integer ids instead of joined strings builds no string and no Map entry per
 * occurrence.
 */
export class TupleIds {
  // The hash table, `width` values per slot: the tuple, then its id + 1 (0 marks an empty slot). The
  // tuple sits in its slot so that a probe reads one place in memory: at millions of tuples, cache
  // misses are what a look-up costs.
  private table: Uint32Array;
  private readonly width: number;
  private mask: number;
  // The tuples again, by id, for at().
  private byId: Uint32Array;
  /** Number of distinct tuples seen. */
  size = 0;

  /** `arity` is 2 or 3; `capacity` (default 1024) is a first guess of the number of tuples, grown as needed. */
  constructor(
    readonly arity: 2 | 3,
    capacity = 1024,
  ) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.width = arity + 1;
    this.table = new Uint32Array(slots * this.width);
    this.mask = slots - 1;
    this.byId = new Uint32Array((slots / 2) * arity);
  }

  /** Id of the tuple (a, b) or (a, b, c); a tuple not seen before gets the next id. */
  id(a: number, b: number, c = 0): number {
    const at = this.slot(a, b, c);
    const found = this.table[at + this.arity];
    if (found !== 0) return found - 1;
    const k = this.arity;
    const id = this.size++;
    this.table[at] = a;
    this.table[at + 1] = b;
    if (k === 3) this.table[at + 2] = c;
    this.table[at + k] = id + 1;
    if ((id + 1) * k > this.byId.length) {
      const bigger = new Uint32Array(this.byId.length * 2);
      bigger.set(this.byId);
      this.byId = bigger;
    }
    this.byId[id * k] = a;
    this.byId[id * k + 1] = b;
    if (k === 3) this.byId[id * k + 2] = c;
    // Kept at most half full, so that a probe sequence stays short.
    if (this.size * 2 > this.mask + 1) this.grow();
    return id;
  }

  /** Id of the tuple, or -1 when it was never seen. */
  find(a: number, b: number, c = 0): number {
    return this.table[this.slot(a, b, c) + this.arity] - 1;
  }

  /** The tuples by id, `arity` values each, as a view (no copy) that later ids may invalidate. */
  keys(): Uint32Array {
    return this.byId.subarray(0, this.size * this.arity);
  }

  /** Value j (0-based) of the tuple with id `id`. */
  at(id: number, j: number): number {
    return this.byId[id * this.arity + j];
  }

  // Offset in the table of the slot holding the tuple, or of the empty slot where it belongs (linear probing).
  private slot(a: number, b: number, c: number): number {
    const t = this.table;
    const w = this.width;
    const k = this.arity;
    let h = hash(a, b, c) & this.mask;
    for (;;) {
      const at = h * w;
      if (t[at + k] === 0 || (t[at] === a && t[at + 1] === b && (k === 2 || t[at + 2] === c))) return at;
      h = (h + 1) & this.mask;
    }
  }

  private grow(): void {
    const k = this.arity;
    this.table = new Uint32Array(this.table.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let id = 0; id < this.size; id++) {
      const a = this.byId[id * k];
      const b = this.byId[id * k + 1];
      const c = k === 3 ? this.byId[id * k + 2] : 0;
      const at = this.slot(a, b, c);
      this.table[at] = a;
      this.table[at + 1] = b;
      if (k === 3) this.table[at + 2] = c;
      this.table[at + k] = id + 1;
    }
  }
}

// Multiply-xorshift mixing (as in murmur3's finalizer): neighbouring ids must not land in neighbouring slots.
function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c ^ 0x165667b1, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
