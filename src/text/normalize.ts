import unorm from 'unorm';

// Letters that look like Vietnamese đ/Đ in scanned or keyboard-mangled text but are other code points.
const LOOKALIKES: Record<string, string> = {
  '\u00d0': '\u0110', // Ð Latin capital eth → Đ
  '\u00f0': '\u0111', // ð Latin small eth → đ
  '\u0189': '\u0110', // Ɖ African D → Đ
  '\u0256': '\u0111', // ɖ → đ
};
const LOOKALIKE_RE = /[\u00d0\u00f0\u0189\u0256]/g;
const COMBINING_RE = /[\u0300-\u036f]/;

/** Canonical Unicode form of a piece of text: NFC (via unorm) and look-alike letters mapped to Vietnamese ones. */
export function normalize(s: string): string {
  // Most text is already NFC; composing it again would cost on every token of the hot path.
  let out = COMBINING_RE.test(s) ? unorm.nfc(s) : s;
  if (LOOKALIKE_RE.test(out)) out = out.replace(LOOKALIKE_RE, (c) => LOOKALIKES[c] ?? c);
  LOOKALIKE_RE.lastIndex = 0;
  return out;
}
