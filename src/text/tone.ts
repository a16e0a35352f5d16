import unorm from 'unorm';

// The five Vietnamese tone marks as combining characters, with the VIQR-style sign each becomes.
// VIQR signs are outside the token alphabet, so a canonical key can never collide with a plain word.
const TONE_SIGNS: Record<string, string> = {
  '\u0300': '`', // huyền
  '\u0301': "'", // sắc
  '\u0303': '~', // ngã
  '\u0309': '?', // hỏi
  '\u0323': '*', // nặng
};

// Each precomposed letter with a tone mark → [letter without its tone, tone sign]. Built once from
// the Unicode decompositions, so the hot path is a table look-up instead of NFD per token.
const TONED = new Map<string, [string, string]>();
for (let cp = 0xc0; cp <= 0x1ef9; cp++) {
  const ch = String.fromCodePoint(cp);
  const nfd = unorm.nfd(ch);
  if (nfd.length < 2) continue;
  let tone = '';
  let base = '';
  for (const m of nfd) {
    if (TONE_SIGNS[m]) tone = TONE_SIGNS[m];
    else base += m;
  }
  if (tone) TONED.set(ch, [unorm.nfc(base), tone]);
}

/**
 * Canonical key of one lower-case NFC word with diacritics kept but tone placement made irrelevant:
 * each syllable's tone mark moves to the syllable's end ('hoà' and 'hòa' → "hoa`", 'thuỷ' and 'thủy' → 'thuy?').
 */
export function toneKey(word: string): string {
  let out = '';
  let tone = '';
  for (const ch of word) {
    const t = TONED.get(ch);
    if (t) {
      out += t[0];
      tone = t[1];
    } else if (TONE_SIGNS[ch]) {
      tone = TONE_SIGNS[ch];
    } else if (isLetter(ch)) {
      out += ch;
    } else {
      // A separator inside a compound ('Covid-19', 'KT-XH') ends the syllable: its tone goes before it.
      out += tone + ch;
      tone = '';
    }
  }
  return out + tone;
}

function isLetter(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}
