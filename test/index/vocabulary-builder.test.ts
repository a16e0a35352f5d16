import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeVocabulary, finishVocabulary, finishVocabularyEncoded, termNames, VocabularyBuilder, type WordSpans } from '../../src/index/vocabulary-builder.js';
import { termRanks } from '../../src/index/finish-index.js';

// Any strings as surfaces and terms, those JSON must escape included: quotes, backslashes, controls, lone surrogates.
const piece = fc.constantFrom('giai', 'ngân', 'Ủy', 'ban', 'a"b', 'c\\d', '\u0001', '\ud800', '😀', 'x');

describe('finishVocabularyEncoded', () => {
  it('writes the bytes encodeVocabulary gives for the vocabulary finishVocabulary gives, for any words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(piece, piece, fc.boolean()), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (paragraphs, caseless) => {
          const builder = new VocabularyBuilder({ minPairCount: 1, minTripleCount: 1 });
          const terms: string[] = [];
          const termIds = new Map<string, number>();
          const termId = (t: string) => termIds.get(t) ?? (termIds.set(t, terms.push(t) - 1), terms.length - 1);
          for (const words of paragraphs) {
            const n = words.length;
            const spans: WordSpans = { surface: new Uint32Array(n), lower: new Uint32Array(n), term: new Uint32Array(n), joined: new Uint8Array(n) };
            words.forEach(([surface, term, joined], i) => {
              const t = termId(term);
              spans.surface[i] = builder.surface(surface, t, t);
              spans.lower[i] = builder.surface(surface.toLowerCase(), t, t);
              spans.term[i] = t;
              spans.joined[i] = joined ? 1 : 0;
            });
            builder.add(spans, n, caseless);
          }
          const parts = builder.parts();
          const names = termNames(terms, termRanks(terms));
          expect(Buffer.from(finishVocabularyEncoded(parts, names)).equals(Buffer.from(encodeVocabulary(finishVocabulary(parts, names))))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives bytes that own their buffer, so that they can be handed to another thread', () => {
    const builder = new VocabularyBuilder();
    const bytes = finishVocabularyEncoded(builder.parts(), termNames([], new Uint32Array(0)));
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"words":[],"pairs":[],"triples":[]}');
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBeGreaterThanOrEqual(bytes.length);
  });
});
