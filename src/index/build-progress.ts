// What an indexing run tells whoever watches it (buildIndex's onProgress), measured in bytes and
// documents rather than files, so that one large JSONL moves a bar as steadily as a thousand small
// files: a file reports how far through it the work is while it is read, not only when it is done.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestProblem } from '../ingest/records.js';

/** The events of a build, in order: the work ahead, files as they are read and as they join the index, then the build steps. */
export type BuildProgress = BuildStart | FileReading | FileDone | BuildStep;

/** Sent once, after the folder is walked: what there is to read. */
export interface BuildStart {
  kind: 'start';
  /** Files in the folder, those reused from the previous index included. */
  files: number;
  /** Bytes of the files to read in this run (reused ones left out, as reading them costs nothing). */
  bytes: number;
}

/** Sent while a file is read: how far through it the work is. */
export interface FileReading {
  kind: 'reading';
  file: string;
  /** The file's bytes counted as done so far: its size times the share of its work done (FILE_PASSES). */
  bytes: number;
  /** Its documents and their paragraphs cleaned so far (the records of a JSONL). */
  documents: number;
  paragraphs: number;
}

/** What a file's reading has given so far. */
export interface FileCounts {
  documents: number;
  paragraphs: number;
}

/** Sent once per file when its paragraphs are in the index (or it proved unusable). */
export interface FileDone {
  kind: 'file';
  file: string;
  /** Files done so far, this one included, and in all. */
  done: number;
  total: number;
  /** Its size; 0 for a file that could not be read. */
  bytes: number;
  documents: number;
  paragraphs: number;
  /** True for a file whose records were taken from the previous index unread. */
  reused: boolean;
  problem?: IngestProblem;
}

/** Sent as each step after the last file ends; the steps run partly at once, so `step` names the one that ended. */
export interface BuildStep {
  kind: 'step';
  step: BuildStepName;
  /** Steps ended so far, this one included, and in all (BUILD_STEPS). */
  done: number;
  total: number;
}

/** The steps between the last file and the index on disk. */
export const BUILD_STEPS = ['table', 'postings', 'vocabulary', 'write'] as const;

/** One of BUILD_STEPS: the paragraph table, the sorted posting lists, the vocabulary, the files written. */
export type BuildStepName = (typeof BUILD_STEPS)[number];

/**
 * The passes a file goes through and the share of its work each takes: cleaning and chunking its
 * documents, tokenizing its paragraphs and recognizing their places and persons (on an ingest worker),
 * then adding its tokens to the index (on the indexing thread). The shares are the times of the
 * passes on the gazette's 39 MB JSONL, rounded; any corpus's bar moves through every pass, only its
 * pace within a file may vary from pass to pass.
 */
export const FILE_PASSES = { clean: [0, 0.6], tokenize: [0.6, 0.72], entities: [0.72, 0.84], index: [0.84, 1] } as const;

/** One of FILE_PASSES. */
export type FilePass = keyof typeof FILE_PASSES;

/** Reports the share of a file's work done, given the pass and how far through it that pass is (0–1). */
export type PassReport = (pass: FilePass, fraction: number, counts: FileCounts) => void;

/**
 * A PassReport that calls `report` with the share of the whole file's work done (0–1), only when it has
 * grown by at least `step` (default 1%) since the last call, so that a file of a million short records
 * costs a hundred reports, not a million messages between threads.
 */
export function fileShare(report: ShareReport, step = 0.01): PassReport {
  let last = 0;
  return (pass, fraction, counts) => {
    const [from, to] = FILE_PASSES[pass];
    const share = from + (to - from) * Math.min(1, Math.max(0, fraction));
    if (share - last < step) return;
    last = share;
    report(share, counts);
  };
}

/** How far through its file an ingest is: the share of the file's work done (0–1) and what it has given so far. */
export type ShareReport = (share: number, counts: FileCounts) => void;

/**
 * Turns a build's work into BuildProgress events for `listener`; without one, every method does nothing
 * and no file is looked at, so that a build nobody watches does no work for it.
 */
export class BuildProgressReporter {
  private readonly sizes = new Map<string, number>();
  private total = 0;
  private done = 0;
  private steps = 0;

  constructor(private readonly listener?: (event: BuildProgress) => void) {}

  /** Says what there is to read: `files` in all, of which `toRead` are read in this run (their sizes are looked up). */
  async start(input: string, files: number, toRead: readonly string[]): Promise<void> {
    if (!this.listener) return;
    this.total = files;
    const sizes = await Promise.all(toRead.map((file) => stat(join(input, file)).then((s) => s.size, () => 0)));
    toRead.forEach((file, i) => this.sizes.set(file, sizes[i]));
    this.listener({ kind: 'start', files, bytes: sizes.reduce((a, b) => a + b, 0) });
  }

  /** The ShareReport of `file`, for an ingest worker's messages; undefined without a listener. */
  reading(file: string): ShareReport | undefined {
    const listener = this.listener;
    if (!listener) return undefined;
    const size = this.sizes.get(file) ?? 0;
    return (share, counts) => listener({ kind: 'reading', file, bytes: Math.round(share * size), documents: counts.documents, paragraphs: counts.paragraphs });
  }

  /** The PassReport of `file`, for passes done on this thread; undefined without a listener. */
  passes(file: string): PassReport | undefined {
    const report = this.reading(file);
    return report && fileShare(report);
  }

  /** What ParagraphIndexer.addTokenized() tells while it adds the paragraphs of `file` (`counts` its documents and paragraphs); undefined without a listener. */
  indexing(file: string, counts: FileCounts): ((fraction: number) => void) | undefined {
    const report = this.passes(file);
    return report && ((fraction) => report('index', fraction, counts));
  }

  /** Says that `file` is in the index (`got` its size and counts; none when it was unusable). */
  fileDone(file: string, got: { bytes: number; documents: number; paragraphs: number } | undefined, reused: boolean, problem?: IngestProblem): void {
    this.listener?.({ kind: 'file', file, done: ++this.done, total: this.total, bytes: got?.bytes ?? 0, documents: got?.documents ?? 0, paragraphs: got?.paragraphs ?? 0, reused, problem });
  }

  /** Says that a build step ended. */
  step(step: BuildStepName): void {
    this.listener?.({ kind: 'step', step, done: ++this.steps, total: BUILD_STEPS.length });
  }
}
