// The candidates reader against the embedded index, on the seeds across two shards: for every query of
// the development set, the paragraphs holding all its words, each of its phrases and each glossary
// alternative are those the embedded index's postings (and, for phrases, the engine's matcher) give.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/index/build.js';
import { loadIndex, type StoredIndex } from '../../../src/index/store.js';
import { parseQuery, queryWords, type QueryWord } from '../../../src/search/query.js';
import { paragraphWords, phraseOccurrences, wordsAsGroups } from '../../../src/search/match.js';
import { connect } from '../../../src/store/postgres/connection.js';
import { loadCollection } from '../../../src/store/postgres/load-collection.js';
import { pairFrequency, readCandidates, termFrequency, type Candidate } from '../../../src/store/postgres/candidates.js';
import { phraseNeedle, wordNeedle, type Needle } from '../../../src/store/postgres/tsquery.js';
import { startTestCluster, type TestCluster } from './pg-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEEDS = path.join(ROOT, 'seeds');
const QUERIES = (JSON.parse(readFileSync(path.join(ROOT, '../shared/eval/dev-queries.json'), 'utf8')) as { queries: { id: string; q: string; phrases?: string[] }[] }).queries;

let cluster: TestCluster;
let client: pg.Client;
let index: StoredIndex;
const scratch = mkdtempSync(path.join(tmpdir(), 'pg-candidates-test-'));

beforeAll(async () => {
  cluster = await startTestCluster(2);
  await loadCollection({ input: SEEDS, db: cluster.url, shards: cluster.shardUrls, workers: false });
  client = await connect(cluster.url);
  await buildIndex({ input: SEEDS, out: scratch, workers: false });
  index = loadIndex(scratch);
});
afterAll(async () => {
  await client?.end();
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// Paragraph numbers of the embedded index holding a word: its folded term, or every part of a compound.
function wordSet(w: QueryWord, field: 'f' | 'x' = 'f'): Set<number> {
  const ids = (term: string, f: 'f' | 'x') => new Set(index.index.postings(f, term)?.ids ?? []);
  if (field === 'x') return ids(w.exact, 'x');
  const whole = ids(w.term, 'f');
  if (!w.parts.length) return whole;
  const parts = w.parts.map((p) => ids(p, 'f'));
  for (const n of parts[0]) if (parts.every((s) => s.has(n))) whole.add(n);
  return whole;
}

const intersect = (sets: Set<number>[]): Set<number> => new Set([...sets[0]].filter((n) => sets.every((s) => s.has(n))));
const ids = (ns: Iterable<number>): string[] => [...ns].map((n) => index.paragraphs.get(n).id).sort();
const candidateIds = (cs: Candidate[]): string[] => cs.map((c) => `${c.doc}#p${c.paragraph}`).sort();

// Paragraphs holding the words as a phrase, by the engine's matcher over the embedded paragraphs' texts.
function phraseSet(words: QueryWord[]): Set<number> {
  const out = new Set<number>();
  for (const n of intersect(words.map((w) => wordSet(w)))) {
    if (phraseOccurrences(wordsAsGroups(words), paragraphWords(index.paragraphs.text(n)), false).length) out.add(n);
  }
  return out;
}

// Beyond the development set: compounds found only through their parts (inside 1714/BKHĐT-TH, 01/NQ-CP),
// and a phrase ending in one.
const EXTRA: { id: string; q: string; phrases?: string[] }[] = [
  { id: 'x1', q: 'BKHĐT-TH' },
  { id: 'x2', q: 'NQ-CP' },
  { id: 'x3', q: 'Nghị quyết số 01/NQ-CP' },
];
const clauses = [...QUERIES, ...EXTRA].map((q) => ({ ...q, parsed: parseQuery(q.q) }));

describe('candidates from PostgreSQL, against the embedded index on the seeds', () => {
  it.each(clauses.map((c) => [c.id, c.q, c]))('%s «%s»: the paragraphs holding every word, folded and as typed', async (_id, _q, c) => {
    const words = c.parsed.clauses.flatMap((cl) => cl.words);
    const expected = ids(intersect(words.map((w) => wordSet(w))));
    if (c.id.startsWith('x')) expect(expected.length).toBeGreaterThan(0);
    expect(candidateIds(await readCandidates(client, { needles: words.map(wordNeedle) }))).toEqual(expected);
    const exact = ids(intersect(words.map((w) => wordSet(w, 'x'))));
    expect(candidateIds(await readCandidates(client, { needles: words.map(wordNeedle), field: 'x' }))).toEqual(exact);
  });

  it.each(clauses.map((c) => [c.id, c.q, c]))('%s «%s»: the paragraphs holding each clause and each pair of words as a phrase', async (_id, _q, c) => {
    const phrases: QueryWord[][] = [];
    for (const cl of c.parsed.clauses) {
      if (cl.words.length > 1) phrases.push(cl.words);
      for (let i = 1; i < cl.words.length && cl.words.length > 2; i++) phrases.push(cl.words.slice(i - 1, i + 1));
    }
    for (const words of phrases) {
      const label = words.map((w) => w.surface).join(' ');
      expect(candidateIds(await readCandidates(client, { needles: [phraseNeedle(words)] })), label).toEqual(ids(phraseSet(words)));
    }
  });

  it.each(clauses.filter((c) => c.phrases).map((c) => [c.id, c.q, c]))('%s «%s»: a unit of glossary alternatives holds any of them', async (_id, _q, c) => {
    const alternatives = (c.phrases ?? []).map((p) => queryWords(p));
    const needle: Needle = [{ alternatives: alternatives.map((words) => ({ words })) }];
    const expected = new Set<number>();
    for (const words of alternatives) for (const n of words.length > 1 ? phraseSet(words) : wordSet(words[0])) expected.add(n);
    expect(candidateIds(await readCandidates(client, { needles: [needle] }))).toEqual(ids(expected));
  });

  it('gives the term and pair frequencies of the embedded postings, and the field lengths', async () => {
    const words = queryWords('giải ngân vốn');
    const found = await readCandidates(client, { needles: words.map(wordNeedle), mode: 'any' });
    expect(found.length).toBeGreaterThan(10);
    const pairs = [index.index.postings('b', 'giai+ngan'), index.index.postings('b', 'ngan+von')];
    for (const c of found) {
      const n = index.paragraphs.columns.docNames.indexOf(c.doc);
      const row = [...Array(index.paragraphs.length).keys()].find((k) => index.paragraphs.docIndex(k) === n && index.paragraphs.columns.paragraph[k] === c.paragraph) as number;
      for (const w of words) {
        expect(termFrequency(c.folded, w.term)).toBe(index.index.postings('f', w.term)?.get(row) ?? 0);
        expect(termFrequency(c.exact, w.exact)).toBe(index.index.postings('x', w.exact)?.get(row) ?? 0);
      }
      expect(pairFrequency(c.folded, 'giai', 'ngan')).toBe(pairs[0]?.get(row) ?? 0);
      expect(pairFrequency(c.folded, 'ngan', 'von')).toBe(pairs[1]?.get(row) ?? 0);
      expect(c.lengths).toEqual({ f: index.index.fieldLength(row, 'f'), x: index.index.fieldLength(row, 'x'), b: index.index.fieldLength(row, 'b') });
    }
  });

  it('leaves out the paragraphs of excluded words', async () => {
    const [giai, ngan] = queryWords('giải ngân');
    const all = await readCandidates(client, { needles: [wordNeedle(giai)] });
    const without = await readCandidates(client, { needles: [wordNeedle(giai)], exclude: [wordNeedle(ngan)] });
    expect(candidateIds(without)).toEqual(ids([...wordSet(giai)].filter((n) => !wordSet(ngan).has(n))));
    expect(without.length).toBeLessThan(all.length);
  });
});
