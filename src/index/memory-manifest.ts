// What an index made in memory says of itself: the view of a collection in PostgreSQL that searches
// read (src/store/postgres/collection-view.ts) is such an index, never written.
import { ANALYZER_VERSION } from '../text/analyzer.js';
import { FORMAT_VERSION, type Manifest } from './index-files.js';

/** The manifest of an index made in memory (nothing of it is a file). */
export function memoryManifest(documents: number, paragraphs: number): Manifest {
  return {
    format: FORMAT_VERSION,
    analyzer: ANALYZER_VERSION,
    build: 'memory',
    createdAt: new Date(0).toISOString(),
    input: '',
    documents,
    paragraphs,
    files: { meta: '', columns: '', counts: '', vocabulary: '', entities: '' },
    checksums: {},
  };
}
