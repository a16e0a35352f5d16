import type { ParagraphRecord } from '../ingest/records.js';

/** Fewest words of a paragraph that is no sentence but still says something by itself (default 10). */
export const MIN_WORDS = 10;

/** Most words of a line in capitals that is still a title, not a paragraph that says something (default 30). */
export const MAX_TITLE_WORDS = 30;

// A sentence closes with '.', ';', '!' or '?', a lead-in to a list with ':' (a closing bracket or quote may follow).
const SENTENCE_END = /[.;:!?][)"'”’»]*\s*$/u;
const LOWER = /\p{Ll}/u;

/**
 * True for a paragraph that says nothing by itself:
 * - a line of a blank form (kind 'form');
 * - a table cell, label or heading of fewer than MIN_WORDS words that does not close a sentence
 *   (`Quỹ bảo hiểm thất nghiệp`, `- Thu bảo hiểm thất nghiệp`; `Bãi bỏ Điều 5.` says something);
 * - a title in capitals (`DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO SAU KHI RÀ SOÁT`).
 * Such paragraphs match a query's words as well as any, and, short as they are, BM25 scores them
 * higher; the ranker puts them after the paragraphs that say something instead.
 */
export function isFragment(kind: ParagraphRecord['kind'], words: number, text: () => string): boolean {
  if (kind === 'form') return true;
  if (words >= MAX_TITLE_WORDS) return false;
  const t = text();
  if (!LOWER.test(t)) return true;
  return words < MIN_WORDS && !SENTENCE_END.test(t);
}
