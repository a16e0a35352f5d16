import type { ParagraphRecord } from '../ingest/records.js';

/** Paragraph kinds by their stored code. */
const KINDS: readonly ParagraphRecord['kind'][] = ['body', 'heading', 'footnote', 'caption', 'related'];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));

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

  /** Lays records out as columns (paragraph numbers follow array order). */
  static from(records: Iterable<ParagraphRecord>): ParagraphTable {
    const docNames: string[] = [];
    const docIds = new Map<string, number>();
    const headings: string[][] = [];
    const headingIds = new Map<string, number>();
    const notes: Record<number, Notes> = {};
    const rows: ParagraphRecord[] = [...records];
    const n = rows.length;
    const c = {
      doc: new Uint32Array(n),
      paragraph: new Uint32Array(n),
      heading: new Uint32Array(n),
      start: new Uint32Array(n),
      end: new Uint32Array(n),
      kind: new Uint8Array(n),
      textOffsets: new Uint32Array(n + 1),
    };
    const texts: Buffer[] = [];
    let bytes = 0;
    rows.forEach((p, i) => {
      let d = docIds.get(p.doc);
      if (d === undefined) docIds.set(p.doc, (d = docNames.push(p.doc) - 1));
      const key = p.heading.join('\u0000');
      let h = headingIds.get(key);
      if (h === undefined) headingIds.set(key, (h = headings.push(p.heading) - 1));
      c.doc[i] = d;
      c.paragraph[i] = p.paragraph;
      c.heading[i] = h;
      c.start[i] = p.start;
      c.end[i] = p.end;
      c.kind[i] = KIND_CODE.get(p.kind) ?? 0;
      if (p.footnotes || p.footnoteOf) notes[i] = { ...(p.footnotes && { footnotes: p.footnotes }), ...(p.footnoteOf && { footnoteOf: p.footnoteOf }) };
      const t = Buffer.from(p.text, 'utf8');
      c.textOffsets[i] = bytes;
      bytes += t.length;
      texts.push(t);
    });
    c.textOffsets[n] = bytes;
    return new ParagraphTable({ docNames, headings, notes, ...c, text: Buffer.concat(texts, bytes) });
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
