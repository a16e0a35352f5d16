// The administrative units of Vietnam as look-up tables for recognition: which names exist at which
// level, keyed by nameKey(). The data is gazetteer.json (see PROVENANCE.md beside it).
import { readFileSync } from 'node:fs';
import { nameKey } from './lexicon.js';

/** How a unit is named in running text: its type word in lower case and its proper name, e.g. 'huyện' and 'Điện Biên'. */
export interface Place {
  type: string;
  name: string;
  /** For a district: the proper name of its province (before 2025). */
  province?: string;
}

/** The entity name of a place: type word and proper name ('tỉnh Điện Biên'), unique across levels. */
export const placeName = (p: Place): string => `${p.type} ${p.name}`;

interface GazetteerFile {
  provinces: [string, string, string][];
  districts: [string, string, string][];
  communes: [string, string][];
}

/** Look-up tables of places by type word and by bare name. */
export class Gazetteer {
  /** Per type word ('tỉnh', 'huyện', 'xã', …), places by nameKey of their proper name. */
  readonly byType = new Map<string, Map<string, Place>>();
  /** Provinces and centrally-run cities by nameKey: what a bare name means when it names one. */
  readonly provinces = new Map<string, Place>();
  /** Districts by nameKey, each name with every district bearing it. */
  readonly districts = new Map<string, Place[]>();
  /** Most syllables in any proper name, which bounds the longest match tried. */
  readonly longest: number;
  /** First syllables (nameKey) of every name, and of provinces' names: most capitalised words open none, and are passed over at once. */
  readonly firstWords = new Set<string>();
  readonly provinceFirstWords = new Set<string>();

  constructor(data: GazetteerFile) {
    let longest = 1;
    const add = (p: Place) => {
      const key = nameKey(p.name);
      let m = this.byType.get(p.type);
      if (!m) this.byType.set(p.type, (m = new Map()));
      if (!m.has(key)) m.set(key, p);
      const syllables = key.split(' ');
      longest = Math.max(longest, syllables.length);
      this.firstWords.add(syllables[0]);
      return key;
    };
    for (const [type, name] of data.provinces) this.provinces.set(add({ type, name }), this.byType.get(type)!.get(nameKey(name))!);
    for (const [type, name, province] of data.districts) {
      const p = { type, name, province };
      const key = add(p);
      const list = this.districts.get(key) ?? [];
      list.push(p);
      this.districts.set(key, list);
    }
    for (const [type, name] of data.communes) add({ type, name });
    this.longest = longest;
    for (const key of this.provinces.keys()) this.provinceFirstWords.add(key.split(' ')[0]);
  }
}

let shared: Gazetteer | undefined;

/** The gazetteer the project ships, read once per thread. */
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer(JSON.parse(readFileSync(new URL('./gazetteer.json', import.meta.url), 'utf8')) as GazetteerFile);
  return shared;
}
