// parse → plan: a query cut into units (words and names, see units.ts), their groups of glossary
// alternatives, which units a full match needs, and the memo that the later steps fill per query.
import type { Postings } from '../index/paragraph-index.js';
import type { IdCollection } from '../util/sorted-ids.js';
import { expandWithGlossary, type Glossary, type Group } from './glossary.js';
import { wordsAsGroups } from './match.js';
import { parseQuery, type ParsedQuery } from './query.js';
import type { SearchFilters } from './results.js';
import { isQuestion, optionalUnits, quotedUnit, segment, type Unit, type UnitSources } from './units.js';

// A question of this many required units or more ranks every match, full or partial, by relevance and
// coverage alone: its answer seldom holds all of its words, and one that does is often about another
// thing (the every-unit tier still decides `total`, `partial` and the every-mention view).
const QUESTION_UNITS = 4;

/** Most times a repeated unit of a query counts in its weight. */
const MAX_REPEATS = 3;

/** What a paragraph's headings and document title name of a query. */
export interface ContextMatch {
  /** The context bonus (see RankWeights.context). */
  bonus: number;
  /** Bit u set when the context holds every group of unit u (units beyond 31 share the last bit, as in Scorer.mask). */
  units: number;
}

/** A planned query, with the memo that matching and scoring fill once per query. */
export interface Plan {
  parsed: ParsedQuery;
  groups: Group[];
  /** The query cut into words and names (see units.ts), in order; groups are theirs, flattened. */
  units: Unit[];
  /** Units a full match must contain: all but function words, when enough content units remain. */
  required: Unit[];
  /** True for a question of QUESTION_UNITS required units or more, without quotes: every match is ranked as a partial one. */
  rankAsQuestion: boolean;
  /** Index in `units` of each group's unit. */
  unitOf: number[];
  /** Per unit, how many times the query holds it (at most MAX_REPEATS). */
  repeats: number[];
  /** Units whose predecessor in the query was a repeat, dropped: they were not side by side with the unit before them. */
  gapBefore: Set<number>;
  /** The pairs of groups side by side in the query across a dropped repeat, scored for proximity with `unit`. */
  pairsAcross: { left: Group; right: Group; unit: number }[];
  /** Per group and alternative, the numbers (in `needleNumbers`) of the folded words that the context bonus looks for. */
  contextNeedles?: number[][][];
  /** Each folded word the context bonus looks for, numbered. */
  needleNumbers?: Map<string, number>;
  /** Per word list of a context (see ParagraphContexts), the numbers of the words it holds and their share of its words. */
  neededIn?: Map<readonly string[], { numbers: number[]; share: number }>;
  /** Scratch marks of the needles a context holds (see ParagraphContexts.present), one per query. */
  contextPresent?: Uint8Array;
  /** What each context names of the query, by context key, filled as the query meets contexts. */
  contextMatches?: Map<string, ContextMatch>;
  /** Paragraphs that may hold each unit as a phrase (see Candidates.unitSet), by unit, once per query. */
  unitSets?: Map<Unit, IdCollection>;
  /** Per group and alternative, the exact-spelling posting list of each word (for tier estimates). */
  exactPostings?: (Postings | undefined)[][][];
  quoted: Group[][];
  excludes: Group[][];
  filters: SearchFilters;
}

/** Plans query `q` with `extra` filters over those it types; throws QueryError for a query the user must change. */
export function planQuery(q: string, extra: SearchFilters, glossary: Glossary, sources: UnitSources): Plan {
  const parsed = parseQuery(q);
  const typed: Unit[] = [];
  for (const c of parsed.clauses) {
    const g = expandWithGlossary(c.words, glossary);
    if (c.quoted) typed.push(quotedUnit(g, parsed.accented));
    else for (const u of segment(g, parsed.text, parsed.accented, sources)) typed.push(u);
  }
  const { units, repeats, gapBefore, pairsAcross } = dropRepeats(typed);
  const quoted = units.filter((u) => u.kind === 'quoted').map((u) => u.groups);
  const groups = units.flatMap((u) => u.groups);
  const unitOf = units.flatMap((u, i) => u.groups.map(() => i));
  const optional = optionalUnits(units, parsed.accented);
  const content = units.filter((_, i) => !optional.has(i));
  // In 'tăng trưởng của tỉnh' the function word decides nothing; in 'của' alone it is the query.
  const required = content.length >= 2 ? content : units;
  for (const u of units) if (u.kind === 'quoted' && !required.includes(u)) required.push(u);
  const rankAsQuestion = !quoted.length && required.length >= QUESTION_UNITS && isQuestion(units, parsed.text, parsed.accented);
  return { parsed, groups, units, repeats, gapBefore, pairsAcross, required, rankAsQuestion, unitOf, quoted, excludes: parsed.excludes.map((c) => wordsAsGroups(c.words)), filters: { ...parsed.filters, ...extra } };
}

/**
 * A unit typed again adds no condition and no work: `a a a …` or `"của" "của" …` is matched as one
 * unit, which weighs as much as it was typed (at most MAX_REPEATS times), as BM25's query term
 * frequency has it. The word pairs around a dropped repeat still count for proximity.
 */
function dropRepeats(typed: Unit[]): Pick<Plan, 'units' | 'repeats' | 'gapBefore' | 'pairsAcross'> {
  const units: Unit[] = [];
  const first = new Map<string, number>();
  const repeats: number[] = [];
  const keptAs: number[] = [];
  typed.forEach((u) => {
    const key = `${u.kind}\u0000${u.text.normalize('NFC').toLowerCase()}`;
    const i = first.get(key);
    if (i !== undefined) {
      repeats[i] = Math.min(MAX_REPEATS, repeats[i] + 1);
      keptAs.push(-1 - i);
      return;
    }
    first.set(key, units.length);
    keptAs.push(units.length);
    repeats.push(1);
    units.push(u);
  });
  const unitIndex = (t: number) => (keptAs[t] >= 0 ? keptAs[t] : -1 - keptAs[t]);
  const gapBefore = new Set<number>();
  const pairsAcross: { left: Group; right: Group; unit: number }[] = [];
  for (let t = 1; t < typed.length; t++) {
    if (keptAs[t] >= 0 && keptAs[t - 1] === keptAs[t] - 1) continue;
    if (keptAs[t] >= 0) gapBefore.add(keptAs[t]);
    const left = typed[t - 1].groups;
    pairsAcross.push({ left: left[left.length - 1], right: typed[t].groups[0], unit: unitIndex(t) });
  }
  return { units, repeats, gapBefore, pairsAcross };
}
