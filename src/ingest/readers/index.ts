// Importing this module registers the readers of every format beyond plain text, and gives the one
// call that turns any source file into its documents (several for a .jsonl) and its problems.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { IngestedDocument, IngestProblem } from '../records.js';
import { hashBytes, ingestText } from '../ingest.js';
import { fieldsFor, mappingKey, type FieldMapping } from '../fields.js';
import { partsReaders, readSource, registerPartsReader, registerReader, type ReadOptions } from '../read.js';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { readJsonl } from './jsonl.js';
import { readPdf } from './pdf.js';

registerReader('.html', readHtml);
registerReader('.htm', readHtml);
registerReader('.docx', readDocx);
registerReader('.pdf', readPdf);
registerPartsReader('.jsonl', readJsonl);

/** What one source file gave the index. */
export interface IngestedSource {
  /** Its documents: one, or one per good record of a .jsonl (doc id `file.jsonl#id`). */
  documents: IngestedDocument[];
  /** Its parts that could not be used (a bad JSONL line), each with the file and the reason, then notes on it (`note: true`). */
  problems: IngestProblem[];
  /** Size of the file in bytes. */
  bytes: number;
}

/**
 * Reads and ingests one file of any registered format; throws, with the file named, when the file as a
 * whole is unusable (unsupported, too large, empty, binary, unreadable), or when none of its parts is.
 * `onDocument` (default none) hears, after each document, the share of the file's text cleaned so far
 * (0–1) and the documents and paragraphs ingested: a large JSONL takes seconds.
 */
export async function ingestSource(
  root: string,
  relPath: string,
  options: ReadOptions = {},
  onDocument?: (fraction: number, counts: { documents: number; paragraphs: number }) => void,
): Promise<IngestedSource> {
  const source = await readSource(root, relPath, options);
  const hash = hashWithFields(source.bytes, source.fields);
  const bytes = source.bytes.length;
  const [only] = source.documents;
  if (source.documents.length === 1 && only.doc === relPath) {
    const document = ingestText(relPath, only.text, hash, only.meta);
    onDocument?.(1, { documents: 1, paragraphs: document.paragraphs.length });
    return { documents: [document], problems: [], bytes };
  }
  const documents: IngestedDocument[] = [];
  const problems = [...source.problems];
  const length = source.documents.reduce((n, d) => n + d.text.length, 0);
  let cleaned = 0;
  let paragraphs = 0;
  for (const d of source.documents) {
    try {
      const document = ingestText(d.doc, d.text, hash, d.meta);
      documents.push(document);
      paragraphs += document.paragraphs.length;
    } catch (e) {
      problems.push({ file: relPath, reason: (e as Error).message });
    }
    cleaned += d.text.length;
    onDocument?.(length ? cleaned / length : 1, { documents: documents.length, paragraphs });
  }
  if (documents.length === 0) {
    throw new Error(`${relPath}: không phần nào trong ${problems.length} phần của tệp lập chỉ mục được: ${problems.map((p) => p.reason).join('; ')}`);
  }
  return { documents, problems: [...problems, ...source.notes], bytes };
}

/**
 * The hash a file's documents carry: its bytes', with the field mapping mixed in when there is one, so that
 * an incremental build re-reads a .jsonl whose mapping changed and keeps the hashes of unmapped files as they were.
 */
export function hashWithFields(bytes: Uint8Array, fields: FieldMapping): string {
  const key = mappingKey(fields);
  return key ? createHash('sha256').update(bytes).update(`\0fields:${key}`).digest('hex') : hashBytes(bytes);
}

/** The hash ingestSource would give `root/relPath` with these bytes and options: what an incremental build compares. */
export async function sourceHash(root: string, relPath: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<string> {
  if (!partsReaders.has(path.extname(relPath).toLowerCase())) return hashBytes(bytes);
  return hashWithFields(bytes, await fieldsFor(path.dirname(path.join(root, relPath)), options.fields));
}
