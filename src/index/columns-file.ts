import { close, fsync, openSync, readFileSync, writev } from 'node:fs';
import { crc32 } from 'node:zlib';

/** Element types a column may have. */
export type ColumnType = 'u32' | 'u16' | 'u8';
/** A column of one of those types. */
export type Column = Uint32Array | Uint16Array | Uint8Array;
/** Where each named column lies in a columns file. */
export type ColumnLayout = Record<string, { type: ColumnType; offset: number; length: number }>;
/** What writeColumns() wrote: the layout, and the file's size and CRC-32 for the manifest's checksum. */
export interface WrittenColumns {
  layout: ColumnLayout;
  bytes: number;
  crc32: number;
}

const typeOf = (c: Column): ColumnType => (c instanceof Uint32Array ? 'u32' : c instanceof Uint16Array ? 'u16' : 'u8');
const SIZE: Record<ColumnType, number> = { u32: 4, u16: 2, u8: 1 };
const ALIGN = 8;

/**
 * Writes named typed arrays back to back (8-byte aligned) into one file, synced to disk, and returns
 * their layout. The write is handed to libuv's thread pool before this returns, as one vectored
 * write: the caller can go on (say, encode the other files of an index) while a hundred megabytes go
 * to disk. The checksum is taken from the arrays themselves, so the file need not be read back.
 */
export function writeColumns(path: string, columns: Record<string, Column>): Promise<WrittenColumns> {
  const { layout, chunks, bytes: offset } = lay(columns);
  let crc = 0;
  // Empty ones skipped: on Node 20.20, crc32() of a view of a zero-length buffer returns 0, not the value given.
  for (const c of chunks) if (c.length) crc = crc32(c, crc);
  const fd = openSync(path, 'w');
  return new Promise<WrittenColumns>((resolve, reject) => {
    const fail = (e: Error) => close(fd, () => reject(e));
    // A write may take less than it was given: what is left goes in the next one.
    const write = (rest: Uint8Array[], at: number): void =>
      writev(fd, rest, at, (e, written) => {
        if (e) return fail(e);
        const left = chunksAfter(rest, written);
        if (left.length) return write(left, at + written);
        fsync(fd, (e2) => (e2 ? fail(e2) : close(fd, (e3) => (e3 ? reject(e3) : resolve({ layout, bytes: offset, crc32: crc })))));
      });
    write(chunks, 0);
  });
}

// Where each column goes in a columns file, and the file's bytes as chunks (the columns' own bytes and padding).
function lay(columns: Record<string, Column>): { layout: ColumnLayout; chunks: Uint8Array[]; bytes: number } {
  const layout: ColumnLayout = {};
  const chunks: Uint8Array[] = [];
  const pad = new Uint8Array(ALIGN);
  let offset = 0;
  for (const [name, c] of Object.entries(columns)) {
    layout[name] = { type: typeOf(c), offset, length: c.length };
    chunks.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    offset += c.byteLength;
    const gap = (ALIGN - (offset % ALIGN)) % ALIGN;
    if (gap) chunks.push(pad.subarray(0, gap));
    offset += gap;
  }
  return { layout, chunks, bytes: offset };
}

/**
 * Columns laid out in one buffer as a columns file lays them out, each with room for `capacity`
 * values and filled in place; layout() then gives each the length it came to. An index put together
 * on the read side (segment-merge.ts) is then loaded like one read from disk, with no copy of its
 * columns: room left unused lies between them, which the layout allows. With `shared`, in a
 * SharedArrayBuffer, as readDataFiles() gives files to the search pool.
 */
export class ColumnArena {
  /** The bytes of every column. */
  readonly bytes: Buffer;
  private readonly views: Record<string, Column> = {};
  private readonly at: Record<string, { type: ColumnType; offset: number }> = {};

  constructor(capacities: Record<string, { type: ColumnType; capacity: number }>, options: { shared?: boolean } = {}) {
    let size = 0;
    for (const [name, { type, capacity }] of Object.entries(capacities)) {
      this.at[name] = { type, offset: size };
      size += capacity * SIZE[type];
      size += (ALIGN - (size % ALIGN)) % ALIGN;
    }
    this.bytes = options.shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.alloc(size);
    for (const [name, { type, capacity }] of Object.entries(capacities)) {
      const offset = this.bytes.byteOffset + this.at[name].offset;
      this.views[name] = type === 'u32' ? new Uint32Array(this.bytes.buffer, offset, capacity) : type === 'u16' ? new Uint16Array(this.bytes.buffer, offset, capacity) : new Uint8Array(this.bytes.buffer, offset, capacity);
    }
  }

  /** The whole room of a column, to fill. */
  column(name: string): Column {
    return this.views[name];
  }

  /** The layout of the columns once filled, each `lengths[name]` values long (default: its whole room). */
  layout(lengths: Record<string, number> = {}): ColumnLayout {
    const out: ColumnLayout = {};
    for (const [name, { type, offset }] of Object.entries(this.at)) out[name] = { type, offset, length: lengths[name] ?? this.views[name].length };
    return out;
  }
}

/** The bytes writeColumns() would write for `columns` (padding aside), in memory, and their layout. */
export function packColumns(columns: Record<string, Column>, options: { shared?: boolean } = {}): { bytes: Buffer; layout: ColumnLayout } {
  const arena = new ColumnArena(Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, { type: typeOf(c), capacity: c.length }])), options);
  for (const [name, c] of Object.entries(columns)) arena.column(name).set(c);
  return { bytes: arena.bytes, layout: arena.layout() };
}

/** What is left of `chunks` once their first `written` bytes are written (a write may take less than it is given). */
export function chunksAfter(chunks: readonly Uint8Array[], written: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const c of chunks) {
    if (written >= c.length) written -= c.length;
    else {
      out.push(written ? c.subarray(written) : c);
      written = 0;
    }
  }
  return out;
}

/** Reads a columns file in one read and returns views of it by name; throws when it does not match the layout. */
export function readColumns(path: string, layout: ColumnLayout): Record<string, Column> {
  return columnsOf(readFileSync(path), layout, path);
}

/** Views by name into the bytes of a columns file already read (`name` is for messages); throws when they do not match the layout. */
export function columnsOf(bytes: Buffer, layout: ColumnLayout, name: string): Record<string, Column> {
  let buf = bytes;
  // Typed views need aligned offsets; a fresh large read starts at 0, a pooled small one may not.
  if (buf.byteOffset % ALIGN) {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    buf = Buffer.from(copy.buffer);
  }
  const out: Record<string, Column> = {};
  for (const [name, { type, offset, length }] of Object.entries(layout)) {
    const size = type === 'u32' ? 4 : type === 'u16' ? 2 : 1;
    if (offset % ALIGN || offset + length * size > buf.length) throw new Error(`${name} is ${buf.length} bytes, too short for column ${name}`);
    const at = buf.byteOffset + offset;
    out[name] = type === 'u32' ? new Uint32Array(buf.buffer, at, length) : type === 'u16' ? new Uint16Array(buf.buffer, at, length) : new Uint8Array(buf.buffer, at, length);
  }
  return out;
}
