import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentRecord, IngestedDocument, IngestProblem } from '../ingest/records.js';
import { ingestSource } from '../ingest/readers/index.js';
import type { ReadOptions } from '../ingest/read.js';
import type { FieldMapping } from '../ingest/fields.js';
import { finishIndex, indexBuffers, indexFromArrays, type IndexArrays, type IndexParts } from './finish-index.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { columnBuffers, paragraphColumns, type ParagraphColumns } from './paragraph-table.js';
import { tokenizeParagraphs, transferables, type TokenizedParagraphs } from './tokenized.js';
import { finishVocabularyEncoded, termNames, type VocabularyParts } from './vocabulary-builder.js';
import { countsBuffers, VocabularyCounts, type CountsColumns } from './vocabulary-counts.js';
import { fileEntities, type FileEntities } from '../entities/entity-store.js';
import { fileShare, type FileCounts, type PassReport, type ShareReport } from './build-progress.js';

/** A task for a pool worker: ingest a file (`tell`: sending how far through it the work is), finish an index (finishIndex()) or a vocabulary (finishVocabularyEncoded()). */
export type PoolJob =
  | { id: number; kind: 'ingest'; input: string; file: string; read: ReadOptions; tell: boolean }
  | { id: number; kind: 'finish'; parts: IndexParts }
  | { id: number; kind: 'vocabulary'; parts: VocabularyParts; terms: string[]; rank: Uint32Array; exacts: string[] };

/** What a job gives: a file laid out for indexing, a finished index, or an encoded vocabulary with its counts. */
export type JobResult = IngestedFile | IndexArrays | EncodedVocabulary;

/** A vocabulary encoded as stored (encodeVocabulary()) and the columns of the counts it was finished from. */
export interface EncodedVocabulary {
  vocabulary: Uint8Array;
  counts: CountsColumns;
}

/**
 * A file read, cleaned and chunked, laid out for indexing: its documents' metadata, its paragraphs (in
 * document order) as table columns and as tokens, the parts of it that could not be used and its size.
 * No paragraph objects: cloning those between threads cost the indexing thread more than using them.
 */
export interface IngestedFile {
  documents: DocumentRecord[];
  paragraphs: ParagraphColumns;
  tokens: TokenizedParagraphs;
  /** The places and persons its paragraphs name (recognized here, where the text already is). */
  entities: FileEntities;
  problems: IngestProblem[];
  bytes: number;
}

/** A file's documents laid out for indexing (see IngestedFile); `report` (default none) hears the tokenize and entities passes go by. */
export function layOut(documents: readonly IngestedDocument[], problems: IngestProblem[], bytes: number, report?: PassReport): IngestedFile {
  const records = documents.flatMap((d) => d.paragraphs);
  const count = documents.length;
  return {
    documents: documents.map((d) => d.document),
    paragraphs: paragraphColumns(records),
    tokens: tokenizeParagraphs(report ? textsTelling(documents, records.length, report) : records.map((p) => p.text)),
    entities: fileEntities(documents, report && ((done) => report('entities', done / count, { documents: count, paragraphs: records.length }))),
    problems,
    bytes,
  };
}

// The paragraph texts of `documents`, telling `report` how far the tokenizer is after each document.
function* textsTelling(documents: readonly IngestedDocument[], total: number, report: PassReport): Generator<string> {
  let done = 0;
  for (const d of documents) {
    for (const p of d.paragraphs) yield p.text;
    done += d.paragraphs.length;
    report('tokenize', total ? done / total : 1, { documents: documents.length, paragraphs: total });
  }
}

/** The buffers of an IngestedFile, for postMessage's transfer list. */
export function fileBuffers(file: IngestedFile): ArrayBuffer[] {
  return [...columnBuffers(file.paragraphs), ...transferables(file.tokens), file.entities.rows.buffer as ArrayBuffer];
}

/**
 * A worker's answer: the job's result, or the message of what went wrong (for a file: what made it
 * unusable); before either, an ingest job may send how far through its file it is (fileShare()).
 */
export type PoolReply =
  | { id: number; value: JobResult; error?: undefined; progress?: undefined }
  | { id: number; error: string; value?: undefined; progress?: undefined }
  | { id: number; progress: { share: number; counts: FileCounts }; value?: undefined; error?: undefined };

/** Does a job: the work of a pool worker, also done on the calling thread when there is none; an ingest job tells `progress` (default none) how far it is. */
export async function runJob(job: PoolJob, progress?: ShareReport): Promise<JobResult> {
  if (job.kind === 'ingest') return ingestForIndex(job.input, job.file, job.read, progress && fileShare(progress));
  if (job.kind === 'finish') return finishIndex(job.parts);
  const counts = VocabularyCounts.fromParts(job.parts, { term: (id) => job.terms[id], rank: job.rank, exact: (id) => job.exacts[id] });
  return { vocabulary: finishVocabularyEncoded(job.parts, termNames(job.terms, job.rank)), counts: counts.columns };
}

/** The buffers of a job's result, for postMessage's transfer list. */
export function resultBuffers(value: JobResult): ArrayBuffer[] {
  if ('counts' in value) return [...new Set([value.vocabulary.buffer as ArrayBuffer, ...countsBuffers(value.counts)])];
  return 'tokens' in value ? fileBuffers(value) : indexBuffers(value);
}

// The buffers a job hands over: those of its parts (transferred, as copying them cost more than the work).
function jobBuffers(job: PoolJob): ArrayBuffer[] {
  if (job.kind === 'finish') return indexBuffers(job.parts);
  if (job.kind === 'vocabulary') return [...new Set([...Object.values(job.parts), job.rank].filter(ArrayBuffer.isView).map((a) => a.buffer as ArrayBuffer))];
  return [];
}

/**
 * Reads, cleans and chunks one file and lays it out for indexing: the work an ingest worker does, also
 * done here when there is none. `report` (default none) hears each pass go by.
 */
export async function ingestForIndex(input: string, file: string, read: ReadOptions = {}, report?: PassReport): Promise<IngestedFile> {
  const source = await ingestSource(input, file, read, report && ((fraction, counts) => report('clean', fraction, counts)));
  return layOut(source.documents, source.problems, source.bytes, report);
}

// Files in flight in each worker at once: enough to keep it busy, few enough to bound its memory.
const IN_FLIGHT = 3;

interface Pending {
  job: PoolJob;
  resolve: (value: JobResult) => void;
  reject: (e: Error) => void;
  progress?: ShareReport;
}

interface Running {
  worker: Worker;
  owed: Map<number, Pending>;
}

/** Options of IngestPool. */
export interface IngestPoolOptions {
  /** Files larger than this many bytes are reported, not read; default as ingestSource. */
  maxBytes?: number;
  /** Field mapping for .jsonl files (ReadOptions.fields); default none. */
  fields?: FieldMapping;
  /** Number of worker threads; default one per core (os.availableParallelism()). */
  workers?: number;
  /** Module the workers run; default ingest-worker.ts. Tests give one that fails to see the pool carry on. */
  entry?: URL;
}

/**
 * Reads, cleans, chunks and tokenizes files on worker threads while the caller indexes what is done,
 * and then finishes the index and the vocabulary there (one job each) while the caller puts the rest
 * together: indexing a corpus then keeps every core busy. Results are promises, so the caller takes them in
 * file order whatever order they finish in. Should a worker fail to start or die, the files it had not
 * answered go to the others, or are ingested on the calling thread when none is left: the build is
 * slower, never wrong.
 */
export class IngestPool {
  private readonly running: Running[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  // Without workers, files are ingested here one after another, in the order asked.
  private chain: Promise<unknown> = Promise.resolve();
  /** Why a worker was given up, when one was (the work then went on without it, with the same result). */
  failure?: string;

  constructor(
    private readonly input: string,
    private readonly options: IngestPoolOptions = {},
  ) {
    const count = Math.max(1, options.workers ?? availableParallelism());
    for (let i = 0; i < count; i++) {
      try {
        // Cleaning makes many short-lived strings: a larger young generation collects them less often.
        // Gazette build, alternating runs: 32, 64 and 128 MB took the same time (15.2-16.0 s), 256 MB
        // was slower; 64 MB peaks at about 780 MB of RSS where 128 MB took 865 MB.
        const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
          workerData: { entry: (options.entry ?? new URL('./ingest-worker.ts', import.meta.url)).href },
          resourceLimits: { maxYoungGenerationSizeMb: 64 },
        });
        const r: Running = { worker, owed: new Map() };
        worker.on('message', (reply: PoolReply) => this.answer(r, reply));
        worker.on('error', (e) => this.giveUp(r, e.message));
        worker.on('exit', (code) => this.giveUp(r, `một luồng đọc tệp đã thoát với mã ${code}`));
        // An idle worker must not keep the process alive.
        worker.unref();
        this.running.push(r);
      } catch (e) {
        this.failure = (e as Error).message;
      }
    }
  }

  /**
   * Ingests one file (on a worker while one works); rejects with the reason when the file is unusable.
   * `progress` (default none) hears how far through the file the work is.
   */
  ingest(file: string, progress?: ShareReport): Promise<IngestedFile> {
    return this.submit({ id: this.nextId++, kind: 'ingest', input: this.input, file, read: { maxBytes: this.options.maxBytes, fields: this.options.fields }, tell: !!progress }, progress) as Promise<IngestedFile>;
  }

  /**
   * Finishes an index on a worker (on this thread when none is left), so that this thread can finish
   * the vocabulary meanwhile. The parts' arrays are handed over (transferred), so a worker that dies
   * on the job cannot pass it on: the promise then rejects, saying so.
   */
  async finishIndex(parts: IndexParts): Promise<ParagraphIndex> {
    return indexFromArrays((await this.submit({ id: this.nextId++, kind: 'finish', parts })) as IndexArrays);
  }

  /**
   * Finishes a vocabulary on a worker (on this thread when none is left) and gives it encoded as
   * stored (encodeVocabulary()), so that no large object crosses back, with the columns of its counts
   * (VocabularyCounts). `terms` are the folded terms by id, `rank` their ranks and `exacts` the exact
   * terms by id; the arrays are handed over, as for finishIndex().
   */
  async finishVocabulary(parts: VocabularyParts, terms: string[], rank: Uint32Array, exacts: string[]): Promise<EncodedVocabulary> {
    return (await this.submit({ id: this.nextId++, kind: 'vocabulary', parts, terms, rank, exacts })) as EncodedVocabulary;
  }

  /** Stops the workers; pending files are still answered (on this thread). */
  async close(): Promise<void> {
    const all = this.running.splice(0);
    for (const r of all) r.worker.removeAllListeners('exit');
    await Promise.all(all.map((r) => r.worker.terminate()));
    for (const r of all) this.takeBack(r, 'the pool was closed');
    this.pump();
  }

  private submit(job: PoolJob, progress?: ShareReport): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject, progress });
      this.pump();
    });
  }

  // The jobs a stopped worker owed: files go back to the front of the queue, for the others or this
  // thread; a finishing job's arrays went with it.
  private takeBack(r: Running, reason: string): void {
    const owed = [...r.owed.values()];
    r.owed.clear();
    for (const p of owed) {
      if (p.job.kind === 'finish') p.reject(new Error(`luồng đang hoàn tất chỉ mục đã dừng: ${reason}`));
      if (p.job.kind === 'vocabulary') p.reject(new Error(`luồng đang hoàn tất từ vựng đã dừng: ${reason}`));
    }
    this.queue.unshift(...owed.filter((p) => p.job.kind === 'ingest'));
  }

  private pump(): void {
    while (this.queue.length) {
      let target: Running | undefined;
      for (const r of this.running) if (r.owed.size < IN_FLIGHT && (!target || r.owed.size < target.owed.size)) target = r;
      if (this.running.length && !target) break;
      const p = this.queue.shift() as Pending;
      if (target) {
        target.owed.set(p.job.id, p);
        target.worker.postMessage(p.job, jobBuffers(p.job));
      } else {
        const job = p.job;
        this.chain = this.chain.then(() => runJob(job, p.progress).then(p.resolve, p.reject));
      }
    }
    // Keep the process alive only while a worker owes answers.
    for (const r of this.running) {
      if (r.owed.size) r.worker.ref();
      else r.worker.unref();
    }
  }

  private answer(r: Running, reply: PoolReply): void {
    const p = r.owed.get(reply.id);
    if (!p) return;
    if (reply.progress) return p.progress?.(reply.progress.share, reply.progress.counts);
    r.owed.delete(reply.id);
    if (reply.value) p.resolve(reply.value);
    else p.reject(new Error(reply.error));
    this.pump();
  }

  // A worker is gone: what it owed goes back to the front of the queue, for the others or this thread.
  private giveUp(r: Running, reason: string): void {
    const at = this.running.indexOf(r);
    if (at < 0) return;
    this.running.splice(at, 1);
    this.failure ??= reason;
    this.takeBack(r, reason);
    this.pump();
  }
}
