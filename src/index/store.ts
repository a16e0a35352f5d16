import { mkdirSync, readFileSync, renameSync, readdirSync, rmSync, existsSync, openSync, readSync, writeSync, fsyncSync, closeSync } from 'node:fs';
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
import { columnsOf, packColumns, writeColumns, type Column, type ColumnLayout } from './columns-file.js';
import { encodeVocabulary } from './vocabulary-builder.js';
import type { Vocabulary } from './phrase-table.js';
import type { FinishedVocabulary } from './paragraph-indexer.js';
import type { VocabularyPatch } from './vocabulary-patch.js';
import { mergeSegments } from './segment-merge.js';
import { VocabularyCounts, type CountsColumns } from './vocabulary-counts.js';
import type { StoredEntities } from '../entities/entity-store.js';

/** Version of the on-disk layout; bump when the files or record shapes change. */
export const FORMAT_VERSION = 12;

/** What manifest.json says about an index. Writing it last is what makes a build visible. */
export interface Manifest {
  format: number;
  analyzer: string;
  /** Id of the last run that wrote the index (a full build's, or an incremental run's when there is a delta). */
  build: string;
  createdAt: string;
  /** The folder that was indexed, as given to the indexer. */
  input: string;
  /** Documents and paragraphs served: the main segment's, with the delta applied when there is one. */
  documents: number;
  paragraphs: number;
  /** Data files of the index, relative to the index folder: the main segment's, and the delta's when there is one. */
  files: IndexFiles;
  /**
   * Size and CRC-32 (zlib.crc32, 8 hex digits) of each data file, by file name, checked whenever the
   * file is read: random bytes written into the columns file once loaded fine and answered wrongly.
   * CRC-32 rather than a cryptographic hash because it guards against damage, not an attacker, and
   * it is the fastest built in (about 70 ms for the gazette's 150 MB, sha1 140 ms, sha256 170 ms).
   */
  checksums: Record<string, { bytes: number; crc32: string }>;
  /**
   * Present when an incremental run wrote a delta segment (see saveDelta()): the documents and
   * paragraphs each segment holds, the main one's before the delta removes any.
   */
  segments?: { main: SegmentSize; delta: SegmentSize };
}

/** How many documents and paragraphs a segment holds. */
export interface SegmentSize {
  documents: number;
  paragraphs: number;
}

/** The kinds of data file an index is served from; a delta segment is merged into them as they are read (readDataFiles()). */
export type DataFile = 'meta' | 'columns' | 'vocabulary' | 'entities';
const DATA_FILES: readonly DataFile[] = ['meta', 'columns', 'vocabulary', 'entities'];
/** The files of the main segment: the served kinds, and the counts its vocabulary was finished from (VocabularyCounts). */
export type MainFile = DataFile | 'counts';
const MAIN_FILES: readonly MainFile[] = [...DATA_FILES, 'counts'];
/** The files of a delta segment (see saveDelta()). */
export type DeltaFile = 'deltaMeta' | 'deltaColumns' | 'deltaVocabulary' | 'deltaEntities';
const DELTA_FILES: readonly DeltaFile[] = ['deltaMeta', 'deltaColumns', 'deltaVocabulary', 'deltaEntities'];
/** The data files a manifest names, by kind. */
export type IndexFiles = Record<MainFile, string> & Partial<Record<DeltaFile, string>>;

// The name of a data file of a kind and build: `columns.<build>.bin`, `delta-meta.<build>.json`.
function fileName(kind: MainFile | DeltaFile, build: string): string {
  const stem = kind.replace(/^delta([A-Z])/, (_, c: string) => `delta-${c.toLowerCase()}`);
  return `${stem}.${build}.${/columns|counts|Columns/.test(kind) ? 'bin' : 'json'}`;
}

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

/** The JSON half of a segment: what is not a column (`meta.<build>.json`). */
export interface Meta {
  documents: DocumentRecord[];
  docNames: string[];
  headings: string[][];
  notes: ParagraphColumns['notes'];
  paragraphs: number;
  layout: ColumnLayout;
  /** Layout of the counts file (the main segment's only). */
  countsLayout?: ColumnLayout;
}

/**
 * The JSON half of a delta segment (`delta-meta.<build>.json`): a Meta of its own documents and
 * columns, the main build it applies to, and the order documents are served in.
 */
export interface DeltaMeta extends Meta {
  /** The build id of the main segment the delta was made against. */
  base: string;
  /**
   * The documents served, in order, as runs of three numbers: segment (0 main, 1 delta), index of
   * the run's first document among that segment's `documents`, and the run's length. Documents of
   * main that no run names are removed or replaced; each run of the delta names its next documents.
   * The order is the order of a full build: source files in code-unit order.
   */
  order: number[];
}

/**
 * What saveIndex() writes: a stored index without its manifest. The vocabulary may come already
 * encoded (encodeVocabulary()), and later: the columns are on their way to disk meanwhile. With it
 * come the columns of the counts it was finished from (VocabularyCounts), which incremental runs read.
 */
export type IndexToSave = Omit<StoredIndex, 'manifest' | 'vocabulary'> & {
  vocabulary: FinishedVocabulary | Promise<FinishedVocabulary>;
  /** The places and persons recognized (src/entities/); default none. */
  entities?: StoredEntities;
};

/** Names of index data files of any build, ours or an interrupted one's. */
export const DATA_FILE = /^(meta|columns|vocabulary|entities|counts|delta-meta|delta-columns|delta-vocabulary|delta-entities)\.[\w-]+\.(json|bin)$/;

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

// A fresh build id: time first, so that names sort by age, and a few random bytes.
const newBuild = (): string => `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

// The columns of a segment as stored: the paragraph table's (`p.*`), then each field's (`f.*`, `x.*`, `b.*`).
function segmentColumns(paragraphs: ParagraphTable, index: ParagraphIndex): { columns: Record<string, Column>; json: Pick<Meta, 'docNames' | 'headings' | 'notes'> } {
  const { docNames, headings, notes, ...paragraphColumns } = paragraphs.columns;
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(paragraphColumns)) columns[`p.${name}`] = c;
  for (const f of FIELDS) {
    const { terms, ...rest } = index.fields[f];
    columns[`${f}.termBytes`] = terms.bytes;
    columns[`${f}.termOffsets`] = terms.offsets;
    for (const [name, c] of Object.entries(rest)) columns[`${f}.${name}`] = c;
  }
  return { columns, json: { docNames, headings, notes } };
}

// Writes data files into `dir`, each synced to disk, and records their checksums.
class DurableWriter {
  readonly checksums: Manifest['checksums'] = {};
  constructor(private readonly dir: string) {}

  write(name: string, bytes: Uint8Array): void {
    writeDurably(join(this.dir, name), bytes);
    this.checksums[name] = { bytes: bytes.length, crc32: crcHex(crc32(bytes)) };
  }

  /** Starts writing a columns file on the thread pool (writeColumns()); resolves with its layout once it is synced. */
  columns(name: string, columns: Record<string, Column>): Promise<ColumnLayout> {
    const written = writeColumns(join(this.dir, name), columns).then(({ layout, bytes, crc32: crc }) => {
      this.checksums[name] = { bytes, crc32: crcHex(crc) };
      return layout;
    });
    written.catch(() => undefined); // awaited by the caller; this only keeps an early failure from going unhandled
    return written;
  }
}

/**
 * Writes an index into `dir` atomically: data files under a fresh build id, each fsync'd, then the
 * manifest by rename, then the folder fsync'd; files of other builds (an interrupted run's and a
 * delta segment included) are removed only after that.
 *
 * The files of one build (`<build>` is a base-36 time and 6 hex digits):
 * - `manifest.json`: format and analyzer versions, the input folder, counts, the names of the data
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
 * - `counts.<build>.bin`: the spelling counts the vocabulary was finished from, as columns
 *   (vocabulary-counts.ts), so that a delta can patch the vocabulary (vocabulary-patch.ts).
 */
export async function saveIndex(dir: string, data: IndexToSave, input: string): Promise<Manifest> {
  mkdirSync(dir, { recursive: true });
  const build = newBuild();
  const files = {} as IndexFiles;
  for (const kind of MAIN_FILES) files[kind] = fileName(kind, build);
  const { columns, json } = segmentColumns(data.paragraphs, data.index);
  const out = new DurableWriter(dir);
  // The columns go to disk on the thread pool while this thread encodes and writes the rest.
  const columnsWritten = out.columns(files.columns, columns);
  const { vocabulary, counts } = await data.vocabulary;
  const countsWritten = out.columns(files.counts, counts);
  out.write(files.vocabulary, vocabulary instanceof Uint8Array ? vocabulary : encodeVocabulary(vocabulary));
  const none: StoredEntities = { entities: [], variants: [], roles: [], mentions: [], documents: [] };
  out.write(files.entities, Buffer.from(JSON.stringify(data.entities ?? none)));
  const meta: Meta = { documents: data.documents, ...json, paragraphs: data.paragraphs.length, layout: await columnsWritten, countsLayout: await countsWritten };
  out.write(files.meta, Buffer.from(JSON.stringify(meta)));
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    analyzer: ANALYZER_VERSION,
    build,
    createdAt: new Date().toISOString(),
    input,
    documents: data.documents.length,
    paragraphs: data.paragraphs.length,
    files,
    checksums: out.checksums,
  };
  publish(dir, manifest);
  return manifest;
}

/** What saveDelta() writes: the documents of added and changed files as a segment, and how it applies to the main one. */
export interface DeltaToSave {
  /** The manifest of the index the delta is written into; its main segment stays as it is. */
  base: Manifest;
  /** The delta's documents, paragraphs (numbered from 0) and index, in served order. */
  documents: DocumentRecord[];
  paragraphs: ParagraphTable;
  index: ParagraphIndex;
  /** The served order of documents (DeltaMeta.order). */
  order: number[];
  /** The vocabulary entries the delta changes (vocabulary-patch.ts). */
  patch: VocabularyPatch;
  /** The places and persons of the delta's documents, paragraphs numbered in the delta. */
  entities: StoredEntities;
  /** The documents and paragraphs served once the delta applies. */
  served: SegmentSize;
}

/**
 * Writes a delta segment beside the main segment of the index in `dir`, atomically as saveIndex()
 * does: its four files under a fresh build id, each fsync'd, then a manifest naming the main
 * segment's files (untouched) and the delta's, by rename; the previous delta's files are removed
 * after that. The delta holds every file added or changed since the main segment was built, not
 * only since the last run, so it replaces any previous delta whole.
 *
 * On disk, beside the main segment's files:
 * - `delta-meta.<build>.json`: a DeltaMeta (the delta's documents, heading paths, footnote notes and
 *   column layout, as a main `meta` has them, plus `base`, the main build it applies to, and `order`,
 *   the documents served in the order of a full build, as runs of either segment's documents;
 *   documents of main it does not name are removed or replaced);
 * - `delta-columns.<build>.bin`: the columns of the delta's paragraphs and of their index, in the
 *   layout of a main columns file, paragraphs and term ids numbered within the delta;
 * - `delta-vocabulary.<build>.json`: the VocabularyPatch of the main vocabulary;
 * - `delta-entities.<build>.json`: the StoredEntities of the delta's documents, numbered within it.
 *
 * readDataFiles() merges the two into the files a full build of the same folder would have written.
 */
export function saveDelta(dir: string, delta: DeltaToSave): Manifest {
  const { base } = delta;
  const build = newBuild();
  const files: IndexFiles = { meta: base.files.meta, columns: base.files.columns, vocabulary: base.files.vocabulary, entities: base.files.entities, counts: base.files.counts };
  for (const kind of DELTA_FILES) files[kind] = fileName(kind, build);
  const out = new DurableWriter(dir);
  const { columns, json } = segmentColumns(delta.paragraphs, delta.index);
  const { layout, bytes } = packColumns(columns);
  out.write(files.deltaColumns as string, bytes);
  out.write(files.deltaVocabulary as string, Buffer.from(JSON.stringify(delta.patch)));
  out.write(files.deltaEntities as string, Buffer.from(JSON.stringify(delta.entities)));
  const mainBuild = base.files.meta.split('.')[1];
  const meta: DeltaMeta = { base: mainBuild, order: delta.order, documents: delta.documents, ...json, paragraphs: delta.paragraphs.length, layout };
  out.write(files.deltaMeta as string, Buffer.from(JSON.stringify(meta)));
  const main = base.segments?.main ?? { documents: base.documents, paragraphs: base.paragraphs };
  const checksums: Manifest['checksums'] = {};
  for (const kind of MAIN_FILES) checksums[files[kind]] = base.checksums[files[kind]];
  const manifest: Manifest = {
    ...base,
    build,
    createdAt: new Date().toISOString(),
    documents: delta.served.documents,
    paragraphs: delta.served.paragraphs,
    files,
    checksums: { ...checksums, ...out.checksums },
    segments: { main, delta: { documents: delta.documents.length, paragraphs: delta.paragraphs.length } },
  };
  publish(dir, manifest);
  return manifest;
}

// Puts a manifest in place: written to a temporary file and synced, the folder synced so that the
// data files' names reach the disk before it, renamed over manifest.json, the folder synced again;
// only then are the files no manifest names any more removed (older formats' files included).
function publish(dir: string, manifest: Manifest): void {
  const tmp = join(dir, `manifest.json.${manifest.build}.tmp`);
  writeDurably(tmp, JSON.stringify(manifest, null, 2));
  syncFolder(dir);
  renameSync(tmp, join(dir, 'manifest.json'));
  syncFolder(dir);
  const keep = new Set(Object.values(manifest.files));
  for (const f of readdirSync(dir)) {
    const stale = (DATA_FILE.test(f) || /^(documents|paragraphs|terms)\.[\w-]+\.jsonl$/.test(f)) && !keep.has(f);
    if (stale || /^manifest\.json\..+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
  }
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
  const size = (x: unknown) => isRecord(x) && typeof x.documents === 'number' && typeof x.paragraphs === 'number';
  if (m.segments !== undefined && !(isRecord(m.segments) && size(m.segments.main) && size(m.segments.delta))) throw corrupt('segments is not { main, delta } with their sizes', input);
  if (!m.segments && DELTA_FILES.some((kind) => m.files?.[kind] !== undefined)) throw corrupt('delta files without segments', input);
  for (const kind of kindsOf(m as Manifest)) {
    const name = m.files[kind];
    // A name is checked against the pattern so that no manifest can point outside the folder.
    if (typeof name !== 'string' || !DATA_FILE.test(name)) throw corrupt(`no valid ${kind} file name`, input);
    const sum = m.checksums[name];
    if (!isRecord(sum) || typeof sum.bytes !== 'number' || typeof sum.crc32 !== 'string') throw corrupt(`no checksum for ${name}`, input);
  }
  return m as Manifest;
}

// The kinds of data file a manifest names: the main segment's, and the delta's when there is one.
const kindsOf = (manifest: Manifest): readonly (MainFile | DeltaFile)[] => (manifest.segments ? [...MAIN_FILES, ...DELTA_FILES] : MAIN_FILES);

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

/** The bytes of one data file of an index, checked against the manifest; throws IndexLoadError naming it. */
export function readIndexFile(dir: string, manifest: Manifest, kind: MainFile | DeltaFile): Buffer {
  const name = manifest.files[kind] as string;
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
 * that worker threads (the search pool) view the same memory rather than a copy each. Every file the
 * manifest names is checked, the counts file too, though only the four served kinds are returned;
 * with a delta segment, they are those the main and the delta merge into (segment-merge.ts).
 */
export async function readDataFiles(dir: string, manifest: Manifest, options: { shared?: boolean } = {}): Promise<Record<DataFile, Buffer>> {
  const got: Partial<Record<MainFile | DeltaFile, Buffer>> = {};
  for (const kind of kindsOf(manifest)) {
    const name = manifest.files[kind] as string;
    // Merged files are made anew (in shared memory when asked); their sources need not be shared.
    const shared = options.shared && !manifest.segments && kind !== 'counts';
    let bytes: Buffer;
    try {
      bytes = shared ? await readShared(join(dir, name)) : await readFile(join(dir, name));
    } catch (e) {
      throw damaged(dir, manifest, `${name} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    checkDataFile(dir, manifest, name, bytes);
    // The counts are only for incremental runs: checked, then let go.
    if (kind !== 'counts') got[kind] = bytes;
  }
  return servedFiles(dir, manifest, got, options.shared ?? false);
}

// As readDataFiles(), on the calling thread.
function readDataFilesSync(dir: string, manifest: Manifest): Record<DataFile, Buffer> {
  const got: Partial<Record<MainFile | DeltaFile, Buffer>> = {};
  for (const kind of kindsOf(manifest)) {
    const bytes = readIndexFile(dir, manifest, kind);
    if (kind !== 'counts') got[kind] = bytes;
  }
  return servedFiles(dir, manifest, got, false);
}

// The served files of what was read: the main segment's, or those it merges into with the delta.
function servedFiles(dir: string, manifest: Manifest, got: Partial<Record<MainFile | DeltaFile, Buffer>>, shared: boolean): Record<DataFile, Buffer> {
  const file = (kind: MainFile | DeltaFile) => got[kind] as Buffer;
  if (!manifest.segments) return { meta: file('meta'), columns: file('columns'), vocabulary: file('vocabulary'), entities: file('entities') };
  const segments = manifest.segments;
  return guarded(dir, manifest, () =>
    mergeSegments(
      { meta: file('meta'), columns: file('columns'), vocabulary: file('vocabulary'), entities: file('entities') },
      { meta: file('deltaMeta'), columns: file('deltaColumns'), vocabulary: file('deltaVocabulary'), entities: file('deltaEntities') },
      { shared, base: manifest.files.meta.split('.')[1], segments },
    ),
  );
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

// A segment's paragraph table and typed access to its columns, each checked for presence and type:
// a file of another layout must not be read as this one.
function segmentTable(meta: Meta, bytes: Buffer, name: string) {
  const c = columnsOf(bytes, meta.layout, name);
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
  if (paragraphs.length !== meta.paragraphs) throw new Error(`${name} holds ${paragraphs.length} paragraphs, its meta says ${meta.paragraphs}`);
  return { paragraphs, col };
}

function readRecords(manifest: Manifest, files: Record<DataFile, Buffer>) {
  const meta = JSON.parse(files.meta.toString('utf8')) as Meta;
  const { paragraphs, col } = segmentTable(meta, files.columns, manifest.files.columns);
  if (meta.documents.length !== manifest.documents || paragraphs.length !== manifest.paragraphs) {
    throw new Error(`expected ${manifest.documents} documents and ${manifest.paragraphs} paragraphs, found ${meta.documents.length} and ${paragraphs.length}`);
  }
  return { documents: meta.documents, paragraphs, col };
}

/** One segment of an index as stored, for an incremental run: its meta, and its paragraph table once asked for. */
export interface StoredSegment<M extends Meta> {
  meta: M;
  /** The segment's paragraphs (its columns file read and checked on first call). */
  table(): ParagraphTable;
  /**
   * The texts of the paragraphs [from, to), which must all be of document `doc`, read from the
   * columns file without reading it whole: a main segment's is most of the index (138 MB for the
   * gazette), and an incremental run needs the texts of the few documents it replaces. The file is
   * not checked against its checksum here; loading the index checks it, and refuses it if damaged.
   */
  texts(doc: string, from: number, to: number): string[];
}

/**
 * The main segment of the index in `dir` (`which` 'main') or its delta ('delta', which the manifest
 * must have), each file checked against the manifest; throws IndexLoadError naming what fails.
 */
export function readSegment(dir: string, manifest: Manifest, which: 'main'): StoredSegment<Meta>;
export function readSegment(dir: string, manifest: Manifest, which: 'delta'): StoredSegment<DeltaMeta>;
export function readSegment(dir: string, manifest: Manifest, which: 'main' | 'delta'): StoredSegment<Meta> {
  const [metaKind, columnsKind] = which === 'main' ? (['meta', 'columns'] as const) : (['deltaMeta', 'deltaColumns'] as const);
  const meta = guarded(dir, manifest, () => JSON.parse(readIndexFile(dir, manifest, metaKind).toString('utf8')) as Meta);
  const size = which === 'main' ? (manifest.segments?.main ?? manifest) : manifest.segments?.delta;
  if (!size || meta.documents.length !== size.documents || meta.paragraphs !== size.paragraphs) throw damaged(dir, manifest, `${manifest.files[metaKind] ?? which} does not hold the documents and paragraphs the manifest says`);
  let table: ParagraphTable | undefined;
  const columnsName = manifest.files[columnsKind] as string;
  return {
    meta,
    table: () => (table ??= guarded(dir, manifest, () => segmentTable(meta, readIndexFile(dir, manifest, columnsKind), columnsName).paragraphs)),
    texts: (doc, from, to) =>
      guarded(dir, manifest, () => {
        const fd = openSync(join(dir, columnsName), 'r');
        try {
          // Values [from, to) of a column, read at their place in the file.
          const read = (name: string, size: number, first: number, count: number): Buffer => {
            const at = meta.layout[name];
            if (!at || first + count > at.length) throw new Error(`${columnsName} has no values ${first}-${first + count} in column ${name}`);
            const out = Buffer.alloc(count * size);
            const got = readSync(fd, out, 0, out.length, at.offset + first * size);
            if (got !== out.length) throw new Error(`${columnsName} is cut short`);
            return out;
          };
          const docs = read('p.doc', 4, from, to - from);
          for (let i = 0; i < to - from; i++) if (meta.docNames[docs.readUInt32LE(i * 4)] !== doc) throw new Error(`paragraph ${from + i} of ${columnsName} is not of ${doc}`);
          const offsets = read('p.textOffsets', 4, from, to - from + 1);
          const start = offsets.readUInt32LE(0);
          const bytes = read('p.text', 1, start, offsets.readUInt32LE((to - from) * 4) - start);
          return Array.from({ length: to - from }, (_, i) => bytes.toString('utf8', offsets.readUInt32LE(i * 4) - start, offsets.readUInt32LE((i + 1) * 4) - start));
        } finally {
          closeSync(fd);
        }
      }),
  };
}

/** The vocabulary counts of the main segment (read and checked), given its meta; throws IndexLoadError. */
export function readCounts(dir: string, manifest: Manifest, meta: Meta): VocabularyCounts {
  const bytes = readIndexFile(dir, manifest, 'counts');
  return guarded(dir, manifest, () => {
    if (!meta.countsLayout) throw new Error(`${manifest.files.meta} gives no layout for the counts`);
    return new VocabularyCounts(columnsOf(bytes, meta.countsLayout, manifest.files.counts) as CountsColumns);
  });
}

/** Reads only the documents and paragraphs of an index (for incremental re-indexing); throws IndexLoadError like loadIndex. */
export function loadRecords(dir: string): Pick<StoredIndex, 'manifest' | 'documents' | 'paragraphs'> {
  const manifest = readManifest(dir);
  const files = readDataFilesSync(dir, manifest);
  return guarded(dir, manifest, () => {
    const { documents, paragraphs } = readRecords(manifest, files);
    return { manifest, documents, paragraphs };
  });
}

/**
 * Loads an index folder into memory, every file checked against the manifest's checksums; throws
 * IndexLoadError for a missing, corrupt or incompatible index. `files` are the data files' bytes
 * when the caller read them already (readDataFiles), with the manifest they were read by.
 */
export function loadIndex(dir: string, manifest = readManifest(dir), files = readDataFilesSync(dir, manifest)): StoredIndex {
  return guarded(dir, manifest, () => {
    const { documents, paragraphs, col } = readRecords(manifest, files);
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
    const vocabulary = JSON.parse(files.vocabulary.toString('utf8')) as Vocabulary;
    return { manifest, documents, paragraphs, index, vocabulary };
  });
}

/** The places and persons of an index, checked like loadIndex's files; `files` as there. */
export function loadEntities(dir: string, manifest = readManifest(dir), files?: Record<DataFile, Buffer>): StoredEntities {
  // Without a delta, the entities file alone is enough.
  const bytes = files?.entities ?? (manifest.segments ? readDataFilesSync(dir, manifest).entities : readIndexFile(dir, manifest, 'entities'));
  return guarded(dir, manifest, () => JSON.parse(bytes.toString('utf8')) as StoredEntities);
}
