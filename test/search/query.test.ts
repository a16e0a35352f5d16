import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseQuery, queryWords, type ParsedQuery } from '../../src/search/query.js';
import { QueryError } from '../../src/search/results.js';

// A parsed query in a form that is easy to write down: clauses as typed words, '"…"' when quoted.
const shape = (p: ParsedQuery) => ({
  clauses: p.clauses.map((c) => (c.quoted ? `"${c.words.map((w) => w.surface).join(' ')}"` : c.words.map((w) => w.surface).join(' '))),
  excludes: p.excludes.map((c) => (c.quoted ? `"${c.words.map((w) => w.surface).join(' ')}"` : c.words.map((w) => w.surface).join(' '))),
  filters: p.filters,
});

describe('parseQuery', () => {
  it.each([
    ['giải ngân vốn', ['giải ngân vốn'], [], {}],
    ['  giải   ngân  ', ['giải ngân'], [], {}],
    ['"đầu tư công"', ['"đầu tư công"'], [], {}],
    ['“đầu tư công”', ['"đầu tư công"'], [], {}],
    ['tỷ lệ "đầu tư công" năm', ['tỷ lệ', '"đầu tư công"', 'năm'], [], {}],
    ['"đầu tư công', ['"đầu tư công"'], [], {}],
    ['giải ngân -covid', ['giải ngân'], ['covid'], {}],
    ['giải ngân -"tỷ lệ"', ['giải ngân'], ['"tỷ lệ"'], {}],
    ['giải ngân -“tỷ lệ”', ['giải ngân'], ['"tỷ lệ"'], {}],
    ['giải ngân type:"báo cáo"', ['giải ngân'], [], { type: 'báo cáo' }],
    ['giải ngân loai:"nghị quyết"', ['giải ngân'], [], { type: 'nghị quyết' }],
    ['giải ngân year:2023', ['giải ngân'], [], { year: 2023 }],
    ['giải ngân nam:2022', ['giải ngân'], [], { year: 2022 }],
    ['giải ngân YEAR:2021', ['giải ngân'], [], { year: 2021 }],
    ['giải ngân body:"lai châu"', ['giải ngân'], [], { body: 'lai châu' }],
    ['giải ngân coquan:UBND', ['giải ngân'], [], { body: 'UBND' }],
    ['year:2023', [], [], { year: 2023 }],
    ['foo:bar', ['foo bar'], [], {}],
    // 'nam:' with nothing after it ends a phrase about Việt Nam, not a year filter.
    ['Việt Nam: kinh tế', ['Việt Nam kinh tế'], [], {}],
    ['31/2022/NĐ-CP', ['31/2022/NĐ-CP'], [], {}],
  ])('%j', (q, clauses, excludes, filters) => {
    expect(shape(parseQuery(q))).toEqual({ clauses, excludes, filters });
  });

  it.each([
    ['', /Hãy gõ một hoặc vài từ/],
    ['   ', /Hãy gõ một hoặc vài từ/],
    ['!!! ...', /không có chữ hay số/],
    ['-covid', /ít nhất một từ không bị loại trừ/],
    ['-covid -"tỷ lệ"', /ít nhất một từ không bị loại trừ/],
    ['giải ngân year:23', /năm bốn chữ số/],
    ['giải ngân year:2023a', /năm bốn chữ số/],
    ['x'.repeat(MAX_QUERY_LENGTH + 1), /quá dài/],
    // An empty filter narrows nothing: refused in Vietnamese rather than matching every paragraph.
    ['type:""', /Bộ lọc type: đang để trống/],
    ['giải ngân body:""', /Bộ lọc body: đang để trống/],
    ['giải ngân loai:“ ”', /Bộ lọc loai: đang để trống/],
    ['year:""', /Bộ lọc year: đang để trống/],
    ['giải ngân year:', /Bộ lọc year: đang để trống/],
    ['type: giải ngân', /Bộ lọc type: đang để trống/],
    ['Body:', /Bộ lọc body: đang để trống/],
  ])('refuses %j with a QueryError', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QueryError);
    expect(() => parseQuery(q)).toThrow(message);
  });

  it('accepts a query of exactly the longest length', () => {
    expect(parseQuery('x'.repeat(MAX_QUERY_LENGTH)).clauses).toHaveLength(1);
  });

  it.each([
    ['giai ngan', false],
    ['giải ngân', true],
    ['giai ngân', true],
    ['giai ngan -"giải ngân"', false],
    ['giai ngan type:"báo cáo"', false],
  ])('%j was typed with diacritics: %s', (q, accented) => {
    expect(parseQuery(q).accented).toBe(accented);
  });

  it('normalizes the text it keeps (NFC)', () => {
    const decomposed = 'gia\u0309i ngân';
    const p = parseQuery(decomposed);
    expect(p.text).toBe('giải ngân');
    expect(p.clauses[0].words[0].surface).toBe('giải');
  });
});

describe('queryWords', () => {
  it('analyzes words like indexed text: folded term, exact key, surface as typed', () => {
    expect(queryWords('Hoà Bình')).toEqual([
      { surface: 'Hoà', term: 'hoa', exact: 'hoa`', parts: [] },
      { surface: 'Bình', term: 'binh', exact: 'binh`', parts: [] },
    ]);
  });

  it('attaches the parts of a compound to its word', () => {
    const [w] = queryWords('31/2022/NĐ-CP');
    expect(w.term).toBe('31/2022/nd-cp');
    expect(w.parts).toEqual(['31', '2022', 'nd', 'cp']);
  });

  it('gives no words for text without letters or digits', () => {
    expect(queryWords(' - … ; ')).toEqual([]);
  });
});
