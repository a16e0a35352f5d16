import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandWithGlossary, loadGlossary, type Group } from '../../src/search/glossary.js';
import { queryWords, type QueryWord } from '../../src/search/query.js';
import raw from '../../src/search/glossary.json' with { type: 'json' };

const glossary = loadGlossary();
const key = (words: QueryWord[]) => words.map((w) => w.term).join(' ');
const groupsOf = (q: string): string[][] => expandWithGlossary(queryWords(q), glossary).map((g: Group) => g.alternatives.map((a) => key(a.words)));

describe('the shipped glossary', () => {
  it('parses: every entry has two or more forms with words, and a source', () => {
    expect(raw.entries.length).toBeGreaterThanOrEqual(60);
    expect(glossary.entries).toHaveLength(raw.entries.length);
    for (const e of raw.entries) {
      expect(e.forms.length).toBeGreaterThanOrEqual(2);
      expect(e.source.trim()).not.toBe('');
    }
  });

  it('expands every form to all the other forms of its entry, the typed form first', () => {
    for (const e of raw.entries) {
      for (const form of e.forms) {
        const groups = expandWithGlossary(queryWords(form), glossary);
        expect(groups, form).toHaveLength(1);
        const [first, ...others] = groups[0].alternatives;
        expect(first.typed).toBe(true);
        expect(first.words.map((w) => w.surface).join(' ')).toBe(queryWords(form).map((w) => w.surface).join(' '));
        expect(others.every((a) => !a.typed)).toBe(true);
        const expected = e.forms.filter((f) => f !== form).map((f) => key(queryWords(f)));
        expect(others.map((a) => key(a.words)).sort(), form).toEqual(expected.sort());
      }
    }
  });

  it.each([
    ['đại biểu Quốc hội', 'dai bieu quoc hoi'],
    ['Ủy ban Thường vụ Quốc hội', 'ubtvqh'],
    ['Ban Chấp hành Trung ương', 'bchtw'],
    ['BCH TW', 'ban chap hanh trung uong'],
    ['ngân sách trung ương', 'nstw'],
    ['Thành phố Hồ Chí Minh', 'tp.hcm'],
    ['TP HCM', 'thanh pho ho chi minh'],
    ['Mặt trận Tổ quốc Việt Nam', 'mttqvn'],
    ['Ban Quản lý dự án', 'bqlda'],
  ])('takes the longest form: %j is one term', (q, alternative) => {
    const groups = groupsOf(q);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toContain(alternative);
  });

  it('matches forms with & and - as the analyzer splits them, inside a longer query', () => {
    expect(queryWords('KH&CN').map((w) => w.term)).toEqual(['kh', 'cn']);
    expect(groupsOf('Sở KH&CN tỉnh')).toEqual([['so'], ['kh cn', 'khcn', 'khoa hoc va cong nghe'], ['tinh']]);
    expect(groupsOf('phát triển KT-XH')[2]).toEqual(['kt-xh', 'ktxh', 'kinh te xa hoi']);
    expect(groupsOf('Sở LĐ-TB&XH')[1]).toContain('lao dong thuong binh va xa hoi');
    expect(groupsOf('khoa học và công nghệ')[0][0]).toBe('khoa hoc va cong nghe');
  });

  it('matches whatever the case and diacritics, and leaves other words alone', () => {
    expect(groupsOf('ubnd')[0]).toContain('uy ban nhan dan');
    expect(groupsOf('uy ban nhan dan tinh')).toEqual([['uy ban nhan dan', 'ubnd'], ['tinh']]);
    expect(groupsOf('giải ngân')).toEqual([['giai'], ['ngan']]);
  });

  // A folded Vietnamese syllable: initial consonant, vowel nucleus, final consonant.
  const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(uye|uya|uyu|uoi|uou|oai|oay|oao|oeo|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])(ch|ng|nh|[cmnpt])?$/;

  it.each([
    ['tu', true],
    ['nghieng', true],
    ['da', true],
    ['ubnd', false],
    ['tw', false],
  ])('the syllable test knows %s: %s', (s, expected) => {
    expect(SYLLABLE.test(s)).toBe(expected);
  });

  it('has no abbreviation with a word that folds to an ordinary syllable (TƯ would match tư, từ, tự)', () => {
    // An abbreviation: every run of letters has two capitals or more (UBND, TTg, KH&CN, BCH TW).
    const abbreviations = raw.entries.flatMap((e) => e.forms).filter((f) => f.split(/[^\p{L}]+/u).every((w) => !w || (w.match(/\p{Lu}/gu) ?? []).length >= 2));
    expect(abbreviations.length).toBeGreaterThan(60);
    // Glossary matching compares analyzed words: 'QP-AN' is one word, 'KH&CN' two.
    for (const a of abbreviations) for (const w of queryWords(a)) expect(SYLLABLE.test(w.term), a).toBe(false);
    expect(SYLLABLE.test(queryWords('TƯ')[0].term)).toBe(true);
  });
});

describe('loadGlossary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossary-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return () => loadGlossary(file);
  };

  it.each([
    ['broken.json', '{ "entries": [', /broken\.json/],
    ['none.json', '{}', /no "entries" list/],
    ['single.json', '{ "entries": [{ "forms": ["UBND"], "source": "x" }] }', /entry 1 needs at least two forms/],
    ['nosource.json', '{ "entries": [{ "forms": ["UBND", "Ủy ban nhân dân"] }] }', /entry 1 \(UBND\) needs a "source"/],
    ['empty.json', '{ "entries": [{ "forms": ["UBND", "—"], "source": "x" }] }', /form without words/],
    ['twice.json', '{ "entries": [{ "forms": ["TW", "Trung ương"], "source": "x" }, { "forms": ["TƯ", "trung uong"], "source": "y" }] }', /"trung uong" of entry 2 is already a form of entry 1/],
  ])('refuses %s', (name, content, message) => {
    expect(load(name, content)).toThrow(message);
  });

  it('loads a valid file and bounds the scan by its longest form', () => {
    const g = load('ok.json', '{ "entries": [{ "forms": ["NSĐP", "ngân sách địa phương"], "source": "Luật Ngân sách nhà nước 2015" }] }')();
    expect(g.longest).toBe(4);
    expect(g.entries[0].source).toBe('Luật Ngân sách nhà nước 2015');
  });
});
