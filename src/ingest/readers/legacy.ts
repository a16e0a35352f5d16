// Vietnamese text from before Unicode: TCVN3 (ABC), VNI Windows and Windows-1258. Old reports still
// come as such files, or as "UTF-8" files converted by a tool that took the legacy bytes for Latin-1
// ("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), so both the raw bytes and that mojibake are repaired here.
//
// Tables:
// - TCVN3: TCVN 5712:1993, table VN3 (the .VnTime fonts), bytes 0xA1–0xFF; checked byte by byte against
//   glibc iconv's TCVN5712-1 table, whose upper half is VN3's lower-case letters plus VN1's capitals in
//   VN3's unused cells. Bytes 0x80–0xA0 stay Windows-1252, as Word wrote smart quotes and dashes there.
// - VNI Windows: the VNI font layout (a base letter followed by mark bytes), as in the xvnkb keyboard's
//   vni.h table (Dao Hai Lam, 2002), written here by rule: tone marks ù ø û õ ï, circumflex â with its
//   tone variants á à å ã ä, breve ê/é è ú ü ë, ô = ơ, ö = ư, í ì æ ó ò = i with tones, î = ỵ, ñ = đ.
// - Windows-1258: Node's TextDecoder (ICU), then NFC, since 1258 spells tones as combining marks.

/** The legacy encodings recognised, by the names people know them under. */
export type LegacyEncoding = 'TCVN3' | 'VNI' | 'Windows-1258';

/** A text recovered from a legacy encoding, with the encoding it was found to be in. */
export interface LegacyText {
  text: string;
  encoding: LegacyEncoding;
}

// ---- TCVN3 -----------------------------------------------------------------------------------------

// Byte 0xA1 + i holds TCVN3_UPPER[i] ('' = unused, left as Windows-1252).
const TCVN3_UPPER =
  'ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ';

const TCVN3_DECODE = new Map<string, string>();
for (let i = 0; i < TCVN3_UPPER.length; i++) TCVN3_DECODE.set(String.fromCharCode(0xa1 + i), TCVN3_UPPER[i]);

// TCVN3 has no capital toned letters: headings were typed in the .VnTimeH fonts, whose glyphs for the
// lower-case bytes are capitals. A line, or else a word, whose plain letters are all capitals (two at
// least, so that a capitalised 'Tù' stays 'Tự') was typed in such a font.
const allCapitals = (s: string): boolean => (s.match(/[A-Z]/g)?.length ?? 0) >= 2 && !/[a-z]/.test(s);
const toHeadingCase = (text: string): string =>
  text.replace(/[^\n]+/g, (line) => (allCapitals(line) ? line.toUpperCase() : line.replace(/\p{L}+/gu, (w) => (allCapitals(w) ? w.toUpperCase() : w))));

/** Text whose characters are TCVN3 bytes read as Windows-1252, in Unicode. */
export function fromTcvn3(latin: string): string {
  let out = '';
  for (const ch of latin) out += TCVN3_DECODE.get(ch) ?? ch;
  return toHeadingCase(out.normalize('NFC'));
}

// ---- VNI -------------------------------------------------------------------------------------------

const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323']; // none, sắc, huyền, hỏi, ngã, nặng
// VNI's mark bytes (as Windows-1252 lower-case characters) by tone, for plain vowels and after ơ/ư.
const VNI_TONE = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const VNI_CIRCUMFLEX = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const VNI_BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const VNI_I = ['i', 'í', 'ì', 'æ', 'ó', 'ò'];

/** Every VNI spelling of a Vietnamese letter, lower and upper case, mapped to its Unicode letter. */
function vniTable(): Map<string, string> {
  const table = new Map<string, string>();
  const add = (vni: string, unicode: string): void => {
    table.set(vni, unicode.normalize('NFC'));
    table.set(vni.toUpperCase(), unicode.toUpperCase().normalize('NFC'));
  };
  for (let t = 0; t < TONES.length; t++) {
    const tone = TONES[t];
    for (const v of 'aeouy') if (t > 0) add(v + VNI_TONE[t], v + tone);
    for (const v of 'aeo') add(v + VNI_CIRCUMFLEX[t], v + '\u0302' + tone);
    add('a' + VNI_BREVE[t], 'a\u0306' + tone);
    add('ô' + VNI_TONE[t], 'ơ' + tone);
    add('ö' + VNI_TONE[t], 'ư' + tone);
    if (t > 0) add(VNI_I[t], 'i' + tone);
  }
  table.delete('yï');
  table.delete('YÏ');
  add('î', 'ỵ');
  add('ñ', 'đ');
  return table;
}

const VNI_DECODE = vniTable();
const VNI_PATTERN = new RegExp(
  [...VNI_DECODE.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/** Text whose characters are VNI Windows bytes read as Windows-1252, in Unicode. */
export function fromVni(latin: string): string {
  return latin.replace(VNI_PATTERN, (s) => VNI_DECODE.get(s) ?? s);
}

// ---- Encoding (for fixtures and round-trip checks) --------------------------------------------------

// Only VN3's own letters: lower case and ĂÂÊÔƠƯĐ, not the VN1 capitals that share its spare cells.
const VN3_LETTER = (u: string): boolean => /^\p{L}$/u.test(u) && (u === u.toLowerCase() || 'ĂÂÊÔƠƯĐ'.includes(u));
const TCVN3_ENCODE = new Map([...TCVN3_DECODE].filter(([, u]) => VN3_LETTER(u)).map(([b, u]) => [u, b]));
const VNI_ENCODE = new Map([...VNI_DECODE].map(([v, u]) => [u, v]));
const CP1252 = new TextDecoder('windows-1252');
const CP1252_BYTE = new Map<string, number>();
for (let b = 0; b < 256; b++) CP1252_BYTE.set(CP1252.decode(Uint8Array.of(b)), b);

/** The bytes of Unicode text in TCVN3 or VNI (capital toned letters of TCVN3 as their lower case, as a .VnTimeH font would); for writing test fixtures. */
export function encodeLegacy(text: string, encoding: Exclude<LegacyEncoding, 'Windows-1258'>): Buffer {
  const table = encoding === 'TCVN3' ? TCVN3_ENCODE : VNI_ENCODE;
  let latin = '';
  for (const ch of text.normalize('NFC')) {
    latin += table.get(ch) ?? (encoding === 'TCVN3' ? table.get(ch.toLowerCase()) : undefined) ?? ch;
  }
  const bytes = [...latin].map((ch) => {
    const b = CP1252_BYTE.get(ch);
    if (b === undefined) throw new Error(`cannot write '${ch}' in ${encoding}`);
    return b;
  });
  return Buffer.from(bytes);
}

// ---- Detection -------------------------------------------------------------------------------------

// A Vietnamese syllable: onset, vowel nucleus, final consonant, and at most one tone mark. Mojibake
// fails it ("héi", "ViÖt", "hoµ"); Latin-1 text in French or German mostly fails it too ("été", "für").
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const SYLLABLE = new RegExp(
  '^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?' +
    '(?:uyê|uya|uyu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|ưu|ươ|ưa|ưi|uô|uơ|uâ|uê|uy|ua|ui|oa|oă|oe|oo|oi|ôi|ơi|iê|yê|ia|iu|ai|ao|au|ay|âu|ây|eo|êu|[aăâeêioôơuưy])' +
    '(?:ch|ng|nh|[cmnpt])?$',
);

// Scoring a sample asks about the same few thousand words again and again.
const known = new Map<string, boolean>();

/** Whether a word is spelled as a Vietnamese syllable can be. */
export function isVietnameseSyllable(word: string): boolean {
  let valid = known.get(word);
  if (valid === undefined) {
    valid = spelledAsSyllable(word);
    if (known.size > 100_000) known.clear();
    known.set(word, valid);
  }
  return valid;
}

function spelledAsSyllable(word: string): boolean {
  const decomposed = word.toLowerCase().normalize('NFD');
  if ((decomposed.match(TONE_MARKS)?.length ?? 0) > 1) return false;
  return SYLLABLE.test(decomposed.replace(TONE_MARKS, '').normalize('NFC'));
}

// Only words with a non-ASCII letter tell encodings apart; a sample keeps a 50 MB file cheap.
const SAMPLE = 200_000;
const WORD = /\p{L}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Among the words with a non-ASCII letter: how many there are and how many are Vietnamese syllables. */
export function syllableScore(text: string): { words: number; valid: number } {
  let words = 0;
  let valid = 0;
  for (const [w] of text.slice(0, SAMPLE).normalize('NFC').matchAll(WORD)) {
    if (!NON_ASCII.test(w)) continue;
    words++;
    if (isVietnameseSyllable(w)) valid++;
  }
  return { words, valid };
}

const ratio = (s: { words: number; valid: number }): number => (s.words ? s.valid / s.words : 0);

// The share of non-ASCII words that must read as syllables before a conversion is trusted; a minimum
// count of such syllables is asked for too (two for bytes that are not UTF-8), since one short word,
// such as a stray 'Ầ' from two bytes of broken UTF-8 read as VNI, proves nothing.
const TRUSTED = 0.8;

function best(candidates: LegacyText[], minValid: number): LegacyText | null {
  let winner: LegacyText | null = null;
  let top = { words: 0, valid: 0 };
  for (const c of candidates) {
    const s = syllableScore(c.text);
    if (ratio(s) < TRUSTED || s.valid < minValid) continue;
    if (!winner || ratio(s) > ratio(top) || (ratio(s) === ratio(top) && s.valid > top.valid)) {
      winner = c;
      top = s;
    }
  }
  return winner;
}

/** Bytes that are not UTF-8, read as whichever legacy encoding makes Vietnamese of them; null when none does. */
export function decodeLegacy(bytes: Uint8Array): LegacyText | null {
  const latin = CP1252.decode(bytes);
  return best([
    { text: fromTcvn3(latin), encoding: 'TCVN3' },
    { text: fromVni(latin), encoding: 'VNI' },
    { text: new TextDecoder('windows-1258').decode(bytes).normalize('NFC'), encoding: 'Windows-1258' },
  ], 2);
}

// Characters that Vietnamese Unicode text never needs but TCVN3 or VNI read as Latin-1 is full of.
const TELLTALE = /[\u00a1-\u00bf\u00c6\u00c7\u00cb\u00ce\u00cf\u00d0\u00d1\u00d6-\u00d8\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe]/;

/**
 * Text already decoded (as UTF-8, or as a page's declared Latin-1) that is really TCVN3 or VNI, in
 * Unicode; null when it does not look like such mojibake, which keeps real Unicode Vietnamese untouched.
 */
export function repairMojibake(text: string): LegacyText | null {
  if (!TELLTALE.test(text.slice(0, SAMPLE))) return null;
  const own = syllableScore(text);
  if (own.words === 0 || ratio(own) >= 0.5) return null;
  // Converting a valid UTF-8 file is a bolder step than reading invalid bytes: ask for more evidence.
  return best([
    { text: fromTcvn3(text), encoding: 'TCVN3' },
    { text: fromVni(text), encoding: 'VNI' },
  ], 3);
}
