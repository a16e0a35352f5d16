// A document's table of contents, read from its paragraphs' heading paths rather than from its
// heading lines alone: an indexer that merged a heading into the paragraph it opens ('Điều 5.
// Hàng hóa …' as one body paragraph) still gives that paragraph the new path, so every section is
// found where it starts.
import type { OutlineEntry } from './results.js';

/** Characters of a heading line kept in an outline entry (the rest is cut at a space). */
export const OUTLINE_TEXT = 72;

/** What the outline reads of a document's paragraphs, by their 0-based place in it. */
export interface OutlineSource {
  /** Paragraphs in the document. */
  count: number;
  /** Heading path of the i-th paragraph. */
  heading(i: number): readonly string[];
  /** Paragraph number of the i-th paragraph (1-based, as in `#p12`). */
  paragraph(i: number): number;
  /** Text of the i-th paragraph, read only where a section starts. */
  text(i: number): string;
}

// A line cut to at most `max` characters at a space, with an ellipsis when cut.
function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const space = line.lastIndexOf(' ', max - 1);
  return line.slice(0, space > max / 2 ? space : max - 1) + '…';
}

// Whether a paragraph opens with its section's label ('Điều 5. Phạm vi…' for 'Điều 5', 'a) Khái niệm' for 'a)').
function opensWith(text: string, label: string): boolean {
  const t = text.trimStart().toLocaleLowerCase('vi');
  const l = label.trim().toLocaleLowerCase('vi');
  return l !== '' && t.startsWith(l) && !/[\p{L}\p{N}]/u.test(t.charAt(l.length));
}

/**
 * Every section start of a document: wherever a paragraph's heading path leaves the previous one's,
 * each level from there down opens a section at that paragraph. A section opening with its heading
 * line shows that line (cut to OUTLINE_TEXT characters), else its label.
 */
export function documentOutline(source: OutlineSource): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  // Paths met so far: a path met again opens a section only with a heading line of its own (a table
  // repeating 'A. NHẬP CẢNH' under one Phụ lục); without one, it is the text going back to a section
  // after a stray line gave it another path, not a new section.
  const met = new Set<string>();
  let previous: readonly string[] = [];
  for (let i = 0; i < source.count; i++) {
    const path = source.heading(i);
    if (path === previous) continue;
    let same = 0;
    while (same < path.length && same < previous.length && path[same] === previous[same]) same++;
    if (same < path.length) {
      const text = source.text(i);
      for (let k = same; k < path.length; k++) {
        const label = path[k].trim();
        const key = path.slice(0, k + 1).join('\u0000');
        const heading = k === path.length - 1 && opensWith(text, label);
        if (met.has(key) && !heading) continue;
        met.add(key);
        out.push({ paragraph: source.paragraph(i), depth: k + 1, label, text: heading ? cut(text, OUTLINE_TEXT) : label });
      }
    }
    previous = path;
  }
  return out;
}
