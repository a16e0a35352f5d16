// The read side of an index folder: the manifest checked, data files read and checked against their
// checksums, a delta segment merged in (segment-merge.ts), the index loaded (the write side is index-writer.ts).
import { readFileSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { FIELDS } from './fields.js';
import { ParagraphIndex, type FieldColumns } from './paragraph-index.js';
import { ParagraphTable } from './paragraph-table.js';
import { TermTable } from './term-table.js';
import { columnsOf, type Column } from './columns-file.js';
import type { Vocabulary } from './phrase-table.js';
import { mergeSegments } from './segment-merge.js';
import { VocabularyCounts, type CountsColumns } from './vocabulary-counts.js';
import type { StoredEntities } from '../entities/entity-store.js';
import { crcHex, DATA_FILE, DELTA_FILES, FORMAT_VERSION, IndexLoadError, MAIN_FILES, type DataFile, type DeltaFile, type DeltaMeta, type MainFile, type Manifest, type Meta, type StoredIndex } from './index-files.js';


export { DATA_FILE, FORMAT_VERSION, IndexLoadError, type DataFile, type DeltaFile, type DeltaMeta, type IndexFiles, type MainFile, type Manifest, type Meta, type SegmentSize, type StoredIndex } from './index-files.js';

/** Reads and checks the manifest of an index folder; throws IndexLoadError saying what to run. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  const rebuild = (input?: string): string => `npm run index -- --input ${input ?? '<thư mục>'} --out ${dir}`;
  if (!existsSync(path)) throw new IndexLoadError(`Chưa có chỉ mục trong ${resolve(dir)} (thiếu manifest.json). Hãy lập chỉ mục: ${rebuild()}`, 'missing');
  const corrupt = (why: string, input?: string) =>
    new IndexLoadError(`Chỉ mục trong ${resolve(dir)} bị hỏng (manifest.json: ${why}). Hãy lập lại: ${rebuild(input)}`, 'corrupt', input);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  // Valid JSON is not yet a manifest: `null`, a number or an array must not reach the code below.
  if (!isRecord(parsed)) throw corrupt(`không phải một đối tượng JSON mà là ${parsed === null ? 'null' : Array.isArray(parsed) ? 'một mảng' : `kiểu ${typeof parsed}`}`);
  const m = parsed as Partial<Manifest>;
  const input = typeof m.input === 'string' && m.input ? m.input : undefined;
  if (m.format !== FORMAT_VERSION) {
    throw new IndexLoadError(`Chỉ mục trong ${resolve(dir)} có định dạng ${String(m.format)}; phiên bản này đọc định dạng ${FORMAT_VERSION}. Hãy lập lại: ${rebuild(input)}`, 'version', input);
  }
  if (m.analyzer !== ANALYZER_VERSION) {
    throw new IndexLoadError(
      `Chỉ mục trong ${resolve(dir)} được lập bằng bộ phân tích ${String(m.analyzer)}; phiên bản này phân tích văn bản theo ${ANALYZER_VERSION}, nên các từ trong chỉ mục sẽ không khớp. Hãy lập lại: ${rebuild(input)}`,
      'version',
      input,
    );
  }
  if (!input || typeof m.build !== 'string' || typeof m.documents !== 'number' || typeof m.paragraphs !== 'number') throw corrupt('thiếu một trường hoặc một trường sai kiểu', input);
  if (!isRecord(m.files) || !isRecord(m.checksums)) throw corrupt('thiếu files hoặc checksums', input);
  const size = (x: unknown) => isRecord(x) && typeof x.documents === 'number' && typeof x.paragraphs === 'number';
  if (m.segments !== undefined && !(isRecord(m.segments) && size(m.segments.main) && size(m.segments.delta))) throw corrupt('segments không có dạng { main, delta } kèm kích thước của chúng', input);
  if (!m.segments && DELTA_FILES.some((kind) => m.files?.[kind] !== undefined)) throw corrupt('có tệp của phân đoạn bổ sung mà không có segments', input);
  for (const kind of kindsOf(m as Manifest)) {
    const name = m.files[kind];
    // A name is checked against the pattern so that no manifest can point outside the folder.
    if (typeof name !== 'string' || !DATA_FILE.test(name)) throw corrupt(`không có tên tệp ${kind} hợp lệ`, input);
    const sum = m.checksums[name];
    if (!isRecord(sum) || typeof sum.bytes !== 'number' || typeof sum.crc32 !== 'string') throw corrupt(`không có tổng kiểm tra (checksum) của ${name}`, input);
  }
  return m as Manifest;
}

// The kinds of data file a manifest names: the main segment's, and the delta's when there is one.
const kindsOf = (manifest: Manifest): readonly (MainFile | DeltaFile)[] => (manifest.segments ? [...MAIN_FILES, ...DELTA_FILES] : MAIN_FILES);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// The message for a data file that cannot be used, naming it and the command that rebuilds the index.
function damaged(dir: string, manifest: Manifest, detail: string): IndexLoadError {
  return new IndexLoadError(`Chỉ mục trong ${resolve(dir)} bị hỏng hoặc không đầy đủ (${detail}). Hãy lập lại: npm run index -- --input ${manifest.input} --out ${dir}`, 'corrupt', manifest.input);
}

// The message for a data file the system would not read, with its code (ENOENT, EACCES…).
const unreadable = (dir: string, manifest: Manifest, name: string, e: unknown): IndexLoadError =>
  damaged(dir, manifest, `${name}: không đọc được (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);

/** Throws IndexLoadError naming the file when `bytes`, read from data file `name`, are not what the manifest recorded. */
export function checkDataFile(dir: string, manifest: Manifest, name: string, bytes: Uint8Array): void {
  const want = manifest.checksums[name];
  if (bytes.length !== want.bytes) throw damaged(dir, manifest, `${name} có ${bytes.length} byte, manifest ghi ${want.bytes}: tệp đã bị cắt ngắn hoặc bị thay đổi sau khi được ghi`);
  const got = crcHex(crc32(bytes));
  if (got !== want.crc32) throw damaged(dir, manifest, `${name} sai tổng kiểm tra (CRC-32 ${got}, manifest ghi ${want.crc32}): tệp đã bị hỏng hoặc bị thay đổi sau khi được ghi`);
}

/** The bytes of one data file of an index, checked against the manifest; throws IndexLoadError naming it. */
export function readIndexFile(dir: string, manifest: Manifest, kind: MainFile | DeltaFile): Buffer {
  const name = manifest.files[kind] as string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch (e) {
    throw unreadable(dir, manifest, name, e);
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
      throw unreadable(dir, manifest, name, e);
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
      if (!(x instanceof kind)) throw new Error(`thiếu cột ${name} hoặc cột sai kiểu`);
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
  if (paragraphs.length !== meta.paragraphs) throw new Error(`${name} có ${paragraphs.length} đoạn, phần mô tả (meta) ghi ${meta.paragraphs}`);
  return { paragraphs, col };
}

function readRecords(manifest: Manifest, files: Record<DataFile, Buffer>) {
  const meta = JSON.parse(files.meta.toString('utf8')) as Meta;
  const { paragraphs, col } = segmentTable(meta, files.columns, manifest.files.columns);
  if (meta.documents.length !== manifest.documents || paragraphs.length !== manifest.paragraphs) {
    throw new Error(`manifest ghi ${manifest.documents} văn bản và ${manifest.paragraphs} đoạn, các tệp có ${meta.documents.length} văn bản và ${paragraphs.length} đoạn`);
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
  if (!size || meta.documents.length !== size.documents || meta.paragraphs !== size.paragraphs) throw damaged(dir, manifest, `${manifest.files[metaKind] ?? which} không chứa số văn bản và số đoạn mà manifest ghi`);
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
            if (!at || first + count > at.length) throw new Error(`${columnsName} không có các giá trị ${first}-${first + count} trong cột ${name}`);
            const out = Buffer.alloc(count * size);
            const got = readSync(fd, out, 0, out.length, at.offset + first * size);
            if (got !== out.length) throw new Error(`${columnsName} bị cắt ngắn`);
            return out;
          };
          const docs = read('p.doc', 4, from, to - from);
          for (let i = 0; i < to - from; i++) if (meta.docNames[docs.readUInt32LE(i * 4)] !== doc) throw new Error(`đoạn ${from + i} của ${columnsName} không thuộc ${doc}`);
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
    if (!meta.countsLayout) throw new Error(`${manifest.files.meta} không cho bố cục của bảng đếm từ vựng`);
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
