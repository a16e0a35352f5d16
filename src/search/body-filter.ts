import { expandWithGlossary, type Glossary } from './glossary.js';
import { queryWords } from './query.js';

// Words that say what kind of place follows ('tỉnh Lai Châu'): an issuer is often written without them.
const PLACE_TYPES = new Set(['tinh', 'thanh', 'pho', 'tp', 'huyen', 'quan', 'thi', 'xa', 'tran', 'phuong']);

/**
 * A test of a document's issuer (its body and place) against a `body` filter as typed, with the
 * glossary applied: `UBND tỉnh Lai Châu`, `ubnd` and `"tỉnh lai châu"` all find the report of
 * "ỦY BAN NHÂN DÂN" whose place is Lai Châu. Every word of the filter must be among the issuer's
 * words (folded), one of the forms the glossary knows for each; words naming a kind of place may be
 * missing, since issuers leave them out.
 */
export function bodyMatcher(filter: string, glossary: Glossary): (issuer: string) => boolean {
  const groups = expandWithGlossary(queryWords(filter), glossary);
  return (issuer) => {
    const words = new Set(queryWords(issuer).map((w) => w.term));
    return groups.every((g) => {
      const optional = g.alternatives.every((a) => a.words.every((w) => PLACE_TYPES.has(w.term)));
      return optional || g.alternatives.some((a) => a.words.every((w) => words.has(w.term)));
    });
  };
}
