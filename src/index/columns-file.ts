import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Element types a column may have. */
export type ColumnType = 'u32' | 'u16' | 'u8';
/** A column of one of those types. */
export type Column = Uint32Array | Uint16Array | Uint8Array;
/** Where each named column lies in a columns file. */
export type ColumnLayout = Record<string, { type: ColumnType; offset: number; length: number }>;

const typeOf = (c: Column): ColumnType => (c instanceof Uint32Array ? 'u32' : c instanceof Uint16Array ? 'u16' : 'u8');
const ALIGN = 8;

/** Writes named typed arrays back to back (8-byte aligned) into one file and returns their layout. */
export function writeColumns(path: string, columns: Record<string, Column>): ColumnLayout {
  const layout: ColumnLayout = {};
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    const pad = Buffer.alloc(ALIGN);
    for (const [name, c] of Object.entries(columns)) {
      layout[name] = { type: typeOf(c), offset, length: c.length };
      writeSync(fd, c, 0, c.byteLength);
      offset += c.byteLength;
      const gap = (ALIGN - (offset % ALIGN)) % ALIGN;
      if (gap) writeSync(fd, pad, 0, gap);
      offset += gap;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return layout;
}

/** Reads a columns file in one read and returns views of it by name; throws when it does not match the layout. */
export function readColumns(path: string, layout: ColumnLayout): Record<string, Column> {
  let buf = readFileSync(path);
  // Typed views need aligned offsets; a fresh large read starts at 0, a pooled small one may not.
  if (buf.byteOffset % ALIGN) {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    buf = Buffer.from(copy.buffer);
  }
  const out: Record<string, Column> = {};
  for (const [name, { type, offset, length }] of Object.entries(layout)) {
    const size = type === 'u32' ? 4 : type === 'u16' ? 2 : 1;
    if (offset % ALIGN || offset + length * size > buf.length) throw new Error(`${path} is ${buf.length} bytes, too short for column ${name}`);
    const at = buf.byteOffset + offset;
    out[name] = type === 'u32' ? new Uint32Array(buf.buffer, at, length) : type === 'u16' ? new Uint16Array(buf.buffer, at, length) : new Uint8Array(buf.buffer, at, length);
  }
  return out;
}
