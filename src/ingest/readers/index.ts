// Importing this module registers the readers of every format beyond plain text, and gives the one
// call that turns any source file into its documents (several for a .jsonl) and its problems.
import type { IngestedDocument, IngestProblem } from '../records.js';
import { hashBytes, ingestText } from '../ingest.js';
import { readSource, registerPartsReader, registerReader, type ReadOptions } from '../read.js';
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
  /** Its parts that could not be used (a bad JSONL line), each with the file and the reason. */
  problems: IngestProblem[];
  /** Size of the file in bytes. */
  bytes: number;
}

/**
 * Reads and ingests one file of any registered format; throws, with the file named, when the file as a
 * whole is unusable (unsupported, too large, empty, binary, unreadable), or when none of its parts is.
 */
export async function ingestSource(root: string, relPath: string, options: ReadOptions = {}): Promise<IngestedSource> {
  const source = await readSource(root, relPath, options);
  const hash = hashBytes(source.bytes);
  const bytes = source.bytes.length;
  const [only] = source.documents;
  if (source.documents.length === 1 && only.doc === relPath) {
    return { documents: [ingestText(relPath, only.text, hash, only.meta)], problems: [], bytes };
  }
  const documents: IngestedDocument[] = [];
  const problems = [...source.problems];
  for (const d of source.documents) {
    try {
      documents.push(ingestText(d.doc, d.text, hash, d.meta));
    } catch (e) {
      problems.push({ file: relPath, reason: (e as Error).message });
    }
  }
  if (documents.length === 0) {
    throw new Error(`${relPath}: none of its ${problems.length} part(s) could be indexed: ${problems.map((p) => p.reason).join('; ')}`);
  }
  return { documents, problems, bytes };
}
