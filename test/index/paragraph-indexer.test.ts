import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParagraphIndexer } from '../../src/index/paragraph-indexer.js';
import { tokenizeParagraphs } from '../../src/index/tokenized.js';
import { FIELDS } from '../../src/index/fields.js';
import { finishIndex, indexFromArrays, type IndexParts } from '../../src/index/finish-index.js';

const TEXTS = [
  'Ủy ban nhân dân tỉnh Lai Châu giải ngân vốn đầu tư công.',
  'UỶ BAN NHÂN DÂN HUYỆN MƯỜNG TÈ',
  'Theo Nghị quyết 01/NQ-CP, tổng vốn là 5.816.600 triệu đồng; kinh tế - xã hội.',
  'ủy ban nhân dân xã; Uỷ ban nhân dân phường. Giải ngân, giải ngân.',
];

const byCodeUnits = (keys: string[]) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('ParagraphIndexer', () => {
  it('builds the same index and vocabulary from texts added one by one as from a file tokenized ahead', () => {
    const one = new ParagraphIndexer();
    TEXTS.forEach((t) => one.add(t));
    const ahead = new ParagraphIndexer();
    expect(ahead.addTokenized(tokenizeParagraphs(TEXTS))).toBe(0);
    const [a, b] = [one.finish(), ahead.finish()];
    expect(b.vocabulary).toEqual(a.vocabulary);
    for (const f of FIELDS) expect([...b.index.fields[f].terms]).toEqual([...a.index.fields[f].terms]);
  });

  it('tells the share of a run of paragraphs added every 4096 paragraphs and at its end', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `Đoạn số ${i} về giải ngân vốn.`);
    const shares: number[] = [];
    new ParagraphIndexer().addTokenized(tokenizeParagraphs(texts), (share) => shares.push(share));
    expect(shares).toEqual([4096 / 10_000, 8192 / 10_000, 1]);
  });

  it('numbers the paragraphs of each run of tokens after those added before', () => {
    const indexer = new ParagraphIndexer();
    expect(indexer.addTokenized(tokenizeParagraphs(TEXTS.slice(0, 3)))).toBe(0);
    expect(indexer.addTokenized(tokenizeParagraphs(TEXTS.slice(3)))).toBe(3);
    expect(indexer.finish().index.paragraphCount).toBe(4);
  });

  it('indexes a paragraph longer than its first scratch room, and counts every word and pair of it', () => {
    // 3,000 words (1,000 of them compounds, indexed whole and by their parts) in one paragraph, after a short one.
    const long = Array.from({ length: 1000 }, (_, k) => `giải ngân ${k}-vốn`).join(' ');
    const indexer = new ParagraphIndexer({ minPairCount: 1 });
    indexer.add('giải ngân');
    indexer.add(long);
    const { index, vocabulary } = indexer.finish();
    expect([...(index.postings('f', 'giai')?.tfs ?? [])]).toEqual([1, 1000]);
    expect([...(index.postings('f', 'von')?.tfs ?? [])]).toEqual([1000]);
    expect([...(index.postings('f', '999-von')?.ids ?? [])]).toEqual([1]);
    expect([...(index.postings('b', 'giai+ngan')?.ids ?? [])]).toEqual([0, 1]);
    expect(index.fields.f.lengths[1]).toBeGreaterThan(3000);
    expect(vocabulary.words.find(([key]) => key === 'giai')?.[1]).toEqual([['giải', 1001]]);
  });

  it('keeps every vocabulary list in code-unit order of its keys, which its binary searches need, for any text', () => {
    const word = fc.constantFrom('giải', 'ngân', 'Giai', 'đoạn', 'a', 'ă', 'z', '01/NQ-CP', '2022', 'x-y', 'Ủy', 'uỷ', 'ban');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }).map((w) => w.join(' ')), { maxLength: 12 }), (texts) => {
        const indexer = new ParagraphIndexer({ minPairCount: 1, minTripleCount: 1 });
        texts.forEach((t) => indexer.add(t));
        const { vocabulary } = indexer.finish();
        for (const list of [vocabulary.words, vocabulary.pairs, vocabulary.triples]) {
          const keys = list.map((e) => e[0]);
          expect(keys).toEqual(byCodeUnits(keys));
        }
      }),
    );
  });

  it('counts a word under its most frequent form, shown as most often written outside capitals', () => {
    const indexer = new ParagraphIndexer();
    TEXTS.forEach((t) => indexer.add(t));
    const { vocabulary } = indexer.finish();
    expect(vocabulary.words.find((e) => e[0] === 'uy')?.[1]).toEqual([['Ủy', 4]]);
    expect(vocabulary.pairs.find((e) => e[0] === 'uy+ban')?.[1]).toEqual([['Ủy ban', 4]]);
  });

  it('finishes the index elsewhere while it finishes the vocabulary and its counts, into what finish() gives', async () => {
    const [here, there] = [new ParagraphIndexer(), new ParagraphIndexer()];
    TEXTS.forEach((t) => (here.add(t), there.add(t)));
    const a = here.finish();
    const b = there.finishElsewhere({ index: async (parts) => indexFromArrays(finishIndex(parts)) });
    expect(await b.vocabulary).toEqual({ vocabulary: a.vocabulary, counts: a.counts.columns });
    const index = await b.index;
    for (const f of FIELDS) expect([...index.fields[f].ids]).toEqual([...a.index.fields[f].ids]);
  });

  it('fails, saying why, when finishing the index elsewhere fails', async () => {
    const indexer = new ParagraphIndexer();
    TEXTS.forEach((t) => indexer.add(t));
    const { index, vocabulary } = indexer.finishElsewhere({ index: () => Promise.reject(new Error('worker gone')) });
    await expect(index).rejects.toThrow(/không hoàn tất được chỉ mục: worker gone/);
    await expect(vocabulary).resolves.toHaveProperty('vocabulary.words');
  });

  it('fails, saying why, when finishing the vocabulary elsewhere fails, and hands its arrays over either way', async () => {
    const indexer = new ParagraphIndexer();
    TEXTS.forEach((t) => indexer.add(t));
    const elsewhere = { index: async (parts: IndexParts) => indexFromArrays(finishIndex(parts)), vocabulary: () => Promise.reject(new Error('worker gone')) };
    const { index, vocabulary } = indexer.finishElsewhere(elsewhere);
    await expect(vocabulary).rejects.toThrow(/không hoàn tất được từ vựng: worker gone/);
    expect((await index).paragraphCount).toBe(TEXTS.length);
    expect(() => indexer.add('giải ngân')).toThrow(/handed over/);
  });
});
