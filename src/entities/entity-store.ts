// Mentions of places and persons on their way from the ingest workers to the index folder: per file as
// a few transferable arrays, then gathered for the whole index into the `entities.<build>.json` file.
import type { IngestedDocument } from '../ingest/records.js';
import { recognizeDocument, type EntityKind } from './recognize.js';
import { Interner } from '../util/interner.js';

// Numbers per stored mention: entity, variant, role, paragraph, start, end.
const FIELDS = 6;

/**
 * The mentions of one file: distinct entity keys ('place\u0000tỉnh Lai Châu'), variants and roles once
 * each, and FIELDS numbers per mention with paragraphs counted from the file's first (in table order).
 */
export interface FileEntities {
  keys: string[];
  variants: string[];
  roles: string[];
  rows: Uint32Array;
}

/** What the index folder keeps about entities (`entities.<build>.json`). */
export interface StoredEntities {
  entities: { kind: EntityKind; name: string }[];
  variants: string[];
  roles: string[];
  /** FIELDS numbers per mention: entity, variant, role (indexes into the lists above), paragraph (in the index), start, end. */
  mentions: number[];
  /** The documents in index order, with their first paragraph, so that a paragraph number tells its document. */
  documents: { doc: string; title: string; date?: string; first: number; paragraphs: number }[];
}

/**
 * Recognizes the places and persons of a file's documents (the worker's share of the work);
 * `onDocument` (default none) hears how many documents are done after each.
 */
export function fileEntities(documents: readonly IngestedDocument[], onDocument?: (done: number) => void): FileEntities {
  const keys = new Interner();
  const variants = new Interner();
  const roles = new Interner();
  const rows: number[] = [];
  let first = 0;
  let done = 0;
  for (const d of documents) {
    for (const m of recognizeDocument(d.paragraphs.map((p) => p.text), d.document.signer)) {
      rows.push(keys.id(`${m.kind}\u0000${m.name}`), variants.id(m.variant), roles.id(m.role), first + m.paragraph, m.start, m.end);
    }
    first += d.paragraphs.length;
    onDocument?.(++done);
  }
  return { keys: keys.list, variants: variants.list, roles: roles.list, rows: Uint32Array.from(rows) };
}

/** Gathers the files' mentions in index order, renumbering their strings and paragraphs. */
export class EntityCollector {
  private readonly keys = new Interner();
  private readonly variants = new Interner();
  private readonly roles = new Interner();
  private readonly mentions: number[] = [];

  /** Adds a file's mentions; `firstParagraph` is the index's number of the file's first paragraph. */
  add(file: FileEntities, firstParagraph: number): void {
    const k = file.keys.map((s) => this.keys.id(s));
    const v = file.variants.map((s) => this.variants.id(s));
    const r = file.roles.map((s) => this.roles.id(s));
    const rows = file.rows;
    for (let i = 0; i < rows.length; i += FIELDS) {
      this.mentions.push(k[rows[i]], v[rows[i + 1]], r[rows[i + 2]], firstParagraph + rows[i + 3], rows[i + 4], rows[i + 5]);
    }
  }

  /** The stored form, given the index's documents (in index order, each with its paragraph count). */
  finish(documents: readonly { doc: string; title: string; date?: string; paragraphs: number }[]): StoredEntities {
    let first = 0;
    return {
      entities: this.keys.list.map((key) => {
        const [kind, name] = key.split('\u0000') as [EntityKind, string];
        return { kind, name };
      }),
      variants: this.variants.list,
      roles: this.roles.list,
      mentions: this.mentions,
      documents: documents.map((d) => {
        const entry = { doc: d.doc, title: d.title, ...(d.date ? { date: d.date } : {}), first, paragraphs: d.paragraphs };
        first += d.paragraphs;
        return entry;
      }),
    };
  }
}

/** The numbers of one stored mention. */
export const MENTION_FIELDS = FIELDS;
