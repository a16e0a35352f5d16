import type { StoredIndex } from '../index/store.js';
import { bigram } from '../index/fields.js';
import { fold } from '../text/fold.js';
import type { ParsedQuery } from './query.js';

/**
 * "Did you mean": the query in the corpus's own spelling. Unknown words are replaced by the nearest
 * known word (most frequent first), and words are accented as the corpus writes them, preferring the
 * spelling of the word pair so that 'Muong Te' becomes 'Mường Tè'. Undefined when nothing would change.
 * `hasMatches` says whether the query already has full matches (then only accents are suggested).
 */
export function suggestSpelling(store: Pick<StoredIndex, 'index' | 'vocabulary'>, parsed: ParsedQuery, hasMatches: boolean): string | undefined {
  const words = parsed.clauses.flatMap((c) => c.words);
  if (!words.length || words.length > 8) return undefined;
  const vocab = store.vocabulary;
  const idx = store.index;
  const terms = words.map((w) => {
    if (idx.df('f', w.term) > 0 || w.parts.length) return w.term;
    const near = idx
      .termsNear('f', w.term, w.term.length >= 5 ? 2 : 1)
      .filter((t) => vocab.words[t.term])
      .sort((a, b) => a.distance - b.distance || vocab.words[b.term][1] - vocab.words[a.term][1]);
    return near[0]?.term;
  });
  if (terms.some((t) => t === undefined)) return undefined;
  const surfaces = words.map((w, i) => vocab.words[terms[i] as string]?.[0] ?? w.surface);
  for (let i = 1; i < terms.length; i++) {
    const pair = vocab.pairs[bigram(terms[i - 1] as string, terms[i] as string)];
    if (pair) [surfaces[i - 1], surfaces[i]] = pair[0].split(' ') as [string, string];
  }
  // Keep what the user typed where the corpus agrees with it, so only real differences show.
  const out = words.map((w, i) =>
    fold(surfaces[i].toLowerCase()) === w.term && (!parsed.accented || surfaces[i].toLowerCase() === w.surface.toLowerCase()) && !hasMatches ? w.surface : surfaces[i],
  );
  const suggestion = out.join(' ');
  if (suggestion.toLowerCase() === words.map((w) => w.surface).join(' ').toLowerCase()) return undefined;
  return suggestion;
}
