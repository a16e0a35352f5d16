// One file in, one document out: read (by extension, see `readers` in read.ts), clean, chunk, read metadata,
// number the paragraphs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IngestedDocument } from './records.js';
import { cannotRead, readers, unsupportedType } from './read.js';
import { cleanLines, type CleanStats } from './clean.js';
import { chunkLines, toRecords } from './chunk.js';
import { extractMetadata, isMetadataOnly, mergeMetadata, type DocumentMetadata } from './metadata.js';

/** Plug-in point for other formats, re-exported so a reader module needs only this one import. */
export { readers, registerReader, type Reader, type ReaderResult } from './read.js';

/** sha256 of raw bytes, hex; the index compares it to skip unchanged files. */
export function hashBytes(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** What cleaning did to a file (page furniture removed, lines reflowed, syllables repaired): for reports. */
export type IngestStats = Partial<CleanStats>;

/** Cleans, chunks and describes one decoded text; `doc` is its path relative to the indexed folder. */
export function ingestText(
  doc: string,
  text: string,
  hash: string,
  meta: Partial<DocumentMetadata> = {},
  stats?: IngestStats,
): IngestedDocument {
  const drafts = chunkLines(cleanLines(text, stats));
  const found = extractMetadata(doc, text, drafts);
  // Date stamps, source lines and bylines live on in the document record, not as paragraphs to find.
  const kept = drafts.filter((d) => d.kind === 'footnote' || d.kind === 'related' || !isMetadataOnly(d.text));
  if (kept.length === 0) throw new Error(`${doc}: không còn nội dung nào sau khi bỏ đầu trang, chân trang, số trang và các dòng thông tin`);
  const paragraphs = toRecords(doc, kept);
  return { document: { ...mergeMetadata(found, meta), doc, hash, paragraphs: paragraphs.length }, paragraphs };
}

/** Reads `root/relPath` with the reader for its extension and ingests it; throws with the file named. */
export async function ingestFile(root: string, relPath: string, stats?: IngestStats): Promise<IngestedDocument> {
  const ext = path.extname(relPath).toLowerCase();
  const reader = readers.get(ext);
  if (!reader) throw unsupportedType(relPath, ext, [...readers.keys()].sort());
  const buf = await readFile(path.join(root, relPath)).catch((err: NodeJS.ErrnoException) => {
    throw cannotRead(relPath, err);
  });
  const result = await reader(buf, relPath);
  const { text, meta } = typeof result === 'string' ? { text: result, meta: {} } : { text: result.text, meta: result.meta ?? {} };
  return ingestText(relPath, text, hashBytes(buf), meta, stats);
}
