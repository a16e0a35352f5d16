// The table of contents a document page shows, bounded whatever the document: the coarse levels of
// its outline always, and the sections around the page being read opened one level further. Any
// section is then a few clicks away (a Chương, then its Điều), while a code of 2,800 sections does
// not put 2,800 links on each of its pages.
import type { OutlineEntry } from '../search/results.js';

/** Options of tableOfContents(); each has a default. */
export interface TocOptions {
  /** Entries of the coarse levels shown on every page: the deepest levels whose entries together stay within it (default 150; the outermost level is shown whatever its size, up to `most`). */
  coarse?: number;
  /** Most entries of the outermost level shown when it alone passes `coarse` (default 1000): past it, every k-th entry and those around the page. */
  most?: number;
}

/** One line of the table of contents. */
export interface TocItem extends OutlineEntry {
  /** The section holds the page's first paragraph (or starts on the page): it is open, its children shown. */
  open: boolean;
}

/**
 * The entries to show on the page of paragraphs [from, to] (1-based, inclusive): every entry of the
 * coarse levels, and the children of each open section (one holding the page's first paragraph or
 * starting on the page), recursively, so the path down to the page is shown with its siblings.
 */
export function tableOfContents(entries: readonly OutlineEntry[], from: number, to: number, options: TocOptions = {}): TocItem[] {
  const coarseBudget = options.coarse ?? 150;
  const most = options.most ?? 1000;
  if (!entries.length) return [];
  // Where each section ends: at the next entry no deeper than it (a stack over the entries in order).
  const end = new Array<number>(entries.length).fill(Infinity);
  const stack: number[] = [];
  entries.forEach((e, i) => {
    while (stack.length && entries[stack[stack.length - 1]].depth >= e.depth) end[stack.pop() as number] = e.paragraph;
    stack.push(i);
  });
  const perDepth: number[] = [];
  for (const e of entries) perDepth[e.depth] = (perDepth[e.depth] ?? 0) + 1;
  let coarse = 1;
  for (let d = 1, sum = 0; d < perDepth.length; d++) {
    sum += perDepth[d] ?? 0;
    if (sum > coarseBudget) break;
    coarse = d;
  }
  const open = (i: number) => entries[i].paragraph <= to && end[i] > from;
  const outermost = entries.reduce((m, e) => Math.min(m, e.depth), Infinity);
  const topCount = perDepth[outermost] ?? 0;
  // Too many outermost sections to list: every step-th one, and all of the stretches of `step` that
  // hold the page (clicking a listed one opens its page, whose list then holds its stretch).
  const step = topCount > most ? Math.ceil(topCount / most) : 1;
  // The outermost sections holding the page's first and last paragraphs.
  let first = 0;
  let last = 0;
  for (let i = 0, k = 0; i < entries.length; i++) {
    if (entries[i].depth !== outermost) continue;
    if (entries[i].paragraph <= from) first = k;
    if (entries[i].paragraph <= to) last = k;
    k++;
  }
  const nearPage = (k: number) => Math.floor(k / step) >= Math.floor(first / step) && Math.floor(k / step) <= Math.floor(last / step);
  const out: TocItem[] = [];
  // The parents of the entry being looked at, outermost first, with whether each is open.
  const parents: { depth: number; open: boolean }[] = [];
  let top = -1;
  entries.forEach((e, i) => {
    while (parents.length && parents[parents.length - 1].depth >= e.depth) parents.pop();
    const isOpen = open(i);
    const parent = parents[parents.length - 1];
    let shown: boolean;
    if (e.depth === outermost) {
      top++;
      shown = step === 1 || top % step === 0 || nearPage(top) || isOpen;
    } else shown = e.depth <= coarse || (parent?.open ?? false);
    // A section shown only because its parent is open stays closed unless it holds the page itself.
    parents.push({ depth: e.depth, open: shown && isOpen });
    if (shown) out.push({ ...e, open: isOpen });
  });
  return out;
}
