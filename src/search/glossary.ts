import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { queryWords, type QueryWord } from './query.js';
import { numberForms } from './number-forms.js';

/** One entry of the glossary: forms that mean the same thing, and where the equivalence comes from. */
export interface GlossaryEntry {
  forms: string[];
  source: string;
}

/** A glossary ready for query expansion: each form analyzed once. */
export interface Glossary {
  entries: { forms: QueryWord[][]; source: string }[];
  /** Longest form in words, to bound the scan. */
  longest: number;
}

/** Path of the glossary the project ships (src/search/glossary.json). */
export const GLOSSARY_PATH = fileURLToPath(new URL('./glossary.json', import.meta.url));

/** Loads and analyzes a glossary file; throws with the file name when it is malformed. */
export function loadGlossary(path: string = GLOSSARY_PATH): Glossary {
  let raw: { entries?: GlossaryEntry[] };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as { entries?: GlossaryEntry[] };
  } catch (e) {
    throw new Error(`Cannot read the glossary ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw.entries)) throw new Error(`The glossary ${path} has no "entries" list`);
  // A form in two entries would expand to either at random, and one that analyzes to nothing never matches.
  const owner = new Map<string, number>();
  const entries = raw.entries.map((e, i) => {
    if (!Array.isArray(e.forms) || e.forms.length < 2) throw new Error(`The glossary ${path}: entry ${i + 1} needs at least two forms`);
    if (!e.source) throw new Error(`The glossary ${path}: entry ${i + 1} (${e.forms[0]}) needs a "source"`);
    const forms = e.forms.map((f) => {
      const words = queryWords(f);
      const key = words.map((w) => w.term).join(' ');
      if (!key) throw new Error(`The glossary ${path}: entry ${i + 1} has a form without words: "${f}"`);
      const other = owner.get(key);
      if (other !== undefined) throw new Error(`The glossary ${path}: "${f}" of entry ${i + 1} is already a form of entry ${other + 1}`);
      owner.set(key, i);
      return words;
    });
    return { forms, source: String(e.source) };
  });
  return { entries, longest: Math.max(1, ...entries.flatMap((e) => e.forms.map((f) => f.length))) };
}

/** An alternative spelling of a group: the words as typed, or a glossary form. */
export interface Alternative {
  words: QueryWord[];
  /** True for the form the user typed; it ranks first. */
  typed: boolean;
}

/** One unit of the query that must be present: a word, or a glossary term with all its forms. */
export interface Group {
  alternatives: Alternative[];
}

const sameForm = (a: QueryWord[], words: QueryWord[], at: number): boolean =>
  a.length > 0 && a.every((w, k) => words[at + k]?.term === w.term);

// Per glossary, its entries by the first word of each of their forms, in glossary order: a query
// word is checked against the few entries that can start there, not against every entry for every
// length (a long question's planning made tens of thousands of such checks).
const entriesByFirstWord = new WeakMap<Glossary, Map<string, Glossary['entries']>>();

function entriesStartingWith(glossary: Glossary, term: string): Glossary['entries'] | undefined {
  let index = entriesByFirstWord.get(glossary);
  if (!index) {
    index = new Map();
    for (const entry of glossary.entries) {
      for (const first of new Set(entry.forms.filter((f) => f.length > 0).map((f) => f[0].term))) {
        const list = index.get(first);
        if (list) list.push(entry);
        else index.set(first, [entry]);
      }
    }
    entriesByFirstWord.set(glossary, index);
  }
  return index.get(term);
}

/** Turns a clause's words into groups, replacing each glossary form (longest first) by all the forms of its entry. */
export function expandWithGlossary(words: QueryWord[], glossary: Glossary): Group[] {
  const groups: Group[] = [];
  let i = 0;
  outer: while (i < words.length) {
    const starting = entriesStartingWith(glossary, words[i].term) ?? [];
    for (let len = Math.min(glossary.longest, words.length - i); len >= 1 && starting.length; len--) {
      for (const entry of starting) {
        const typed = entry.forms.find((f) => f.length === len && sameForm(f, words, i));
        if (!typed) continue;
        const asTyped = words.slice(i, i + len);
        groups.push({
          alternatives: [{ words: asTyped, typed: true }, ...entry.forms.filter((f) => f !== typed).map((f) => ({ words: f, typed: false }))],
        });
        i += len;
        continue outer;
      }
    }
    // A whole number also stands for its other spellings (9447, 9.447, 9,447).
    const forms = numberForms(words[i].surface).map((f) => queryWords(f));
    groups.push({ alternatives: [{ words: [words[i]], typed: true }, ...forms.filter((f) => f.length === 1).map((f) => ({ words: f, typed: false }))] });
    i++;
  }
  return groups;
}
