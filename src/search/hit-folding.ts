// page: folding a ranked list into what a page shows — one hit per set of identical texts (`collapse`),
// at most `perDocument` hits of a document — and counting the hits such a list holds.
import { IdenticalTexts } from '../index/identical-texts.js';
import type { IdCollection } from '../util/sorted-ids.js';
import type { CorpusView } from './corpus-view.js';
import { T_ALL_UNITS, type Ranked } from './tiers.js';

/** A folded list: the hits kept, the identical texts behind each ("where else"), and the full matches of a document past its last hit shown. */
export interface FoldedList {
  ranked: Ranked[];
  others: Map<number, number[]>;
  more: Map<number, number>;
}

/** Folds ranked lists by identical texts and by document. */
export class HitFolding {
  /** Groups of identical texts, built on the first request that collapses them. */
  private identical: IdenticalTexts | undefined;

  constructor(private readonly view: CorpusView) {}

  /**
   * Folds a ranked list: with `collapse`, keeps the first of each set of identical texts, the others
   * (wherever they rank, those the filters allow) becoming its "where else"; with `perDoc`, keeps at
   * most that many hits of a document, the last of them saying how many more full matches it holds
   * (of `fullIn`, the full matches per document).
   */
  fold(ranked: Ranked[], allowed: Set<number> | undefined, collapse: boolean, perDoc: number | undefined, fullIn: Map<string, number> | undefined): FoldedList {
    const same = collapse ? this.identicalTexts() : undefined;
    const seen = new Set<number>();
    const shown = new Map<string, number>();
    const shownFull = new Map<string, number>();
    const kept: Ranked[] = [];
    const others = new Map<number, number[]>();
    const more = new Map<number, number>();
    for (const r of ranked) {
      if (same) {
        const key = same.first(r.n);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const doc = this.view.store.paragraphs.doc(r.n);
      if (perDoc) {
        const count = shown.get(doc) ?? 0;
        if (count >= perDoc) continue;
        shown.set(doc, count + 1);
        if ((r.match ?? r.tier) >= T_ALL_UNITS) shownFull.set(doc, (shownFull.get(doc) ?? 0) + 1);
        if (count + 1 === perDoc) {
          const rest = (fullIn?.get(doc) ?? 0) - (shownFull.get(doc) ?? 0);
          if (rest > 0) more.set(r.n, rest);
        }
      }
      kept.push(r);
      if (same) {
        const rest = same.others(r.n).filter((m) => !allowed || allowed.has(m));
        if (rest.length) others.set(r.n, rest);
      }
    }
    return { ranked: kept, others, more };
  }

  /** Full matches per document. */
  countsByDocument(full: IdCollection): Map<string, number> {
    const counts = new Map<string, number>();
    for (const n of full.keys()) {
      const doc = this.view.store.paragraphs.doc(n);
      counts.set(doc, (counts.get(doc) ?? 0) + 1);
    }
    return counts;
  }

  /** How many hits a folded list of these paragraphs holds: one per distinct text (with `collapse`), at most `perDoc` per document. */
  foldedCount(ns: Iterable<number>, collapse: boolean, perDoc: number | undefined): number {
    const same = collapse ? this.identicalTexts() : undefined;
    const texts = new Map<string, Set<number>>();
    for (const n of ns) {
      const doc = this.view.store.paragraphs.doc(n);
      let set = texts.get(doc);
      if (!set) texts.set(doc, (set = new Set()));
      set.add(same ? same.first(n) : n);
    }
    // Identical texts in two documents are one hit: counted in the first document only.
    let total = 0;
    const counted = new Set<number>();
    for (const set of texts.values()) {
      let inDoc = 0;
      for (const key of set) {
        if (counted.has(key)) continue;
        counted.add(key);
        inDoc++;
      }
      total += perDoc ? Math.min(perDoc, inDoc) : inDoc;
    }
    return total;
  }

  private identicalTexts(): IdenticalTexts {
    return (this.identical ??= new IdenticalTexts(this.view.store.paragraphs));
  }
}
