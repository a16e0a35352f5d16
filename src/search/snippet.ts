import { highlight, mergeRanges } from './highlight.js';

/** Length of a snippet in characters (default 260). */
export const SNIPPET_LENGTH = 260;

/** Escaped HTML of the part of the text around its densest cluster of matches, with the matches marked. */
export function snippet(text: string, ranges: [number, number][], length = SNIPPET_LENGTH): string {
  if (text.length <= length) return highlight(text, ranges);
  const marks = mergeRanges(text, ranges);
  // The window that covers the most matched characters wins; it then starts a little before its first match.
  let bestStart = 0;
  let bestCover = -1;
  for (const [s] of marks) {
    let cover = 0;
    for (const [a, b] of marks) if (a >= s && b <= s + length) cover += b - a;
    if (cover > bestCover) {
      bestCover = cover;
      bestStart = s;
    }
  }
  let from = Math.max(0, bestStart - Math.floor(length / 5));
  let to = Math.min(text.length, from + length);
  from = Math.max(0, to - length);
  // Cut at word boundaries so no syllable is shown in half (a window that opens on a word keeps it).
  if (from > 0 && text[from - 1] !== ' ') {
    const sp = text.indexOf(' ', from);
    if (sp >= 0 && sp < bestStart) from = sp + 1;
  }
  if (to < text.length) {
    const sp = text.lastIndexOf(' ', to);
    if (sp > from) to = sp;
  }
  return (from > 0 ? '… ' : '') + highlight(text, ranges, from, to) + (to < text.length ? ' …' : '');
}
