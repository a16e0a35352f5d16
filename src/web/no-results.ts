// What a results page with no full match offers instead of a dead end: the query without its
// diacritics and the query with one unit fewer, each tried first so that only those finding
// something are offered, with how much they find.
import { OverloadError, type AsyncSearcher } from '../search/async-searcher.js';
import { QueryError, type QueryUnit, type SearchFilters } from '../search/results.js';
import { fold, hasDiacritics } from '../text/fold.js';

/** A query to try instead, and how many full matches it has. */
export interface Alternative {
  q: string;
  total: number;
}

/** The alternatives offered on a page without full matches. */
export interface NoResultHelp {
  /** The query typed without diacritics, when it had some and that finds something. */
  folded?: Alternative;
  /** The query without one of its units, most matches first (at most FEWER_WORDS). */
  fewer: Alternative[];
}

/** Queries with one unit fewer offered at most (default 3). */
export const FEWER_WORDS = 3;

/** Units of a query tried one fewer at a time, at most (default 6: six light searches at worst). */
const MOST_UNITS = 6;

// A unit written back as a query: a quoted one keeps its quotes.
const asQuery = (u: QueryUnit): string => (u.kind === 'quoted' ? `"${u.text}"` : u.text);

/** Tries the alternatives of query `q` (cut into `units`) under `filters`; a refused or failing alternative is left out. */
export async function noResultHelp(searcher: AsyncSearcher, q: string, units: readonly QueryUnit[], filters: SearchFilters): Promise<NoResultHelp> {
  const count = async (alternative: string): Promise<Alternative | undefined> => {
    try {
      const { total } = await searcher.search({ q: alternative, limit: 1, filters, partial: false });
      return total > 0 ? { q: alternative, total } : undefined;
    } catch (error) {
      // An alternative the engine refuses, or has no time or room for, is simply not offered.
      if (error instanceof QueryError || error instanceof OverloadError) return undefined;
      throw error;
    }
  };
  const required = units.filter((u) => !u.optional);
  const tried = required.length >= 2 && required.length <= MOST_UNITS ? required.map((_, i) => required.filter((__, j) => j !== i).map(asQuery).join(' ')) : [];
  const [folded, ...fewer] = await Promise.all([hasDiacritics(q) ? count(fold(q)) : undefined, ...[...new Set(tried)].map(count)]);
  return {
    ...(folded ? { folded } : {}),
    fewer: fewer.filter((a): a is Alternative => a !== undefined).sort((a, b) => b.total - a.total).slice(0, FEWER_WORDS),
  };
}
