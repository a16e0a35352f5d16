// The stylesheet: the edges of fields and buttons stand out from the page (WCAG 1.4.11, 3:1).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEWS_DIR } from '../../src/web/app.js';

const css = readFileSync(path.join(VIEWS_DIR, 'static', 'app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

// Relative luminance of a #rrggbb colour (WCAG 2).
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('field borders', () => {
  it('contrast at least 3:1 with the page, on every rule that styles a field or a button', () => {
    const vars = Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]));
    const paper = vars.paper;
    expect(paper).toBeDefined();
    const rules = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].filter(([, selector]) => /\b(input|select|textarea)\b|\.copy\b/.test(selector));
    const colours = rules.flatMap(([, selector, body]) =>
      [...body.matchAll(/border(?:-color)?\s*:[^;]*?(#[0-9a-fA-F]{6}|var\(--([\w-]+)\))/g)].map((m) => ({ selector: selector.trim(), colour: m[1].startsWith('#') ? m[1] : vars[m[2]] })),
    );
    expect(colours.length).toBeGreaterThan(2);
    for (const { selector, colour } of colours) expect(contrast(colour, paper), selector).toBeGreaterThanOrEqual(3);
  });
});
