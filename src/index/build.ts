import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentRecord, IngestProblem, ParagraphRecord } from '../ingest/records.js';
import { walkFolder, type FolderListing } from '../ingest/read.js';
import { sourceHash } from '../ingest/readers/index.js';
import type { FieldMapping } from '../ingest/fields.js';
import { IngestPool, ingestForIndex, layOut, type IngestedFile } from './ingest-pool.js';
import { ParagraphIndexer, type FinishedVocabulary } from './paragraph-indexer.js';
import { buildDelta, sourceOf, type Outcome } from './delta-build.js';
import type { ParagraphIndex } from './paragraph-index.js';
import type { Vocabulary } from './phrase-table.js';
import { ParagraphTableBuilder, type ParagraphTable } from './paragraph-table.js';
import { IndexLoadError, loadRecords, saveIndex, type Manifest } from './store.js';
import { EntityCollector } from '../entities/entity-store.js';
import { lockIndexFolder } from './lock.js';
import { mkdirSync } from 'node:fs';
import { BuildProgressReporter, type BuildProgress } from './build-progress.js';

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

/** The line that tells whoever waited for a build that a worker thread was given up (BuildReport.workerFailure). */
export function workerFailureNote(reason: string): string {
  return `Note: a worker thread was given up (${reason}); its files were indexed by the others or on the main thread, with the same result, only more slowly.`;
}

// A document of the previous index, its paragraphs decoded only if its file is reused.
interface PreviousDocument {
  document: DocumentRecord;
  paragraphs: () => ParagraphRecord[];
}

/** The previous index's documents (a delta applied) grouped by source file, or nothing when there is none to reuse. */
function previousRecords(out: string): Map<string, PreviousDocument[]> {
  const byFile = new Map<string, PreviousDocument[]>();
  let records: ReturnType<typeof loadRecords>;
  try {
    records = loadRecords(out);
  } catch (e) {
    if (e instanceof IndexLoadError) return byFile;
    throw e;
  }
  // Paragraphs of a document are contiguous: one pass over the document column finds each range.
  const table = records.paragraphs;
  const ranges = new Map<string, [number, number]>();
  for (let n = 0; n < table.length; n++) {
    const doc = table.doc(n);
    const r = ranges.get(doc);
    if (r) r[1] = n + 1;
    else ranges.set(doc, [n, n + 1]);
  }
  for (const document of records.documents) {
    const file = sourceOf(document.doc);
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    const [from, to] = ranges.get(document.doc) ?? [0, 0];
    list.push({ document, paragraphs: () => Array.from({ length: to - from }, (_, k) => table.get(from + k)) });
  }
  return byFile;
}

/**
 * Reads every supported file of `input` (only changed ones when incremental), reports bad files by
 * name and reason, and writes the index to `out`, holding its lock (src/index/lock.ts) meanwhile:
 * throws IndexLockedError when another indexer is writing there.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  mkdirSync(options.out, { recursive: true });
  const release = lockIndexFolder(options.out);
  try {
    return await buildLocked(options);
  } finally {
    release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const listing = await walkFolder(options.input, { followLinksOutside: options.followLinksOutside });
  if (options.incremental === false) return buildMain(options, listing, new Map(), new Map(), t0);
  const delta = await buildDelta(options, listing, t0);
  return delta.report ?? buildMain(options, listing, previousRecords(options.out), delta.ingested, t0);
}

/**
 * Builds a whole index (a main segment) of the files listed: those `previous` holds as they are now
 * are taken from it, those in `ready` are (being) ingested already, the others are read.
 */
async function buildMain(options: BuildOptions, listing: FolderListing, previous: Map<string, PreviousDocument[]>, ready: Map<string, Promise<Outcome>>, t0: number): Promise<BuildReport> {
  const files = listing.files;
  // Which files the previous index already holds as they are now. Hashing is far cheaper than
  // decoding, cleaning and chunking (let alone parsing a PDF).
  const kept = new Map<string, { docs: PreviousDocument[]; bytes: number }>();
  for (const file of files) {
    const before = previous.get(file);
    if (!before || ready.has(file)) continue;
    try {
      const buf = await readFile(join(options.input, file));
      const hash = await sourceHash(options.input, file, buf, options);
      if (before.every((d) => d.document.hash === hash)) kept.set(file, { docs: before, bytes: buf.length });
    } catch {
      // Unreadable now: ingesting it again reports why.
    }
  }
  // The others are ingested ahead on worker threads while this thread indexes, in file order.
  const toRead = files.filter((f) => !kept.has(f) && !ready.has(f));
  const progress = new BuildProgressReporter(options.onProgress);
  await progress.start(options.input, files.length, toRead);
  const pool = options.workers !== false && toRead.length > 1 ? new IngestPool(options.input, { maxBytes: options.maxBytes, fields: options.fields }) : undefined;
  const outcome = new Map<string, Promise<Outcome>>();
  for (const [file, o] of ready) outcome.set(file, o);
  for (const file of toRead) {
    const ingest = pool ? pool.ingest(file, progress.reading(file)) : undefined;
    if (ingest) outcome.set(file, ingest.then((f) => ({ file: f }), (error: Error) => ({ error })));
  }
  const ingestHere = (file: string): Promise<Outcome> => ingestForIndex(options.input, file, { maxBytes: options.maxBytes, fields: options.fields }, progress.passes(file)).then((f) => ({ file: f }), (error: Error) => ({ error }));

  const problems: IngestProblem[] = [...listing.skipped];
  const documents: DocumentRecord[] = [];
  const indexer = new ParagraphIndexer();
  const table = new ParagraphTableBuilder();
  const entities = new EntityCollector();
  let rows = 0;
  let read = 0;
  let paragraphs: ParagraphTable;
  let index: ParagraphIndex;
  let vocabulary: Promise<FinishedVocabulary>;
  try {
    for (const file of files) {
      let problem: IngestProblem | undefined;
      let got: IngestedFile | undefined;
      const reuse = kept.get(file);
      if (reuse) got = layOut(reuse.docs.map((d) => ({ document: d.document, paragraphs: d.paragraphs() })), [], reuse.bytes);
      else {
        const r = await (outcome.get(file) ?? ingestHere(file));
        // Let go of the file's columns once they are in the table and the index.
        outcome.delete(file);
        if (r.error) {
          problem = { file, reason: r.error.message };
          problems.push(problem);
        } else {
          got = r.file;
          // One by one: a JSONL file may hold more records than a call can take as arguments.
          for (const p of got.problems) problems.push(p);
          read++;
        }
      }
      if (got) {
        for (const d of got.documents) documents.push(d);
        table.add(got.paragraphs);
        indexer.addTokenized(got.tokens, reuse ? undefined : progress.indexing(file, { documents: got.documents.length, paragraphs: got.tokens.counts.length }));
        entities.add(got.entities, rows);
        rows += got.tokens.counts.length;
      }
      progress.fileDone(file, got && { bytes: got.bytes, documents: got.documents.length, paragraphs: got.tokens.counts.length }, !!reuse, problem);
    }
    // The index and the vocabulary are finished on the workers, now idle, while this thread puts
    // the paragraph table together; the index goes to disk while the vocabulary is still finishing.
    let pendingIndex: Promise<ParagraphIndex>;
    if (pool) {
      const finishing = indexer.finishElsewhere({ index: (parts) => pool.finishIndex(parts), vocabulary: (parts, terms, rank, exacts) => pool.finishVocabulary(parts, terms, rank, exacts) });
      pendingIndex = finishing.index;
      vocabulary = finishing.vocabulary;
    } else {
      const finished = indexer.finish();
      pendingIndex = Promise.resolve(finished.index);
      vocabulary = Promise.resolve({ vocabulary: finished.vocabulary, counts: finished.counts.columns });
    }
    void vocabulary.then(() => progress.step('vocabulary'), () => {});
    paragraphs = table.finish();
    progress.step('table');
    index = await pendingIndex;
    progress.step('postings');
  } catch (e) {
    await pool?.close();
    throw e;
  }
  // The workers stop (and give back their memory) once the vocabulary is done, while the rest is written.
  const closed = vocabulary.then(
    () => pool?.close(),
    () => pool?.close(),
  );
  const reused = kept.size;
  const listed = new Set(files);
  const removed = [...previous.keys()].filter((f) => !listed.has(f)).reduce((n, f) => n + (previous.get(f)?.length ?? 0), 0);
  const [manifest] = await Promise.all([saveIndex(options.out, { documents, paragraphs, index, vocabulary, entities: entities.finish(documents) }, options.input), closed]);
  progress.step('write');
  return { manifest, files: files.length, problems, reused, ingested: read, removed, unchanged: false, segment: 'main', workerFailure: pool?.failure, ms: performance.now() - t0 };
}
