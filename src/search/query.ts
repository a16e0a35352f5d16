import type { SearchFilters } from './results.js';
import { QueryError } from './results.js';
import { analyze } from '../text/analyzer.js';
import { hasDiacritics } from '../text/fold.js';
import { normalize } from '../text/normalize.js';

/** One word of a query, analyzed like indexed text. */
export interface QueryWord {
  /** As typed (normalized). */
  surface: string;
  /** Folded term. */
  term: string;
  /** Exact key (tone placement canonical). */
  exact: string;
  /** Folded parts of a compound ('31/2022' → ['31', '2022']); [] for a plain word. */
  parts: string[];
}

/** A run of query words: a quoted phrase or the words between quotes. */
export interface QueryClause {
  words: QueryWord[];
  /** A quoted clause must occur as a phrase. */
  quoted: boolean;
}

/** A query taken apart: what must match, what must not, and the metadata filters. */
export interface ParsedQuery {
  text: string;
  clauses: QueryClause[];
  excludes: QueryClause[];
  filters: SearchFilters;
  /** The user typed diacritics: exact spellings rank above folded ones. */
  accented: boolean;
}

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1000;

const FILTER_KEYS: Record<string, 'type' | 'year' | 'body'> = { type: 'type', year: 'year', body: 'body', loai: 'type', nam: 'year', coquan: 'body' };
// A filter key written with nothing after it. Not `nam:`, which also ends a phrase ('Việt Nam: …', 'miền Nam:').
const BARE_KEY = /^(?:type|year|body|loai|coquan):$/i;

/** The refusal of a filter with no value, which would otherwise narrow nothing (`type:""` once matched every paragraph). */
function emptyFilter(key: string): QueryError {
  return new QueryError(`Bộ lọc ${key.toLowerCase()}: đang để trống. Hãy viết giá trị ngay sau dấu hai chấm (ví dụ type:"báo cáo", year:2023, body:"lai châu") hoặc bỏ bộ lọc đi.`);
}

// -? then an optional key: then a "quoted", “curly quoted” or bare piece.
const PIECE_RE = /(-?)(?:([a-zA-Z]+|[sS][ốỐ]):)?(?:"([^"]*)"?|“([^”]*)”?|([^\s"“]+))/g;
// `số:01/NQ-CP` (or `so:`) asks for a document number: the number alone, as one unit, so that the document bearing it comes first.
const NUMBER_KEY = /^s[oố]$/i;

/** Analyzes a piece of query text into query words (compound parts attached to their word). */
export function queryWords(text: string): QueryWord[] {
  const out: QueryWord[] = [];
  for (const t of analyze(text)) {
    if (t.part) {
      out[out.length - 1]?.parts.push(t.term);
      continue;
    }
    out.push({ surface: normalize(text.slice(t.start, t.end)), term: t.term, exact: t.exact, parts: [] });
  }
  return out;
}

/** Parses a query: words, "quoted phrases", -exclusions, type:/year:/body: filters and số: document numbers. Throws QueryError when nothing is left to search. */
export function parseQuery(raw: string): ParsedQuery {
  const text = normalize(raw).trim();
  if (!text) throw new QueryError('Hãy gõ một hoặc vài từ cần tìm.');
  if (text.length > MAX_QUERY_LENGTH) throw new QueryError(`Truy vấn quá dài: tối đa ${MAX_QUERY_LENGTH} ký tự.`);
  const clauses: QueryClause[] = [];
  const excludes: QueryClause[] = [];
  const filters: SearchFilters = {};
  let loose: string[] = [];
  const flushLoose = () => {
    const words = queryWords(loose.join(' '));
    if (words.length) clauses.push({ words, quoted: false });
    loose = [];
  };
  for (const m of text.matchAll(PIECE_RE)) {
    const [, minus, key, quoted, curly, bare] = m;
    const value = quoted ?? curly ?? bare ?? '';
    const isQuoted = quoted !== undefined || curly !== undefined;
    const filter = key ? FILTER_KEYS[key.toLowerCase()] : undefined;
    if (filter && !value.trim()) throw emptyFilter(key);
    if (!key && bare && BARE_KEY.test(bare)) throw emptyFilter(bare.slice(0, -1));
    if (filter) {
      if (filter === 'year') {
        if (!/^\d{4}$/.test(value)) throw new QueryError(`year: cần một năm bốn chữ số, ví dụ year:2023 (nhận được «${value}»).`);
        filters.year = Number(value);
      } else filters[filter] = value;
      continue;
    }
    if (key && NUMBER_KEY.test(key) && !minus && value.trim()) {
      flushLoose();
      const words = queryWords(value);
      if (words.length) clauses.push({ words, quoted: true });
      continue;
    }
    const piece = key ? `${key}:${value}` : value;
    if (minus && piece) {
      flushLoose();
      const words = queryWords(piece);
      if (words.length) excludes.push({ words, quoted: isQuoted });
    } else if (isQuoted) {
      flushLoose();
      const words = queryWords(piece);
      if (words.length) clauses.push({ words, quoted: true });
    } else loose.push(minus + piece);
  }
  flushLoose();
  if (!clauses.length && !Object.keys(filters).length) {
    throw new QueryError(excludes.length ? 'Truy vấn cần ít nhất một từ không bị loại trừ bằng dấu -.' : 'Truy vấn không có chữ hay số nào để tìm.');
  }
  const positive = clauses.flatMap((c) => c.words.map((w) => w.surface)).join(' ');
  return { text, clauses, excludes, filters, accented: hasDiacritics(positive) };
}
