import { fold } from '../text/fold.js';
import { toneKey } from '../text/tone.js';

// Vietnamese function words: prepositions, conjunctions, classifiers, aspect and modal particles,
// question words. They carry grammar, not topic, so a natural-language query may omit or add them
// freely; the list comes from general Vietnamese grammar, not from any corpus.
const WORDS = [
  'của', 'và', 'các', 'những', 'một', 'được', 'bị', 'có', 'là', 'thì', 'mà', 'cho', 'với', 'trong', 'tại', 'ở',
  'này', 'đó', 'kia', 'ấy', 'để', 'đã', 'đang', 'sẽ', 'vẫn', 'cũng', 'rất', 'như', 'về', 'theo', 'từ', 'do', 'bởi',
  'khi', 'nếu', 'thì', 'vì', 'nên', 'hay', 'hoặc', 'nào', 'gì', 'ai', 'sao', 'bao', 'nhiêu', 'không', 'chưa', 'phải',
  'đến', 'tới', 'ra', 'vào', 'lên', 'xuống', 'qua', 'lại', 'nữa', 'thế', 'vậy', 'nhé', 'ạ', 'à', 'ư', 'chứ', 'hả',
  'thuộc', 'giữa', 'trên', 'dưới', 'sau', 'trước', 'bằng', 'cùng', 'mỗi', 'mọi', 'tất', 'cả', 'nhiều', 'ít',
];

const FOLDED: ReadonlySet<string> = new Set(WORDS.map((w) => fold(w)));
const EXACT: ReadonlySet<string> = new Set(WORDS.map((w) => toneKey(w)));

/** A query word as the rules below see it: folded term and exact key (see src/text/tone.ts). */
export interface WordForms {
  term: string;
  exact: string;
}

// With diacritics typed, 'đầu' (head) is not 'đâu' (where): compare exact keys. Without, folded forms.
const isIn = (w: WordForms, accented: boolean, folded: ReadonlySet<string>, exact: ReadonlySet<string>) =>
  accented ? exact.has(w.exact) : folded.has(w.term);

/** True for a word that a natural-language query may leave unmatched without making a hit partial. */
export function isFunctionWord(w: WordForms, accented: boolean): boolean {
  return isIn(w, accented, FOLDED, EXACT);
}

// Interrogatives that follow the noun they ask about: 'trường hợp nào' (which cases), 'điều kiện gì'
// (what conditions). The answer names the case, not the word 'case', so the noun is optional too.
const INTERROGATIVES = ['nào', 'gì', 'đâu'];
const INTERROGATIVES_FOLDED: ReadonlySet<string> = new Set(INTERROGATIVES.map((w) => fold(w)));
const INTERROGATIVES_EXACT: ReadonlySet<string> = new Set(INTERROGATIVES.map((w) => toneKey(w)));

/** True for an interrogative that follows the noun it asks about (nào, gì, đâu). */
export function isInterrogative(w: WordForms, accented: boolean): boolean {
  return isIn(w, accented, INTERROGATIVES_FOLDED, INTERROGATIVES_EXACT);
}
