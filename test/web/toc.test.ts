// The table of contents of a document page: bounded, and any section reachable from any page.
import { describe, expect, it } from 'vitest';
import { tableOfContents, type TocOptions } from '../../src/web/toc.js';
import type { OutlineEntry } from '../../src/search/results.js';

const PAGE = 500;
// The paragraphs [from, to] of the page that holds paragraph n.
const pageOf = (n: number): [number, number] => {
  const from = Math.floor((n - 1) / PAGE) * PAGE + 1;
  return [from, from + PAGE - 1];
};
const entry = (paragraph: number, depth: number, label: string): OutlineEntry => ({ paragraph, depth, label, text: label });

// A code of `chapters` Chương of `articles` Điều each, every Điều `length` paragraphs long.
function code(chapters: number, articles: number, length: number): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  let p = 1;
  for (let c = 1; c <= chapters; c++) {
    out.push(entry(p, 1, `Chương ${c}`));
    for (let a = 1; a <= articles; a++, p += length) out.push(entry(p, 2, `Điều ${(c - 1) * articles + a}`));
  }
  return out;
}

// How many entries are shown on the page of some entry shown on the first page (two clicks away), and the most shown on one page.
function reachable(entries: OutlineEntry[], options: TocOptions = {}): { reached: number; mostShown: number } {
  const key = (e: OutlineEntry) => `${e.paragraph}|${e.label}`;
  const seen = new Set<string>();
  const first = tableOfContents(entries, 1, PAGE, options);
  let mostShown = first.length;
  for (const a of first) {
    const second = tableOfContents(entries, ...pageOf(a.paragraph), options);
    mostShown = Math.max(mostShown, second.length);
    for (const b of second) seen.add(key(b));
  }
  return { reached: entries.filter((e) => seen.has(key(e))).length, mostShown };
}

describe('tableOfContents', () => {
  it('shows a short outline whole', () => {
    const entries = code(3, 5, 2);
    expect(tableOfContents(entries, 1, PAGE)).toHaveLength(entries.length);
  });

  it('shows the chapters of a long code and the articles of the chapter being read, and reaches every article in two clicks', () => {
    const entries = code(40, 60, 12);
    const first = tableOfContents(entries, 1, PAGE);
    expect(first.filter((e) => e.depth === 1)).toHaveLength(40);
    expect(first.filter((e) => e.depth === 2).every((e) => e.paragraph < 60 * 12 + 1)).toBe(true);
    expect(first.filter((e) => e.open).map((e) => e.label)).toContain('Chương 1');
    const { reached, mostShown } = reachable(entries);
    expect(reached).toBe(entries.length);
    expect(mostShown).toBeLessThanOrEqual(40 + 2 * 60);
  });

  it('samples an outermost level too long to list, and still reaches each of its sections in two clicks', () => {
    const entries = Array.from({ length: 900 }, (_, i) => entry(1 + i * 20, 1, `Điều ${i + 1}`));
    const shown = tableOfContents(entries, 1, PAGE, { most: 300 });
    expect(shown.length).toBeLessThan(340);
    const { reached, mostShown } = reachable(entries, { most: 300 });
    expect(reached).toBe(entries.length);
    expect(mostShown).toBeLessThan(340);
  });
});
