import { mkdirSync, readFileSync, writeFileSync, renameSync, readdirSync, rmSync, existsSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DocumentRecord } from '../ingest/records.js';
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { FIELDS } from './fields.js';
import { ParagraphIndex, type FieldColumns } from './paragraph-index.js';
import { ParagraphTable, type ParagraphColumns } from './paragraph-table.js';
import { TermTable } from './term-table.js';
import { readColumns, viewColumns, writeColumns, type Column, type ColumnLayout } from './columns-file.js';
import { encodeVocabulary, type Vocabulary } from './vocabulary.js';
import type { StoredEntities } from '../entities/entity-store.js';

/** Version of the on-disk layout; bump when the files or record shapes change. */
export const FORMAT_VERSION = 9;

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
  files: { meta: string; columns: string; vocabulary: string; entities: string };
}

/** Everything a loaded index holds in memory. */
export interface StoredIndex {
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: ParagraphTable;
  index: ParagraphIndex;
  vocabulary: Vocabulary;
}

/** Thrown when an index folder cannot be used; the message says what to run. */
export class IndexLoadError extends Error {
  override name = 'IndexLoadError';
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

const DATA_FILE = /^(meta|columns|vocabulary|entities)\.[\w-]+\.(json|bin)$/;

/** Writes an index into `dir` atomically: data files under a fresh build id, then the manifest by rename. */
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
  const vocabulary = await data.vocabulary;
  writeFileSync(join(dir, files.vocabulary), vocabulary instanceof Uint8Array ? vocabulary : encodeVocabulary(vocabulary));
  const none: StoredEntities = { entities: [], variants: [], roles: [], mentions: [], documents: [] };
  writeFileSync(join(dir, files.entities), JSON.stringify(data.entities ?? none));
  const layout = await columnsWritten;
  const meta: Meta = { documents: data.documents, docNames, headings, notes, paragraphs: data.paragraphs.length, layout };
  writeFileSync(join(dir, files.meta), JSON.stringify(meta));
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    analyzer: ANALYZER_VERSION,
    build,
    createdAt: new Date().toISOString(),
    input,
    documents: data.documents.length,
    paragraphs: data.paragraphs.length,
    files,
  };
  const tmp = join(dir, `manifest.json.${build}.tmp`);
  writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  renameSync(tmp, join(dir, 'manifest.json'));
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
  if (!existsSync(path)) throw new IndexLoadError(`No index in ${resolve(dir)} (manifest.json is missing). Build one: ${rebuild}`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new IndexLoadError(`The index in ${resolve(dir)} is corrupt (manifest.json: ${(e as Error).message}). Rebuild it: ${rebuild}`);
  }
  const again = `npm run index -- --input ${m.input ?? '<folder>'} --out ${dir}`;
  if (m.format !== FORMAT_VERSION) {
    throw new IndexLoadError(`The index in ${resolve(dir)} has format ${m.format}; this version reads format ${FORMAT_VERSION}. Rebuild it: ${again}`);
  }
  if (m.analyzer !== ANALYZER_VERSION) {
    throw new IndexLoadError(`The index in ${resolve(dir)} was built with analyzer ${m.analyzer}; this version analyzes text as ${ANALYZER_VERSION}, so its terms would not match. Rebuild it: ${again}`);
  }
  return m;
}

// Runs a loader, turning anything but IndexLoadError into "corrupt or incomplete" with the command to run.
function guarded<T>(dir: string, manifest: Manifest, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`The index in ${resolve(dir)} is corrupt or incomplete (${(e as Error).message}). Rebuild it: npm run index -- --input ${manifest.input} --out ${dir}`);
  }
}

function readRecords(dir: string, manifest: Manifest, bytes?: IndexBytes) {
  const meta = JSON.parse(bytes ? new TextDecoder().decode(bytes.meta) : readFileSync(join(dir, manifest.files.meta), 'utf8')) as Meta;
  const c = bytes ? viewColumns(bytes.columns, meta.layout, manifest.files.columns) : readColumns(join(dir, manifest.files.columns), meta.layout);
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
    const { documents, paragraphs } = readRecords(dir, manifest);
    return { manifest, documents, paragraphs };
  });
}

/**
 * The data files of an index as bytes, each in a SharedArrayBuffer: search worker threads view the
 * same memory (the 137 MB columns file of the gazette once, not once per thread) and never read the
 * folder again, so a worker started after a rebuild still loads the index it was given.
 */
export interface IndexBytes {
  manifest: Manifest;
  meta: Uint8Array;
  columns: Uint8Array;
  vocabulary: Uint8Array;
  entities: Uint8Array;
}

/** Reads an index folder's data files into shared memory (see IndexBytes); throws IndexLoadError like loadIndex. */
export function readIndexBytes(dir: string): IndexBytes {
  const manifest = readManifest(dir);
  return guarded(dir, manifest, () => {
    const read = (name: string): Uint8Array => {
      const fd = openSync(join(dir, name), 'r');
      try {
        const out = new Uint8Array(new SharedArrayBuffer(fstatSync(fd).size));
        for (let at = 0; at < out.length; ) {
          const n = readSync(fd, out, at, out.length - at, at);
          if (n === 0) throw new Error(`${name} ended early`);
          at += n;
        }
        return out;
      } finally {
        closeSync(fd);
      }
    };
    const f = manifest.files;
    return { manifest, meta: read(f.meta), columns: read(f.columns), vocabulary: read(f.vocabulary), entities: read(f.entities) };
  });
}

/** Loads an index folder into memory, or views `bytes` already read from `dir` (readIndexBytes); throws IndexLoadError for a missing, corrupt or incompatible index. */
export function loadIndex(dir: string, bytes?: IndexBytes): StoredIndex {
  const manifest = bytes?.manifest ?? readManifest(dir);
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
    const vocabulary = JSON.parse(bytes ? new TextDecoder().decode(bytes.vocabulary) : readFileSync(join(dir, manifest.files.vocabulary), 'utf8')) as Vocabulary;
    return { manifest, documents, paragraphs, index, vocabulary };
  });
}
