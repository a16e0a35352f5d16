// Turning engine offsets into safe HTML: every character from a document is escaped, and only
// the <mark> tags we add here are markup.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Text plus [start, end) match ranges → escaped HTML with each match wrapped in <mark>. */
export function markRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  // Ranges come from the engine and may overlap (a phrase and its words) or arrive unsorted;
  // merging them keeps the marks from nesting, which would read as a double highlight.
  const merged = mergeRanges(ranges, text.length);
  let html = '';
  let at = 0;
  for (const [start, end] of merged) {
    html += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Sorted, non-overlapping ranges clipped to [0, length]; empty ranges dropped. */
function mergeRanges(ranges: readonly (readonly [number, number])[], length: number): [number, number][] {
  const sorted = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
