// plan → candidates: the paragraphs that may hold a query's units, from the posting lists of the
// embedded index, and the paragraphs its filters allow. Sets here are supersets: matching checks them.
import { bigram, FOLDED, PAIR } from '../index/fields.js';
import type { Postings } from '../index/paragraph-index.js';
import { fold } from '../text/fold.js';
import type { IdCollection } from '../util/sorted-ids.js';
import { bodyMatcher } from './body-filter.js';
import type { CorpusView } from './corpus-view.js';
import { inDateRange } from './date-range.js';
import type { Glossary, Group } from './glossary.js';
import { intersect, union } from './id-sets.js';
import type { Plan } from './plan.js';
import type { QueryWord } from './query.js';
import type { EntityCount, SearchFilters } from './results.js';
import type { Unit } from './units.js';

/** What the `entity` filter needs of the entities of an index (src/entities/entity-index.ts). */
export interface EntityParagraphs {
  paragraphs(kind: 'person' | 'place', name: string): Uint32Array;
  /** The places and persons named in the given paragraphs, with counts, most first; at most `limit` per kind. */
  facets(paragraphNumbers: Iterable<number>, limit?: number): EntityCount[];
}

/** Where candidate paragraphs come from: the store side of a search. */
export interface CandidateSource {
  /** Paragraphs that may hold the groups as one phrase (folded): a superset of those that do. */
  unitSet(groups: readonly Group[]): IdCollection;
  /** Paragraphs that may hold one group (any of its alternatives, its words in a row). */
  groupSet(g: Group): IdCollection;
  /** Of `base`, those that may hold the groups as one phrase: a word pair across each boundary. */
  phraseSet(groups: Group[], base: IdCollection): IdCollection;
  /** Paragraphs the filters allow (undefined: no filter), or those of undated documents that pass the other filters. */
  filterSet(f: SearchFilters, dates?: 'in range' | 'undated'): Set<number> | undefined;
}

/** unitSet of a unit of the plan, computed once per query (matching and scoring both need it). */
export function unitSetOf(source: CandidateSource, plan: Plan, u: Unit): IdCollection {
  plan.unitSets ??= new Map();
  let set = plan.unitSets.get(u);
  if (!set) {
    set = source.unitSet(u.groups);
    plan.unitSets.set(u, set);
  }
  return set;
}

/** Candidates from the embedded index's folded and word-pair posting lists. */
export class PostingCandidates implements CandidateSource {
  constructor(
    private readonly view: CorpusView,
    private readonly glossary: Glossary,
    private readonly entities: EntityParagraphs | undefined,
  ) {}

  unitSet(groups: readonly Group[]): IdCollection {
    return this.phraseSet(groups as Group[], intersect(groups.map((g) => this.groupSet(g))));
  }

  groupSet(g: Group): IdCollection {
    return g.alternatives.length === 1 ? this.runSet(g.alternatives[0].words) : union(g.alternatives.map((a) => this.runSet(a.words)));
  }

  phraseSet(groups: Group[], base: IdCollection): IdCollection {
    const index = this.view.store.index;
    const sets: IdCollection[] = [base];
    for (let i = 1; i < groups.length; i++) {
      const pairs: Postings[] = [];
      let unknown = false;
      for (const a of groups[i - 1].alternatives) {
        for (const b of groups[i].alternatives) {
          const x = a.words[a.words.length - 1];
          const y = b.words[0];
          if (x.parts.length || y.parts.length) unknown = true;
          const p = index.postings(PAIR, bigram(x.term, y.term));
          if (p) pairs.push(p);
        }
      }
      if (!unknown) sets.push(union(pairs));
    }
    return sets.length === 1 ? base : intersect(sets);
  }

  filterSet(f: SearchFilters, dates: 'in range' | 'undated' = 'in range'): Set<number> | undefined {
    const dated = f.from !== undefined || f.to !== undefined || f.year !== undefined;
    if (f.type === undefined && !dated && !f.undated && f.body === undefined && f.doc === undefined && f.entity === undefined) return undefined;
    const entity = f.entity !== undefined ? this.entityParagraphs(f.entity) : undefined;
    const type = f.type !== undefined ? fold(f.type.toLowerCase()) : undefined;
    const body = f.body !== undefined ? bodyMatcher(f.body, this.glossary) : undefined;
    // A year is the range of that year.
    const from = f.year !== undefined ? String(f.year) : f.from;
    const to = f.year !== undefined ? String(f.year) : f.to;
    const out = new Set<number>();
    for (const d of this.view.store.documents) {
      if (f.doc !== undefined && d.doc !== f.doc) continue;
      if (dates === 'undated' || f.undated) {
        if (d.date) continue;
      } else if (dated && !(d.date && inDateRange(d.date, from, to))) continue;
      if (type !== undefined && !fold((d.type ?? '').toLowerCase()).includes(type)) continue;
      if (body !== undefined && !body(`${d.body ?? ''} ${d.place ?? ''}`)) continue;
      for (const n of this.view.paragraphsOf(d.doc)) if (!entity || entity.has(n)) out.add(n);
    }
    return out;
  }

  private wordSet(w: QueryWord): IdCollection {
    const index = this.view.store.index;
    const whole = index.postings(FOLDED, w.term);
    if (!w.parts.length) return whole ?? new Set();
    const parts = w.parts.map((p) => index.postings(FOLDED, p) ?? new Set<number>());
    return union([whole ?? new Set(), intersect(parts)]);
  }

  /** Paragraphs that may hold the words in a row: every word, and every adjacent pair of plain words. */
  private runSet(words: QueryWord[]): IdCollection {
    const sets: IdCollection[] = words.map((w) => this.wordSet(w));
    for (let i = 1; i < words.length; i++) {
      if (words[i - 1].parts.length || words[i].parts.length) continue;
      sets.push(this.view.store.index.postings(PAIR, bigram(words[i - 1].term, words[i].term)) ?? new Set());
    }
    return sets.length === 1 ? sets[0] : intersect(sets);
  }

  // 'place:tỉnh Lai Châu' → the paragraphs naming it (none for an unknown entity or kind).
  private entityParagraphs(filter: string): Set<number> {
    const at = filter.indexOf(':');
    const kind = filter.slice(0, at);
    if (at < 0 || (kind !== 'person' && kind !== 'place') || !this.entities) return new Set();
    return new Set(this.entities.paragraphs(kind, filter.slice(at + 1)));
  }
}
