/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Sorts ranges and merges overlapping ones, and ones separated only by spaces or a dash, into one mark. */
export function mergeRanges(text: string, ranges: [number, number][]): [number, number][] {
  // An empty range would print an empty <mark>, or stretch a neighbour's mark over half a word.
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (r[0] <= last[1] || /^[\s\-–]*$/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The text as escaped HTML with each range wrapped in <mark>; ranges are offsets into the original text. */
export function highlight(text: string, ranges: [number, number][], from = 0, to = text.length): string {
  let html = '';
  let at = from;
  for (const [s, e] of mergeRanges(text, ranges)) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    html += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return html + escapeHtml(text.slice(at, to));
}
