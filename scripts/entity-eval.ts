// Precision and recall of entity recognition against hand labels, per kind:
//   node --import tsx scripts/entity-eval.ts --index DIR --labels FILE [--misses]
// The labels file lists paragraphs by id ('file.txt#p12') with the persons and places a reader found in
// each (see test/fixtures/gazette-entity-labels.json); the index is one built from the same corpus.
// A recognized (paragraph, kind, name) counts as right when the labels hold it, names compared as
// nameKey does (case and tone placement aside).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EntityIndex, ENTITY_KINDS, type EntityKind } from '../src/entities/entity-index.js';
import { nameKey } from '../src/entities/lexicon.js';

const { values } = parseArgs({ options: { index: { type: 'string' }, labels: { type: 'string' }, misses: { type: 'boolean', default: false } } });
if (!values.index || !values.labels) {
  console.error('usage: node --import tsx scripts/entity-eval.ts --index DIR --labels FILE [--misses]');
  process.exit(2);
}
const labels = JSON.parse(readFileSync(values.labels, 'utf8')) as { paragraphs: { id: string; persons: string[]; places: string[] }[] };
const entities = EntityIndex.load(values.index);

// Every recognized (paragraph number, kind, name key), for the labelled paragraphs only.
const wanted = new Map<number, string>();
for (const p of labels.paragraphs) {
  const [doc, n] = p.id.split(/#p(?=\d+$)/);
  const number = entities.paragraphNumber(doc, Number(n));
  if (number === undefined) throw new Error(`${p.id} is not in the index`);
  wanted.set(number, p.id);
}
const found = new Map<string, Set<string>>();
for (const kind of ENTITY_KINDS) {
  for (const e of entities.list(kind, '', Number.MAX_SAFE_INTEGER)) {
    for (const n of entities.paragraphs(kind, e.name)) {
      const id = wanted.get(n);
      if (id === undefined) continue;
      const key = `${id}\u0000${kind}`;
      if (!found.has(key)) found.set(key, new Set());
      found.get(key)?.add(`${nameKey(e.name)}\u0000${e.name}`);
    }
  }
}

for (const kind of ENTITY_KINDS) {
  let truePositives = 0;
  let labelled = 0;
  let recognized = 0;
  const misses: string[] = [];
  for (const p of labels.paragraphs) {
    const truth = new Set((kind === 'person' ? p.persons : p.places).map(nameKey));
    const got = [...(found.get(`${p.id}\u0000${kind as EntityKind}`) ?? [])];
    labelled += truth.size;
    recognized += got.length;
    for (const g of got) {
      const [key, name] = g.split('\u0000');
      if (truth.has(key)) truePositives++;
      else misses.push(`  false ${p.id}: ${name}`);
    }
    const gotKeys = new Set(got.map((g) => g.split('\u0000')[0]));
    for (const t of kind === 'person' ? p.persons : p.places) if (!gotKeys.has(nameKey(t))) misses.push(`  missed ${p.id}: ${t}`);
  }
  const precision = recognized ? truePositives / recognized : 1;
  const recall = labelled ? truePositives / labelled : 1;
  console.log(`${kind.padEnd(7)} labelled ${labelled}  recognized ${recognized}  correct ${truePositives}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}`);
  if (values.misses) for (const m of misses) console.log(m);
}
