import { resolve } from 'node:path';
import type { DocumentRecord, IngestProblem, IngestedDocument, ParagraphRecord } from '../ingest/records.js';
import { listFiles, SUPPORTED_EXTENSIONS } from '../ingest/read.js';
import { ingestFile } from '../ingest/ingest.js';
import { fieldTexts } from './fields.js';
import { ParagraphIndex } from './paragraph-index.js';
import { buildVocabulary } from './vocabulary.js';
import { saveIndex, type Manifest } from './store.js';

/** Options of one indexing run. */
export interface BuildOptions {
  /** Folder of documents to index. */
  input: string;
  /** Folder the index is written to (created if missing). */
  out: string;
  /** Called after each file, for progress reporting; default none. */
  onFile?: (info: { file: string; done: number; total: number; bytes: number; paragraphs: number; problem?: IngestProblem }) => void;
}

/** What an indexing run did. */
export interface BuildReport {
  manifest: Manifest;
  files: number;
  problems: IngestProblem[];
  ms: number;
}

/** Adds the records of ingested documents to a fresh paragraph index; paragraph numbers follow array order. */
export function indexParagraphs(paragraphs: readonly ParagraphRecord[]): ParagraphIndex {
  const index = ParagraphIndex.create();
  for (let n = 0; n < paragraphs.length; n++) index.add({ n, ...fieldTexts(paragraphs[n].text) });
  return index;
}

/** Reads every supported file of `input`, reports bad files by name and reason, and writes the index to `out`. */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const files = await listFiles(options.input, SUPPORTED_EXTENSIONS);
  const problems: IngestProblem[] = [];
  const ingested: IngestedDocument[] = [];
  let done = 0;
  for (const file of files) {
    let problem: IngestProblem | undefined;
    let result: IngestedDocument | undefined;
    try {
      result = await ingestFile(options.input, file);
      ingested.push(result);
    } catch (e) {
      problem = { file, reason: (e as Error).message };
      problems.push(problem);
    }
    options.onFile?.({ file, done: ++done, total: files.length, bytes: 0, paragraphs: result?.paragraphs.length ?? 0, problem });
  }
  const documents: DocumentRecord[] = ingested.map((d) => d.document);
  const paragraphs: ParagraphRecord[] = ingested.flatMap((d) => d.paragraphs);
  const index = indexParagraphs(paragraphs);
  const vocabulary = buildVocabulary(paragraphs);
  const manifest = saveIndex(options.out, { documents, paragraphs, index, vocabulary }, options.input);
  return { manifest, files: files.length, problems, ms: performance.now() - t0 };
}
