import { describe, expect, it } from 'vitest';
import { expandWithGlossary, loadGlossary } from '../../src/search/glossary.js';
import { parseQuery } from '../../src/search/query.js';
import { optionalUnits, segment, type UnitSources } from '../../src/search/units.js';
import { wordListFrom } from '../../src/search/word-list.js';
import { fold } from '../../src/text/fold.js';

const glossary = loadGlossary();
const words = wordListFrom(['giải ngân', 'bảo hiểm', 'thất nghiệp', 'bao nhiêu', 'trường hợp', 'xuất nhập khẩu', 'kim ngạch', 'sản xuất']);

// A corpus as segmentation sees it: names it writes capitalised, and how often two runs meet side by side.
function sources(names: string[] = [], together: Record<string, [number, number]> = {}): UnitSources {
  const nameKeys = new Set(names.map((n) => fold(n.toLowerCase())));
  return {
    words,
    isName: (terms) => nameKeys.has(terms.join(' ')),
    cohesion: (a, b) => {
      const key = [...a, ...b].map((g) => g.alternatives[0].words.map((w) => w.term).join(' ')).join(' ');
      const [t, n] = together[key] ?? [0, 0];
      return { together: t, both: n };
    },
  };
}

const cut = (q: string, s: UnitSources = sources()) => {
  const parsed = parseQuery(q);
  return segment(expandWithGlossary(parsed.clauses[0].words, glossary), parsed.text, parsed.accented, s).map((u) => `${u.text}|${u.kind}`);
};

describe('segment', () => {
  it.each([
    ['giải ngân vốn', ['giải ngân|word', 'vốn|syllable']],
    ['giai ngan', ['giai ngan|word']],
    ['Điện Biên', ['Điện Biên|name']],
    ['Trần Tiến Dũng', ['Trần Tiến Dũng|name']],
    ['GIẢI NGÂN VỐN', ['GIẢI NGÂN|word', 'VỐN|syllable']],
    ['UBND tỉnh', ['UBND|glossary', 'tỉnh|syllable']],
    ['Nghị định 31/2022', ['Nghị định|glossary', '31/2022|number']],
    ['kim ngạch xuất nhập khẩu', ['kim ngạch|word', 'xuất nhập khẩu|word']],
  ])('cuts %s into %j', (q, expected) => {
    expect(cut(q)).toEqual(expected);
  });

  it('cuts a run into as few words as it can, leaving function words alone where two cuts tie', () => {
    const list = wordListFrom(['của công', 'công dân', 'xử lý', 'vi phạm', 'hành chính']);
    const s: UnitSources = { ...sources(), words: list };
    expect(cut('hồ sơ của công dân', s)).toEqual(['hồ|syllable', 'sơ|syllable', 'của|syllable', 'công dân|word']);
    expect(cut('tài sản của công', s)).toEqual(['tài|syllable', 'sản|syllable', 'của công|word']);
    // A capitalised run gives up a syllable that opens a word with the next one.
    expect(cut('Luật Xử lý vi phạm hành chính', s)).toEqual(['Luật|syllable', 'Xử lý|word', 'vi phạm|word', 'hành chính|word']);
  });

  it('takes a run the corpus writes capitalised as a name, typed in lower case', () => {
    expect(cut('tran tien dung', sources(['Trần Tiến Dũng']))).toEqual(['tran tien dung|name']);
  });

  it('joins units the corpus mostly writes side by side, with confidence, and leaves the rest apart', () => {
    const q = 'kim ngạch xuất nhập khẩu';
    expect(cut(q, sources([], { 'kim ngach xuat nhap khau': [950, 1000] }))).toEqual(['kim ngạch xuất nhập khẩu|term']);
    expect(cut(q, sources([], { 'kim ngach xuat nhap khau': [2, 2] }))).toEqual(['kim ngạch|word', 'xuất nhập khẩu|word']);
    expect(cut(q, sources([], { 'kim ngach xuat nhap khau': [40, 100] }))).toEqual(['kim ngạch|word', 'xuất nhập khẩu|word']);
  });

  it('never joins a function word into a term', () => {
    expect(cut('giải ngân của vốn', sources([], { 'giai ngan cua': [99, 100], 'cua von': [99, 100] }))).toEqual(['giải ngân|word', 'của|syllable', 'vốn|syllable']);
  });
});

describe('optionalUnits', () => {
  const units = (q: string) => {
    const parsed = parseQuery(q);
    return segment(expandWithGlossary(parsed.clauses[0].words, glossary), parsed.text, parsed.accented, sources());
  };

  it('lets a question leave out function words, words made only of them, and the noun an interrogative asks about', () => {
    const u = units('trường hợp nào được giải ngân bao nhiêu');
    expect(u.map((x) => x.text)).toEqual(['trường hợp', 'nào', 'được', 'giải ngân', 'bao nhiêu']);
    expect([...optionalUnits(u, true)].sort()).toEqual([0, 1, 2, 4]);
  });
});
