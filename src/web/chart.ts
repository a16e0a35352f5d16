// A bar chart of mentions over time, drawn as SVG on the server: the entity pages carry no script,
// and the security policy forbids inline styles, so shapes take presentation attributes only.

/** One bar: its label and value. */
export interface Bar {
  label: string;
  value: number;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Counts per period from ISO dates ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'): by month when the dated items span
 * at most two years and every one has a month, by year otherwise; every period between the first and
 * the last is a bar, empty ones included, so that gaps show. Undated items are counted apart. The i-th
 * date stands for `weights[i]` items (default 1 each: one date per item).
 */
export function timeBars(dates: readonly (string | undefined)[], weights?: readonly number[]): { bars: Bar[]; by: 'month' | 'year'; undated: number } {
  const weight = (i: number) => weights?.[i] ?? 1;
  const datedAt: number[] = [];
  let undated = 0;
  dates.forEach((d, i) => (d && /^\d{4}/.test(d) ? datedAt.push(i) : (undated += weight(i))));
  const dated = datedAt.map((i) => dates[i] as string);
  if (!dated.length) return { bars: [], by: 'year', undated };
  const years = dated.map((d) => Number(d.slice(0, 4)));
  // Folds, not Math.min(...years): there is one year per mention, more than a call takes as arguments.
  const first = years.reduce((a, b) => Math.min(a, b));
  const last = years.reduce((a, b) => Math.max(a, b));
  const monthly = last - first <= 1 && dated.every((d) => /^\d{4}-\d{2}/.test(d));
  const counts = new Map<string, number>();
  datedAt.forEach((i, k) => {
    const key = monthly ? dated[k].slice(0, 7) : dated[k].slice(0, 4);
    counts.set(key, (counts.get(key) ?? 0) + weight(i));
  });
  const bars: Bar[] = [];
  if (monthly) {
    const keys = [...counts.keys()].sort();
    let [y, m] = keys[0].split('-').map(Number);
    const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      bars.push({ label: `${String(m).padStart(2, '0')}/${y}`, value: counts.get(key) ?? 0 });
      if (++m > 12) [y, m] = [y + 1, 1];
    }
  } else {
    for (let y = first; y <= last; y++) bars.push({ label: String(y), value: counts.get(String(y)) ?? 0 });
  }
  return { bars, by: monthly ? 'month' : 'year', undated };
}

/** Options of barChart(); each has a default. */
export interface ChartOptions {
  /** Drawing height in pixels, bars and labels; default 180. */
  height?: number;
  /** Width of one bar's slot in pixels; default 36. */
  slot?: number;
  /** Accessible title of the figure; default 'Biểu đồ'. */
  title?: string;
}

/** The bars as an SVG element (escaped, no script, no style attribute), each bar with its value above and label below. */
export function barChart(bars: readonly Bar[], options: ChartOptions = {}): string {
  const height = options.height ?? 180;
  const slot = options.slot ?? 36;
  const top = 18;
  // Labels turn slantwise past 12 bars, and then need more room below the axis.
  const slanted = bars.length > 12;
  const bottom = slanted ? 44 : 34;
  // ... and to the left of the first bar, where its label ends.
  const left = slanted ? 26 : 0;
  const plot = height - top - bottom;
  const max = bars.reduce((m, b) => Math.max(m, b.value), 1);
  const width = Math.max(left + slot * bars.length, 120);
  const parts = bars.map((b, i) => {
    const h = Math.round((b.value / max) * plot);
    const x = left + i * slot + 4;
    const y = top + plot - h;
    const cx = left + i * slot + slot / 2;
    return (
      `<g class="bar"><title>${escapeXml(`${b.label}: ${b.value.toLocaleString('vi-VN')}`)}</title>` +
      `<rect x="${x}" y="${y}" width="${slot - 8}" height="${h}" fill="#2b6cb0"></rect>` +
      (b.value ? `<text x="${cx}" y="${y - 4}" text-anchor="middle" font-size="11" fill="#333">${b.value.toLocaleString('vi-VN')}</text>` : '') +
      // A slanted label ends under its bar and runs down to the left.
      `<text x="${cx}" y="${height - bottom + 14}" text-anchor="${slanted ? 'end' : 'middle'}" font-size="10" fill="#555"${slanted ? ` transform="rotate(-45 ${cx} ${height - bottom + 14})"` : ''}>${escapeXml(b.label)}</text></g>`
    );
  });
  const title = escapeXml(options.title ?? 'Biểu đồ');
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title>${title}</title><line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#999"></line>${parts.join('')}</svg>`
  );
}

/** Options of countBar(); each has a default. */
export interface CountBarOptions {
  /** Width in pixels of the longest bar (the value `max`); default 120. */
  width?: number;
  /** Height in pixels; default 10. */
  height?: number;
}

/**
 * One horizontal bar for a table row, `value` out of `max`, as SVG (the policy forbids the inline style
 * a CSS width would need): hidden from screen readers, since the row states the number beside it.
 */
export function countBar(value: number, max: number, options: CountBarOptions = {}): string {
  const width = options.width ?? 120;
  const height = options.height ?? 10;
  // At least one pixel, so that a document with one mention among thousands still shows a bar.
  const w = value > 0 ? Math.max(1, Math.round((value / Math.max(max, 1)) * width)) : 0;
  return `<svg class="count-bar" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect x="0" y="0" width="${w}" height="${height}" fill="#2b6cb0"></rect></svg>`;
}
