// Runs of dots, ellipsis characters or underscores: a blank to fill in, or an "and so on".
const RUN = /[.…]*…[.…]*|\.{3,}|_{3,}/g;

/** Share of a line's length that one blank must take to make it a form line by itself (default 0.1). */
const MIN_BLANK_SHARE = 0.1;

/**
 * True for a line of a blank form (`Số tiền (viết bằng số): ..........`, `Kính gửi: ………(1)……`,
 * `… , ngày ... tháng … năm ...`): a line with blanks to fill in. Such lines repeat the words of a
 * regulation without saying anything, so the ranker puts them after the paragraphs that do.
 *
 * One '...' or '…' inside a sentence is an "and so on". A run is a blank when it is long (four dots
 * or more, two ellipsis characters, three underscores) or follows a colon; a line is a form line
 * with two blanks, three runs of any kind, or one blank that takes a tenth of it or follows a colon.
 */
export function isFormLine(text: string): boolean {
  let runs = 0;
  let blanks = 0;
  let blankLength = 0;
  for (const m of text.matchAll(RUN)) {
    runs++;
    const run = m[0];
    // An ellipsis character stands for three dots.
    const length = run.length + 2 * (run.split('…').length - 1);
    const afterColon = /:\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (afterColon) return true;
    if (length >= 4 || run[0] === '_') {
      blanks++;
      blankLength += length;
    }
  }
  return blanks >= 2 || runs >= 3 || (blanks === 1 && blankLength >= MIN_BLANK_SHARE * text.length);
}
