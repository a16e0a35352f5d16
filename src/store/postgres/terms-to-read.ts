// What a query reads first from the stored posting lists: the terms its ranking is sure to ask.
import { bigram, EXACT, FOLDED, PAIR, type FieldName } from '../../index/fields.js';
import { expandWithGlossary, type Glossary } from '../../search/glossary.js';
import { parseQuery } from '../../search/query.js';
import { QueryError } from '../../search/results.js';
import type { TermAsked } from './collection-view.js';
import { postingKey } from './posting-rows.js';

/**
 * The terms a query's ranking asks first: every folded word of every glossary form with its compound
 * parts, its exact form, and the word pairs inside a form and across adjacent groups. What else it
 * asks is read when it does (the view notes it, collection-view.ts). None for a query the engine refuses (it then says why).
 */
export function termsToRead(q: string, glossary: Glossary): Map<string, TermAsked> {
  const out: Map<string, TermAsked> = new Map();
  const add = (field: FieldName, term: string) => out.set(postingKey(field, term), { field, term });
  let clauses;
  try {
    clauses = parseQuery(q).clauses;
  } catch (e) {
    if (e instanceof QueryError) return out;
    throw e;
  }
  for (const c of clauses) {
    const groups = expandWithGlossary(c.words, glossary);
    groups.forEach((g, i) => {
      for (const a of g.alternatives) {
        a.words.forEach((w, j) => {
          add(FOLDED, w.term);
          add(EXACT, w.exact);
          for (const p of w.parts) add(FOLDED, p);
          if (j > 0) add(PAIR, bigram(a.words[j - 1].term, w.term));
        });
        if (i > 0) for (const b of groups[i - 1].alternatives) add(PAIR, bigram(b.words[b.words.length - 1].term, a.words[0].term));
      }
    });
  }
  return out;
}
