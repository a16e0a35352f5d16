// Tests of the letter case of a whole text, shared by cleaning, chunking, metadata and the vocabulary.
//
// Why the expressions are module constants: tsx builds TypeScript with esbuild for the running Node
// (target node20), and esbuild rewrites a literal with \p{…} outside a character class into
// `new RegExp(…)` where it stands. Inside a function that builds a regular expression on every call,
// and these run for every line of a corpus.
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const LOWER_FIRST = /^\p{Ll}/u;
const UPPER_FIRST = /^\p{Lu}/u;

/** True for a text in capitals only: an upper-case letter and no lower-case one ('BỘ TÀI CHÍNH', 'THÔNG TƯ 01'). */
export const isAllCapitals = (text: string): boolean => UPPER.test(text) && !LOWER.test(text);

/** True when the text has a lower-case letter anywhere. */
export const hasLowerCase = (text: string): boolean => LOWER.test(text);

/** True when the text has a letter of any script anywhere. */
export const hasLetter = (text: string): boolean => LETTER.test(text);

/** True when the text's first character is a lower-case letter. */
export const startsLowerCase = (text: string): boolean => LOWER_FIRST.test(text);

/** True when the text's first character is an upper-case letter. */
export const startsUpperCase = (text: string): boolean => UPPER_FIRST.test(text);
