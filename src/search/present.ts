// page → present: a ranked paragraph as a hit, with its highlights, snippet, link and citations, and
// the per-document table of full matches.
import type { ParagraphRecord } from '../ingest/records.js';
import { citation, citations } from './citation.js';
import type { CorpusView } from './corpus-view.js';
import { highlight } from './highlight.js';
import type { DocWord } from './match.js';
import { unitRanges } from './match-ranges.js';
import { paragraphUrl } from './permalink.js';
import type { Plan } from './plan.js';
import type { DocumentCount, ParagraphPlace, SearchHit } from './results.js';
import { snippet } from './snippet.js';
import { T_ALL_UNITS, T_NEAR, TIER, type Ranked } from './tiers.js';

/** Most places of identical texts ("where else") listed with a hit. */
export const MAX_ELSEWHERE = 20;

/** Character ranges of a plan's matches in a paragraph (see unitRanges). */
export function matchRanges(plan: Plan, words: DocWord[]): [number, number][] {
  return unitRanges(plan.units, words, plan.parsed.accented);
}

/** Builds hits and tables from ranked paragraphs. */
export class Presenter {
  constructor(private readonly view: CorpusView) {}

  /** Ranked paragraph r as a hit; `others` are the paragraphs of identical texts elsewhere. */
  hit(plan: Plan, r: Ranked, others?: number[]): SearchHit {
    const p: ParagraphRecord = this.view.store.paragraphs.get(r.n);
    const d = this.view.document(p.doc);
    const matches = matchRanges(plan, this.view.words(r.n));
    const match = r.match ?? r.tier;
    const url = paragraphUrl(p.doc, p.paragraph, plan.parsed.text);
    // Without the query: a citation points at the paragraph, not at a search.
    const permalink = paragraphUrl(p.doc, p.paragraph);
    const meta = {
      ...(d?.date ? { date: d.date } : {}),
      ...(d?.dateText ? { dateText: d.dateText } : {}),
      ...(d?.number ? { number: d.number } : {}),
      ...(d?.type ? { type: d.type } : {}),
      ...(d?.body ? { body: d.body } : {}),
      ...(d?.source ? { source: d.source } : {}),
      ...(d?.place ? { place: d.place } : {}),
      ...(d?.signer ? { signer: d.signer } : {}),
    };
    return {
      id: p.id,
      doc: p.doc,
      title: d?.title ?? p.doc,
      paragraph: p.paragraph,
      text: p.text,
      snippet: snippet(p.text, matches),
      score: Math.round((r.tier * TIER + r.relevance) * 1000) / 1000,
      url,
      partial: match < T_ALL_UNITS,
      ...(match >= T_NEAR && match < T_ALL_UNITS ? { near: true } : {}),
      html: highlight(p.text, matches),
      heading: p.heading,
      matches,
      citation: citation(d, p, permalink),
      citations: citations(d, p, permalink),
      meta,
      ...(others ? { elsewhere: others.slice(0, MAX_ELSEWHERE).map((m) => this.place(plan, m)), elsewhereTotal: others.length } : {}),
    };
  }

  /** The table of full matches per document, most first. */
  perDocument(counts: Map<string, number>): DocumentCount[] {
    return [...counts]
      .map(([doc, count]) => ({ doc, title: this.view.document(doc)?.title ?? doc, date: this.view.document(doc)?.date, count }))
      .sort((a, b) => b.count - a.count || a.doc.localeCompare(b.doc));
  }

  // Where a paragraph is: its document, number and link.
  private place(plan: Plan, n: number): ParagraphPlace {
    const t = this.view.store.paragraphs;
    const doc = t.doc(n);
    const paragraph = t.columns.paragraph[n];
    return { id: `${doc}#p${paragraph}`, doc, title: this.view.document(doc)?.title ?? doc, paragraph, url: paragraphUrl(doc, paragraph, plan.parsed.text) };
  }
}
