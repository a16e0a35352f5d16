import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentRecord, IngestProblem, ParagraphRecord } from '../ingest/records.js';
import { walkFolder, type FolderListing } from '../ingest/read.js';
import { sourceHash } from '../ingest/readers/index.js';
import { IngestPool, ingestForIndex, layOut, type IngestedFile } from './ingest-pool.js';
import { ParagraphIndexer, type FinishedVocabulary } from './paragraph-indexer.js';
import { buildDelta, sourceOf, type Outcome } from './delta-build.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { ParagraphTableBuilder, type ParagraphTable } from './paragraph-table.js';
import { IndexLoadError, loadRecords } from './store.js';
import { saveIndex } from './index-writer.js';
import { EntityCollector } from '../entities/entity-store.js';
import { lockIndexFolder } from './lock.js';
import { mkdirSync } from 'node:fs';
import { BuildProgressReporter } from './build-progress.js';

import type { BuildOptions, BuildReport } from './build-options.js';

export type { BuildOptions, BuildReport } from './build-options.js';

/** The line that tells whoever waited for a build that a worker thread was given up (BuildReport.workerFailure). */
export function workerFailureNote(reason: string): string {
  return `Lưu ý: đã phải bỏ một luồng xử lý phụ (${reason}); các tệp của nó đã được các luồng khác hoặc luồng chính lập chỉ mục, kết quả vẫn như vậy, chỉ chậm hơn.`;
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
  const kept = await keptFiles(options, files, previous, ready);
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
    const finishing = finishIndexer(indexer, pool);
    const pendingIndex = finishing.index;
    vocabulary = finishing.vocabulary;
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

// Which files the previous index already holds as they are now. Hashing is far cheaper than
// decoding, cleaning and chunking (let alone parsing a PDF).
async function keptFiles(options: BuildOptions, files: readonly string[], previous: Map<string, PreviousDocument[]>, ready: Map<string, Promise<Outcome>>): Promise<Map<string, { docs: PreviousDocument[]; bytes: number }>> {
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
  return kept;
}

// The index and the vocabulary are finished on the workers, now idle, while this thread puts the
// paragraph table together; the index goes to disk while the vocabulary is still finishing.
function finishIndexer(indexer: ParagraphIndexer, pool: IngestPool | undefined): { index: Promise<ParagraphIndex>; vocabulary: Promise<FinishedVocabulary> } {
  if (pool) return indexer.finishElsewhere({ index: (parts) => pool.finishIndex(parts), vocabulary: (parts, terms, rank, exacts) => pool.finishVocabulary(parts, terms, rank, exacts) });
  const finished = indexer.finish();
  return { index: Promise.resolve(finished.index), vocabulary: Promise.resolve({ vocabulary: finished.vocabulary, counts: finished.counts.columns }) };
}
