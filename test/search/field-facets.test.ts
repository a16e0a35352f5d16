// The types, years and issuers of the documents holding a query's matches.
import { describe, expect, it } from 'vitest';
import { fieldFacets } from '../../src/search/field-facets.js';
import type { DocumentRecord } from '../../src/ingest/records.js';

const docs: Record<string, Partial<DocumentRecord>> = {
  a: { type: 'NGHỊ QUYẾT', date: '2023-03-15', body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU' },
  b: { type: 'Nghị quyết', date: '2021', body: 'CHÍNH PHỦ' },
  c: { type: 'BÁO CÁO', body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU' },
  d: {},
};

describe('fieldFacets', () => {
  it('counts the matches under each type, year and issuer, as a sentence writes them, a year missing as ""', () => {
    const perDocument = [
      { doc: 'a', title: 'a', count: 5 },
      { doc: 'b', title: 'b', count: 2 },
      { doc: 'c', title: 'c', count: 4 },
      { doc: 'd', title: 'd', count: 1 },
    ];
    const facets = fieldFacets(perDocument, (doc) => docs[doc] as DocumentRecord, 10);
    expect(facets.type).toEqual([
      { value: 'Nghị quyết', count: 7 },
      { value: 'Báo cáo', count: 4 },
    ]);
    expect(facets.year).toEqual([
      { value: '2023', count: 5 },
      { value: '2021', count: 2 },
      { value: '', count: 5 },
    ]);
    expect(facets.body).toEqual([
      { value: 'UBND tỉnh Lai Châu', count: 9 },
      { value: 'Chính phủ', count: 2 },
    ]);
    expect(fieldFacets(perDocument, (doc) => docs[doc] as DocumentRecord, 1).type).toHaveLength(1);
  });
});
