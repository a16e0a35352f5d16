// What to mark in a paragraph for a query: each unit where the paragraph holds it whole, so that a
// quote found whole is one mark and 'giải ngân' does not light up the 'giải' of 'giải pháp'.
import type { Group } from './glossary.js';
import { groupOccurrences, phraseOccurrences, type DocWord, type Occurrence } from './match.js';

/**
 * Offsets [start, end) of the matches of `units` in a paragraph's words: a unit of several words where
 * it stands as one phrase, else (a partial match) each of its words when all of them are there; of
 * each, only the occurrences of the best level found (as typed before folded before inside a compound).
 */
export function unitRanges(units: readonly { groups: readonly Group[] }[], words: DocWord[], accented: boolean): [number, number][] {
  const out: [number, number][] = [];
  const mark = (occurrences: Occurrence[]) => {
    // A loop, not Math.max(...): a paragraph may hold more occurrences than a call takes arguments.
    let best = 0;
    for (const o of occurrences) if (o.level > best) best = o.level;
    for (const o of occurrences) if (o.level === best) out.push([words[o.from].start, words[o.to - 1].end]);
  };
  for (const unit of units) {
    if (unit.groups.length > 1) {
      const whole = phraseOccurrences([...unit.groups], words, accented);
      if (whole.length) {
        mark(whole);
        continue;
      }
    }
    // Apart, a unit is marked only where every one of its words is there: 'giải' of 'giải thưởng' is
    // no match of 'giải ngân' in a paragraph without 'ngân'.
    const apart = unit.groups.map((g) => groupOccurrences(g, words, accented));
    if (apart.every((occurrences) => occurrences.length > 0)) for (const occurrences of apart) mark(occurrences);
  }
  return out;
}
