// Turning the bytes of a file into the one text every later step (and every offset) refers to: the
// registry of readers by extension, the checks every file passes first (size, emptiness), and the
// decoding of text files, legacy Vietnamese encodings included.
import { isUtf8 } from 'node:buffer';
import { Dirent, type Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentRecord, IngestProblem } from './records.js';
import { fieldsFor, type FieldMapping } from './fields.js';
import { decodeLegacy, repairMojibake } from './readers/legacy.js';

/** Metadata a reader found in the file's format (an HTML <title>, a JSONL record's fields); it wins over what the text suggests. */
export type ReaderMeta = Partial<Omit<DocumentRecord, 'doc' | 'hash' | 'paragraphs'>>;

/** What a reader yields: the decoded text, with metadata when its format carries some (e.g. an HTML <title>). */
export type ReaderResult = string | { text: string; meta?: ReaderMeta };

/** Turns a file's raw bytes into text; `file` is only for error messages. */
export type Reader = (buf: Buffer, file: string) => Promise<ReaderResult>;

/** One document of a file that holds several; `part` (a record's id or line number) makes its doc id `file#part`. */
export interface ReaderPart {
  part: string;
  text: string;
  meta?: ReaderMeta;
}

/** A part of a multi-document file that could not be used, said so that a person finds it, e.g. 'dòng 2: không phải JSON hợp lệ (…)'. */
export interface ReaderFailure {
  failed: string;
}

/** Something a person should know about a file that was still read, e.g. fields its records hold that nothing uses. */
export interface ReaderNote {
  note: string;
}

/**
 * Turns a file that holds several documents (JSONL) into them; a bad part is a ReaderFailure, not a throw,
 * so its siblings survive. `fields` is the field mapping in force for the file (its folder's fields.json and --fields).
 */
export type PartsReader = (buf: Buffer, file: string, fields: FieldMapping) => Promise<(ReaderPart | ReaderFailure | ReaderNote)[]>;

/** Readers by lower-case extension; the .html, .docx, .pdf readers plug in with registerReader. */
export const readers = new Map<string, Reader>([
  ['.txt', async (buf, file) => decodeText(buf, file)],
  ['.md', async (buf, file) => decodeText(buf, file)],
]);

/** Readers of multi-document files by lower-case extension (.jsonl); they plug in with registerPartsReader. */
export const partsReaders = new Map<string, PartsReader>();

/** The extensions some reader accepts, sorted; kept in step with `readers` and `partsReaders` by the register functions. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...readers.keys()].sort();

function checkExtension(extension: string): string {
  if (!/^\.[a-z0-9]+$/i.test(extension)) throw new Error(`reader extension must look like '.html', got '${extension}'`);
  return extension.toLowerCase();
}

function listExtensions(): void {
  const list = SUPPORTED_EXTENSIONS as string[];
  list.splice(0, list.length, ...[...new Set([...readers.keys(), ...partsReaders.keys()])].sort());
}

/** Adds (or replaces) the reader for an extension such as '.html'. */
export function registerReader(extension: string, reader: Reader): void {
  const ext = checkExtension(extension);
  partsReaders.delete(ext);
  readers.set(ext, reader);
  listExtensions();
}

/** Adds (or replaces) the reader for files of several documents, such as '.jsonl'. */
export function registerPartsReader(extension: string, reader: PartsReader): void {
  const ext = checkExtension(extension);
  readers.delete(ext);
  partsReaders.set(ext, reader);
  listExtensions();
}

/** Limits on what is read; every field has a default. */
export interface ReadOptions {
  /** Files larger than this many bytes are reported, not read; default DEFAULT_MAX_BYTES. */
  maxBytes?: number;
  /** Field mapping for multi-document files (`--fields`); it wins over a `fields.json` beside the file. Default none. */
  fields?: FieldMapping;
}

/** 50 MB: far above any report, low enough that one stray archive or video cannot exhaust memory. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

// Said of an entry that is neither a file nor a folder, both when the walk lists it and when it is read.
const NOT_A_FILE = 'không phải tệp thông thường';

/** A byte count as people read limits: '73.2 MB', '50 MB', '812 KB'. */
export function formatBytes(bytes: number): string {
  const trim = (n: number): string => n.toFixed(1).replace(/\.0$/, '');
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} byte`;
}

/** Why `relPath` is not read: no reader takes its extension; `supported` lists those that some reader takes. */
export function unsupportedType(relPath: string, ext: string, supported: readonly string[]): Error {
  return new Error(`${relPath}: loại tệp không hỗ trợ '${ext || '(không có phần mở rộng)'}' (hỗ trợ: ${supported.join(', ')})`);
}

/** Why `relPath` could not be read from disk, with the system's code (EACCES, ENOENT…) as it is. */
export function cannotRead(relPath: string, err: NodeJS.ErrnoException): Error {
  return new Error(`${relPath}: không đọc được (${err.code ?? err.message})`);
}

/** Thrown when the folder to index cannot be listed at all (absent, or not a folder); its message is all a user needs. */
export class FolderError extends Error {
  override name = 'FolderError';
}

/** One document read from a source file: its id (`file`, or `file#part`), its decoded text and the reader's metadata. */
export interface SourceDocument {
  doc: string;
  text: string;
  meta: ReaderMeta;
}

/** What reading one source file gave: its raw bytes (for the hash), its documents, its parts that could not be used, and notes on it. */
export interface Source {
  bytes: Buffer;
  documents: SourceDocument[];
  problems: IngestProblem[];
  /** Remarks on a file that was read (each `note: true`), such as fields nobody mapped. */
  notes: IngestProblem[];
  /** The field mapping the file was read with ({} for a single-document file). */
  fields: FieldMapping;
}

// A part name goes into URLs and paragraph ids (`doc#p12`), so it keeps to letters, digits and . _ ~ : -.
const cleanPart = (part: string): string =>
  part
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._~:-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);

/**
 * Reads `root/relPath` with the reader for its extension, after the checks that need no decoding: a
 * supported type, a size within `maxBytes` (from stat, so a huge file is never loaded), not empty.
 * Throws, with the file named, when the file as a whole is unusable; a multi-document file's bad parts
 * come back in `problems` and its good parts are still returned.
 */
export async function readSource(root: string, relPath: string, options: ReadOptions = {}): Promise<Source> {
  const ext = path.extname(relPath).toLowerCase();
  const reader = readers.get(ext);
  const partsReader = partsReaders.get(ext);
  if (!reader && !partsReader) throw unsupportedType(relPath, ext, SUPPORTED_EXTENSIONS);
  const abs = path.join(root, relPath);
  const cannot = (err: NodeJS.ErrnoException): never => {
    throw cannotRead(relPath, err);
  };
  const info = await stat(abs).catch(cannot);
  // Reading a pipe or a device would never end; the walk lists them, but one may replace a file since.
  if (!info.isFile()) throw new Error(`${relPath}: ${NOT_A_FILE}`);
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (info.size > max) throw new Error(`${relPath}: vượt quá giới hạn kích thước: ${formatBytes(info.size)} > ${formatBytes(max)}`);
  if (info.size === 0) throw new Error(`${relPath}: tệp rỗng`);
  const bytes = await readFile(abs).catch(cannot);
  if (bytes.length === 0) throw new Error(`${relPath}: tệp rỗng`);
  if (reader) {
    const result = await reader(bytes, relPath);
    const { text, meta } = typeof result === 'string' ? { text: result, meta: {} } : { text: result.text, meta: result.meta ?? {} };
    if (!text.trim()) throw new Error(`${relPath}: không có chữ nào trong tệp`);
    return { bytes, documents: [{ doc: relPath, text, meta }], problems: [], notes: [], fields: {} };
  }
  const fields = await fieldsFor(path.dirname(abs), options.fields).catch((e: Error) => {
    throw new Error(`${relPath}: ${e.message}`);
  });
  const documents: SourceDocument[] = [];
  const problems: IngestProblem[] = [];
  const notes: IngestProblem[] = [];
  const seen = new Set<string>();
  for (const item of await partsReader!(bytes, relPath, fields)) {
    if ('note' in item) {
      notes.push({ file: relPath, reason: item.note, note: true });
      continue;
    }
    if ('failed' in item) {
      problems.push({ file: relPath, reason: item.failed });
      continue;
    }
    const part = cleanPart(item.part);
    if (!part || seen.has(part)) {
      problems.push({ file: relPath, reason: part ? `phần '${part}' xuất hiện hơn một lần` : `một phần không có tên dùng được ('${item.part}')` });
      continue;
    }
    seen.add(part);
    documents.push({ doc: `${relPath}#${part}`, text: item.text, meta: item.meta ?? {} });
  }
  if (documents.length === 0 && problems.length === 0) throw new Error(`${relPath}: không có văn bản nào trong tệp`);
  return { bytes, documents, problems, notes, fields };
}

const BOM = '\uFEFF';

/**
 * Decodes a text file: UTF-8, or failing that TCVN3, VNI or Windows-1258 when the bytes read as
 * Vietnamese in one of them; UTF-8 that is really TCVN3/VNI mojibake is repaired too. Strips a BOM,
 * turns CRLF and CR into LF and composes to Unicode NFC. The result is "the decoded text": every
 * start/end offset in the records refers to it, not to the raw bytes, so a reader who wants to show a
 * span must decode the file with this same function.
 */
export function decodeText(buf: Buffer, file: string): string {
  checkNotBinary(buf, file);
  // Node's validator (simdutf) settles the common case; the byte-by-byte scan only says where it fails.
  const bad = isUtf8(buf) ? -1 : firstInvalidUtf8(buf);
  if (bad >= 0) {
    const legacy = decodeLegacy(buf);
    if (!legacy) throw new Error(`${file}: không phải UTF-8 hợp lệ tại byte ${bad} (cũng không phải TCVN3, VNI hay Windows-1258)`);
    return normalizeText(legacy.text);
  }
  return normalizeText(buf.toString('utf8'));
}

/** How far into a file a NUL byte marks it as binary (git's rule); later stray NULs are text noise. */
export const BINARY_PROBE_BYTES = 8000;

/**
 * Throws for UTF-16 and for binary content: a NUL byte in the first 8000 bytes, or NULs in more than 1%
 * of the file. Text extracted from PDF sometimes carries a few NULs for checkbox glyphs deep inside a
 * real document; those files are text, and the cleaner drops the control characters.
 */
export function checkNotBinary(buf: Uint8Array, file: string): void {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new Error(`${file}: không hỗ trợ văn bản UTF-16 (hãy lưu lại dưới dạng UTF-8)`);
  }
  const nul = buf.indexOf(0);
  if (nul < 0) return;
  let count = 0;
  for (let i = nul; i < buf.length; i++) if (buf[i] === 0) count++;
  if (nul < BINARY_PROBE_BYTES || count > buf.length / 100) throw new Error(`${file}: nội dung nhị phân (byte NUL tại byte ${nul})`);
}

/** Decoded text made canonical: no BOM, LF line ends, NFC, and TCVN3/VNI mojibake repaired. */
export function normalizeText(decoded: string): string {
  let text = decoded.startsWith(BOM) ? decoded.slice(1) : decoded;
  text = repairMojibake(text)?.text ?? text;
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

/** Options of walkFolder; every field has a default. */
export interface WalkOptions {
  /** Extensions (with the dot, any case) of the files to list; default SUPPORTED_EXTENSIONS. */
  extensions?: readonly string[];
  /**
   * Follow symbolic links whose target lies outside the folder; default false, because whoever can
   * write into a shared input folder could otherwise publish any file the indexer's user can read.
   */
  followLinksOutside?: boolean;
}

/** What walking a folder found: the files to read, and the entries that are not read, each with its reason. */
export interface FolderListing {
  /** Sorted relative paths with '/' separators. */
  files: string[];
  /** Entries listed by name (relative path) and reason, in the order met: links that lead nowhere or out, pipes, devices, names that are not UTF-8. */
  skipped: IngestProblem[];
}

// A name as a person can find it in a listing: valid UTF-8 as is, any other byte as \xNN.
function showName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const bad = firstInvalidUtf8(name.subarray(i));
    if (bad < 0) return out + name.subarray(i).toString('utf8');
    out += `${name.subarray(i, i + bad).toString('utf8')}\\x${name[i + bad].toString(16).padStart(2, '0')}`;
    i += bad + 1;
  }
  return out;
}

// What kind of entry other than a file or folder a stat result is, in the words of the listing.
function oddKind(info: Stats | Dirent<Buffer>): string {
  if (info.isFIFO()) return 'một đường ống có tên (named pipe), không phải tệp';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'một thiết bị, không phải tệp';
  if (info.isSocket()) return 'một socket, không phải tệp';
  return NOT_A_FILE;
}

/**
 * Walks `dir` recursively for the files to index. Hidden entries (leading '.') are tool state and are
 * passed over silently, as are regular files of other extensions. Everything else that cannot be read
 * as a file or walked as a folder is listed in `skipped` with its reason, and never aborts the walk:
 * a dangling link, a link loop, a link out of the folder (its target's real path outside `dir`'s),
 * a named pipe, a device, a name that is not UTF-8, a folder named like a file (its files are still
 * read), a folder reached a second time through a link. Throws only when `dir` itself is no folder.
 */
export async function walkFolder(dir: string, options: WalkOptions = {}): Promise<FolderListing> {
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    throw new FolderError(`không liệt kê được thư mục ${dir}: ${err.code === 'ENOENT' ? 'không có thư mục này' : (err.code ?? err.message)}`);
  });
  if (!info.isDirectory()) throw new FolderError(`không liệt kê được thư mục ${dir}: đây là một tệp, không phải thư mục`);
  const root = await realpath(dir);
  const inside = (target: string): boolean => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  const wanted = new Set((options.extensions ?? SUPPORTED_EXTENSIONS).map((e) => e.toLowerCase()));
  const files: string[] = [];
  const skipped: IngestProblem[] = [];
  const skip = (file: string, reason: string): void => void skipped.push({ file, reason });
  // Folders already walked, by device and inode, with the name they were first walked under.
  const walked = new Map<string, string>();
  const walk = async (abs: string, rel: string, id: Stats): Promise<void> => {
    const key = `${id.dev}:${id.ino}`;
    const first = walked.get(key);
    if (first !== undefined) {
      skip(rel, `liên kết tới một thư mục đã đọc (${first || 'thư mục đầu vào'}), không đọc lại`);
      return;
    }
    walked.set(key, rel);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(abs, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      skip(rel, `không đọc được thư mục (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    // Sorted by bytes, so that the listing of skipped entries comes out the same on every run.
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const shown = showName(entry.name);
      if (shown.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${shown}` : shown;
      // A name that is not UTF-8 has no faithful string form, so no stable document id or URL.
      if (!isUtf8(entry.name)) {
        skip(childRel, 'tên không phải UTF-8 hợp lệ (hãy đổi tên để lập chỉ mục tệp này)');
        continue;
      }
      const childAbs = path.join(abs, shown);
      let kind: Stats | Dirent<Buffer> = entry;
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(childAbs);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          skip(childRel, code === 'ENOENT' ? 'liên kết hỏng (nơi nó trỏ tới không tồn tại)' : code === 'ELOOP' ? 'vòng lặp liên kết tượng trưng' : `không theo được liên kết (${code ?? (e as Error).message})`);
          continue;
        }
        if (!inside(target) && !options.followLinksOutside) {
          skip(childRel, `liên kết tới ${target}, nằm ngoài thư mục: không theo (--follow-links-outside cho phép theo)`);
          continue;
        }
        kind = await stat(childAbs).catch(() => entry);
      }
      const named = wanted.has(path.extname(shown).toLowerCase());
      if (kind.isDirectory()) {
        if (named) skip(childRel, 'thư mục có tên như một tệp: các tệp bên trong vẫn được đọc như trong một thư mục');
        await walk(childAbs, childRel, kind instanceof Dirent ? await stat(childAbs) : kind);
      } else if (kind.isFile()) {
        if (named) files.push(childRel);
      } else if (kind instanceof Dirent && !kind.isFIFO() && !kind.isCharacterDevice() && !kind.isBlockDevice() && !kind.isSocket()) {
        // The file system did not say what the entry is (DT_UNKNOWN): ask again.
        const again = await lstat(childAbs).catch(() => null);
        if (again?.isFile() && named) files.push(childRel);
        else if (again?.isDirectory()) await walk(childAbs, childRel, again);
        else if (again && !again.isFile()) skip(childRel, again.isSymbolicLink() ? 'liên kết không theo được' : oddKind(again));
      } else skip(childRel, oddKind(kind));
    }
  };
  await walk(dir, '', info);
  return { files: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), skipped };
}

/** The files under `dir` that walkFolder would read, without the entries it skips. */
export async function listFiles(dir: string, extensions: readonly string[] = SUPPORTED_EXTENSIONS): Promise<string[]> {
  return (await walkFolder(dir, { extensions })).files;
}
