import unorm from 'unorm';

// Every precomposed Latin letter with diacritics → its bare letter, from the Unicode decompositions;
// đ/Đ do not decompose, so they are added by hand (charabia's vietnamese normalizer does only that).
const FOLDED = new Map<string, string>([
  ['đ', 'd'],
  ['Đ', 'D'],
]);
for (let cp = 0xc0; cp <= 0x1ef9; cp++) {
  const ch = String.fromCodePoint(cp);
  const bare = unorm.nfd(ch).replace(/[\u0300-\u036f]/g, '');
  if (bare !== ch && bare.length === 1) FOLDED.set(ch, bare);
}
const NEEDS_FOLDING = /[^\u0000-\u007f]/;

/** The word with every diacritic removed and đ → d, so that a query typed without diacritics finds every accented form. */
export function fold(word: string): string {
  if (!NEEDS_FOLDING.test(word)) return word;
  let out = '';
  for (const ch of word) {
    const f = FOLDED.get(ch);
    if (f !== undefined) out += f;
    else if (ch < '\u0300' || ch > '\u036f') out += ch;
  }
  return out;
}

/** True when the text carries any Vietnamese diacritic or đ, i.e. when the user typed accents on purpose. */
export function hasDiacritics(text: string): boolean {
  return fold(text) !== text;
}
