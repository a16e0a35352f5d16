// Recognition of places and officials in a document's paragraphs, as the indexer runs it (on the
// ingest worker, file by file). Both kinds are found from runs of capitalised words, since Vietnamese
// writes every syllable of a proper name with a capital, and from the words just before or after a run:
// a type word ('tỉnh', 'huyện', 'xã' …) makes a place, a title or honorific ('Chủ tịch UBND tỉnh',
// 'đồng chí', 'ông') makes a person. A document is read twice: the second pass finds the bare mentions
// of what the first made certain (a full name seen with its title, a district of a province named).
import { isAllCapitals } from '../text/letter-case.js';
import { normalize } from '../text/normalize.js';
import { gazetteer, placeName, type Gazetteer, type Place } from './gazetteer.js';
import { CREDIT_BEFORE, HONORIFIC_BEFORE, NOT_GIVEN, ORG_WORDS, SURNAMES, TITLE, TITLE_AT_START, nameKey } from './lexicon.js';

/** The two kinds of entity the index knows. */
export type EntityKind = 'person' | 'place';

/** One mention of an entity in a paragraph of a document. */
export interface Mention {
  kind: EntityKind;
  /** The entity: a person's full name ('Trần Tiến Dũng'), a place's type word and name ('tỉnh Lai Châu'). */
  name: string;
  /** The text as written there ('TP.HCM', 'TỈNH LAI CHÂU', 'Lai Châu'). */
  variant: string;
  /** For a person, the title written beside the name ('Chủ tịch UBND tỉnh'); '' when none. */
  role: string;
  /** Index of the paragraph among the document's paragraphs, from 0. */
  paragraph: number;
  /** [start, end) offsets into the paragraph's text. */
  start: number;
  end: number;
}

// Runs of capitalised words on one line, across single spaces or a spaced dash ('Bà Rịa - Vũng Tàu').
const RUN = /\p{Lu}[\p{L}\p{M}]*(?:(?:[ \u00a0]+[-–][ \u00a0]+|[ \u00a0]+)\p{Lu}[\p{L}\p{M}]*)*/gu;
const WORD = /[\p{L}\p{M}]+/gu;
const TITLE_CASE = /^\p{Lu}[\p{Ll}\p{M}]*$/u;
const UPPER_FIRST = /^\p{Lu}/u;
// A type word ending where the text before a run ends ('tỉnh ', 'các huyện: ', 'TP.', 'Thành phố ').
const TYPE_BEFORE = /(?<![\p{L}\p{M}])(thành\s+phố|thị\s+trấn|thị\s+xã|đặc\s+khu|tỉnh|huyện|quận|phường|xã|tp\.?|t\.p\.?|tx\.?)\s*:?\s*$/iu;
// What may stand between two places of one list ('huyện Tân Uyên, Phong Thổ', '… và Sìn Hồ').
const LIST_GAP = /^\s*(?:,|;|và|,\s*và)\s*$/u;
const SEPARATOR_AFTER = /^[ \u00a0]*[,\-–—][ \u00a0]*/u;
// Role text after a place's name is cut back to its type word: the place is an entity of its own.
const PLACE_TAIL = /(\s(?:tỉnh|huyện|quận|xã|phường|thị xã|thành phố|thị trấn))(?:\s+\p{Lu}[\p{L}\p{M}]*)+$/u;
// Last words of the type words (lower case), for a cheap test before TYPE_BEFORE runs.
const TYPE_ENDS = new Set(['tỉnh', 'huyện', 'quận', 'xã', 'phường', 'tp', 'tx', 'phố', 'trấn', 'khu', 'p']);
const ORG_CONTINUATION = /^ (?:niên|nông dân|phụ nữ|cựu chiến binh)(?![\p{L}\p{M}])/u;
const TYPE_LAST_LETTERS = new Set([...'hnãgpxốuHNÃGPXỐU']);
const isLetterCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;

/** True when the word before `at` (past spaces, a colon or a dot) could end a type word. */
function typeWordBefore(text: string, at: number): boolean {
  // Most runs follow a word that cannot end a type word: one look at its last letter settles it.
  let i = at - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  if (i < 0 || !TYPE_LAST_LETTERS.has(text[i]) && !/[:.\u00a0]/.test(text[i])) return false;
  i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 58 || text.charCodeAt(i) === 46 || text.charCodeAt(i) === 0xa0)) i--;
  const end = i + 1;
  if (end === at || end - i > 8) return end !== at && false;
  while (i >= 0 && end - i <= 7 && isLetterCode(text.charCodeAt(i))) i--;
  return end - i - 1 > 0 && end - i - 1 <= 6 && TYPE_ENDS.has(text.slice(i + 1, end).toLowerCase());
}
// One-word names a run may be on its own: abbreviations, and provinces of one syllable.
const ONE_WORD_NAMES = new Set(['tphcm', 'huế'].map(nameKey));
const HONORIFIC_WORDS = new Set(['ông', 'bà', 'anh', 'chị'].map(nameKey));
const TAIL_TOKEN = /^[\p{Lu}\p{N}][\p{L}\p{M}\p{N}&.\-–]*$/u;

/** Type words as written (lower case, abbreviations expanded) → the type word of the gazetteer. */
const TYPE_OF: Record<string, string> = { tp: 'thành phố', 't.p': 'thành phố', tx: 'thị xã' };
const typeOf = (written: string): string => {
  const t = written.toLowerCase().replace(/\s+/g, ' ').replace(/[.:\s]+$/, '');
  return TYPE_OF[t] ?? t;
};
const TYPE_ONE = new Set(['tỉnh', 'huyện', 'quận', 'xã', 'phường', 'tp', 'tx'].map(nameKey));
const TYPE_TWO = new Set(['thành phố', 'thị xã', 'thị trấn', 'đặc khu'].map(nameKey));
// Abbreviated names ('TP.HCM', 'TPHCM').
const ABBREVIATED: Record<string, [string, string]> = { hcm: ['thành phố', 'Hồ Chí Minh'], tphcm: ['thành phố', 'Hồ Chí Minh'] };

interface Word {
  text: string;
  start: number;
  end: number;
  key: string;
  /** Capitalised as a proper name is ('Điện', or any word of a text in capitals). */
  proper: boolean;
  /** A spaced dash stands before it. */
  dash: boolean;
  used: boolean;
  /** A type word stands before it but no place of that type has its name: not a bare name either ('tỉnh Sa Đéc'). */
  typed?: boolean;
}

// Keys of the words seen lately: proper words recur (place names, 'Điều', 'Bộ'), and a key costs
// normalization and a tone table walk. Bounded, emptied when full.
const KEYS = new Map<string, string>();
function wordKey(w: string): string {
  let k = KEYS.get(w);
  if (k === undefined) {
    if (KEYS.size >= 100_000) KEYS.clear();
    KEYS.set(w, (k = nameKey(w)));
  }
  return k;
}

// The words of a run, with their keys.
function runWords(text: string, from: number, to: number, caseless: boolean): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = from;
  let last = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const w = m[0];
    words.push({ text: w, start: m.index, end: m.index + w.length, key: wordKey(w), proper: caseless || TITLE_CASE.test(w) || w === w.toUpperCase(), dash: /[-–]/.test(text.slice(last, m.index)), used: false });
    last = m.index + w.length;
  }
  return words;
}

const spanKey = (words: Word[], i: number, n: number): string => {
  let k = words[i].key;
  for (let j = i + 1; j < i + n; j++) k += ` ${words[j].key}`;
  return k;
};

// The longest name that `find` knows among words[i…], up to `longest` words, none of them used; only
// tried when the first word opens some name (`firsts`).
function longestMatch<T>(words: Word[], i: number, longest: number, find: (key: string) => T | undefined, firsts: ReadonlySet<string>): { hit: T; n: number } | undefined {
  if (!firsts.has(words[i].key)) return undefined;
  for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
    let free = true;
    for (let j = i; j < i + n; j++) if (words[j].used || !words[j].proper) free = false;
    if (!free) continue;
    const hit = find(spanKey(words, i, n));
    if (hit !== undefined) return { hit, n };
  }
  return undefined;
}

/** True for a name that reads as a person's: a family name and two or three more syllables ('Hồ Chí Minh'). */
const personLike = (words: Word[], i: number, n: number): boolean => n >= 3 && SURNAMES.has(words[i].key);

// A bare name is a proper name on its own only if the run does not go on with another proper word
// ('Thái Bình Dương' is not Thái Bình) and is not someone's name ('Nguyễn Thái Bình').
function bareAllowed(words: Word[], i: number, n: number): boolean {
  const next = words[i + n];
  if (next && !next.dash && TITLE_CASE.test(next.text) && next.text.length > 1) return false;
  // A family name opening the run makes it a name ('Nguyễn Thái Bình'); inside a longer run it is
  // only a word of it ('Gạo nếp Khẩu Lương Phùng Phong Thổ').
  const prev = words[i - 1];
  if (prev && i - 1 === 0 && SURNAMES.has(prev.key) && TITLE_CASE.test(prev.text)) return false;
  return !personLike(words, i, n);
}

/** The role written after a name ('…, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lai Châu phát biểu'): its titles with their bodies, or ''. */
export function roleAfter(text: string): string {
  const sep = SEPARATOR_AFTER.exec(text);
  if (!sep) return '';
  const segments: string[] = [];
  let rest = text.slice(sep[0].length);
  for (;;) {
    const title = TITLE_AT_START.exec(rest);
    if (!title) break;
    let end = title[0].length;
    // The body's words: capitalised, abbreviations, or the lower-case words of a body's name.
    const token = /^\s+([^\s,;:.()"“”]+)/u;
    for (let m = token.exec(rest.slice(end)); m; m = token.exec(rest.slice(end))) {
      if (!TAIL_TOKEN.test(m[1]) && !ORG_WORDS.has(nameKey(m[1]))) break;
      end += m[0].length;
    }
    // A connective the body's words took in ('… UBND tỉnh và các …') is not part of the role.
    segments.push(rest.slice(0, end).replace(/(?:\s+(?:và|của|tại|với))+$/u, ''));
    const comma = /^\s*,\s*/u.exec(rest.slice(end));
    if (!comma) break;
    rest = rest.slice(end + comma[0].length);
  }
  return segments.map(cleanRole).join(', ');
}

/** The title written just before a name ('Chủ tịch UBND tỉnh Lai Châu ' before 'Trần Tiến Dũng'), or undefined. */
export function titleBefore(before: string): string | undefined {
  let last: RegExpExecArray | undefined;
  TITLE.lastIndex = 0;
  for (let m = TITLE.exec(before); m; m = TITLE.exec(before)) last = m;
  if (!last) return undefined;
  const tail = before.slice(last.index + last[0].length);
  if (tail && !/^\s/u.test(tail)) return undefined;
  if (!/\s$/u.test(before)) return undefined;
  const tokens = tail.split(/\s+/).filter(Boolean);
  if (tokens.length > 10) return undefined;
  for (const t of tokens) if (!TAIL_TOKEN.test(t) && !ORG_WORDS.has(nameKey(t))) return undefined;
  return cleanRole(before.slice(last.index));
}

// A role as listed: one line, its place cut back to the type word, a capital first.
function cleanRole(role: string): string {
  const r = role.replace(/\s+/g, ' ').trim().replace(PLACE_TAIL, '$1');
  return r.charAt(0).toUpperCase() + r.slice(1);
}

// A person's name as listed: its words capitalised as proper names are ('TRẦN TIẾN DŨNG' → 'Trần Tiến Dũng').
function properName(words: readonly string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
}

interface Candidate {
  paragraph: number;
  words: Word[];
}

/**
 * The places and persons named in a document's paragraphs, in reading order. `signer` (the document's
 * signer, from its metadata) is a person known from the start.
 */
export function recognizeDocument(texts: readonly string[], signer?: string, gaz: Gazetteer = gazetteer()): Mention[] {
  const recognizer = new DocumentRecognizer(texts, signer, gaz);
  texts.forEach((text, paragraph) => recognizer.firstPass(text, paragraph));
  recognizer.secondPass();
  return recognizer.mentions.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
}

// The mentions of one document as they are found, and what the first pass learns for the second: the
// persons named with a title, the provinces named (whose districts may then be named bare).
class DocumentRecognizer {
  readonly mentions: Mention[] = [];
  private readonly candidates: Candidate[] = [];
  private readonly persons = new Map<string, string>();
  private readonly provinces = new Set<string>();
  private readonly districts = new Map<string, Place>();
  private readonly signerKey: string | undefined;

  constructor(
    private readonly texts: readonly string[],
    signer: string | undefined,
    private readonly gaz: Gazetteer,
  ) {
    this.signerKey = signer ? nameKey(signer) : undefined;
    if (signer && this.signerKey) this.persons.set(this.signerKey, properName(normalize(signer).split(/\s+/)));
  }

  // First pass over a paragraph: places with a type word or a province's name, persons with a title.
  firstPass(text: string, paragraph: number): void {
    const caseless = isAllCapitals(text);
    let chain: { type: string; end: number } | undefined;
    RUN.lastIndex = 0;
    for (let run = RUN.exec(text); run; run = RUN.exec(text)) {
      const runStart = run.index;
      const runEnd = runStart + run[0].length;
      // A type word before the run ('tỉnh Lai Châu'), or the place before it in a list.
      const sliceFrom = Math.max(0, runStart - 16);
      const lead = typeWordBefore(text, runStart) ? TYPE_BEFORE.exec(text.slice(sliceFrom, runStart)) : null;
      // Most runs are one capitalised word opening a sentence ('Điều', 'Các'): only a type word before
      // it, a list, or a one-word name of its own ('TP.HCM', 'Huế') can make it a place.
      if (!lead && !chain && run[0].indexOf(' ') < 0 && run[0].indexOf('\u00a0') < 0 && (run[0].length > 5 || !ONE_WORD_NAMES.has(wordKey(run[0])))) continue;
      const words = runWords(text, runStart, runEnd, caseless);
      if (!words.length) continue;
      let leadType = lead ? typeOf(lead[1]) : undefined;
      let leadStart = lead ? sliceFrom + lead.index : runStart;
      if (!leadType && chain && LIST_GAP.test(text.slice(chain.end, runStart))) {
        leadType = chain.type;
        leadStart = runStart;
      }
      chain = this.placesInRun(words, { type: leadType, start: leadStart, runEnd }, paragraph, text);
      if (!caseless) findPersons(words, paragraph, text, (w, p, t, role) => this.person(w, p, t, role));
      if (words.some((w) => !w.used && w.proper)) this.candidates.push({ paragraph, words });
    }
  }

  // The places of one run of capitalised words, given the type word before it; returns the list it
  // leaves open (its type and end), which a next run after a comma may continue.
  private placesInRun(words: Word[], lead: { type: string | undefined; start: number; runEnd: number }, paragraph: number, text: string): { type: string; end: number } | undefined {
    const gaz = this.gaz;
    let chain: { type: string; end: number } | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      // The type word before the run, else one opening the words here ('TỈNH LAI CHÂU', 'Thành phố Huế').
      const typed: { type: string; from: number; at: number }[] = [];
      if (i === 0 && lead.type) typed.push({ type: lead.type, from: lead.start, at: 0 });
      if (i + 1 < words.length && TYPE_TWO.has(`${w.key} ${words[i + 1].key}`)) typed.push({ type: typeOf(`${w.text} ${words[i + 1].text}`), from: w.start, at: i + 2 });
      else if (TYPE_ONE.has(w.key)) typed.push({ type: typeOf(w.text), from: w.start, at: i + 1 });
      let matched = false;
      for (const { type, from, at } of typed) {
        if (at >= words.length) continue;
        const abbreviated = type === 'thành phố' ? ABBREVIATED[words[at].key] : undefined;
        const found = abbreviated
          ? { hit: gaz.byType.get(abbreviated[0])?.get(nameKey(abbreviated[1])), n: 1 }
          : longestMatch(words, at, gaz.longest, (k) => gaz.byType.get(type)?.get(k), gaz.firstWords);
        if (!found?.hit) continue;
        const end = words[at + found.n - 1].end;
        for (let j = i; j < at + found.n; j++) words[j].used = true;
        this.place(found.hit, paragraph, text, from, end);
        chain = { type, end };
        i = at + found.n - 1;
        matched = true;
        break;
      }
      if (matched) continue;
      if (typed.length && typed[0].at < words.length) {
        words[typed[0].at].typed = true;
        // A list goes on past a name the gazetteer lacks ('Các xã: Bản Mế, Nàn Sín, Sán Chải').
        if (i === 0 && lead.type) chain = { type: lead.type, end: lead.runEnd };
      }
      if (w.used) continue;
      const bare = w.key === 'tphcm' ? { hit: gaz.byType.get('thành phố')?.get(nameKey('Hồ Chí Minh')), n: 1 } : longestMatch(words, i, gaz.longest, (k) => gaz.provinces.get(k), gaz.provinceFirstWords);
      if (bare?.hit && bareAllowed(words, i, bare.n)) {
        for (let j = i; j < i + bare.n; j++) words[j].used = true;
        this.place(bare.hit, paragraph, text, w.start, words[i + bare.n - 1].end);
        i += bare.n - 1;
      }
    }
    return chain;
  }

  // Second pass: bare mentions of the persons named with a title, and of the districts of the provinces named.
  secondPass(): void {
    const { gaz, persons, districts } = this;
    for (const d of gaz.districts.values()) for (const p of d) if (this.provinces.has(p.province ?? '')) districts.set(nameKey(p.name), districts.get(nameKey(p.name)) ?? p);
    if (!persons.size && !districts.size) return;
    const personFirsts = new Set([...persons.keys()].map((k) => k.split(' ')[0]));
    const districtFirsts = new Set([...districts.keys()].map((k) => k.split(' ')[0]));
    for (const { paragraph, words } of this.candidates) {
      const text = this.texts[paragraph];
      for (let i = 0; i < words.length; i++) {
        if (words[i].used) continue;
        const known = longestMatch(words, i, 4, (k) => persons.get(k), personFirsts);
        if (known && known.n >= 2) {
          const span = words.slice(i, i + known.n);
          const role = this.signerKey === spanKey(words, i, known.n) && text.trim() === text.slice(span[0].start, span[span.length - 1].end).trim() ? 'Người ký' : '';
          this.person(span, paragraph, text, role);
          i += known.n - 1;
          continue;
        }
        const district = words[i].typed ? undefined : longestMatch(words, i, gaz.longest, (k) => districts.get(k), districtFirsts);
        if (district && district.n >= 2 && bareAllowed(words, i, district.n)) {
          for (let j = i; j < i + district.n; j++) words[j].used = true;
          this.place(district.hit, paragraph, text, words[i].start, words[i + district.n - 1].end);
          i += district.n - 1;
        }
      }
    }
  }

  private place(p: Place, paragraph: number, text: string, start: number, end: number): void {
    this.mentions.push({ kind: 'place', name: placeName(p), variant: text.slice(start, end).replace(/\s*:\s*|\s+/gu, ' '), role: '', paragraph, start, end });
    if (this.gaz.provinces.get(nameKey(p.name)) === p) this.provinces.add(p.name);
    if (p.province) this.districts.set(nameKey(p.name), p);
  }

  private person(words: Word[], paragraph: number, text: string, role: string): void {
    const name = properName(words.map((w) => normalize(w.text)));
    const first = words[0];
    const last = words[words.length - 1];
    const key = nameKey(name);
    if (!this.persons.has(key)) this.persons.set(key, name);
    for (const w of words) w.used = true;
    this.mentions.push({ kind: 'person', name: this.persons.get(key)!, variant: text.slice(first.start, last.end), role, paragraph, start: first.start, end: last.end });
  }
}

// Persons of one run: a family name and one to three more proper words, ending the run or a dashed part
// of it, with a title, an honorific or a credit label beside it.
function findPersons(words: Word[], paragraph: number, text: string, person: (words: Word[], paragraph: number, text: string, role: string) => void): void {
  let a = 0;
  while (a < words.length) {
    let b = a + 1;
    while (b < words.length && !words[b].dash) b++;
    // The part [a, b): the name is its last words.
    let firstFree = a;
    for (let j = a; j < b; j++) if (words[j].used) firstFree = j + 1;
    const credit = firstFree === a && b - a >= 2 && b - a <= 4 ? CREDIT_BEFORE.exec(text.slice(Math.max(0, words[a].start - 30), words[a].start)) : null;
    if (credit && words.slice(a, b).every((w) => TITLE_CASE.test(w.text) || w.text.length === 1)) {
      person(words.slice(a, b), paragraph, text, /ảnh$/iu.test(credit[1]) && !/bài/iu.test(credit[1]) ? 'Ảnh' : 'Tác giả');
    } else {
      for (let j = firstFree; j <= b - 2; j++) {
        if (!SURNAMES.has(words[j].key) || !words[j].proper || b - j > 4) continue;
        // 'Ông Trần Tiến Dũng': the honorific opens the sentence, the name follows it.
        if (HONORIFIC_WORDS.has(words[j].key) && b - j >= 3) continue;
        const name = words.slice(j, b);
        if (!name.every((w) => (TITLE_CASE.test(w.text) || w.text.length === 1) && !NOT_GIVEN.has(w.key))) continue;
        const start = name[0].start;
        const end = name[name.length - 1].end;
        // 'Bí thư Đoàn Thanh niên': the run is the start of a body's name that goes on in lower case.
        if (ORG_CONTINUATION.test(text.slice(end, end + 8))) break;
        const before = text.slice(Math.max(0, start - 100), start);
        const after = roleAfter(text.slice(end, end + 200));
        const title = titleBefore(before);
        const inRunHonorific = j > a && HONORIFIC_WORDS.has(words[j - 1].key);
        const honorific = inRunHonorific || (j === a && HONORIFIC_BEFORE.test(before.slice(-14)));
        if (after || title !== undefined || honorific) person(name, paragraph, text, after || title || '');
        break;
      }
    }
    a = b;
  }
}
