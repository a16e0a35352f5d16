import { mkdirSync, readFileSync, renameSync, readdirSync, rmSync, existsSync, openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { DocumentRecord } from '../ingest/records.js';
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { FIELDS } from './fields.js';
import { ParagraphIndex, type FieldColumns } from './paragraph-index.js';
import { ParagraphTable, type ParagraphColumns } from './paragraph-table.js';
import { TermTable } from './term-table.js';
import { columnsOf, writeColumns, type Column, type ColumnLayout } from './columns-file.js';
import { encodeVocabulary } from './vocabulary-builder.js';
import type { Vocabulary } from './phrase-table.js';
import type { StoredEntities } from '../entities/entity-store.js';

/** Version of the on-disk layout; bump when the files or record shapes change. */
export const FORMAT_VERSION = 11;

/** What manifest.json says about an index. Writing it last is what makes a build visible. */
export interface Manifest {
  format: number;
  analyzer: string;
  build: string;
  createdAt: string;
  /** The folder that was indexed, as given to the indexer. */
  input: string;
  documents: number;
  paragraphs: number;
  /** Data files of this build, relative to the index folder. */
  files: Record<DataFile, string>;
  /**
   * Size and CRC-32 (zlib.crc32, 8 hex digits) of each data file, by file name, checked whenever the
   * file is read: random bytes written into the columns file once loaded fine and answered wrongly.
   * CRC-32 rather than a cryptographic hash because it guards against damage, not an attacker, and
   * it is the fastest built in (about 70 ms for the gazette's 150 MB, sha1 140 ms, sha256 170 ms).
   */
  checksums: Record<string, { bytes: number; crc32: string }>;
}

/** The kinds of data file an index has, one of each per build. */
export type DataFile = 'meta' | 'columns' | 'vocabulary' | 'entities';
const DATA_FILES: readonly DataFile[] = ['meta', 'columns', 'vocabulary', 'entities'];

/** Everything a loaded index holds in memory. */
export interface StoredIndex {
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: ParagraphTable;
  index: ParagraphIndex;
  vocabulary: Vocabulary;
}

/**
 * Thrown when an index folder cannot be used; the message says what to run. `kind` tells a caller
 * what may be done about it: only an index of another version ('version') is safe to rebuild
 * unasked, from `input`, the folder its manifest names; a 'missing' or 'corrupt' one is reported.
 */
export class IndexLoadError extends Error {
  override name = 'IndexLoadError';
  constructor(
    message: string,
    readonly kind: 'missing' | 'corrupt' | 'version' = 'corrupt',
    readonly input?: string,
  ) {
    super(message);
  }
}

// The JSON half of an index: what is not a column.
interface Meta {
  documents: DocumentRecord[];
  docNames: string[];
  headings: string[][];
  notes: ParagraphColumns['notes'];
  paragraphs: number;
  layout: ColumnLayout;
}

/**
 * What saveIndex() writes: a stored index without its manifest. The vocabulary may come already
 * encoded (encodeVocabulary()), and later: the columns are on their way to disk meanwhile.
 */
export type IndexToSave = Omit<StoredIndex, 'manifest' | 'vocabulary'> & {
  vocabulary: Vocabulary | Uint8Array | Promise<Vocabulary | Uint8Array>;
  /** The places and persons recognized (src/entities/); default none. */
  entities?: StoredEntities;
};

/** Names of index data files of any build, ours or an interrupted one's. */
export const DATA_FILE = /^(meta|columns|vocabulary|entities)\.[\w-]+\.(json|bin)$/;

// CRC-32 as the manifest writes it.
const crcHex = (n: number): string => n.toString(16).padStart(8, '0');

// Writes a file and flushes it to the disk before returning, so that a manifest renamed in after
// it can never name a file that a power cut leaves empty or short.
function writeDurably(path: string, data: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Makes the folder's entries (new files, a rename) durable, which fsync of the files does not.
function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes an index into `dir` atomically: data files under a fresh build id, each fsync'd, then the
 * manifest by rename, then the folder fsync'd; files of other builds (an interrupted run's included)
 * are removed only after that.
 *
 * The files of one build (`<build>` is a base-36 time and 6 hex digits):
 * - `manifest.json`: format and analyzer versions, the input folder, counts, the names of the four data
 *   files below and each one's size and CRC-32 (checked at load).
 * - `meta.<build>.json`: the document records; `docNames`, `headings` and `notes` (strings shared by
 *   many paragraphs, indexed by the columns below); `paragraphs` (count); `layout`, where each column
 *   of the columns file lies (name → element type, byte offset, length).
 * - `columns.<build>.bin`: typed little-endian arrays back to back, each 8-byte aligned
 *   (columns-file.ts). Per paragraph n, in store order (a document's paragraphs are contiguous):
 *   - `p.doc` u32: index into `docNames`; `p.paragraph` u32: its number in its document (¶);
 *     `p.heading` u32: index into `headings` (its heading path); `p.start`, `p.end` u32: character
 *     offsets [start, end) in the source text; `p.kind` u8: index into KINDS of paragraph-table.ts
 *     (body, heading, footnote, caption, related, form);
 *   - `p.textOffsets` u32 (n + 1 entries) and `p.text` u8: the texts as UTF-8, text n being bytes
 *     [textOffsets[n], textOffsets[n + 1]).
 *
 *   Per field F of fields.ts (`f` folded terms, `x` exact terms, `b` folded word pairs):
 *   - `F.termBytes` u8 and `F.termOffsets` u32 (terms + 1 entries): the field's distinct terms as
 *     UTF-8, sorted in code-unit order (term-table.ts), term t being bytes [termOffsets[t], termOffsets[t + 1]);
 *   - `F.starts` u32 (terms + 1 entries): term t's postings are entries [starts[t], starts[t + 1]) of
 *   - `F.ids` u32: paragraph numbers, ascending within a term, and `F.tfs` u16: the term's
 *     frequency in that paragraph (capped at 65,535);
 *   - `F.lengths` u32 (one per paragraph): the paragraph's number of terms in the field (BM25's length).
 * - `vocabulary.<build>.json`: the corpus's spellings of words, pairs and triples (phrase-table.ts).
 * - `entities.<build>.json`: places and persons with the paragraphs naming them (entities/entity-store.ts).
 */
export async function saveIndex(dir: string, data: IndexToSave, input: string): Promise<Manifest> {
  mkdirSync(dir, { recursive: true });
  const build = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const files = { meta: `meta.${build}.json`, columns: `columns.${build}.bin`, vocabulary: `vocabulary.${build}.json`, entities: `entities.${build}.json` };
  const { docNames, headings, notes, ...paragraphColumns } = data.paragraphs.columns;
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(paragraphColumns)) columns[`p.${name}`] = c;
  for (const f of FIELDS) {
    const { terms, ...rest } = data.index.fields[f];
    columns[`${f}.termBytes`] = terms.bytes;
    columns[`${f}.termOffsets`] = terms.offsets;
    for (const [name, c] of Object.entries(rest)) columns[`${f}.${name}`] = c;
  }
  // The columns go to disk on the thread pool while this thread encodes and writes the rest.
  const columnsWritten = writeColumns(join(dir, files.columns), columns);
  columnsWritten.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const checksums: Manifest['checksums'] = {};
  const write = (name: string, bytes: Uint8Array) => {
    writeDurably(join(dir, name), bytes);
    checksums[name] = { bytes: bytes.length, crc32: crcHex(crc32(bytes)) };
  };
  const vocabulary = await data.vocabulary;
  write(files.vocabulary, vocabulary instanceof Uint8Array ? vocabulary : encodeVocabulary(vocabulary));
  const none: StoredEntities = { entities: [], variants: [], roles: [], mentions: [], documents: [] };
  write(files.entities, Buffer.from(JSON.stringify(data.entities ?? none)));
  const { layout, bytes, crc32: columnsCrc } = await columnsWritten;
  checksums[files.columns] = { bytes, crc32: crcHex(columnsCrc) };
  const meta: Meta = { documents: data.documents, docNames, headings, notes, paragraphs: data.paragraphs.length, layout };
  write(files.meta, Buffer.from(JSON.stringify(meta)));
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    analyzer: ANALYZER_VERSION,
    build,
    createdAt: new Date().toISOString(),
    input,
    documents: data.documents.length,
    paragraphs: data.paragraphs.length,
    files,
    checksums,
  };
  const tmp = join(dir, `manifest.json.${build}.tmp`);
  writeDurably(tmp, JSON.stringify(manifest, null, 2));
  // The data files' names reach the disk before the manifest that names them, and the rename after it.
  syncFolder(dir);
  renameSync(tmp, join(dir, 'manifest.json'));
  syncFolder(dir);
  // Only now are the previous build's files unreferenced (older formats' files included).
  const keep = new Set(Object.values(files));
  for (const f of readdirSync(dir)) {
    const stale = (DATA_FILE.test(f) || /^(documents|paragraphs|terms)\.[\w-]+\.jsonl$/.test(f)) && !keep.has(f);
    if (stale || /^manifest\.json\..+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
  }
  return manifest;
}

/** Reads and checks the manifest of an index folder; throws IndexLoadError saying what to run. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  const rebuild = `npm run index -- --input <folder> --out ${dir}`;
  if (!existsSync(path)) throw new IndexLoadError(`No index in ${resolve(dir)} (manifest.json is missing). Build one: ${rebuild}`, 'missing');
  const corrupt = (why: string, input?: string) =>
    new IndexLoadError(`The index in ${resolve(dir)} is corrupt (manifest.json: ${why}). Rebuild it: npm run index -- --input ${input ?? '<folder>'} --out ${dir}`, 'corrupt', input);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  // Valid JSON is not yet a manifest: `null`, a number or an array must not reach the code below.
  if (!isRecord(parsed)) throw corrupt(`not a JSON object but ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  const m = parsed as Partial<Manifest>;
  const input = typeof m.input === 'string' && m.input ? m.input : undefined;
  const again = `npm run index -- --input ${input ?? '<folder>'} --out ${dir}`;
  if (m.format !== FORMAT_VERSION) {
    throw new IndexLoadError(`The index in ${resolve(dir)} has format ${String(m.format)}; this version reads format ${FORMAT_VERSION}. Rebuild it: ${again}`, 'version', input);
  }
  if (m.analyzer !== ANALYZER_VERSION) {
    throw new IndexLoadError(
      `The index in ${resolve(dir)} was built with analyzer ${String(m.analyzer)}; this version analyzes text as ${ANALYZER_VERSION}, so its terms would not match. Rebuild it: ${again}`,
      'version',
      input,
    );
  }
  if (!input || typeof m.build !== 'string' || typeof m.documents !== 'number' || typeof m.paragraphs !== 'number') throw corrupt('a field is missing or of the wrong type', input);
  if (!isRecord(m.files) || !isRecord(m.checksums)) throw corrupt('files or checksums missing', input);
  for (const kind of DATA_FILES) {
    const name = m.files[kind];
    // A name is checked against the pattern so that no manifest can point outside the folder.
    if (typeof name !== 'string' || !DATA_FILE.test(name)) throw corrupt(`no valid ${kind} file name`, input);
    const sum = m.checksums[name];
    if (!isRecord(sum) || typeof sum.bytes !== 'number' || typeof sum.crc32 !== 'string') throw corrupt(`no checksum for ${name}`, input);
  }
  return m as Manifest;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// The message for a data file that cannot be used, naming it and the command that rebuilds the index.
function damaged(dir: string, manifest: Manifest, detail: string): IndexLoadError {
  return new IndexLoadError(`The index in ${resolve(dir)} is corrupt or incomplete (${detail}). Rebuild it: npm run index -- --input ${manifest.input} --out ${dir}`, 'corrupt', manifest.input);
}

/** Throws IndexLoadError naming the file when `bytes`, read from data file `name`, are not what the manifest recorded. */
export function checkDataFile(dir: string, manifest: Manifest, name: string, bytes: Uint8Array): void {
  const want = manifest.checksums[name];
  if (bytes.length !== want.bytes) throw damaged(dir, manifest, `${name} is ${bytes.length} bytes, the manifest says ${want.bytes}: it was cut short or changed after it was written`);
  const got = crcHex(crc32(bytes));
  if (got !== want.crc32) throw damaged(dir, manifest, `${name} fails its checksum (CRC-32 ${got}, the manifest says ${want.crc32}): it was damaged or changed after it was written`);
}

// The bytes of one data file, checked against the manifest.
function readDataFile(dir: string, manifest: Manifest, kind: DataFile): Buffer {
  const name = manifest.files[kind];
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch (e) {
    throw damaged(dir, manifest, `${name} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  checkDataFile(dir, manifest, name, bytes);
  return bytes;
}

/**
 * The checked bytes of an index's data files, read without blocking the thread (a server reloading an
 * index goes on answering meanwhile). With `shared`, each file is read into a SharedArrayBuffer, so
 * that worker threads (the search pool) view the same memory rather than a copy each.
 */
export async function readDataFiles(dir: string, manifest: Manifest, options: { shared?: boolean } = {}): Promise<Record<DataFile, Buffer>> {
  const out = {} as Record<DataFile, Buffer>;
  for (const kind of DATA_FILES) {
    const name = manifest.files[kind];
    try {
      out[kind] = options.shared ? await readShared(join(dir, name)) : await readFile(join(dir, name));
    } catch (e) {
      throw damaged(dir, manifest, `${name} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    checkDataFile(dir, manifest, name, out[kind]);
  }
  return out;
}

// A whole file in a SharedArrayBuffer (readFile allocates an ordinary one).
async function readShared(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const out = Buffer.from(new SharedArrayBuffer((await file.stat()).size));
    for (let at = 0; at < out.length; ) {
      const { bytesRead } = await file.read(out, at, out.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return out;
  } finally {
    await file.close();
  }
}

// Runs a loader, turning anything but IndexLoadError into "corrupt or incomplete" with the command to run.
function guarded<T>(dir: string, manifest: Manifest, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw damaged(dir, manifest, (e as Error).message);
  }
}

// Bytes of the data files, read here unless given (already checked) by the caller.
type Bytes = (kind: DataFile) => Buffer;

function readRecords(dir: string, manifest: Manifest, bytes: Bytes) {
  const meta = JSON.parse(bytes('meta').toString('utf8')) as Meta;
  const c = columnsOf(bytes('columns'), meta.layout, manifest.files.columns);
  // Each column checked for presence and type: a file of another layout must not be read as this one.
  const typed =
    <T extends Column>(kind: new (n: number) => T) =>
    (name: string): T => {
      const x = c[name];
      if (!(x instanceof kind)) throw new Error(`column ${name} is missing or of the wrong type`);
      return x;
    };
  const col = { u32: typed(Uint32Array), u16: typed(Uint16Array), u8: typed(Uint8Array) };
  const paragraphs = new ParagraphTable({
    docNames: meta.docNames,
    headings: meta.headings,
    notes: meta.notes,
    doc: col.u32('p.doc'),
    paragraph: col.u32('p.paragraph'),
    heading: col.u32('p.heading'),
    start: col.u32('p.start'),
    end: col.u32('p.end'),
    kind: col.u8('p.kind'),
    textOffsets: col.u32('p.textOffsets'),
    text: col.u8('p.text'),
  });
  if (meta.documents.length !== manifest.documents || paragraphs.length !== manifest.paragraphs) {
    throw new Error(`expected ${manifest.documents} documents and ${manifest.paragraphs} paragraphs, found ${meta.documents.length} and ${paragraphs.length}`);
  }
  return { documents: meta.documents, paragraphs, col };
}

/** Reads only the documents and paragraphs of an index (for incremental re-indexing); throws IndexLoadError like loadIndex. */
export function loadRecords(dir: string): Pick<StoredIndex, 'manifest' | 'documents' | 'paragraphs'> {
  const manifest = readManifest(dir);
  return guarded(dir, manifest, () => {
    const { documents, paragraphs } = readRecords(dir, manifest, (kind) => readDataFile(dir, manifest, kind));
    return { manifest, documents, paragraphs };
  });
}

/**
 * Loads an index folder into memory, every file checked against the manifest's checksums; throws
 * IndexLoadError for a missing, corrupt or incompatible index. `files` are the data files' bytes
 * when the caller read them already (readDataFiles), with the manifest they were read by.
 */
export function loadIndex(dir: string, manifest = readManifest(dir), files?: Record<DataFile, Buffer>): StoredIndex {
  const bytes: Bytes = files ? (kind) => files[kind] : (kind) => readDataFile(dir, manifest, kind);
  return guarded(dir, manifest, () => {
    const { documents, paragraphs, col } = readRecords(dir, manifest, bytes);
    const fields = {} as Record<(typeof FIELDS)[number], FieldColumns>;
    for (const f of FIELDS) {
      fields[f] = {
        terms: new TermTable(col.u8(`${f}.termBytes`), col.u32(`${f}.termOffsets`)),
        starts: col.u32(`${f}.starts`),
        ids: col.u32(`${f}.ids`),
        tfs: col.u16(`${f}.tfs`),
        lengths: col.u32(`${f}.lengths`),
      };
    }
    const index = new ParagraphIndex(paragraphs.length, fields);
    const vocabulary = JSON.parse(bytes('vocabulary').toString('utf8')) as Vocabulary;
    return { manifest, documents, paragraphs, index, vocabulary };
  });
}

/** The places and persons of an index, checked like loadIndex's files; `files` as there. */
export function loadEntities(dir: string, manifest = readManifest(dir), files?: Record<DataFile, Buffer>): StoredEntities {
  return guarded(dir, manifest, () => JSON.parse((files?.entities ?? readDataFile(dir, manifest, 'entities')).toString('utf8')) as StoredEntities);
}
