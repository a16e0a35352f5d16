import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitLines, trimLines, type Line } from '../../src/ingest/line.js';

describe('splitLines', () => {
  it('gives every line the offsets of its text in the source', () => {
    const source = 'một\n\nhai ba\n';
    const lines = splitLines(source);
    expect(lines.map((l) => l.text)).toEqual(['một', '', 'hai ba', '']);
    for (const l of lines) expect(source.slice(l.start, l.end)).toBe(l.text);
  });
});

describe('trimLines', () => {
  it('moves offsets to the trimmed text and treats NBSP-only lines as blank', () => {
    const source = '  Lai Châu  \n\u00a0\n';
    const [a, b] = trimLines(splitLines(source));
    expect(a.text).toBe('Lai Châu');
    expect(source.slice(a.start, a.end)).toBe('Lai Châu');
    expect(b.text).toBe('');
  });
});

describe('trimLines', () => {
  it('gives every line the text and offsets that trimming both ends gives, also the lines it passes through untouched', () => {
    const piece = fc.constantFrom('ngân', 'Ủy', ' ', '\u00a0', '\t', '\u200b', '\u2060', '\ufeff', '\u3000', '.', '𝐀', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.nat(3), (pieces, extra) => {
        const text = pieces.join('');
        const line: Line = { text, start: 10, end: 10 + text.length + (extra === 0 ? 1 : 0) };
        const lead = text.length - text.replace(/^[\s\u200b\u200c\u200d\u2060]+/, '').length;
        const trimmed = text.replace(/^[\s\u200b\u200c\u200d\u2060]+|[\s\u200b\u200c\u200d\u2060]+$/g, '');
        const start = trimmed ? line.start + lead : line.start;
        expect(trimLines([line])[0]).toEqual({ ...line, text: trimmed, start, end: trimmed ? start + trimmed.length : line.start });
      }),
      { numRuns: 2000 },
    );
  });
});
