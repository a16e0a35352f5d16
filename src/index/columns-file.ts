import { close, fsync, openSync, readFileSync, writev } from 'node:fs';

/** Element types a column may have. */
export type ColumnType = 'u32' | 'u16' | 'u8';
/** A column of one of those types. */
export type Column = Uint32Array | Uint16Array | Uint8Array;
/** Where each named column lies in a columns file. */
export type ColumnLayout = Record<string, { type: ColumnType; offset: number; length: number }>;

const typeOf = (c: Column): ColumnType => (c instanceof Uint32Array ? 'u32' : c instanceof Uint16Array ? 'u16' : 'u8');
const ALIGN = 8;

/**
 * Writes named typed arrays back to back (8-byte aligned) into one file, synced to disk, and returns
 * their layout. The write is handed to libuv's thread pool before this returns, as one vectored
 * write: the caller can go on (say, encode the other files of an index) while a hundred megabytes go
 * to disk.
 */
export function writeColumns(path: string, columns: Record<string, Column>): Promise<ColumnLayout> {
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
  const fd = openSync(path, 'w');
  return new Promise<ColumnLayout>((resolve, reject) => {
    const fail = (e: Error) => close(fd, () => reject(e));
    // A write may take less than it was given: what is left goes in the next one.
    const write = (rest: Uint8Array[], at: number): void =>
      writev(fd, rest, at, (e, written) => {
        if (e) return fail(e);
        const left = chunksAfter(rest, written);
        if (left.length) return write(left, at + written);
        fsync(fd, (e2) => (e2 ? fail(e2) : close(fd, (e3) => (e3 ? reject(e3) : resolve(layout)))));
      });
    write(chunks, 0);
  });
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
  let buf: Uint8Array = readFileSync(path);
  // Typed views need aligned offsets; a fresh large read starts at 0, a pooled small one may not.
  if (buf.byteOffset % ALIGN) {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    buf = copy;
  }
  return viewColumns(buf, layout, path);
}

/** Views of the columns of a file already in memory (`name` only names it in errors); throws when it does not match the layout. */
export function viewColumns(buf: Uint8Array, layout: ColumnLayout, name: string): Record<string, Column> {
  if (buf.byteOffset % ALIGN) throw new Error(`${name}: columns must start at an 8-byte boundary`);
  const out: Record<string, Column> = {};
  for (const [column, { type, offset, length }] of Object.entries(layout)) {
    const size = type === 'u32' ? 4 : type === 'u16' ? 2 : 1;
    if (offset % ALIGN || offset + length * size > buf.length) throw new Error(`${name} is ${buf.length} bytes, too short for column ${column}`);
    const at = buf.byteOffset + offset;
    out[column] = type === 'u32' ? new Uint32Array(buf.buffer, at, length) : type === 'u16' ? new Uint16Array(buf.buffer, at, length) : new Uint8Array(buf.buffer, at, length);
  }
  return out;
}
