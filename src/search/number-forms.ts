/**
 * The other ways the same whole number is written: `9447`, `9.447` and `9,447`; `335810`, `335.810`
 * and `335,810`. Vietnamese groups thousands with '.', English-style text with ','; a run of digits
 * is read as a whole number only where that reading is safe:
 * - a group separator is followed by exactly three digits each time, one separator kind throughout;
 * - a plain run has four digits or more and no leading zero (a code such as `0123` is no number);
 * - a four-digit run between 1900 and 2099 is a year, written only one way;
 * - a decimal comma with other than three digits after it (`52,3`) is no whole number.
 * Returns [] when the surface is no such number.
 */
export function numberForms(surface: string): string[] {
  let digits: string;
  if (/^[1-9]\d{3,14}$/.test(surface)) {
    if (surface.length === 4 && Number(surface) >= 1900 && Number(surface) < 2100) return [];
    digits = surface;
  } else if (/^[1-9]\d{0,2}(?:\.\d{3})+$/.test(surface) || /^[1-9]\d{0,2}(?:,\d{3})+$/.test(surface)) {
    digits = surface.replace(/[.,]/g, '');
  } else return [];
  const grouped = (sep: string) => digits.replace(/\B(?=(\d{3})+$)/g, sep);
  return [digits, grouped('.'), grouped(',')].filter((f) => f !== surface);
}
