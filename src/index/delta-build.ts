// The incremental run: the files added or changed since the main segment was built become a delta
// segment written beside it (store.ts saveDelta()), at a cost in proportion to them, not to the
// collection. The read side merges the two into what a full build would give (segment-merge.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentRecord, IngestProblem } from '../ingest/records.js';
import type { FolderListing } from '../ingest/read.js';
import { sourceHash } from '../ingest/readers/index.js';
import { EntityCollector } from '../entities/entity-store.js';
import { IngestPool, ingestForIndex, layOut, type IngestedFile } from './ingest-pool.js';
import { ParagraphIndexer } from './paragraph-indexer.js';
import { ParagraphTableBuilder, type ParagraphTable } from './paragraph-table.js';
import { IndexLoadError, readCounts, readManifest, readSegment, type DeltaMeta, type Meta, type StoredSegment } from './store.js';
import { saveDelta } from './index-writer.js';
import { tokenizeParagraphs } from './tokenized.js';
import { CountsMismatchError, vocabularyPatch } from './vocabulary-patch.js';
import type { BuildOptions, BuildReport } from './build-options.js';

/**
 * How large a delta may grow before a run merges it into a new main segment (a full build, which
 * reuses the records of unchanged files): its paragraphs and those of main it removes or replaces,
 * as a share of main's paragraphs. Each run works the whole delta out again, so this bounds what an
 * incremental run costs (at most a tenth of what a full build tokenizes and indexes), and what
 * loading the index adds for merging the two (a pass over the columns either way).
 */
export const MERGE_SHARE = 0.1;

/**
 * Files read by ingest workers only when they add up to this many bytes (default 4 MB): starting a
 * worker costs more than reading a few small files here.
 */
const POOL_BYTES = 4 << 20;

/** Files handed to the ingest workers ahead of the one awaited: enough to keep them busy, few enough that a delta given up for a full build wastes little. */
const POOL_AHEAD = 6;

/** What ingesting a file came to: the file laid out for indexing, or why it could not be used. */
export type Outcome = { file: IngestedFile; error?: undefined } | { error: Error; file?: undefined };

/**
 * What an incremental run did: its report, or, when no delta can be written (no index of this
 * folder in `out`, or one the changes would outgrow, see MERGE_SHARE), the files it already ingested
 * or is ingesting, for the full build to use.
 */
export type DeltaAttempt = { report: BuildReport; ingested?: undefined } | { report?: undefined; ingested: Map<string, Promise<Outcome>> };

// The documents of a segment by source file, as index ranges into its `documents`.
function byFile(documents: readonly DocumentRecord[]): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  documents.forEach((d, i) => {
    const file = sourceOf(d.doc);
    const r = out.get(file);
    if (r && r[1] === i) r[1] = i + 1;
    else out.set(file, [i, i + 1]);
  });
  return out;
}

/** The source file of a document id: 'a.jsonl#3' comes from 'a.jsonl'. */
export const sourceOf = (doc: string): string => doc.replace(/#.*$/, '');

// The records of a segment's documents [from, to), laid out for indexing again as when first read.
function reread(segment: StoredSegment<Meta>, from: number, to: number, bytes: number): IngestedFile {
  const table = segment.table();
  const ranges = paragraphRanges(table);
  const docs = segment.meta.documents.slice(from, to).map((document) => {
    const [a, b] = ranges.get(document.doc) ?? [0, 0];
    return { document, paragraphs: Array.from({ length: b - a }, (_, k) => table.get(a + k)) };
  });
  return layOut(docs, [], bytes);
}

// Paragraph range of each document of a table (paragraphs of a document are contiguous).
const rangesOf = new WeakMap<ParagraphTable, Map<string, [number, number]>>();
function paragraphRanges(table: ParagraphTable): Map<string, [number, number]> {
  let ranges = rangesOf.get(table);
  if (!ranges) {
    ranges = new Map();
    for (let n = 0; n < table.length; n++) {
      const doc = table.doc(n);
      const r = ranges.get(doc);
      if (r) r[1] = n + 1;
      else ranges.set(doc, [n, n + 1]);
    }
    rangesOf.set(table, ranges);
  }
  return ranges;
}

/**
 * Brings the index in `options.out` up to date with `listing` by writing a delta segment, when it is
 * an index of the same folder and the changes stay under MERGE_SHARE; otherwise says so, handing
 * over what it ingested. Files are compared by content hash with the main segment's (and the
 * previous delta's, whose records are reused), so only added and changed files are read.
 */
export async function buildDelta(options: BuildOptions, listing: FolderListing, t0: number): Promise<DeltaAttempt> {
  const ingested = new Map<string, Promise<Outcome>>();
  try {
    return await deltaRun(options, listing, t0, ingested);
  } catch (e) {
    // No usable index there, or a damaged one: the full build reads what it can of it and replaces
    // it, with the files read so far.
    if (e instanceof IndexLoadError || e instanceof CountsMismatchError) return { ingested };
    throw e;
  }
}

async function deltaRun(options: BuildOptions, listing: FolderListing, t0: number, ingested: Map<string, Promise<Outcome>>): Promise<DeltaAttempt> {
  const manifest = readManifest(options.out);
  const main = readSegment(options.out, manifest, 'main');
  const previous = manifest.segments ? readSegment(options.out, manifest, 'delta') : undefined;
  // A delta made for another main segment cannot be: the full build reads what it can and replaces both.
  if (manifest.input !== options.input || main.meta.paragraphs === 0 || (previous && previous.meta.base !== manifest.files.meta.split('.')[1])) return { ingested };
  const files = listing.files;
  const plan = await planDelta(options, files, main, previous);
  const { fromMain, reused, toRead, readBytes, mainFiles, previousFiles } = plan;

  // Documents served before this run, and which of them are of files now gone.
  const listed = new Set(files);
  const removed = servedBefore(main.meta, previous?.meta).filter((d) => !listed.has(sourceOf(d.doc))).length;
  const problems: IngestProblem[] = [...listing.skipped];
  const servedMain = servedMainFiles(main.meta, previous?.meta);
  const unchanged = toRead.length === 0 && reused.size === previousFiles.size && servedMain.size === fromMain.size && [...fromMain].every((f) => servedMain.has(f));
  if (unchanged) return { report: { manifest, files: files.length, problems, reused: files.length, ingested: 0, removed: 0, unchanged: true, segment: previous ? 'delta' : 'main', ms: performance.now() - t0 } };

  // Main's paragraphs no longer served: those of files removed, changed or unreadable now.
  let masked = 0;
  const maskedDocs: [number, number][] = [];
  for (const [file, range] of mainFiles) {
    if (fromMain.has(file)) continue;
    maskedDocs.push(range);
    for (let d = range[0]; d < range[1]; d++) masked += main.meta.documents[d].paragraphs;
  }
  // The delta may grow so far; past it, the full build takes over with the files read so far.
  const limit = (options.mergeShare ?? MERGE_SHARE) * main.meta.paragraphs;
  let size = masked;
  for (const { range } of reused.values()) for (let d = range[0]; d < range[1]; d++) size += (previous as StoredSegment<DeltaMeta>).meta.documents[d].paragraphs;
  if (size > limit) return { ingested };
  options.onProgress?.({ kind: 'start', files: files.length, bytes: readBytes });
  if (!(await ingestChanged(options, toRead, readBytes, ingested, size, limit))) return { ingested };

  const delta = await assembleDelta(options, files, plan, previous, ingested, problems);
  const patch = vocabularyPatch(readCounts(options.out, manifest, main.meta), delta.counts, removedCounts(main, maskedDocs));
  const served = { documents: 0, paragraphs: main.meta.paragraphs - masked + delta.paragraphs.length };
  for (let r = 0; r < delta.order.length; r += 3) served.documents += delta.order[r + 2];
  const written = saveDelta(options.out, { base: manifest, documents: delta.documents, paragraphs: delta.paragraphs, index: delta.index, order: delta.order, patch, entities: delta.entities.finish(delta.documents), served });
  return {
    report: { manifest: written, files: files.length, problems, reused: fromMain.size + reused.size, ingested: delta.read, removed, unchanged: false, segment: 'delta', ms: performance.now() - t0 },
  };
}

/** Where each file's documents come from now: main as it is, the previous delta, or a new reading. */
interface DeltaPlan {
  fromMain: Set<string>;
  reused: Map<string, { range: [number, number]; bytes: number }>;
  toRead: string[];
  readBytes: number;
  mainFiles: Map<string, [number, number]>;
  previousFiles: Map<string, [number, number]>;
}

// Compares each file's hash with the segments' documents to decide where its documents come from.
async function planDelta(options: BuildOptions, files: readonly string[], main: StoredSegment<Meta>, previous: StoredSegment<DeltaMeta> | undefined): Promise<DeltaPlan> {
  const mainFiles = byFile(main.meta.documents);
  const previousFiles = previous ? byFile(previous.meta.documents) : new Map<string, [number, number]>();
  const sameHash = (documents: readonly DocumentRecord[], [from, to]: [number, number], hash: string) => documents.slice(from, to).every((d) => d.hash === hash);
  const plan: DeltaPlan = { fromMain: new Set(), reused: new Map(), toRead: [], readBytes: 0, mainFiles, previousFiles };
  const hashes = await hashAll(options, files);
  files.forEach((file, i) => {
    const inMain = mainFiles.get(file);
    const inPrevious = previousFiles.get(file);
    const h = hashes[i];
    if (h && inMain && sameHash(main.meta.documents, inMain, h.hash)) plan.fromMain.add(file);
    else if (h && previous && inPrevious && sameHash(previous.meta.documents, inPrevious, h.hash)) plan.reused.set(file, { range: inPrevious, bytes: h.bytes });
    else {
      // Unreadable now (no hash): reading it again reports why.
      plan.toRead.push(file);
      plan.readBytes += h?.bytes ?? 0;
    }
  });
  return plan;
}

// Reads the added and changed files, in order: on this thread unless there are many bytes of them, then
// on ingest workers, a few files ahead of the one awaited. False when the delta outgrows `limit`.
async function ingestChanged(options: BuildOptions, toRead: readonly string[], readBytes: number, ingested: Map<string, Promise<Outcome>>, size: number, limit: number): Promise<boolean> {
  const pool = toRead.length > 1 && readBytes > POOL_BYTES && options.workers !== false ? new IngestPool(options.input, { maxBytes: options.maxBytes, fields: options.fields }) : undefined;
  const start = (file: string): Promise<Outcome> => {
    let o = ingested.get(file);
    if (!o) {
      const read = pool ? pool.ingest(file) : ingestForIndex(options.input, file, { maxBytes: options.maxBytes, fields: options.fields });
      ingested.set(file, (o = read.then((f): Outcome => ({ file: f }), (error: Error): Outcome => ({ error }))));
    }
    return o;
  };
  try {
    for (let i = 0; i < toRead.length; i++) {
      if (pool) for (const file of toRead.slice(i, i + POOL_AHEAD)) void start(file);
      size += (await start(toRead[i])).file?.tokens.counts.length ?? 0;
      if (size > limit) return false;
    }
    return true;
  } finally {
    // Files handed over and not yet read stay the full build's to await.
    if (pool) void Promise.allSettled(ingested.values()).then(() => pool.close());
  }
}

// The delta: every file not served from main, in file order, numbered from 0, and the order documents are served in.
async function assembleDelta(options: BuildOptions, files: readonly string[], plan: DeltaPlan, previous: StoredSegment<DeltaMeta> | undefined, ingested: Map<string, Promise<Outcome>>, problems: IngestProblem[]) {
  const documents: DocumentRecord[] = [];
  const table = new ParagraphTableBuilder();
  const indexer = new ParagraphIndexer();
  const entities = new EntityCollector();
  const order: number[] = [];
  const run = (segment: number, first: number, length: number) => {
    const last = order.length - 3;
    if (length === 0) return;
    if (last >= 0 && order[last] === segment && order[last + 1] + order[last + 2] === first) order[last + 2] += length;
    else order.push(segment, first, length);
  };
  let rows = 0;
  let read = 0;
  let done = 0;
  for (const file of files) {
    const inMain = plan.mainFiles.get(file);
    if (plan.fromMain.has(file) && inMain) {
      run(0, inMain[0], inMain[1] - inMain[0]);
      options.onProgress?.({ kind: 'file', file, done: ++done, total: files.length, bytes: 0, documents: 0, paragraphs: 0, reused: true });
      continue;
    }
    let got: IngestedFile | undefined;
    let problem: IngestProblem | undefined;
    const reuse = plan.reused.get(file);
    if (reuse) got = reread(previous as StoredSegment<DeltaMeta>, reuse.range[0], reuse.range[1], reuse.bytes);
    else {
      const r = await (ingested.get(file) as Promise<Outcome>);
      if (r.error) problems.push((problem = { file, reason: r.error.message }));
      else {
        got = r.file;
        for (const p of got.problems) problems.push(p);
        read++;
      }
    }
    options.onProgress?.({ kind: 'file', file, done: ++done, total: files.length, bytes: got?.bytes ?? 0, documents: got?.documents.length ?? 0, paragraphs: got?.tokens.counts.length ?? 0, reused: reuse !== undefined, problem });
    if (!got) continue;
    run(1, documents.length, got.documents.length);
    for (const d of got.documents) documents.push(d);
    table.add(got.paragraphs);
    indexer.addTokenized(got.tokens);
    entities.add(got.entities, rows);
    rows += got.tokens.counts.length;
  }
  const { index, counts } = indexer.finishCounts();
  return { documents, paragraphs: table.finish(), index, counts, entities, order, read };
}

// The vocabulary counts of main's paragraphs the delta no longer serves, whose texts main holds.
function removedCounts(main: StoredSegment<Meta>, maskedDocs: readonly [number, number][]) {
  const gone = new ParagraphIndexer();
  if (maskedDocs.length) {
    // Paragraphs of main's documents follow one another in document order.
    const firsts: number[] = [];
    main.meta.documents.reduce((n, d) => (firsts.push(n), n + d.paragraphs), 0);
    const texts: string[] = [];
    for (const [from, to] of maskedDocs) {
      for (let d = from; d < to; d++) {
        const document = main.meta.documents[d];
        for (const t of main.texts(document.doc, firsts[d], firsts[d] + document.paragraphs)) texts.push(t);
      }
    }
    gone.addTokenized(tokenizeParagraphs(texts));
  }
  return gone.finishCounts().counts;
}

// Files read at once while hashing: a run waits on the disk (or the page cache) for every file of the
// collection, and one at a time it waited for each in turn.
const HASHING = 16;

// The content hash and size of each file, in order; undefined for a file that cannot be read.
async function hashAll(options: BuildOptions, files: readonly string[]): Promise<({ hash: string; bytes: number } | undefined)[]> {
  const out: ({ hash: string; bytes: number } | undefined)[] = new Array(files.length);
  let next = 0;
  const work = async () => {
    for (let i = next++; i < files.length; i = next++) {
      try {
        const buf = await readFile(join(options.input, files[i]));
        out[i] = { hash: await sourceHash(options.input, files[i], buf, options), bytes: buf.length };
      } catch {
        out[i] = undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASHING, files.length) }, work));
  return out;
}

// The documents an index served: main's in the previous delta's order, or all of main's.
function servedBefore(main: Meta, previous: DeltaMeta | undefined): DocumentRecord[] {
  if (!previous) return main.documents;
  const out: DocumentRecord[] = [];
  for (let r = 0; r < previous.order.length; r += 3) {
    const docs = previous.order[r] === 0 ? main.documents : previous.documents;
    for (let d = previous.order[r + 1]; d < previous.order[r + 1] + previous.order[r + 2]; d++) out.push(docs[d]);
  }
  return out;
}

// The source files of main whose documents an index served.
function servedMainFiles(main: Meta, previous: DeltaMeta | undefined): Set<string> {
  if (!previous) return new Set(main.documents.map((d) => sourceOf(d.doc)));
  const out = new Set<string>();
  for (let r = 0; r < previous.order.length; r += 3) {
    if (previous.order[r] !== 0) continue;
    for (let d = previous.order[r + 1]; d < previous.order[r + 1] + previous.order[r + 2]; d++) out.add(sourceOf(main.documents[d].doc));
  }
  return out;
}
