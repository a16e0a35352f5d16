// Lines of decoded text with their offsets into it: what every cleaning step (clean, pagination,
// reflow, chunk) takes and gives back, so that each can keep its spans true to the source.

/** One line of the decoded text; `text` may be cleaned while [start, end) stays the span it came from. */
export interface Line {
  text: string;
  start: number;
  end: number;
  /** Footnote marks the line refers to (plain digits), in reading order. */
  marks?: string[];
  /** Set when the line is a footnote's own text: its mark (plain digits). */
  footnote?: string;
  /** Set when cleaning saw signs of a photo caption (an image placeholder before it, or a repeat). */
  caption?: boolean;
  /** Set for the titles and numbers of other documents or articles a page links to. */
  related?: boolean;
  /** Set on a blank line standing where page furniture was removed: a break a paragraph may run across. */
  pageBreak?: boolean;
}

/** Splits decoded text into lines (without the '\n'), each with its offsets. */
export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl;
    lines.push({ text: source.slice(start, end), start, end });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

// \s covers NBSP (web pages use '&nbsp;' lines as spacers); zero-width spaces are invisible as well.
const EDGE_SPACE = /^[\s\u200b\u200c\u200d\u2060]+|[\s\u200b\u200c\u200d\u2060]+$/g;

const EDGE_CHAR = /[\s\u200b\u200c\u200d\u2060]/;
// True when the character at i is one that trimming removes; printable ASCII never is.
const trimmable = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return (c <= 0x20 || c >= 0x7f) && EDGE_CHAR.test(text[i]);
};

/** Trims each line and moves its offsets to the trimmed text, so a blank line is text ''. */
export function trimLines(lines: Line[]): Line[] {
  return lines.map((line) => {
    const t = line.text;
    // Most lines have nothing to trim and offsets that already fit their text.
    if (t && !trimmable(t, 0) && !trimmable(t, t.length - 1) && line.end === line.start + t.length) return line;
    const lead = line.text.length - line.text.replace(/^[\s\u200b\u200c\u200d\u2060]+/, '').length;
    const text = line.text.replace(EDGE_SPACE, '');
    const start = text ? line.start + lead : line.start;
    return { ...line, text, start, end: text ? start + text.length : line.start };
  });
}
