// The places and persons of an index, as the web pages and the search engine ask for them: lists by
// name, one entity's mentions in reading order, its paragraphs (for filtering a search), and the
// entities among a set of paragraphs (facets of a results page).
import { loadEntities } from '../index/store.js';
import { fold } from '../text/fold.js';
import { MENTION_FIELDS, type StoredEntities } from './entity-store.js';
import type { EntityKind } from './recognize.js';
import { nameKey } from './lexicon.js';

/** The kinds of entity, re-exported so that callers need only this module. */
export type { EntityKind } from './recognize.js';

/** One entity as listed: the API's `/api/entities` item. */
export interface EntitySummary {
  kind: EntityKind;
  name: string;
  /** Paragraphs that name it. */
  mentions: number;
  /** Documents that name it. */
  documents: number;
  /** Spellings seen in the text, most frequent first. */
  variants: string[];
  /** For a person, the titles seen beside the name, most frequent first; [] for a place. */
  roles: string[];
}

/** One mention, placed in its document. */
export interface EntityMention {
  doc: string;
  /** Paragraph number within the document, from 1 (the document page's #pN). */
  paragraph: number;
  /** Paragraph number in the index (what the search engine filters by). */
  n: number;
  start: number;
  end: number;
  variant: string;
  role: string;
}

/** An entity with every mention, in document order then reading order. */
export interface EntityDetail extends EntitySummary {
  mentionList: EntityMention[];
  /** Paragraphs naming it per document, in index order. */
  perDocument: { doc: string; title: string; date?: string; count: number }[];
}

/** A facet: an entity and how many of the given paragraphs name it. */
export interface EntityFacet {
  kind: EntityKind;
  name: string;
  count: number;
}

/** Kinds a request may ask for. */
export const ENTITY_KINDS: readonly EntityKind[] = ['person', 'place'];

interface Entry {
  kind: EntityKind;
  name: string;
  folded: string;
  /** Indexes of its mentions in the stored list (already in paragraph order). */
  mentions: number[];
  /** Distinct paragraph numbers, ascending. */
  paragraphs: Uint32Array;
  documents: number;
  variants: string[];
  roles: string[];
}

// The strings of a list by descending count, ties in first-seen order.
function byCount(ids: number[], names: readonly string[], skip?: (s: string) => boolean): string[] {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => names[id]).filter((s) => !skip?.(s));
}

/** The entities of one index, read from its `entities.<build>.json`. */
export class EntityIndex {
  private readonly entries: Entry[];
  private readonly byKey = new Map<string, Entry>();
  /** Per paragraph number, the entities naming it (ids into `entries`), built on first use. */
  private paragraphEntities?: Map<number, number[]>;
  private readonly docFirst: Uint32Array;
  private readonly docByName = new Map<string, number>();

  /** Loads the entities of the index in `dir` (throws IndexLoadError as loadIndex does). */
  static load(dir: string): EntityIndex {
    return new EntityIndex(loadEntities(dir));
  }

  constructor(private readonly stored: StoredEntities) {
    const s = stored;
    this.docFirst = Uint32Array.from(s.documents.map((d) => d.first));
    s.documents.forEach((d, i) => this.docByName.set(d.doc, i));
    const mentionsOf: number[][] = s.entities.map(() => []);
    for (let i = 0; i < s.mentions.length; i += MENTION_FIELDS) mentionsOf[s.mentions[i]].push(i);
    this.entries = s.entities.map((e, id) => {
      const ms = mentionsOf[id];
      const ns = ms.map((i) => s.mentions[i + 3]);
      const paragraphs = Uint32Array.from(new Set(ns)).sort();
      const docs = new Set(ns.map((n) => this.documentOf(n)));
      const entry: Entry = {
        kind: e.kind,
        name: e.name,
        folded: fold(e.name.toLowerCase()),
        mentions: ms.sort((a, b) => s.mentions[a + 3] - s.mentions[b + 3] || s.mentions[a + 4] - s.mentions[b + 4]),
        paragraphs,
        documents: docs.size,
        variants: byCount(ms.map((i) => s.mentions[i + 1]), s.variants),
        roles: byCount(ms.map((i) => s.mentions[i + 2]), s.roles, (r) => r === ''),
      };
      this.byKey.set(`${e.kind}\u0000${nameKey(e.name)}`, entry);
      return entry;
    });
    // Most-mentioned first, then by name: the order of every list.
    this.entries.sort((a, b) => b.paragraphs.length - a.paragraphs.length || a.name.localeCompare(b.name, 'vi'));
  }

  /** Index of the document holding paragraph n. */
  private documentOf(n: number): number {
    let lo = 0;
    let hi = this.docFirst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.docFirst[mid] <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private summary(e: Entry): EntitySummary {
    return { kind: e.kind, name: e.name, mentions: e.paragraphs.length, documents: e.documents, variants: e.variants, roles: e.roles };
  }

  // An entity by kind and name, the name compared as nameKey does (case and tone placement do not matter).
  private entry(kind: EntityKind, name: string): Entry | undefined {
    return this.byKey.get(`${kind}\u0000${nameKey(name)}`);
  }

  /**
   * Entities of a kind, most-mentioned first; `q` keeps those whose name contains it once both are
   * folded ('dien bien' finds 'tỉnh Điện Biên'); `limit` defaults to 50.
   */
  list(kind: EntityKind, q = '', limit = 50): EntitySummary[] {
    const needle = fold(q.trim().toLowerCase()).replace(/\s+/g, ' ');
    const out: EntitySummary[] = [];
    for (const e of this.entries) {
      if (out.length >= limit) break;
      if (e.kind === kind && (!needle || e.folded.includes(needle))) out.push(this.summary(e));
    }
    return out;
  }

  /** An entity with all its mentions (document by document, in reading order), or undefined when unknown. */
  get(kind: EntityKind, name: string): EntityDetail | undefined {
    const e = this.entry(kind, name);
    if (!e) return undefined;
    const s = this.stored;
    const mentionList = e.mentions.map((i): EntityMention => {
      const n = s.mentions[i + 3];
      const d = s.documents[this.documentOf(n)];
      return { doc: d.doc, paragraph: n - d.first + 1, n, start: s.mentions[i + 4], end: s.mentions[i + 5], variant: s.variants[s.mentions[i + 1]], role: s.roles[s.mentions[i + 2]] };
    });
    const counts = new Map<number, number>();
    for (const n of e.paragraphs) {
      const d = this.documentOf(n);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const perDocument = [...counts].map(([d, count]) => {
      const { doc, title, date } = s.documents[d];
      return { doc, title, ...(date ? { date } : {}), count };
    });
    return { ...this.summary(e), mentionList, perDocument };
  }

  /** Paragraph numbers (in the index) that name the entity, ascending; [] when unknown. For filtering a search by an entity. */
  paragraphs(kind: EntityKind, name: string): Uint32Array {
    return this.entry(kind, name)?.paragraphs ?? new Uint32Array(0);
  }

  /** The index's paragraph number of a document's paragraph (numbered from 1), or undefined. */
  paragraphNumber(doc: string, paragraph: number): number | undefined {
    const d = this.docByName.get(doc);
    if (d === undefined) return undefined;
    const { first, paragraphs } = this.stored.documents[d];
    return paragraph >= 1 && paragraph <= paragraphs ? first + paragraph - 1 : undefined;
  }

  /** The places and persons named in the given paragraphs (index numbers), each with how many of them name it, most first; at most `limit` (default 10) per kind. */
  facets(paragraphNumbers: Iterable<number>, limit = 10): EntityFacet[] {
    if (!this.paragraphEntities) {
      const map = new Map<number, number[]>();
      this.entries.forEach((e, id) => {
        for (const n of e.paragraphs) {
          const list = map.get(n);
          if (list) list.push(id);
          else map.set(n, [id]);
        }
      });
      this.paragraphEntities = map;
    }
    const counts = new Map<number, number>();
    for (const n of new Set(paragraphNumbers)) for (const id of this.paragraphEntities.get(n) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Entries are in list order, so equal counts keep the most-mentioned first.
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const out: EntityFacet[] = [];
    for (const kind of ENTITY_KINDS) {
      for (const [id, count] of ranked.filter(([id]) => this.entries[id].kind === kind).slice(0, limit)) out.push({ kind, name: this.entries[id].name, count });
    }
    return out;
  }

  /** Number of entities of each kind. */
  stats(): Record<EntityKind, number> {
    const out: Record<EntityKind, number> = { person: 0, place: 0 };
    for (const e of this.entries) out[e.kind]++;
    return out;
  }
}
