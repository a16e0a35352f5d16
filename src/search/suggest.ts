import type { StoredIndex } from '../index/store.js';
import { bigram } from '../index/fields.js';
import { fold } from '../text/fold.js';
import { queryWords } from './query.js';

/** Completions from the corpus, accented, for a prefix typed with or without diacritics; most frequent first. */
export function suggestCompletions(store: Pick<StoredIndex, 'index' | 'vocabulary'>, prefix: string, limit = 8): string[] {
  const text = prefix.normalize('NFC');
  const words = queryWords(text);
  if (!words.length) return [];
  const ended = /\s$/.test(text);
  const last = words[words.length - 1];
  const before = words.slice(0, ended ? words.length : words.length - 1);
  const idx = store.index;
  const vocab = store.vocabulary;
  const typedLast = ended ? '' : last.surface.toLowerCase();
  const accented = fold(typedLast) !== typedLast;
  const found = new Map<string, number>();
  const keep = (surface: string, count: number, head: string) => {
    const tail = surface.split(' ').pop() as string;
    if (accented && !tail.toLowerCase().startsWith(typedLast)) return;
    const full = (head ? head + ' ' : '') + surface;
    found.set(full, Math.max(found.get(full) ?? 0, count));
  };
  const prev = before[before.length - 1];
  const lastTerm = ended ? '' : last.term;
  if (prev) {
    const head = before.slice(0, -1).map((w) => w.surface).join(' ');
    for (const t of idx.termsWithPrefix('b', bigram(prev.term, lastTerm), 2000)) {
      const v = vocab.pairs[t];
      if (v) keep(v[0], v[1], head);
    }
  }
  if (!ended) {
    const head = before.map((w) => w.surface).join(' ');
    for (const t of idx.termsWithPrefix('f', lastTerm, 2000)) {
      const v = vocab.words[t];
      if (v) keep(v[0], v[1] / 4, head);
    }
  }
  return [...found]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([s]) => s);
}
