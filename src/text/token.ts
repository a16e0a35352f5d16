/** One token of analyzed text. Offsets always point into the original string and no step changes them. */
export interface Token {
  /** Index term: lower case, diacritics folded, đ → d (e.g. 'giai'). */
  term: string;
  /** Exact term: lower case NFC with the tone mark in canonical place (e.g. 'giải'; 'hoà' and 'hòa' agree). */
  exact: string;
  /** [start, end) in UTF-16 code units of the original text. */
  start: number;
  end: number;
  /** Ordinal of the word in the text; parts split from a compound share their parent's position. */
  position: number;
  /** True for a part of a compound token (e.g. '2022' of '31/2022/NĐ-CP'); the whole token comes first. */
  part?: boolean;
}
