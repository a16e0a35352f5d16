// Turning the bytes of a plain text file into the one text every later step (and every offset) refers to.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentRecord } from './records.js';

/** What a reader yields: the decoded text, with metadata when its format carries some (e.g. an HTML <title>). */
export type ReaderResult = string | { text: string; meta?: Partial<Omit<DocumentRecord, 'doc' | 'hash' | 'paragraphs'>> };

/** Turns a file's raw bytes into text; `file` is only for error messages. */
export type Reader = (buf: Buffer, file: string) => Promise<ReaderResult>;

/** Readers by lower-case extension; the .html, .docx, .pdf, .jsonl readers plug in with registerReader. */
export const readers = new Map<string, Reader>([
  ['.txt', async (buf, file) => decodeText(buf, file)],
  ['.md', async (buf, file) => decodeText(buf, file)],
]);

/** The extensions some reader accepts, sorted; kept in step with `readers` by registerReader. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...readers.keys()].sort();

/** Adds (or replaces) the reader for an extension such as '.html'. */
export function registerReader(extension: string, reader: Reader): void {
  if (!/^\.[a-z0-9]+$/i.test(extension)) throw new Error(`reader extension must look like '.html', got '${extension}'`);
  readers.set(extension.toLowerCase(), reader);
  const list = SUPPORTED_EXTENSIONS as string[];
  list.splice(0, list.length, ...[...readers.keys()].sort());
}

const BOM = '\uFEFF';

/**
 * Decodes a UTF-8 text file: strips a BOM, turns CRLF and CR into LF and composes to Unicode NFC.
 * The result is "the decoded text": every start/end offset in the records refers to it, not to the
 * raw bytes, so a reader who wants to show a span must decode the file with this same function.
 */
export function decodeText(buf: Buffer, file: string): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new Error(`${file}: UTF-16 text is not supported (save it as UTF-8)`);
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new Error(`${file}: binary content (NUL byte at byte ${nul})`);
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) throw new Error(`${file}: invalid UTF-8 at byte ${bad}`);
  let text = buf.toString('utf8');
  if (text.startsWith(BOM)) text = text.slice(1);
  // NFC so that the same Vietnamese word typed with combining marks and precomposed letters is one string.
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1 when all are. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    // The offset reported is the sequence's first byte, as other decoders report it.
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The files under `dir` (recursively) whose extension is one of `extensions`, as sorted relative paths
 * with '/' separators; hidden files and folders (leading '.') are skipped because they are tool state.
 */
export async function listFiles(dir: string, extensions: readonly string[] = SUPPORTED_EXTENSIONS): Promise<string[]> {
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot list ${dir}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`);
  });
  if (!info.isDirectory()) throw new Error(`cannot list ${dir}: not a folder`);
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = async (abs: string, rel: string): Promise<void> => {
    const real = await stat(abs);
    const key = `${real.dev}:${real.ino}`;
    // A symbolic link back to an ancestor would otherwise make the walk endless.
    if (seen.has(key)) return;
    seen.add(key);
    const entries = await readdir(abs, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const childAbs = path.join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const kind = entry.isSymbolicLink() ? await stat(childAbs).catch(() => null) : entry;
      if (kind === null) throw new Error(`cannot list ${dir}: broken link ${childRel}`);
      if (kind.isDirectory()) await walk(childAbs, childRel);
      else if (kind.isFile() && wanted.has(path.extname(entry.name).toLowerCase())) found.push(childRel);
    }
  };
  await walk(dir, '');
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
