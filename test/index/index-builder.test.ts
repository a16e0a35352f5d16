import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IndexBuilder } from '../../src/index/index-builder.js';
import { finishIndex, indexFromArrays } from '../../src/index/finish-index.js';
import { bigram, FIELDS, type FieldName } from '../../src/index/fields.js';

// Paragraphs as term lists per field, from a small alphabet so that terms repeat within and across paragraphs.
const term = fc.constantFrom('giai', 'ngan', 'giải', 'ngân', 'giai+ngan', 'mường', 'tè', '01/nq-cp', 'a', 'ư', 'z');
const paragraph = fc.record({ f: fc.array(term, { maxLength: 12 }), x: fc.array(term, { maxLength: 12 }), b: fc.array(term, { maxLength: 12 }) });

// What a Map-of-Maps index would answer: term → paragraph → frequency.
function naive(paragraphs: Record<FieldName, string[]>[], field: FieldName): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  paragraphs.forEach((p, n) => {
    for (const t of p[field]) {
      if (!out.has(t)) out.set(t, new Map());
      const m = out.get(t) as Map<number, number>;
      m.set(n, (m.get(n) ?? 0) + 1);
    }
  });
  return out;
}

describe('IndexBuilder', () => {
  it('answers postings, document frequencies and lengths as a term → paragraph → frequency map would, for any paragraphs', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 30 }), (paragraphs) => {
        const builder = new IndexBuilder();
        paragraphs.forEach((p, n) => expect(builder.add(p)).toBe(n));
        const index = builder.finish();
        expect(index.paragraphCount).toBe(paragraphs.length);
        for (const field of FIELDS) {
          const expected = naive(paragraphs, field);
          expect(index.fields[field].terms.size).toBe(expected.size);
          for (const [t, m] of expected) {
            const p = index.postings(field, t);
            expect([...(p?.ids ?? [])]).toEqual([...m.keys()]);
            expect([...(p?.tfs ?? [])]).toEqual([...m.values()]);
            expect(index.df(field, t)).toBe(m.size);
          }
          expect(index.postings(field, 'absent')).toBeUndefined();
          paragraphs.forEach((p, n) => expect(index.fieldLength(n, field)).toBe(p[field].length));
        }
      }),
    );
  });

  it('keeps the terms of each field sorted, so that look-ups are binary searches', () => {
    const builder = new IndexBuilder();
    builder.add({ f: ['tè', 'a', 'mường', 'a'], x: [], b: [] });
    const terms = [...builder.finish().fields.f.terms];
    expect(terms).toEqual(['a', 'mường', 'tè']);
  });

  it('builds the same pair field from pairs of folded term ids as from the pair strings', () => {
    const words = fc.array(fc.constantFrom('giai', 'ngan', 'muong', 'te', 'a', 'ab', 'b', '01/nq-cp', 'z'), { maxLength: 10 });
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), (paragraphs) => {
        const byString = new IndexBuilder();
        const byIds = new IndexBuilder();
        for (const p of paragraphs) {
          const pairs = p.slice(1).map((w, i) => bigram(p[i], w));
          byString.add({ f: p, x: [], b: pairs });
          const f = p.map((w) => byIds.intern('f', w));
          byIds.addIds({ f, x: [], b: f.slice(1).map((id, i) => byIds.pair(f[i], id)) });
        }
        const a = byString.finish().fields.b;
        const b = byIds.finish().fields.b;
        expect([...b.terms]).toEqual([...a.terms]);
        expect([...b.starts]).toEqual([...a.starts]);
        expect([...b.ids]).toEqual([...a.ids]);
        expect([...b.tfs]).toEqual([...a.tfs]);
      }),
    );
  });

  it('keeps every posting when it grows past its first room for terms and entries', () => {
    // 6,000 distinct terms and 90,000 entries: past the 4,096 terms and 65,536 entries it starts with.
    const paragraphs = Array.from({ length: 300 }, (_, n) => {
      const terms = Array.from({ length: 300 }, (_, k) => `t${(n * 20 + k) % 6000}`);
      return { f: terms, x: [...terms, terms[0]], b: terms.slice(0, 3) };
    });
    const builder = new IndexBuilder();
    for (const p of paragraphs) builder.add(p);
    const index = builder.finish();
    for (const field of FIELDS) {
      const expected = naive(paragraphs, field);
      expect(index.fields[field].terms.size).toBe(expected.size);
      for (const t of ['t0', 't299', 't5999', 't3000']) {
        const m = expected.get(t);
        expect([...(index.postings(field, t)?.ids ?? [])]).toEqual([...(m?.keys() ?? [])]);
        expect([...(index.postings(field, t)?.tfs ?? [])]).toEqual([...(m?.values() ?? [])]);
      }
    }
  });

  it('refuses a term id that intern() or pair() never gave', () => {
    const builder = new IndexBuilder();
    const a = builder.intern('f', 'giai');
    expect(() => builder.addIds({ f: [a, a + 1], x: [], b: [] })).toThrow(/term id 1 of field f was not given/);
  });

  it('refuses pair terms given both as strings and as ids', () => {
    const builder = new IndexBuilder();
    builder.intern('b', bigram('giai', 'ngan'));
    expect(() => builder.pair(builder.intern('f', 'giai'), builder.intern('f', 'ngan'))).toThrow(/pair\(\) or intern\(\), not both/);
  });

  it('hands over its arrays once: finishing them elsewhere gives the index finish() gives', () => {
    const make = () => {
      const builder = new IndexBuilder();
      builder.add({ f: ['giai', 'ngan', 'giai'], x: ['giải', 'ngân'], b: ['giai+ngan'] });
      builder.add({ f: ['muong', 'te'], x: ['mường', 'tè'], b: ['muong+te'] });
      return builder;
    };
    const handed = make();
    const index = indexFromArrays(finishIndex(handed.parts()));
    const expected = make().finish();
    for (const f of FIELDS) {
      expect([...index.fields[f].terms]).toEqual([...expected.fields[f].terms]);
      expect([...index.fields[f].ids]).toEqual([...expected.fields[f].ids]);
      expect([...index.fields[f].tfs]).toEqual([...expected.fields[f].tfs]);
    }
    expect(() => handed.parts()).toThrow(/handed over/);
    expect(() => handed.finish()).toThrow(/handed over/);
    expect(() => handed.add({ f: ['a'], x: [], b: [] })).toThrow(/handed over/);
  });
});
