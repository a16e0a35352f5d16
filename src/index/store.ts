import { mkdirSync, readFileSync, writeFileSync, renameSync, readdirSync, rmSync, existsSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type MiniSearch from 'minisearch';
import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { ParagraphIndex } from './paragraph-index.js';
import type { Vocabulary } from './vocabulary.js';

/** Version of the on-disk layout; bump when the files or record shapes change. */
export const FORMAT_VERSION = 6;

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
  files: { documents: string; paragraphs: string; index: string; vocabulary: string };
}

/** Everything a loaded index holds in memory. */
export interface StoredIndex {
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: ParagraphRecord[];
  index: ParagraphIndex;
  vocabulary: Vocabulary;
}

/** Thrown when an index folder cannot be used; the message says what to run. */
export class IndexLoadError extends Error {
  override name = 'IndexLoadError';
}

// Records are written a batch per line: no single string grows towards V8's limit (~512 MB),
// and one JSON.parse per batch loads far faster than one per record.
const BATCH = 2000;

function writeBatches(path: string, items: Iterable<unknown>): void {
  const fd = openSync(path, 'w');
  try {
    let batch: unknown[] = [];
    const flush = () => {
      if (batch.length) writeSync(fd, JSON.stringify(batch) + '\n');
      batch = [];
    };
    for (const item of items) {
      batch.push(item);
      if (batch.length >= BATCH) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readBatches<T>(path: string): T[] {
  const out: T[] = [];
  // Decoded line by line from the bytes: the whole file as one string could pass V8's string limit.
  const buf = readFileSync(path);
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    if (end > start) for (const item of JSON.parse(buf.toString('utf8', start, end)) as T[]) out.push(item);
    start = end + 1;
  }
  return out;
}

type PlainIndex = ReturnType<MiniSearch['toJSON']>;

/** Writes an index into `dir` atomically: data files under a fresh build id, then the manifest by rename. */
export function saveIndex(dir: string, data: Omit<StoredIndex, 'manifest'>, input: string): Manifest {
  mkdirSync(dir, { recursive: true });
  const build = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const files = {
    documents: `documents.${build}.jsonl`,
    paragraphs: `paragraphs.${build}.jsonl`,
    index: `terms.${build}.jsonl`,
    vocabulary: `vocabulary.${build}.json`,
  };
  const { index: terms, ...header } = data.index.toJSON() as PlainIndex & { index: unknown[] };
  writeBatches(join(dir, files.documents), data.documents);
  writeBatches(join(dir, files.paragraphs), data.paragraphs);
  writeBatches(join(dir, files.index), [header, ...terms]);
  writeFileSync(join(dir, files.vocabulary), JSON.stringify(data.vocabulary));
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
  // Only now are the previous build's files unreferenced.
  const keep = new Set(Object.values(files));
  for (const f of readdirSync(dir)) {
    if (/^(documents|paragraphs|terms|vocabulary)\.[\w-]+\.jsonl?$/.test(f) && !keep.has(f)) rmSync(join(dir, f), { force: true });
    if (/^manifest\.json\..+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
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

/** Reads only the documents and paragraphs of an index (for incremental re-indexing); throws IndexLoadError like loadIndex. */
export function loadRecords(dir: string): Pick<StoredIndex, 'manifest' | 'documents' | 'paragraphs'> {
  const manifest = readManifest(dir);
  try {
    const documents = readBatches<DocumentRecord>(join(dir, manifest.files.documents));
    const paragraphs = readBatches<ParagraphRecord>(join(dir, manifest.files.paragraphs));
    if (documents.length !== manifest.documents || paragraphs.length !== manifest.paragraphs) throw new Error('record counts differ from the manifest');
    return { manifest, documents, paragraphs };
  } catch (e) {
    throw new IndexLoadError(`The index in ${resolve(dir)} is corrupt or incomplete (${(e as Error).message}). Rebuild it: npm run index -- --input ${manifest.input} --out ${dir}`);
  }
}

/** Loads an index folder into memory; throws IndexLoadError for a missing, corrupt or incompatible index. */
export function loadIndex(dir: string): StoredIndex {
  const manifest = readManifest(dir);
  const again = `npm run index -- --input ${manifest.input} --out ${dir}`;
  try {
    const documents = readBatches<DocumentRecord>(join(dir, manifest.files.documents));
    const paragraphs = readBatches<ParagraphRecord>(join(dir, manifest.files.paragraphs));
    const [header, ...terms] = readBatches<unknown>(join(dir, manifest.files.index));
    const index = ParagraphIndex.fromPlain({ ...(header as PlainIndex), index: terms } as PlainIndex);
    const vocabulary = JSON.parse(readFileSync(join(dir, manifest.files.vocabulary), 'utf8')) as Vocabulary;
    if (documents.length !== manifest.documents || paragraphs.length !== manifest.paragraphs || index.documentCount !== paragraphs.length) {
      throw new Error(`expected ${manifest.documents} documents and ${manifest.paragraphs} paragraphs, found ${documents.length}, ${paragraphs.length} and ${index.documentCount} indexed`);
    }
    return { manifest, documents, paragraphs, index, vocabulary };
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`The index in ${resolve(dir)} is corrupt or incomplete (${(e as Error).message}). Rebuild it: ${again}`);
  }
}
