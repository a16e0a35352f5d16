// An index built in memory from paragraphs handed over, never written: the part of a collection that
// one query touches (src/store/postgres/query-subset.ts), ranked with the collection's statistics.
import { ANALYZER_VERSION } from '../text/analyzer.js';
import type { DocumentRecord, ParagraphRecord } from '../ingest/records.js';
import { FORMAT_VERSION, type StoredIndex } from './index-files.js';
import { ParagraphIndex, type CollectionStatistics } from './paragraph-index.js';
import { indexParagraphs, ParagraphIndexer } from './paragraph-indexer.js';
import type { Vocabulary } from './phrase-table.js';
import { tokenizeParagraphs } from './tokenized.js';
import { ParagraphTable } from './paragraph-table.js';

/**
 * The index of `paragraphs` (in store order: each document's paragraphs together, in reading order),
 * with `documents` as its documents (a superset is fine: a document without paragraphs here is known
 * but holds no match), `collection` as the statistics it ranks by (default its own) and `vocabulary`
 * as its vocabulary (default its own, counted from the paragraphs: the costlier half of indexing them).
 */
export function memoryIndex(paragraphs: readonly ParagraphRecord[], documents: DocumentRecord[], collection?: CollectionStatistics, vocabulary?: Vocabulary): StoredIndex {
  const built = vocabulary ? { index: indexOnly(paragraphs), vocabulary } : indexParagraphs(paragraphs);
  const { index } = built;
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
    vocabulary: built.vocabulary,
  };
}

// The paragraph index of the paragraphs, without counting a vocabulary.
function indexOnly(paragraphs: readonly ParagraphRecord[]) {
  const indexer = new ParagraphIndexer({}, false);
  indexer.addTokenized(tokenizeParagraphs(paragraphs.map((p) => p.text)));
  return indexer.finishIndex();
}
