// Prints, for an index, how far each document page's table of contents reaches: every Điều (and
// every section) of each document is looked for among the entries shown on its first page and on the
// pages those entries open (two clicks), and the longest table shown is reported.
//   node --import tsx scripts/toc-reach.ts [--index DIR]   (default $INDEX_DIR or index/)
import { parseArgs } from 'node:util';
import { loadIndex } from '../src/index/store.js';
import { SearchEngine } from '../src/search/engine.js';
import { DOCUMENT_PAGE } from '../src/search/permalink.js';
import { tableOfContents } from '../src/web/toc.js';

const { values } = parseArgs({ options: { index: { type: 'string' } } });
const store = loadIndex(values.index ?? process.env.INDEX_DIR ?? 'index');
const engine = new SearchEngine(store);
const pageOf = (n: number): [number, number] => {
  const from = Math.floor((n - 1) / DOCUMENT_PAGE) * DOCUMENT_PAGE + 1;
  return [from, from + DOCUMENT_PAGE - 1];
};
let documents = 0;
let sections = 0;
let reachedSections = 0;
let articles = 0;
let reachedArticles = 0;
let longest = { doc: '', entries: 0 };
const missed: string[] = [];
const t0 = performance.now();
for (const { doc } of store.documents) {
  const outline = engine.outline(doc) ?? [];
  documents++;
  if (!outline.length) continue;
  const key = (e: { paragraph: number; label: string; depth: number }) => `${e.paragraph}|${e.depth}|${e.label}`;
  const seen = new Set<string>();
  const first = tableOfContents(outline, 1, DOCUMENT_PAGE);
  if (first.length > longest.entries) longest = { doc, entries: first.length };
  for (const a of first) {
    seen.add(key(a));
    const second = tableOfContents(outline, ...pageOf(a.paragraph));
    if (second.length > longest.entries) longest = { doc, entries: second.length };
    for (const b of second) seen.add(key(b));
  }
  for (const e of outline) {
    const isArticle = /^Điều\s+\d/u.test(e.label);
    sections++;
    articles += isArticle ? 1 : 0;
    if (seen.has(key(e))) {
      reachedSections++;
      reachedArticles += isArticle ? 1 : 0;
    } else if (isArticle && missed.length < 10) missed.push(`${doc} ${e.label} (đoạn ${e.paragraph})`);
  }
}
console.log(`documents ${documents}; sections ${sections}, reached in two clicks ${reachedSections}; Điều ${articles}, reached ${reachedArticles}`);
console.log(`longest table of contents shown: ${longest.entries} entries (${longest.doc}); ${Math.round(performance.now() - t0)} ms`);
if (missed.length) console.log(`Điều not reached, first ones:\n  ${missed.join('\n  ')}`);
