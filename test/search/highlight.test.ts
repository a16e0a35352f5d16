import { describe, expect, it } from 'vitest';
import { escapeHtml, highlight, mergeRanges } from '../../src/search/highlight.js';

describe('escapeHtml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"quoted" and 'single'`, '&quot;quoted&quot; and &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['Ủy ban nhân dân', 'Ủy ban nhân dân'],
  ])('%j → %j', (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });
});

describe('mergeRanges', () => {
  const text = 'giải ngân vốn, kinh tế - xã hội và đầu tư';
  const at = (word: string): [number, number] => [text.indexOf(word), text.indexOf(word) + word.length];
  it.each([
    ['sorted and unchanged when apart', [at('vốn'), at('đầu')], [at('vốn'), at('đầu')]],
    ['sorted', [at('đầu'), at('vốn')], [at('vốn'), at('đầu')]],
    ['joined across a space', [at('giải'), at('ngân')], [[0, at('ngân')[1]]]],
    ['joined across a dash', [at('tế'), at('xã')], [[at('tế')[0], at('xã')[1]]]],
    ['kept apart across a comma', [at('vốn'), at('kinh')], [at('vốn'), at('kinh')]],
    ['overlapping ones joined', [[0, 6], [2, 9]], [[0, 9]]],
    ['nested ones joined', [[0, 9], [2, 4]], [[0, 9]]],
    ['empty ones dropped', [[3, 3], at('vốn')], [at('vốn')]],
  ] as [string, [number, number][], [number, number][]][])('%s', (_, ranges, merged) => {
    expect(mergeRanges(text, ranges)).toEqual(merged);
  });

  it('does not change its input', () => {
    const ranges: [number, number][] = [[5, 9], [0, 4]];
    mergeRanges(text, ranges);
    expect(ranges).toEqual([[5, 9], [0, 4]]);
  });
});

describe('highlight', () => {
  it.each([
    ['no ranges', 'a <b> c', [], 'a &lt;b&gt; c'],
    ['markup in the text stays text', '<script>x</script> giải ngân', [[19, 28]], '&lt;script&gt;x&lt;/script&gt; <mark>giải ngân</mark>'],
    ['markup inside a match is escaped too', 'a <b> c', [[2, 5]], 'a <mark>&lt;b&gt;</mark> c'],
    ['adjacent words make one mark', 'giải ngân vốn', [[0, 4], [5, 9]], '<mark>giải ngân</mark> vốn'],
    ['a range at the start', 'giải ngân', [[0, 4]], '<mark>giải</mark> ngân'],
    ['a range at the end', 'giải ngân', [[5, 9]], 'giải <mark>ngân</mark>'],
    ['a range over the whole text', 'giải ngân', [[0, 9]], '<mark>giải ngân</mark>'],
    ['a range past the end is cut', 'giải', [[2, 40]], 'gi<mark>ải</mark>'],
    ['an empty range marks nothing', 'giải ngân', [[4, 4]], 'giải ngân'],
  ] as [string, string, [number, number][], string][])('%s', (_, text, ranges, html) => {
    expect(highlight(text, ranges)).toBe(html);
  });

  it('shows only the window [from, to), cutting marks at its edges', () => {
    const text = 'một hai ba bốn năm';
    expect(highlight(text, [[4, 10]], 6, 14)).toBe('<mark>i ba</mark> bốn');
    expect(highlight(text, [[0, 3], [15, 18]], 4, 14)).toBe('hai ba bốn');
  });
});
