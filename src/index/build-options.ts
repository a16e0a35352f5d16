// What an indexing run is asked (BuildOptions) and what it did (BuildReport), shared by the full build
// (build.ts) and the incremental run (delta-build.ts).
import type { FieldMapping } from '../ingest/fields.js';
import type { IngestProblem } from '../ingest/records.js';
import type { BuildProgress } from './build-progress.js';
import type { Manifest } from './index-files.js';

/** Options of one indexing run. */
export interface BuildOptions {
  /** Folder of documents to index. */
  input: string;
  /** Folder the index is written to (created if missing). */
  out: string;
  /**
   * Re-read only files whose content changed since the index in `out` was built (by sha256), and
   * write them as a delta segment beside it (src/index/delta-build.ts); once the delta passes
   * MERGE_SHARE of the collection, build the whole index again, reusing the records of unchanged
   * files. Either way, the index served equals a full rebuild. Default true; a missing, stale or
   * corrupt index in `out`, or one of another input folder, simply means a full build. False builds
   * everything from the files.
   */
  incremental?: boolean;
  /**
   * How large a delta may grow before a run merges it (its paragraphs and those of the main segment it
   * removes, as a share of main's); default MERGE_SHARE (src/index/delta-build.ts says why).
   */
  mergeShare?: number;
  /**
   * Read, clean and chunk files on a worker thread while this thread indexes, so that both cores work;
   * default true. False does everything on the calling thread (the result is the same).
   */
  workers?: boolean;
  /** Files larger than this many bytes are reported, not read; default 50 MB (DEFAULT_MAX_BYTES in src/ingest/read.ts). */
  maxBytes?: number;
  /** Follow symbolic links whose target lies outside `input`; default false (src/ingest/read.ts walkFolder says why). */
  followLinksOutside?: boolean;
  /** Field mapping for .jsonl records (src/ingest/fields.ts), winning over a fields.json beside them; default none. */
  fields?: FieldMapping;
  /** Hears how the build goes, in bytes and documents (src/index/build-progress.ts); default none. */
  onProgress?: (event: BuildProgress) => void;
}

/** What an indexing run did. */
export interface BuildReport {
  manifest: Manifest;
  files: number;
  problems: IngestProblem[];
  /** Files whose records were reused unchanged from the previous index. */
  reused: number;
  /** Files read and ingested in this run. */
  ingested: number;
  /** Documents of the previous index whose files are gone. */
  removed: number;
  /** True when no file was added, changed or removed, so the index in `out` was left as it was. */
  unchanged: boolean;
  /** What was written: a whole index ('main'), or a delta segment beside the main one ('delta'). */
  segment: 'main' | 'delta';
  /**
   * Why a worker thread was given up, when one was: its files were then ingested by the others or on
   * this thread, with the same index, only more slowly. Worth telling whoever waited.
   */
  workerFailure?: string;
  ms: number;
}

