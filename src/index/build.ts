import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentRecord, IngestProblem, IngestedDocument, ParagraphRecord } from '../ingest/records.js';
import { listFiles, SUPPORTED_EXTENSIONS } from '../ingest/read.js';
import { hashBytes } from '../ingest/ingest.js';
import { ingestSource } from '../ingest/readers/index.js';
import { analyze } from '../text/analyzer.js';
import { fieldTerms } from './fields.js';
import type { ParagraphIndex } from './paragraph-index.js';
import { IndexBuilder } from './index-builder.js';
import { ParagraphTable } from './paragraph-table.js';
import { VocabularyBuilder, type Vocabulary } from './vocabulary.js';
import { IndexLoadError, loadRecords, saveIndex, type Manifest } from './store.js';

/** Options of one indexing run. */
export interface BuildOptions {
  /** Folder of documents to index. */
  input: string;
  /** Folder the index is written to (created if missing). */
  out: string;
  /**
   * Re-read only files whose content changed since the index in `out` was built (by sha256), reuse the
   * records of the others, and drop removed ones; the result equals a full rebuild. Default true; a
   * missing, stale or corrupt index in `out` simply means a full build.
   */
  incremental?: boolean;
  /** Files larger than this many bytes are reported, not read; default 50 MB (DEFAULT_MAX_BYTES in src/ingest/read.ts). */
  maxBytes?: number;
  /** Called after each file, for progress reporting; default none. */
  onFile?: (info: { file: string; done: number; total: number; bytes: number; paragraphs: number; problem?: IngestProblem }) => void;
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
  ms: number;
}

/** The paragraph index and the vocabulary of paragraphs, from one analysis of each text; paragraph numbers follow iteration order. */
export function indexParagraphs(paragraphs: Iterable<ParagraphRecord>): { index: ParagraphIndex; vocabulary: Vocabulary } {
  const index = new IndexBuilder();
  const vocabulary = new VocabularyBuilder();
  for (const p of paragraphs) {
    const tokens = analyze(p.text);
    index.add(fieldTerms(tokens));
    vocabulary.add(
      p.text,
      tokens.filter((t) => !t.part),
    );
  }
  return { index: index.finish(), vocabulary: vocabulary.finish() };
}

// The source file of a document id: 'a.jsonl#3' comes from 'a.jsonl'.
const sourceOf = (doc: string): string => doc.replace(/#.*$/, '');

/** The previous index's documents grouped by source file, or an empty map when there is none to reuse. */
function previousRecords(out: string): Map<string, IngestedDocument[]> {
  const byFile = new Map<string, IngestedDocument[]>();
  let records: ReturnType<typeof loadRecords>;
  try {
    records = loadRecords(out);
  } catch (e) {
    if (e instanceof IndexLoadError) return byFile;
    throw e;
  }
  const paragraphs = new Map<string, ParagraphRecord[]>();
  for (const p of records.paragraphs) {
    let list = paragraphs.get(p.doc);
    if (!list) paragraphs.set(p.doc, (list = []));
    list.push(p);
  }
  for (const document of records.documents) {
    const file = sourceOf(document.doc);
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push({ document, paragraphs: paragraphs.get(document.doc) ?? [] });
  }
  return byFile;
}

/** Reads every supported file of `input` (only changed ones when incremental), reports bad files by name and reason, and writes the index to `out`. */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const files = await listFiles(options.input, SUPPORTED_EXTENSIONS);
  const previous = options.incremental === false ? new Map<string, IngestedDocument[]>() : previousRecords(options.out);
  const problems: IngestProblem[] = [];
  const ingested: IngestedDocument[] = [];
  let done = 0;
  let reused = 0;
  let read = 0;
  for (const file of files) {
    let problem: IngestProblem | undefined;
    let paragraphs = 0;
    let bytes = 0;
    try {
      const before = previous.get(file);
      let docs: IngestedDocument[] | undefined;
      if (before) {
        // Hashing is far cheaper than decoding, cleaning and chunking (let alone parsing a PDF).
        const buf = await readFile(join(options.input, file));
        bytes = buf.length;
        if (before.every((d) => d.document.hash === hashBytes(buf))) {
          docs = before;
          reused++;
        }
      }
      if (!docs) {
        const source = await ingestSource(options.input, file, { maxBytes: options.maxBytes });
        docs = source.documents;
        bytes = source.bytes;
        problems.push(...source.problems);
        read++;
      }
      for (const d of docs) {
        ingested.push(d);
        paragraphs += d.paragraphs.length;
      }
    } catch (e) {
      problem = { file, reason: (e as Error).message };
      problems.push(problem);
    }
    options.onFile?.({ file, done: ++done, total: files.length, bytes, paragraphs, problem });
  }
  const listed = new Set(files);
  const removed = [...previous.keys()].filter((f) => !listed.has(f)).reduce((n, f) => n + (previous.get(f)?.length ?? 0), 0);
  const documents: DocumentRecord[] = ingested.map((d) => d.document);
  const paragraphs = ParagraphTable.from(ingested.flatMap((d) => d.paragraphs));
  const { index, vocabulary } = indexParagraphs(ingested.flatMap((d) => d.paragraphs));
  const manifest = saveIndex(options.out, { documents, paragraphs, index, vocabulary }, options.input);
  return { manifest, files: files.length, problems, reused, ingested: read, removed, ms: performance.now() - t0 };
}
