// The context bonus: what a paragraph's headings and its document's title, place, body and type name of
// a query. Paragraphs under one heading of one document share a context, so its folded words and its
// match are computed once per context, not once per paragraph.
import { fold } from '../text/fold.js';
import { normalize } from '../text/normalize.js';
import type { CorpusView } from './corpus-view.js';
import type { ContextMatch, Plan } from './plan.js';
import type { RankWeights } from './rank.js';

// Contexts whose folded text is kept between queries.
const CONTEXT_CACHE = 100_000;

const NO_CONTEXT: ContextMatch = { bonus: 0, units: 0 };

// Whether every needle of some alternative is marked present (loops, not closures: this runs for
// every group of every context a query meets).
function namesAlternative(alternatives: readonly (readonly number[])[], present: Uint8Array): boolean {
  next: for (const needles of alternatives) {
    for (const i of needles) if (present[i] !== 1) continue next;
    return true;
  }
  return false;
}

/** The contexts of a corpus's paragraphs, and what they name of a query. */
export class ParagraphContexts {
  /** Per paragraph, the key of its context (document title and ancestor headings), once computed; folded texts by key, a bounded few. */
  private readonly contextKey: (string | undefined)[] = [];
  private readonly contextFolded = new Map<string, string[][]>();
  private readonly textFolded = new Map<string, string[]>();

  constructor(
    private readonly view: CorpusView,
    private readonly weights: RankWeights,
  ) {}

  /** Score for the query groups a paragraph's headings and document title name (see RankWeights.context). */
  bonus(plan: Plan, groupWeights: readonly number[], n: number): number {
    return this.match(plan, groupWeights, n).bonus;
  }

  /** The groups and units of the query that a paragraph's headings and document title name. */
  match(plan: Plan, groupWeights: readonly number[], n: number): ContextMatch {
    if (this.weights.context <= 0) return NO_CONTEXT;
    // Paragraphs under one heading of one document share their context, and so their bonus.
    plan.contextMatches ??= new Map();
    const known = plan.contextMatches.get(this.keyOf(n));
    if (known !== undefined) return known;
    // The query's words, numbered once per query; a context's words then mark which are present, in
    // one pass over the context, since this runs for every candidate.
    if (!plan.contextNeedles || !plan.needleNumbers) {
      const numbers = new Map<string, number>();
      const number = (t: string) => numbers.get(t) ?? (numbers.set(t, numbers.size), numbers.size - 1);
      plan.contextNeedles = plan.groups.map((g) => g.alternatives.map((a) => a.words.flatMap((w) => (w.parts.length ? w.parts : [w.term]).map(number))));
      plan.needleNumbers = numbers;
    }
    const { present, share } = this.present(plan, plan.needleNumbers, n);
    let bonus = 0;
    // Units start whole and lose their bit with any group the context lacks.
    let units = plan.units.length >= 32 ? ~0 : (1 << plan.units.length) - 1;
    for (let g = 0; g < plan.contextNeedles.length; g++) {
      if (namesAlternative(plan.contextNeedles[g], present)) bonus += groupWeights[g];
      else units &= ~(1 << Math.min(plan.unitOf[g], 31));
    }
    const result = { bonus: this.weights.context * bonus * (1 + this.weights.focus * share), units };
    plan.contextMatches.set(this.keyOf(n), result);
    return result;
  }

  // Which query words (by number) a paragraph's context holds, and the best share of query words in one of its texts.
  private present(plan: Plan, needles: Map<string, number>, n: number): { present: Uint8Array; share: number } {
    // Which of them a text holds is found once per query and text: contexts share their texts.
    const found = (plan.neededIn ??= new Map());
    // One scratch array per query, cleared for each context: this runs for thousands of contexts.
    const present = (plan.contextPresent ??= new Uint8Array(needles.size)).fill(0);
    let share = 0;
    for (const list of this.context(n)) {
      let held = found.get(list);
      if (!held) {
        const numbers: number[] = [];
        let words = 0;
        for (const w of list) {
          if (!w) continue;
          words++;
          const i = needles.get(w);
          if (i !== undefined) numbers.push(i);
        }
        held = { numbers, share: numbers.length / Math.max(1, words) };
        found.set(list, held);
      }
      for (const i of held.numbers) present[i] = 1;
      share = Math.max(share, held.share);
    }
    return { present, share };
  }

  /** Key of a paragraph's context (its document and ancestor headings), computed on first use; the context text is kept by key. */
  private keyOf(n: number): string {
    let key = this.contextKey[n];
    if (key === undefined) {
      key = `${this.view.store.paragraphs.doc(n)}\u0000${this.ancestors(n).join('\u0000')}`;
      this.contextKey[n] = key;
    }
    return key;
  }

  /** The headings above a paragraph: its heading path, less its own line when it is a heading. */
  private ancestors(n: number): string[] {
    const table = this.view.store.paragraphs;
    const heading = table.heading(n);
    return table.kind(n) === 'heading' ? heading.slice(0, -1) : heading;
  }

  /**
   * Folded words of a paragraph's document title, place, body and type, and of its ancestor headings:
   * one list per text, shared by every context that holds the text, so that a cached context costs a
   * few references.
   */
  private context(n: number): string[][] {
    const key = this.keyOf(n);
    let lists = this.contextFolded.get(key);
    if (lists === undefined) {
      const table = this.view.store.paragraphs;
      const doc = table.doc(n);
      const ancestors = this.ancestors(n);
      // A heading names what the paragraphs under it are about; the title names the whole document.
      // A question often names the place or body that issued the document rather than the paragraph's words.
      lists = [
        this.foldedWords(`d\u0000${doc}`, () => {
          const d = this.view.document(doc);
          return [d?.title ?? '', d?.place ?? '', d?.body ?? '', d?.type ?? ''].join(' \n ');
        }),
      ];
      for (let i = 1; i <= ancestors.length; i++) {
        const h = this.view.heading(doc, ancestors.slice(0, i));
        if (h !== undefined) lists.push(this.foldedWords(`h\u0000${h}`, () => table.text(h)));
      }
      // Bounded, so that a long-running server does not end up holding every context of the corpus.
      if (this.contextFolded.size >= CONTEXT_CACHE) this.contextFolded.clear();
      this.contextFolded.set(key, lists);
    }
    return lists;
  }

  // The folded words of a text (a document's title line, a heading), kept by `key`: contexts of one
  // document share its title and their outer headings, and folding them again for each context cost
  // most of a long question's ranking.
  private foldedWords(key: string, text: () => string): string[] {
    let words = this.textFolded.get(key);
    if (words === undefined) {
      words = fold(normalize(text()).toLowerCase()).split(/[^\p{L}\p{Nd}]+/u);
      if (this.textFolded.size >= CONTEXT_CACHE) this.textFolded.clear();
      this.textFolded.set(key, words);
    }
    return words;
  }
}
