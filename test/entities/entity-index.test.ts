// The read side of entities: lists, one entity's mentions, its paragraphs and facets, over a small
// stored index made by hand.
import { describe, expect, it } from 'vitest';
import { EntityIndex } from '../../src/entities/entity-index.js';
import type { StoredEntities } from '../../src/entities/entity-store.js';

// Two documents: a.txt holds paragraphs 0-2, b.txt paragraphs 3-4.
const stored: StoredEntities = {
  entities: [
    { kind: 'place', name: 'tỉnh Điện Biên' },
    { kind: 'person', name: 'Lê Thành Đô' },
    { kind: 'place', name: 'huyện Điện Biên' },
  ],
  variants: ['Điện Biên', 'Lê Thành Đô', 'huyện Điện Biên', 'ĐIỆN BIÊN'],
  roles: ['', 'Chủ tịch UBND tỉnh'],
  // entity, variant, role, paragraph, start, end
  mentions: [0, 0, 0, 0, 0, 9, 1, 1, 1, 1, 10, 21, 0, 3, 0, 1, 0, 9, 0, 0, 0, 1, 20, 29, 2, 2, 0, 4, 5, 20, 0, 0, 0, 4, 30, 39, 1, 1, 0, 4, 0, 11],
  documents: [
    { doc: 'a.txt', title: 'A', date: '2022-01', first: 0, paragraphs: 3 },
    { doc: 'b.txt', title: 'B', first: 3, paragraphs: 2 },
  ],
};
const index = new EntityIndex(stored);

describe('EntityIndex', () => {
  it('lists a kind most-mentioned first, counting paragraphs, with documents, variants and roles', () => {
    expect(index.list('place')).toEqual([
      { kind: 'place', name: 'tỉnh Điện Biên', mentions: 3, documents: 2, variants: ['Điện Biên', 'ĐIỆN BIÊN'], roles: [] },
      { kind: 'place', name: 'huyện Điện Biên', mentions: 1, documents: 1, variants: ['huyện Điện Biên'], roles: [] },
    ]);
    expect(index.list('person').map((e) => [e.name, e.mentions, e.roles])).toEqual([['Lê Thành Đô', 2, ['Chủ tịch UBND tỉnh']]]);
  });

  it('narrows a list by folded name and bounds it by limit', () => {
    expect(index.list('place', 'huyen dien').map((e) => e.name)).toEqual(['huyện Điện Biên']);
    expect(index.list('place', '', 1)).toHaveLength(1);
    expect(index.list('place', 'hà nội')).toEqual([]);
  });

  it('gives an entity with its mentions document by document in reading order, and counts per document', () => {
    const e = index.get('place', 'TỈNH ĐIỆN BIÊN');
    expect(e?.mentionList.map((m) => [m.doc, m.paragraph, m.start, m.variant])).toEqual([
      ['a.txt', 1, 0, 'Điện Biên'],
      ['a.txt', 2, 0, 'ĐIỆN BIÊN'],
      ['a.txt', 2, 20, 'Điện Biên'],
      ['b.txt', 2, 30, 'Điện Biên'],
    ]);
    expect(e?.perDocument).toEqual([
      { doc: 'a.txt', title: 'A', date: '2022-01', count: 2 },
      { doc: 'b.txt', title: 'B', count: 1 },
    ]);
    expect(index.get('place', 'tỉnh Lai Châu')).toBeUndefined();
  });

  it('gives the sorted paragraph numbers of an entity, for filtering a search', () => {
    expect([...index.paragraphs('place', 'tỉnh Điện Biên')]).toEqual([0, 1, 4]);
    expect([...index.paragraphs('person', 'Nobody')]).toEqual([]);
  });

  it("maps a document's paragraph to the index's number", () => {
    expect(index.paragraphNumber('b.txt', 2)).toBe(4);
    expect(index.paragraphNumber('b.txt', 3)).toBeUndefined();
    expect(index.paragraphNumber('c.txt', 1)).toBeUndefined();
  });

  it('counts the places and persons among a set of paragraphs, most first, per kind', () => {
    expect(index.facets([0, 1, 4, 4])).toEqual([
      { kind: 'person', name: 'Lê Thành Đô', count: 2 },
      { kind: 'place', name: 'tỉnh Điện Biên', count: 3 },
      { kind: 'place', name: 'huyện Điện Biên', count: 1 },
    ]);
    expect(index.facets([2])).toEqual([]);
  });
});
