// The records the indexer produces and the search engine serves. Both ends import these shapes,
// so a change here is a change of index format (bump FORMAT_VERSION in src/index/store.ts). Bump it too
// when cleaning or chunking changes what a file yields: incremental builds reuse the records of unchanged
// files only from an index of the same format.

/** One paragraph of a document: the unit that is indexed, ranked and cited. */
export interface ParagraphRecord {
  /** Stable id: `${doc}#p${paragraph}`; unchanged as long as the document's text is unchanged. */
  id: string;
  /** Source file name relative to the indexed folder (the API's `doc`). */
  doc: string;
  /** 1-based ordinal of the paragraph within its document. */
  paragraph: number;
  /** Heading path from the document's structure, outermost first, e.g. ['B', 'I', '1', '1.1', 'a)']; [] when none. */
  heading: string[];
  /** Clean text in the original spelling (footnote markers and markdown emphasis removed). */
  text: string;
  /** Character offsets [start, end) of the paragraph in the source text (after BOM removal); for joined paragraphs, the span from the first to the last piece. */
  start: number;
  end: number;
  /** What the paragraph is: body text, a heading line, a footnote, a photo caption, the title or number of another document the page links to, or a line of a blank form (blanks to fill in). */
  kind: 'body' | 'heading' | 'footnote' | 'caption' | 'related' | 'form';
  /** For a body paragraph: the footnote marks it refers to and the paragraph numbers holding their text. */
  footnotes?: { mark: string; paragraph: number }[];
  /** For a footnote: its mark and the paragraph number that refers to it (when found). */
  footnoteOf?: { mark: string; paragraph: number };
}

/** Metadata of one source document; optional fields are present only where the text gives them. */
export interface DocumentRecord {
  /** Source file name relative to the indexed folder; also the document's id. */
  doc: string;
  /** The document's title (its heading line, or the first line of substance). */
  title: string;
  /** ISO date, as precise as the text gives it: 'YYYY-MM-DD' or 'YYYY-MM' or 'YYYY'. */
  date?: string;
  /** The date as written in the text. */
  dateText?: string;
  /** Document type in capitals as written, e.g. 'BÁO CÁO', 'NGHỊ ĐỊNH', 'CÔNG VĂN'. */
  type?: string;
  /** Document number as written, e.g. '188/2025/NĐ-CP' or '/BC-UBND'. */
  number?: string;
  /** Issuing body, e.g. 'UBND TỈNH LAI CHÂU', 'CHÍNH PHỦ'. */
  body?: string;
  /** Place, e.g. 'Lai Châu', 'Hà Nội'. */
  place?: string;
  /** Source site, e.g. 'laichau.gov.vn', 'DIENBIENTV.VN'. */
  source?: string;
  /** Author line, e.g. 'Thu Hoài'. */
  byline?: string;
  /** Person who signed, where present. */
  signer?: string;
  /** sha256 of the raw file bytes; used by incremental re-indexing. */
  hash: string;
  /** Number of paragraphs produced for the document. */
  paragraphs: number;
}

/** A file the indexer could not use, with the reason a person can act on. */
export interface IngestProblem {
  file: string;
  reason: string;
  /** True for a remark on a file that was indexed all the same (fields no mapping uses): not a failure, so `--strict` lets it pass. */
  note?: boolean;
}

/** What ingesting one file yields. */
export interface IngestedDocument {
  document: DocumentRecord;
  paragraphs: ParagraphRecord[];
}
