import type { ParagraphRecord } from '../ingest/records.js';
import { growU32, growU8 } from '../util/growable.js';
import { utf8Strings } from '../util/utf8-strings.js';

/** Paragraph kinds by their stored code (new kinds go at the end, so that codes keep their meaning). */
const KINDS: readonly ParagraphRecord['kind'][] = ['body', 'heading', 'footnote', 'caption', 'related', 'form'];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));

/** The stored code of a paragraph kind (the `kind` column of ParagraphColumns). */
export function kindCode(kind: ParagraphRecord['kind']): number {
  return KIND_CODE.get(kind) ?? 0;
}

/** Footnote links of a paragraph, the only fields most paragraphs lack. */
type Notes = Pick<ParagraphRecord, 'footnotes' | 'footnoteOf'>;

/** What a paragraph table is made of: typed columns, the texts as UTF-8, and the few strings shared by many paragraphs. */
export interface ParagraphColumns {
  /** Document ids, each once; `doc` holds indexes into it. */
  docNames: string[];
  /** Distinct heading paths; `heading` holds indexes into it. */
  headings: string[][];
  /** Footnote links by paragraph number, for the paragraphs that have any. */
  notes: Record<number, Notes>;
  doc: Uint32Array;
  paragraph: Uint32Array;
  heading: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  kind: Uint8Array;
  /** Byte offset of paragraph i's text at i; one more entry than paragraphs. */
  textOffsets: Uint32Array;
  text: Uint8Array;
}

/**
 * The paragraphs of an index as columns. Records are made on demand (`get`), so that opening a
 * gazette-sized index reads a few arrays instead of parsing hundreds of thousands of objects, and
 * memory holds the texts once, as UTF-8.
 */
export class ParagraphTable implements Iterable<ParagraphRecord> {
  // The texts as a Buffer, made once: decoding a paragraph is then one toString, with no view to allocate.
  private readonly texts: Buffer;

  constructor(readonly columns: ParagraphColumns) {
    const c = columns;
    this.texts = Buffer.from(c.text.buffer, c.text.byteOffset, c.text.byteLength);
    const n = c.doc.length;
    for (const col of [c.paragraph, c.heading, c.start, c.end, c.kind]) if (col.length !== n) throw new Error(`paragraph columns differ in length (${col.length} and ${n})`);
    if (c.textOffsets.length !== n + 1 || c.textOffsets[n] !== c.text.length) throw new Error('paragraph text offsets do not match the text');
  }

  /** Lays records out as columns (paragraph numbers follow iteration order). */
  static from(records: Iterable<ParagraphRecord>): ParagraphTable {
    return new ParagraphTable(paragraphColumns(records));
  }

  /** Number of paragraphs. */
  get length(): number {
    return this.columns.doc.length;
  }

  /** Document id of paragraph n. */
  doc(n: number): string {
    return this.columns.docNames[this.columns.doc[n]];
  }

  /** Index of paragraph n's document among `columns.docNames` (paragraphs of a document are contiguous). */
  docIndex(n: number): number {
    return this.columns.doc[n];
  }

  /** Heading path of paragraph n (shared between paragraphs: do not modify). */
  heading(n: number): string[] {
    return this.columns.headings[this.columns.heading[n]];
  }

  /** Kind of paragraph n. */
  kind(n: number): ParagraphRecord['kind'] {
    return KINDS[this.columns.kind[n]];
  }

  /** Text of paragraph n. */
  text(n: number): string {
    const offsets = this.columns.textOffsets;
    return this.texts.toString('utf8', offsets[n], offsets[n + 1]);
  }

  /** A key that two paragraphs share exactly when their texts are identical (here the text's bytes, one character each). */
  textKey(n: number): string {
    const offsets = this.columns.textOffsets;
    return this.texts.toString('latin1', offsets[n], offsets[n + 1]);
  }

  /** Whether text(n) is paragraph n's text; false while a store has not read it yet (a view of a collection in PostgreSQL), so that nothing derived from it is kept. */
  hasText(_n: number): boolean {
    return true;
  }

  /** Whether paragraph n says nothing by itself, when decided beforehand (search/fragment.ts); undefined here: decided from its text. */
  storedFragment(_n: number): boolean | undefined {
    return undefined;
  }

  /** The record of paragraph n. */
  get(n: number): ParagraphRecord {
    if (!(n >= 0 && n < this.length)) throw new RangeError(`no paragraph ${n} (the index has ${this.length})`);
    const c = this.columns;
    const doc = this.doc(n);
    return {
      id: `${doc}#p${c.paragraph[n]}`,
      doc,
      paragraph: c.paragraph[n],
      heading: [...this.heading(n)],
      text: this.text(n),
      start: c.start[n],
      end: c.end[n],
      kind: this.kind(n),
      ...c.notes[n],
    };
  }

  /** Every record, in paragraph order. */
  *[Symbol.iterator](): Generator<ParagraphRecord> {
    for (let n = 0; n < this.length; n++) yield this.get(n);
  }

  /** Maps every record, like Array.prototype.map. */
  map<T>(fn: (p: ParagraphRecord, n: number) => T): T[] {
    const out: T[] = [];
    for (let n = 0; n < this.length; n++) out.push(fn(this.get(n), n));
    return out;
  }
}

/**
 * Records laid out as the columns of a table of their own (paragraph numbers follow iteration order):
 * how an ingest worker hands a file's paragraphs to the indexing thread, as a few typed arrays that
 * move between threads without copying, in place of hundreds of thousands of objects to clone.
 */
export function paragraphColumns(records: Iterable<ParagraphRecord>): ParagraphColumns {
  const docNames: string[] = [];
  const docIds = new Map<string, number>();
  const headings: string[][] = [];
  const headingIds = new Map<string, number>();
  const notes: Record<number, Notes> = {};
  const doc = growU32();
  const paragraph = growU32();
  const heading = growU32();
  const start = growU32();
  const end = growU32();
  const kind = growU8();
  const texts: string[] = [];
  for (const p of records) {
    const i = doc.length;
    let d = docIds.get(p.doc);
    if (d === undefined) docIds.set(p.doc, (d = docNames.push(p.doc) - 1));
    const key = headingKey(p.heading);
    let h = headingIds.get(key);
    if (h === undefined) headingIds.set(key, (h = headings.push(p.heading) - 1));
    doc.push(d);
    paragraph.push(p.paragraph);
    heading.push(h);
    start.push(p.start);
    end.push(p.end);
    kind.push(kindCode(p.kind));
    if (p.footnotes || p.footnoteOf) notes[i] = { ...(p.footnotes && { footnotes: p.footnotes }), ...(p.footnoteOf && { footnoteOf: p.footnoteOf }) };
    texts.push(p.text);
  }
  const { bytes: text, offsets: textOffsets } = utf8Strings(texts);
  return { docNames, headings, notes, doc: copy(doc), paragraph: copy(paragraph), heading: copy(heading), start: copy(start), end: copy(end), kind: copy(kind), textOffsets, text };
}

/** The buffers of paragraph columns, for postMessage's transfer list (each owns its buffer). */
export function columnBuffers(c: ParagraphColumns): ArrayBuffer[] {
  return [c.doc, c.paragraph, c.heading, c.start, c.end, c.kind, c.textOffsets, c.text].map((a) => a.buffer as ArrayBuffer);
}

// A column of exactly its length, owning its buffer.
const copy = <T extends Uint32Array | Uint8Array>(g: { view(): T }): T => g.view().slice() as T;

// A heading path as one Map key.
const headingKey = (path: readonly string[]): string => path.join('\u0000');

/** Puts tables together one after another, so that an indexing run adds each file's paragraphs as they come in. */
export class ParagraphTableBuilder {
  private readonly docNames: string[] = [];
  private readonly docIds = new Map<string, number>();
  private readonly headings: string[][] = [];
  private readonly headingIds = new Map<string, number>();
  private readonly notes: Record<number, Notes> = {};
  private readonly doc = growU32(1 << 12);
  private readonly paragraph = growU32(1 << 12);
  private readonly heading = growU32(1 << 12);
  private readonly start = growU32(1 << 12);
  private readonly end = growU32(1 << 12);
  private readonly kind = growU8(1 << 12);
  private readonly textOffsets = growU32(1 << 12);
  private readonly texts: Uint8Array[] = [];
  private bytes = 0;

  /** Adds the paragraphs of a table (paragraphColumns()) after those added so far. */
  add(c: ParagraphColumns): void {
    const first = this.doc.length;
    const n = c.doc.length;
    // Documents and heading paths are shared across tables: renumber them into this table's lists.
    const docs = c.docNames.map((name) => {
      let d = this.docIds.get(name);
      if (d === undefined) this.docIds.set(name, (d = this.docNames.push(name) - 1));
      return d;
    });
    const heads = c.headings.map((path) => {
      const key = headingKey(path);
      let h = this.headingIds.get(key);
      if (h === undefined) this.headingIds.set(key, (h = this.headings.push(path) - 1));
      return h;
    });
    for (let i = 0; i < n; i++) {
      this.doc.push(docs[c.doc[i]]);
      this.heading.push(heads[c.heading[i]]);
      this.paragraph.push(c.paragraph[i]);
      this.start.push(c.start[i]);
      this.end.push(c.end[i]);
      this.kind.push(c.kind[i]);
      this.textOffsets.push(this.bytes + c.textOffsets[i]);
    }
    for (const [i, note] of Object.entries(c.notes)) this.notes[first + Number(i)] = note;
    this.texts.push(c.text);
    this.bytes += c.textOffsets[n];
  }

  /** The table of everything added. */
  finish(): ParagraphTable {
    const textOffsets = new Uint32Array(this.textOffsets.length + 1);
    textOffsets.set(this.textOffsets.view());
    textOffsets[this.textOffsets.length] = this.bytes;
    return new ParagraphTable({
      docNames: this.docNames,
      headings: this.headings,
      notes: this.notes,
      doc: copy(this.doc),
      paragraph: copy(this.paragraph),
      heading: copy(this.heading),
      start: copy(this.start),
      end: copy(this.end),
      kind: copy(this.kind),
      textOffsets,
      text: Buffer.concat(this.texts, this.bytes),
    });
  }
}
