// The files of an index folder and what they hold, shared by the side that writes them
// (index-writer.ts) and the side that reads them (store.ts): the manifest, the data files' kinds and
// names, and the JSON half of a segment.
import type { DocumentRecord } from '../ingest/records.js';
import type { ParagraphIndex } from './paragraph-index.js';
import type { ParagraphColumns, ParagraphTable } from './paragraph-table.js';
import type { ColumnLayout } from './columns-file.js';
import type { Vocabulary } from './phrase-table.js';

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
export const DATA_FILES: readonly DataFile[] = ['meta', 'columns', 'vocabulary', 'entities'];
/** The files of the main segment: the served kinds, and the counts its vocabulary was finished from (VocabularyCounts). */
export type MainFile = DataFile | 'counts';
export const MAIN_FILES: readonly MainFile[] = [...DATA_FILES, 'counts'];
/** The files of a delta segment (see saveDelta()). */
export type DeltaFile = 'deltaMeta' | 'deltaColumns' | 'deltaVocabulary' | 'deltaEntities';
export const DELTA_FILES: readonly DeltaFile[] = ['deltaMeta', 'deltaColumns', 'deltaVocabulary', 'deltaEntities'];
/** The data files a manifest names, by kind. */
export type IndexFiles = Record<MainFile, string> & Partial<Record<DeltaFile, string>>;

/** The name of a data file of a kind and build: `columns.<build>.bin`, `delta-meta.<build>.json`. */
export function fileName(kind: MainFile | DeltaFile, build: string): string {
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

/** Names of index data files of any build, ours or an interrupted one's. */
export const DATA_FILE = /^(meta|columns|vocabulary|entities|counts|delta-meta|delta-columns|delta-vocabulary|delta-entities)\.[\w-]+\.(json|bin)$/;

/** CRC-32 as the manifest writes it: 8 hex digits. */
export const crcHex = (n: number): string => n.toString(16).padStart(8, '0');

