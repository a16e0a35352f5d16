// The read side of incremental indexing: the main segment and a delta segment (store.ts saveDelta())
// put together, as they are read, into the data files a full build of the same folder would have
// written. The engine, the search pool's workers and the entity index then load one index as always.
import type { DocumentRecord } from '../ingest/records.js';
import type { StoredEntities } from '../entities/entity-store.js';
import { MENTION_FIELDS } from '../entities/entity-store.js';
import { ColumnArena, columnsOf, type Column, type ColumnType } from './columns-file.js';
import { FIELDS } from './fields.js';
import { TermTable } from './term-table.js';
import { copyDeltaPostings, copyMainPostings, mergePostings, NONE, type ServedRuns } from './posting-merge.js';
import { checkVocabularyPatch, patchEncodedVocabulary } from './vocabulary-patch.js';
import type { DataFile, DeltaMeta, Meta, SegmentSize } from './index-files.js';

/** The four files of a segment, as read: JSON meta, columns, vocabulary (a patch for a delta), entities. */
export type SegmentBytes = Record<DataFile, Buffer>;

/** What mergeSegments() checks the delta against, and where it puts the result. */
export interface MergeOptions {
  /** Merged files in SharedArrayBuffers (for the search pool); default false. */
  shared?: boolean;
  /** The build id of the main segment, which the delta must name as its base. */
  base: string;
  /** The sizes the manifest gives each segment. */
  segments: { main: SegmentSize; delta: SegmentSize };
}

// One segment as read: its meta and its columns by name.
interface Segment {
  meta: Meta;
  columns: Record<string, Column>;
  /** Served number of each of its paragraphs, NONE for those not served. */
  served: Uint32Array;
}

// Typed access to a column, checked: bytes of another layout must not be read as this one.
function column<T extends Column>(s: Segment, name: string, type: new (n: number) => T): T {
  const c = s.columns[name];
  if (!(c instanceof type)) throw new Error(`column ${name} is missing or of the wrong type`);
  return c;
}

/**
 * The served data files of a main segment and a delta: documents in the order the delta gives (that
 * of a full build), paragraphs numbered in that order, each field's terms and posting lists merged
 * (terms only the removed documents held dropped), the vocabulary patched and the entities
 * renumbered. Strings shared by paragraphs (document ids, heading paths) and by mentions (entities,
 * variants, roles) are numbered by first sight, as a build numbers them. Throws when the delta does
 * not fit the main segment; costs one pass over each column (0.6-1.3 s for the gazette on a machine
 * shared with other work).
 */
export function mergeSegments(main: SegmentBytes, delta: SegmentBytes, options: MergeOptions): SegmentBytes {
  const mainMeta = JSON.parse(main.meta.toString('utf8')) as Meta;
  const deltaMeta = JSON.parse(delta.meta.toString('utf8')) as DeltaMeta;
  if (deltaMeta.base !== options.base) throw new Error(`phân đoạn bổ sung được lập cho bản ${String(deltaMeta.base)}, không phải cho bản ${options.base} của phân đoạn chính`);
  const segments: Segment[] = [mainMeta, deltaMeta].map((meta, i) => {
    const bytes = i === 0 ? main : delta;
    const size = i === 0 ? options.segments.main : options.segments.delta;
    if (meta.documents.length !== size.documents || meta.paragraphs !== size.paragraphs) {
      throw new Error(`phân đoạn ${i === 0 ? 'chính' : 'bổ sung'} có ${meta.documents.length} văn bản và ${meta.paragraphs} đoạn, manifest ghi ${size.documents} văn bản và ${size.paragraphs} đoạn`);
    }
    return { meta, columns: columnsOf(bytes.columns, meta.layout, i === 0 ? 'main columns' : 'delta columns'), served: new Uint32Array(meta.paragraphs).fill(NONE) };
  });
  const { documents, segmentOf, pieces, count } = servedOrder(segments, deltaMeta.order);
  // Every column with room for what it may hold, in the order a build writes them.
  const textBytes = pieces.reduce((n, _, i) => (i % 3 ? n : n + textRange(segments[pieces[i]], pieces[i + 1], pieces[i + 2])), 0);
  const room: Record<string, { type: ColumnType; capacity: number }> = {};
  for (const name of ['doc', 'paragraph', 'heading', 'start', 'end']) room[`p.${name}`] = { type: 'u32', capacity: count };
  room['p.kind'] = { type: 'u8', capacity: count };
  room['p.textOffsets'] = { type: 'u32', capacity: count + 1 };
  room['p.text'] = { type: 'u8', capacity: textBytes };
  for (const f of FIELDS) {
    const [a, b] = segments.map((s) => fieldOf(s, f));
    const terms = a.terms.size + b.terms.size;
    room[`${f}.termBytes`] = { type: 'u8', capacity: a.terms.bytes.length + b.terms.bytes.length };
    room[`${f}.termOffsets`] = { type: 'u32', capacity: terms + 1 };
    room[`${f}.starts`] = { type: 'u32', capacity: terms + 1 };
    room[`${f}.ids`] = { type: 'u32', capacity: a.ids.length + b.ids.length };
    room[`${f}.tfs`] = { type: 'u16', capacity: a.ids.length + b.ids.length };
    room[`${f}.lengths`] = { type: 'u32', capacity: count };
  }
  const arena = new ColumnArena(room, { shared: options.shared });
  const paragraphs = mergeParagraphs(segments, pieces, count, arena);
  const lengths: Record<string, number> = {};
  for (const f of FIELDS) Object.assign(lengths, mergeField(segments, f, pieces, arena));
  const meta: Meta = { documents, docNames: paragraphs.docNames, headings: paragraphs.headings, notes: paragraphs.notes, paragraphs: count, layout: arena.layout(lengths) };

  const patch: unknown = JSON.parse(delta.vocabulary.toString('utf8'));
  checkVocabularyPatch(patch);
  const vocabulary = patchEncodedVocabulary(main.vocabulary, patch);
  const entities = mergeEntities(segments, [JSON.parse(main.entities.toString('utf8')) as StoredEntities, JSON.parse(delta.entities.toString('utf8')) as StoredEntities], documents, segmentOf);

  const out = (bytes: Uint8Array): Buffer => {
    if (!options.shared) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    return shared;
  };
  return { meta: out(Buffer.from(JSON.stringify(meta))), columns: arena.bytes, vocabulary: out(vocabulary), entities: out(Buffer.from(JSON.stringify(entities))) };
}

// Bytes of text of a segment's paragraphs [from, to).
function textRange(s: Segment, from: number, to: number): number {
  const offsets = column(s, 'p.textOffsets', Uint32Array);
  return offsets[to] - offsets[from];
}

// The columns of one field of a segment, checked against each other.
function fieldOf(s: Segment, f: string) {
  const x = {
    terms: new TermTable(column(s, `${f}.termBytes`, Uint8Array), column(s, `${f}.termOffsets`, Uint32Array)),
    starts: column(s, `${f}.starts`, Uint32Array),
    ids: column(s, `${f}.ids`, Uint32Array),
    tfs: column(s, `${f}.tfs`, Uint16Array),
    lengths: column(s, `${f}.lengths`, Uint32Array),
  };
  if (x.starts.length !== x.terms.size + 1 || x.starts[x.terms.size] !== x.ids.length || x.tfs.length !== x.ids.length || x.lengths.length !== s.served.length) throw new Error(`field ${f}: postings do not match the terms`);
  return x;
}

// Paragraph range [from, to) of each document of a segment, by document id (paragraphs of a document are contiguous).
function documentRanges(s: Segment): Map<string, [number, number]> {
  const doc = column(s, 'p.doc', Uint32Array);
  const names = s.meta.docNames;
  const ranges = new Map<string, [number, number]>();
  for (let n = 0; n < doc.length; n++) {
    const name = names[doc[n]];
    const r = ranges.get(name);
    if (r && r[1] === n) r[1] = n + 1;
    else if (r) throw new Error(`the paragraphs of ${name} are not contiguous`);
    else ranges.set(name, [n, n + 1]);
  }
  return ranges;
}

/**
 * The served documents in order, the paragraph ranges served (segment, from, to: three numbers each)
 * and their count, from the delta's runs; fills each segment's `served`. Main's documents must come
 * in their own order, each at most once, and the delta's all, in order: posting lists then stay
 * sorted when renumbered.
 */
function servedOrder(segments: Segment[], order: unknown): { documents: DocumentRecord[]; segmentOf: number[]; pieces: number[]; count: number } {
  if (!Array.isArray(order) || order.length % 3 || !order.every((x) => Number.isInteger(x) && (x as number) >= 0)) throw new Error('the delta order is not runs of three whole numbers');
  const ranges = segments.map(documentRanges);
  const next = [0, 0];
  const lastEnd = [0, 0];
  const documents: DocumentRecord[] = [];
  const segmentOf: number[] = [];
  const pieces: number[] = [];
  let count = 0;
  for (let r = 0; r < order.length; r += 3) {
    const [segment, first, length] = order.slice(r, r + 3) as number[];
    const s = segments[segment];
    if (!s || first + length > s.meta.documents.length) throw new Error(`the delta order names documents ${first}-${first + length} of segment ${segment}, which it lacks`);
    if (first < next[segment] || (segment === 1 && first !== next[1])) throw new Error(`the delta order names documents of segment ${segment} out of order`);
    next[segment] = first + length;
    for (let d = first; d < first + length; d++) {
      const document = s.meta.documents[d];
      documents.push(document);
      segmentOf.push(segment);
      const range = ranges[segment].get(document.doc);
      if (!range) continue;
      if (range[0] < lastEnd[segment]) throw new Error(`the paragraphs of segment ${segment} are not in the order of its documents`);
      lastEnd[segment] = range[1];
      pieces.push(segment, range[0], range[1]);
      for (let p = range[0]; p < range[1]; p++) s.served[p] = count++;
    }
  }
  if (next[1] !== segments[1].meta.documents.length) throw new Error('the delta order leaves documents of the delta out');
  return { documents, segmentOf, pieces, count };
}

/** The paragraph table's columns over the served paragraphs, written into `arena`, and its JSON part. */
function mergeParagraphs(segments: Segment[], pieces: number[], count: number, arena: ColumnArena): { docNames: string[]; headings: string[][]; notes: Meta['notes'] } {
  const docNames: string[] = [];
  const docIds = new Map<string, number>();
  const headings: string[][] = [];
  const headingIds = new Map<string, number>();
  const notes: Meta['notes'] = {};
  const doc = arena.column('p.doc');
  const heading = arena.column('p.heading');
  const textOffsets = arena.column('p.textOffsets');
  const text = arena.column('p.text');
  // Per segment, the served number of each of its document ids and heading paths, found once.
  const docOf = segments.map((s) => new Int32Array(s.meta.docNames.length).fill(-1));
  const headingOf = segments.map((s) => new Int32Array(s.meta.headings.length).fill(-1));
  let at = 0;
  let textAt = 0;
  for (let i = 0; i < pieces.length; i += 3) {
    const seg = pieces[i];
    const from = pieces[i + 1];
    const to = pieces[i + 2];
    const s = segments[seg];
    const sDoc = column(s, 'p.doc', Uint32Array);
    const sHeading = column(s, 'p.heading', Uint32Array);
    const offsets = column(s, 'p.textOffsets', Uint32Array);
    const first = at;
    // A piece is one document's paragraphs.
    let d = docOf[seg][sDoc[from]];
    if (d < 0) {
      const name = s.meta.docNames[sDoc[from]];
      d = docIds.get(name) ?? (docIds.set(name, docNames.push(name) - 1), docNames.length - 1);
      docOf[seg][sDoc[from]] = d;
    }
    doc.fill(d, first, first + to - from);
    for (let p = from; p < to; p++, at++) {
      let h = headingOf[seg][sHeading[p]];
      if (h < 0) {
        const path = s.meta.headings[sHeading[p]];
        const key = path.join('\u0000');
        h = headingIds.get(key) ?? (headingIds.set(key, headings.push(path) - 1), headings.length - 1);
        headingOf[seg][sHeading[p]] = h;
      }
      heading[at] = h;
      textOffsets[at] = textAt + offsets[p] - offsets[from];
    }
    for (const [name, type] of [['p.paragraph', Uint32Array], ['p.start', Uint32Array], ['p.end', Uint32Array], ['p.kind', Uint8Array]] as const) {
      arena.column(name).set(column<Column>(s, name, type).subarray(from, to), first);
    }
    text.set(column(s, 'p.text', Uint8Array).subarray(offsets[from], offsets[to]), textAt);
    textAt += offsets[to] - offsets[from];
  }
  textOffsets[count] = textAt;
  // Footnote links are few: each moves to its paragraph's served number (integer keys iterate in
  // ascending order, so the object is as a build makes it).
  for (const s of segments) for (const [p, note] of Object.entries(s.meta.notes)) if (s.served[Number(p)] !== NONE) notes[s.served[Number(p)]] = note;
  return { docNames, headings, notes };
}

/**
 * One field's columns over the served paragraphs, written into `arena`: the two term tables merged
 * in order, each term's postings renumbered and merged (both lists stay sorted, see servedOrder()), a
 * term left with none dropped; the paragraph lengths in served order. Returns the lengths the
 * columns came to.
 */
function mergeField(segments: Segment[], f: string, pieces: number[], arena: ColumnArena): Record<string, number> {
  const [a, b] = segments.map((s) => fieldOf(s, f));
  const [aServed, bServed] = segments.map((s) => s.served);
  const runs = servedRuns(aServed);
  const lengths = arena.column(`${f}.lengths`);
  let at = 0;
  for (let i = 0; i < pieces.length; i += 3) {
    lengths.set((pieces[i] === 0 ? a : b).lengths.subarray(pieces[i + 1], pieces[i + 2]), at);
    at += pieces[i + 2] - pieces[i + 1];
  }
  const ids = arena.column(`${f}.ids`);
  const tfs = arena.column(`${f}.tfs`);
  const starts = arena.column(`${f}.starts`);
  const termOffsets = arena.column(`${f}.termOffsets`);
  const termBytes = arena.column(`${f}.termBytes`);
  const [aIds, aTfs, aStarts] = [a.ids, a.tfs, a.starts];
  const [bIds, bTfs, bStarts] = [b.ids, b.tfs, b.starts];
  const aSize = a.terms.size;
  const bSize = b.terms.size;
  let terms = 0;
  let e = 0;
  let byteAt = 0;
  let i = 0;
  let j = 0;
  while (i < aSize || j < bSize) {
    const cmp = i >= aSize ? 1 : j >= bSize ? -1 : TermTable.compare(a.terms, i, b.terms, j);
    const first = e;
    const out = { ids, tfs, e };
    if (cmp < 0) copyMainPostings(aIds, aTfs, aStarts[i], aStarts[i + 1], runs, out);
    else if (cmp > 0) copyDeltaPostings(bIds, bTfs, bStarts[j], bStarts[j + 1], bServed, out);
    else mergePostings({ ids: aIds, tfs: aTfs, at: aStarts[i], end: aStarts[i + 1], served: aServed }, { ids: bIds, tfs: bTfs, at: bStarts[j], end: bStarts[j + 1], served: bServed }, out);
    e = out.e;
    const table = cmp <= 0 ? a.terms : b.terms;
    const t = cmp <= 0 ? i : j;
    if (e > first) {
      const bytes = table.bytes;
      starts[terms] = first;
      termOffsets[terms++] = byteAt;
      for (let k = table.offsets[t], to = table.offsets[t + 1]; k < to; k++) termBytes[byteAt++] = bytes[k];
    }
    if (cmp <= 0) i++;
    if (cmp >= 0) j++;
  }
  starts[terms] = e;
  termOffsets[terms] = byteAt;
  return { [`${f}.termBytes`]: byteAt, [`${f}.termOffsets`]: terms + 1, [`${f}.starts`]: terms + 1, [`${f}.ids`]: e, [`${f}.tfs`]: e };
}

/**
 * The runs of a segment's paragraphs served in their own order: paragraphs [from, to) of run r are
 * served as p + shift. Main's paragraphs form one run per stretch between the documents a delta
 * drops or puts in between: a few.
 */
function servedRuns(served: Uint32Array): ServedRuns {
  const from: number[] = [];
  const to: number[] = [];
  const shift: number[] = [];
  for (let p = 0; p < served.length; p++) {
    if (served[p] === NONE) continue;
    const k = to.length - 1;
    if (k >= 0 && to[k] === p && shift[k] === served[p] - p) to[k] = p + 1;
    else from.push(p), to.push(p + 1), shift.push(served[p] - p);
  }
  return { from: Uint32Array.from(from), to: Uint32Array.from(to), shift: Int32Array.from(shift), count: to.length };
}

/**
 * The places and persons of the served documents, as a build gathers them (EntityCollector): each
 * document's mentions in their stored order, paragraphs renumbered, and entities, variants and roles
 * numbered by first sight.
 */
function mergeEntities(segments: Segment[], stored: StoredEntities[], documents: readonly DocumentRecord[], segmentOf: readonly number[]): StoredEntities {
  const lists = { entities: new Map<string, number>(), variants: new Map<string, number>(), roles: new Map<string, number>() };
  const out: StoredEntities = { entities: [], variants: [], roles: [], mentions: [], documents: [] };
  const intern = (map: Map<string, number>, key: string, add: () => number): number => {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = add()));
    return id;
  };
  // Each segment's mentions by document id, in stored order.
  const byDocument = stored.map((e, seg) => {
    const mentionsOf = new Map<string, number[]>();
    const firsts = e.documents.map((d) => d.first);
    for (let m = 0; m < e.mentions.length; m += MENTION_FIELDS) {
      const p = e.mentions[m + 3];
      let lo = 0;
      let hi = firsts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (firsts[mid] <= p) lo = mid + 1;
        else hi = mid;
      }
      const d = e.documents[lo - 1];
      if (!d || p >= d.first + d.paragraphs || p >= segments[seg].served.length) throw new Error(`an entity mention names paragraph ${p}, which no document of the segment holds`);
      let list = mentionsOf.get(d.doc);
      if (!list) mentionsOf.set(d.doc, (list = []));
      list.push(m);
    }
    return mentionsOf;
  });
  let first = 0;
  documents.forEach((d, k) => {
    const seg = segmentOf[k];
    const e = stored[seg];
    for (const m of byDocument[seg].get(d.doc) ?? []) {
      const entity = e.entities[e.mentions[m]];
      const variant = e.variants[e.mentions[m + 1]];
      const role = e.roles[e.mentions[m + 2]];
      if (!entity || variant === undefined || role === undefined) throw new Error('an entity mention names an entity, variant or role that is not listed');
      out.mentions.push(
        intern(lists.entities, `${entity.kind}\u0000${entity.name}`, () => out.entities.push({ kind: entity.kind, name: entity.name }) - 1),
        intern(lists.variants, variant, () => out.variants.push(variant) - 1),
        intern(lists.roles, role, () => out.roles.push(role) - 1),
        segments[seg].served[e.mentions[m + 3]],
        e.mentions[m + 4],
        e.mentions[m + 5],
      );
    }
    out.documents.push({ doc: d.doc, title: d.title, ...(d.date ? { date: d.date } : {}), first, paragraphs: d.paragraphs });
    first += d.paragraphs;
  });
  return out;
}
