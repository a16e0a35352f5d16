// An index built in memory from paragraphs handed over, never written: the part of a collection that
// one query touches (src/store/postgres/query-subset.ts), ranked with the collection's statistics.
import { ANALYZER_VERSION } from '../text/analyzer.js';
import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';
import { FORMAT_VERSION, type StoredIndex } from './index-files.js';
import { ParagraphIndex, type CollectionStatistics } from './paragraph-index.js';
import { indexParagraphs } from './paragraph-indexer.js';
import { ParagraphTable } from './paragraph-table.js';

/**
 * The index of `paragraphs` (in store order: each document's paragraphs together, in reading order),
 * with `documents` as its documents (a superset is fine: a document without paragraphs here is known
 * but holds no match) and `collection` as the statistics it ranks by (default its own).
 */
export function memoryIndex(paragraphs: readonly ParagraphRecord[], documents: DocumentRecord[], collection?: CollectionStatistics): StoredIndex {
  const { index, vocabulary } = indexParagraphs(paragraphs);
  return {
    manifest: {
      format: FORMAT_VERSION,
      analyzer: ANALYZER_VERSION,
      build: 'memory',
      createdAt: new Date(0).toISOString(),
      input: '',
      documents: documents.length,
      paragraphs: paragraphs.length,
      files: { meta: '', columns: '', counts: '', vocabulary: '', entities: '' },
      checksums: {},
    },
    documents,
    paragraphs: ParagraphTable.from(paragraphs),
    index: collection ? new ParagraphIndex(index.paragraphCount, index.fields, collection) : index,
    vocabulary,
  };
}
