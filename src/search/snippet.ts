import { highlight, mergeRanges } from './highlight.js';

/** Length of a snippet in characters (default 260). */
export const SNIPPET_LENGTH = 260;

/** Longest snippet, in snippet lengths, that a long mark may stretch it to (4: 1,040 characters). */
export const SNIPPET_MOST = 4;

/**
 * Escaped HTML of the part of the text around its best match, with the matches marked. The window
 * chosen shows the most of the matches, a mark weighing the square of its length: one phrase of the
 * query outweighs as many characters of its syllables found apart. The mark it opens on is shown
 * whole up to SNIPPET_MOST lengths (a pasted quote), and no other mark is cut at its end.
 */
export function snippet(text: string, ranges: [number, number][], length = SNIPPET_LENGTH): string {
  if (text.length <= length) return highlight(text, ranges);
  const marks = mergeRanges(text, ranges);
  const lead = Math.floor(length / 5);
  // A mark is shown whole up to this much: a pasted quote (a query holds at most 1,000 characters),
  // not a word repeated down a whole paragraph, whose occurrences merge into one mark.
  const most = SNIPPET_MOST * length;
  // The window opening a little before mark i, as it will be shown.
  const windowAt = (i: number): [number, number] => {
    const [start, end] = marks[i];
    let from = Math.max(0, start - lead);
    const to = Math.min(text.length, Math.max(from + length, Math.min(end, from + most)));
    if (to - from < length) from = Math.max(0, to - length);
    return [from, to];
  };
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < marks.length; i++) {
    const [from, to] = windowAt(i);
    let score = 0;
    for (const [a, b] of marks) if (a >= from && b <= to) score += (b - a) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  const anchor = best >= 0 ? marks[best] : [0, 0];
  let [from, to] = best >= 0 ? windowAt(best) : [0, length];
  // Cut at word boundaries so no syllable is shown in half (a window that opens on a word keeps it).
  if (from > 0 && text[from - 1] !== ' ') {
    const sp = text.indexOf(' ', from);
    if (sp >= 0 && sp < anchor[0]) from = sp + 1;
  }
  // A mark the end would cut is left out whole, unless it is the one the window is for.
  for (const [a, b] of marks) if (a < to && b > to && a > anchor[1]) to = a;
  if (to < text.length) {
    const sp = text.lastIndexOf(' ', to);
    if (sp >= anchor[1] && sp > from) to = sp;
    else if (to < anchor[1]) to = Math.min(anchor[1], from + most);
  }
  return (from > 0 ? '… ' : '') + highlight(text, ranges, from, to) + (to < text.length ? ' …' : '');
}
