import MiniSearch from 'minisearch';
import { FIELDS, type FieldName } from './fields.js';

/** Posting list of one term in one field: internal paragraph number → term frequency. */
export type Postings = Map<number, number>;

/** The MiniSearch options of the paragraph index; terms arrive pre-analyzed, space-separated. */
export const MINISEARCH_OPTIONS = {
  fields: [...FIELDS] as string[],
  idField: 'n',
  tokenize: (s: string) => (s ? s.split(' ') : []),
  processTerm: (t: string) => t,
};

/**
 * MiniSearch over paragraphs, with read access to its inverted index so that the ranker can plan a
 * query by term rarity and score only what it needs (MiniSearch's own search scores every match).
 * Document ids are the paragraph numbers 0..n-1 of the store, in insertion order.
 */
export class ParagraphIndex extends MiniSearch<{ n: number; f: string; x: string; b: string }> {
  private fieldIdCache?: Record<FieldName, number>;

  /** An empty index with the project's options. */
  static create(): ParagraphIndex {
    return new ParagraphIndex(MINISEARCH_OPTIONS);
  }

  /** Restores an index from MiniSearch's plain-object form. */
  static fromPlain(plain: ReturnType<MiniSearch['toJSON']>): ParagraphIndex {
    const ms = MiniSearch.loadJS(plain, MINISEARCH_OPTIONS);
    Object.setPrototypeOf(ms, ParagraphIndex.prototype);
    return ms as unknown as ParagraphIndex;
  }

  private fieldId(field: FieldName): number {
    this.fieldIdCache ??= Object.fromEntries(FIELDS.map((f) => [f, this._fieldIds[f]])) as Record<FieldName, number>;
    return this.fieldIdCache[field];
  }

  /** Posting list (paragraph number → frequency) of a term in a field; undefined when the term does not occur. */
  postings(field: FieldName, term: string): Postings | undefined {
    const data = this._index.get(term);
    if (!data) return undefined;
    const p = data.get(this.fieldId(field));
    if (!p || p.size === 0) return undefined;
    // MiniSearch keys postings by its short ids; ids were assigned 0..n-1 in paragraph order.
    return p as Postings;
  }

  /** Number of paragraphs containing the term in the field. */
  df(field: FieldName, term: string): number {
    return this.postings(field, term)?.size ?? 0;
  }

  /** Length in terms of a paragraph's field. */
  fieldLength(n: number, field: FieldName): number {
    return this._fieldLength.get(n)?.[this.fieldId(field)] ?? 0;
  }

  /** Average length of a field over all paragraphs. */
  averageLength(field: FieldName): number {
    return this._avgFieldLength[this.fieldId(field)] || 1;
  }

  /** Terms of a field starting with a prefix, for completion; at most `max`. */
  termsWithPrefix(field: FieldName, prefix: string, max: number): string[] {
    const out: string[] = [];
    for (const [term, data] of this._index.atPrefix(prefix)) {
      if (data.get(this.fieldId(field))?.size) out.push(term);
      if (out.length >= max) break;
    }
    return out;
  }

  /** Terms of a field within an edit distance of a term, for "did you mean". */
  termsNear(field: FieldName, term: string, distance: number): { term: string; distance: number }[] {
    const out: { term: string; distance: number }[] = [];
    for (const [t, [data, d]] of this._index.fuzzyGet(term, distance)) {
      if (data.get(this.fieldId(field))?.size) out.push({ term: t, distance: d });
    }
    return out;
  }
}
