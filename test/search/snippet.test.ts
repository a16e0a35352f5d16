import { describe, expect, it } from 'vitest';
import { SNIPPET_LENGTH, SNIPPET_MOST, snippet } from '../../src/search/snippet.js';

// Filler words of different lengths, so that cuts can land anywhere inside a word.
const filler = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => ['một', 'hai', 'tỉnh', 'huyện', 'kế', 'hoạch'][(i + seed) % 6]).join(' ');
const rangesOf = (text: string, word: string): [number, number][] => {
  const out: [number, number][] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push([i, i + word.length]);
  return out;
};
// The visible text of a snippet: tags dropped, entities decoded.
const visible = (html: string) => html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const body = (html: string) => visible(html).replace(/^… /, '').replace(/ …$/, '');

describe('snippet', () => {
  it('shows a short text whole, without ellipses', () => {
    const text = 'Tỷ lệ giải ngân vốn đầu tư công đạt 45%.';
    expect(snippet(text, rangesOf(text, 'giải ngân'))).toBe('Tỷ lệ <mark>giải ngân</mark> vốn đầu tư công đạt 45%.');
  });

  it.each([
    ['at the start', `giải ngân ${filler(120)}`, false, true],
    ['in the middle', `${filler(60)} giải ngân ${filler(60, 3)}`, true, true],
    ['at the end', `${filler(120)} giải ngân`, true, false],
  ])('puts a match %s in view, with an ellipsis on each cut side', (_, text, before, after) => {
    const html = snippet(text, rangesOf(text, 'giải ngân'));
    expect(html).toContain('<mark>giải ngân</mark>');
    expect(html.startsWith('… ')).toBe(before);
    expect(html.endsWith(' …')).toBe(after);
    expect(body(html).length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  });

  it('cuts at word boundaries', () => {
    for (let seed = 0; seed < 6; seed++) {
      const text = `${filler(50, seed)} giải ngân ${filler(70, seed)}`;
      const shown = body(snippet(text, rangesOf(text, 'giải ngân')));
      const at = text.indexOf(shown);
      expect(at).toBeGreaterThan(0);
      expect(text[at - 1]).toBe(' ');
      expect(text[at + shown.length]).toBe(' ');
    }
  });

  it('does not drop a whole word when the window already starts at one', () => {
    // The window opens SNIPPET_LENGTH / 5 characters before the match, here on the first letter of an 'a'.
    const text = `${'a '.repeat(100)}giải ngân${' b'.repeat(200)}`;
    const from = text.indexOf('giải ngân') - Math.floor(SNIPPET_LENGTH / 5);
    expect(text.slice(from - 1, from + 1)).toBe(' a');
    expect(text.indexOf(body(snippet(text, rangesOf(text, 'giải ngân'))))).toBe(from);
  });

  it('centres on the densest cluster of matches, not the first match', () => {
    const text = `vốn ${filler(80)} vốn đầu tư vốn vốn ${filler(80, 2)}`;
    const html = snippet(text, rangesOf(text, 'vốn'));
    expect(html).toContain('<mark>vốn</mark> đầu tư <mark>vốn vốn</mark>');
    expect(html.startsWith('… ')).toBe(true);
  });

  it('centres on a phrase of the query rather than on more characters of its syllables found apart', () => {
    const text = `${Array.from({ length: 6 }, (_, i) => `vốn ${filler(5, i)}`).join(' ')} ${filler(80)} giải ngân vốn ${filler(60, 3)}`;
    const phrase = text.indexOf('giải ngân vốn');
    const html = snippet(text, [...rangesOf(text, 'vốn'), [phrase, phrase + 'giải ngân vốn'.length]]);
    expect(html).toContain('<mark>giải ngân vốn</mark>');
  });

  it('shows a quote longer than the snippet whole, as one mark', () => {
    const quote = filler(70, 4);
    expect(quote.length).toBeGreaterThan(SNIPPET_LENGTH);
    const text = `${filler(60)} ${quote} ${filler(60, 1)}`;
    const at = text.indexOf(quote);
    const html = snippet(text, [[at, at + quote.length]]);
    expect(html.match(/<mark>/g)).toHaveLength(1);
    expect(html).toContain(`<mark>${quote}</mark>`);
  });

  it('cuts a mark longer than the longest snippet (a word repeated down the paragraph, merged into one)', () => {
    const text = `${filler(20)} ${'lặp '.repeat(3000)}${filler(20, 1)}`;
    const html = snippet(text, rangesOf(text, 'lặp'));
    expect(body(html).length).toBeLessThanOrEqual(SNIPPET_MOST * SNIPPET_LENGTH);
    expect(html.endsWith(' …')).toBe(true);
  });

  it('never cuts a mark at the end of the window: each mark shown is whole', () => {
    for (let gap = 30; gap < 60; gap++) {
      const text = `${filler(40)} giải ngân ${filler(gap, gap)} giải ngân ${filler(80, 1)}`;
      const html = snippet(text, rangesOf(text, 'giải ngân'));
      for (const m of html.matchAll(/<mark>(.*?)<\/mark>/g)) expect(m[1], `gap ${gap}`).toBe('giải ngân');
    }
  });

  it('escapes the text around the marks', () => {
    const text = `<b>${filler(80)}</b> giải ngân ${filler(40)}`;
    const html = snippet(text, rangesOf(text, 'giải ngân'));
    expect(html).not.toMatch(/<(?!\/?mark>)/);
  });

  it('shows the beginning when there is nothing to mark', () => {
    const text = filler(200);
    const html = snippet(text, []);
    expect(html.startsWith('một')).toBe(true);
    expect(html.endsWith(' …')).toBe(true);
  });
});
