// The texts our code hands PostgreSQL: lexemes, tsvector and tsquery literals, COPY rows; and the printed
// tsvectors it reads back. No server needed.
import { describe, expect, it } from 'vitest';
import { lexeme, MAX_LEXEME_BYTES, quoteLexeme } from '../../../src/store/postgres/lexeme.js';
import { copyRow, storableText } from '../../../src/store/postgres/copy-text.js';
import { parseTsvector } from '../../../src/store/postgres/tsvector-text.js';
import { candidateQuery, phraseNeedle, wordNeedle } from '../../../src/store/postgres/tsquery.js';
import { termCounts, VectorWriter } from '../../../src/store/postgres/paragraph-vectors.js';
import { tokenizeParagraphs } from '../../../src/index/tokenized.js';
import { queryWords } from '../../../src/search/query.js';

describe('lexemes', () => {
  it('cuts a word longer than PostgreSQL takes at the last whole character that fits', () => {
    const long = 'đ'.repeat(1500);
    const cut = lexeme(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_LEXEME_BYTES);
    expect(long.startsWith(cut)).toBe(true);
    expect(lexeme('giải')).toBe('giải');
  });
  it('quotes a lexeme with its quotes doubled and backslashes escaped', () => {
    expect(quoteLexeme(`a'b\\c`)).toBe(`'a''b\\\\c'`);
  });
});

describe('COPY rows', () => {
  it('escapes tabs, newlines and backslashes, writes NULL as \\N and arrays as text[] literals', () => {
    expect(copyRow(['a\tb\nc\\d', null, 3, ['x "y"', 'z\\']])).toBe('a\\tb\\nc\\\\d\t\\N\t3\t{"x \\\\"y\\\\"","z\\\\\\\\"}\n');
  });
  it('replaces NUL characters by spaces, keeping the length', () => {
    expect(storableText('ab\0cd')).toBe('ab cd');
  });
});

describe('printed tsvectors', () => {
  it('reads lexemes, doubled quotes, escapes, positions and weights', () => {
    const parsed = parseTsvector(`'giai':11A,44 'it''s':3C 'a\\\\b':2`);
    expect([...parsed]).toEqual([
      ['giai', [11, 44]],
      ["it's", [3]],
      ['a\\b', [2]],
    ]);
  });
});

describe('tsquery text', () => {
  it('joins words with &, a phrase with <->, and a compound by its whole or its parts', () => {
    const [giai, ngan] = queryWords('giải ngân');
    expect(candidateQuery([wordNeedle(giai), wordNeedle(ngan)], 'f')).toBe(`'giai' & 'ngan'`);
    // Exact terms are the analyzer's keys, tone placement made canonical.
    expect(candidateQuery([phraseNeedle([giai, ngan])], 'x')).toBe(`('${giai.exact}' <-> '${ngan.exact}')`);
    const [so, number] = queryWords('số 01/NQ-CP');
    expect(candidateQuery([wordNeedle(number)], 'f')).toBe(`('01/nq-cp' | ('01' & 'nq' & 'cp'))`);
    expect(candidateQuery([phraseNeedle([so, number])], 'f')).toBe(`('so' <-> ('01/nq-cp' | ('01' <0> 'nq' <0> 'cp')))`);
    expect(candidateQuery([wordNeedle(giai)], 'f', 'all', [wordNeedle(ngan)])).toBe(`('giai') & !('ngan')`);
  });
});

describe('paragraph vectors', () => {
  it('give each word its position, parts the same position with weight C, and count terms as the embedded index does', () => {
    const writer = new VectorWriter(tokenizeParagraphs(['Nghị định 31/2022/NĐ-CP, nghị định']));
    const counts = termCounts();
    const v = writer.paragraph(counts);
    expect(parseTsvector(v.folded)).toEqual(
      new Map([
        ['nghi', [1, 4]],
        ['dinh', [2, 5]],
        ['31/2022/nd-cp', [3]],
        ['31', [3]],
        ['2022', [3]],
        ['nd', [3]],
        ['cp', [3]],
      ]),
    );
    expect(v.folded).toContain(`'31':3C`);
    expect(v.exact).toContain(`'${queryWords('nghị')[0].exact}':1,4`);
    expect(v.lengths).toEqual({ f: 9, x: 9, b: 4 });
    expect([...counts.b.keys()].sort()).toEqual(['31/2022/nd-cp+nghi', 'dinh+31/2022/nd-cp', 'nghi+dinh']);
    expect(counts.b.get('nghi+dinh')).toBe(1);
  });
});
