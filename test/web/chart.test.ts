// The server-drawn chart of mentions over time.
import { describe, expect, it } from 'vitest';
import { barChart, countBar, timeBars } from '../../src/web/chart.js';

describe('timeBars', () => {
  it('counts by month within two years, with empty months shown', () => {
    expect(timeBars(['2022-06', '2022-06-23', '2022-08'])).toEqual({
      by: 'month',
      undated: 0,
      bars: [
        { label: '06/2022', value: 2 },
        { label: '07/2022', value: 0 },
        { label: '08/2022', value: 1 },
      ],
    });
  });

  it('counts by year over a longer span, or when a date has no month, and counts undated items apart', () => {
    expect(timeBars(['2019-01', '2022-03', undefined])).toEqual({ by: 'year', undated: 1, bars: ['2019', '2020', '2021', '2022'].map((label, i) => ({ label, value: i === 0 || i === 3 ? 1 : 0 })) });
    expect(timeBars(['2022', '2022-05']).by).toBe('year');
    expect(timeBars([undefined])).toEqual({ by: 'year', undated: 1, bars: [] });
  });

  it('counts each date as many times as its weight (a document and its number of mentions)', () => {
    expect(timeBars(['2023-03', undefined, '2023-01'], [5, 2, 1])).toEqual({
      by: 'month',
      undated: 2,
      bars: [
        { label: '01/2023', value: 1 },
        { label: '02/2023', value: 0 },
        { label: '03/2023', value: 5 },
      ],
    });
  });
});

it('takes more dates than a call takes arguments (one per mention of an entity)', () => {
  const dates = Array.from({ length: 300_000 }, (_, i) => (i % 2 ? '2021-03' : '2022-07'));
  const { bars, by } = timeBars(dates);
  expect(by).toBe('month');
  expect(bars[0]).toEqual({ label: '03/2021', value: 150_000 });
  expect(barChart(bars)).toContain('<svg');
});

describe('barChart', () => {
  it('draws one rectangle per bar, heights in proportion, labels escaped, no script or style', () => {
    const svg = barChart([{ label: '<b>', value: 2 }, { label: 'x', value: 1 }], { height: 100 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    const heights = [...svg.matchAll(/height="(\d+)" fill/g)].map((m) => Number(m[1]));
    expect(heights[0]).toBe(2 * heights[1]);
    expect(svg).toContain('&#60;b&#62;');
    expect(svg).not.toMatch(/<script|style=/);
  });
});

describe('countBar', () => {
  it('draws a bar as long as its share of the largest, at least a pixel for any count, hidden from screen readers', () => {
    const width = (svg: string) => Number(/<rect [^>]*width="(\d+)"/.exec(svg)?.[1]);
    expect(width(countBar(50, 100, { width: 120 }))).toBe(60);
    expect(width(countBar(100, 100, { width: 120 }))).toBe(120);
    expect(width(countBar(1, 100_000))).toBe(1);
    expect(width(countBar(0, 10))).toBe(0);
    expect(countBar(3, 4)).toContain('aria-hidden="true"');
    expect(countBar(3, 4)).not.toMatch(/style=|<script/);
  });
});
