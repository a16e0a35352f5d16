// The README's example answers are the app's own on the seed reports: each `GET …` it shows with an
// answer is asked of the app, and the answer must match what the README prints, so that a change
// of the API or of the seeds' results cannot leave the README telling an old story.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedApp } from './web/fixture.js';

const README = readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8');

/** One documented request: its path, the status it answers (200 unless written) and the answer shown. */
interface Example {
  request: string;
  status: number;
  answer: unknown;
}

// Two forms: "`GET /path` → `[status ]{…}`" in running text, and "`GET /path` answers `200`:" before a json block.
const INLINE = /`GET ([^`]+)` →\s+`(?:(\d{3}) )?(\{[^`]*\})`/g;
const BLOCK = /`GET ([^`]+)` answers `(\d{3})`:\s*```json\n([\s\S]*?)```/g;

/** Every example answer the README gives, parsed. */
function readmeExamples(text: string): Example[] {
  const found: Example[] = [];
  for (const pattern of [INLINE, BLOCK]) {
    for (const m of text.matchAll(pattern)) found.push({ request: m[1], status: Number(m[2] ?? 200), answer: JSON.parse(m[3]) });
  }
  return found;
}

const ANY = '…';

/**
 * Where `shown` differs from `actual`, as a list of JSON paths (empty when it matches). "…" matches any
 * value; a string holding "…" matches any text in its place; an array whose last item is "…" shows
 * the first items of a longer one; an object shows some of the fields of the answer's.
 */
function differences(shown: unknown, actual: unknown, at = '$'): string[] {
  if (shown === ANY) return [];
  if (typeof shown === 'string' && shown.includes(ANY) && typeof actual === 'string') {
    const pattern = new RegExp(`^${shown.split(ANY).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
    return pattern.test(actual) ? [] : [`${at}: ${JSON.stringify(actual)} does not read as ${JSON.stringify(shown)}`];
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return [`${at}: not an array`];
    const open = shown.at(-1) === ANY;
    const items = open ? shown.slice(0, -1) : shown;
    if (open ? actual.length < items.length : actual.length !== items.length) return [`${at}: ${actual.length} items, the README shows ${open ? 'at least ' : ''}${items.length}`];
    return items.flatMap((item, i) => differences(item, actual[i], `${at}[${i}]`));
  }
  if (shown && typeof shown === 'object') {
    if (!actual || typeof actual !== 'object') return [`${at}: not an object`];
    return Object.entries(shown).flatMap(([key, value]) => (key in actual ? differences(value, (actual as Record<string, unknown>)[key], `${at}.${key}`) : [`${at}.${key}: missing`]));
  }
  return Object.is(shown, actual) ? [] : [`${at}: ${JSON.stringify(actual)}, the README says ${JSON.stringify(shown)}`];
}

describe('comparing a documented answer', () => {
  it('takes "…" for any value, any text within a string, and more items at the end of an array', () => {
    expect(differences({ a: '…', b: 'x … z', c: [1, '…'] }, { a: [9], b: 'x yy z', c: [1, 2, 3], d: 4 })).toEqual([]);
  });

  it('finds a wrong number, a missing field, an array of another length and text that does not fit', () => {
    expect(differences({ n: 312, m: 1, c: [1], s: 'a…b' }, { n: 197, c: [1, 2], s: 'xab' })).toEqual([
      '$.n: 197, the README says 312',
      '$.m: missing',
      '$.c: 2 items, the README shows 1',
      '$.s: "xab" does not read as "a…b"',
    ]);
  });
});

describe('the README', () => {
  const seeds = seedApp();

  const examples = readmeExamples(README);

  it('shows the answers of the search, suggest, health, entities and error examples', () => {
    const paths = examples.map((e) => e.request.split('?')[0]);
    for (const endpoint of ['/api/search', '/api/suggest', '/healthz', '/api/entities']) expect(paths).toContain(endpoint);
    expect(examples.some((e) => e.status === 400)).toBe(true);
  });

  it.each(examples.map((e) => [e.request, e] as const))('answers GET %s as it shows', async (_, example) => {
    const response = await fetch(new URL(example.request, seeds.app.url));
    expect(response.status).toBe(example.status);
    expect(differences(example.answer, await response.json())).toEqual([]);
  });
});
