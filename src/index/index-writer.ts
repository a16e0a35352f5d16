// The write side of an index folder: a whole index (saveIndex) or a delta segment beside it
// (saveDelta), each file synced before the manifest that names it is renamed in (the read side is store.ts).
import { mkdirSync, renameSync, readdirSync, rmSync, openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { DocumentRecord } from '../ingest/records.js';
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { FIELDS } from './fields.js';
import type { ParagraphIndex } from './paragraph-index.js';
import type { ParagraphTable } from './paragraph-table.js';
import { packColumns, writeColumns, type Column, type ColumnLayout } from './columns-file.js';
import { encodeVocabulary } from './vocabulary-builder.js';
import type { FinishedVocabulary } from './paragraph-indexer.js';
import type { VocabularyPatch } from './vocabulary-patch.js';
import type { StoredEntities } from '../entities/entity-store.js';
import { crcHex, DATA_FILE, DELTA_FILES, fileName, FORMAT_VERSION, MAIN_FILES, type DeltaMeta, type IndexFiles, type Manifest, type Meta, type SegmentSize, type StoredIndex } from './index-files.js';

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

