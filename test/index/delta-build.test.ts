// Incremental runs write a delta segment beside the main one; what is served must equal a full
// rebuild of the same folder in every observable way: records, index columns, vocabulary, entities,
// and the answers to searches.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex, type BuildOptions } from '../../src/index/build.js';
import { IndexLoadError, loadEntities, loadIndex, readDataFiles, readManifest } from '../../src/index/store.js';
import { FIELDS } from '../../src/index/fields.js';
import { SearchEngine } from '../../src/search/engine.js';
import { EntityIndex } from '../../src/entities/entity-index.js';

const SEEDS = path.resolve(import.meta.dirname, '../../seeds');
const dir = mkdtempSync(path.join(tmpdir(), 'delta-build-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Texts of realistic documents: the seed reports cut into pieces of a few paragraphs, each piece
// starting with the seed's first line (its date and place), so that places and officials are found.
const pieces: string[] = readdirSync(SEEDS)
  .sort()
  .flatMap((f) => {
    const paragraphs = readFileSync(path.join(SEEDS, f), 'utf8').split(/\n\s*\n/);
    const out: string[] = [];
    for (let i = 1; i < paragraphs.length; i += 6) out.push([paragraphs[0], ...paragraphs.slice(i, i + 6)].join('\n\n'));
    return out;
  });

// The nth piece, counting round.
const piece = (n: number): string => pieces[n % pieces.length];

const QUERIES = ['giải ngân', 'Lai Châu', 'UBND tỉnh', 'kinh tế - xã hội', '"đầu tư công"', 'huyện Mường Tè', 'ngân sách địa phương năm 2022', 'chè', 'tỷ lệ hộ nghèo giảm bao nhiêu?', 'Covid-19', 'giai ngan von'];

// Everything a reader of the index can observe, but the manifest (whose build ids differ).
function observed(index: string) {
  const store = loadIndex(index);
  const stored = loadEntities(index);
  const entities = new EntityIndex(stored);
  const engine = new SearchEngine(store, { entities });
  const { docNames, headings, notes, ...columns } = store.paragraphs.columns;
  const fields = FIELDS.map((f) => {
    const { terms, ...rest } = store.index.fields[f];
    return { terms: [...terms], ...rest };
  });
  // Everything an answer says but the time it took.
  const answers = QUERIES.flatMap((q) => [
    engine.search({ q, limit: 30, facets: 10 }),
    engine.search({ q, limit: 30, collapse: true, sort: 'newest' }),
    engine.search({ q, limit: 1000, perDocument: 3 }),
  ]).map(({ tookMs: _, ...answer }) => answer);
  const pages = store.documents.map((d) => engine.document(d.doc));
  const suggestions = ['gi', 'lai c', 'ng'].map((p) => engine.suggest(p));
  const named = (['place', 'person'] as const).flatMap((kind) => entities.list(kind, '', 1000).map((e) => ({ ...e, detail: entities.get(kind, e.name) })));
  return { documents: store.documents, docNames, headings, notes, columns, fields, vocabulary: store.vocabulary, stored, answers, pages, suggestions, named };
}

let made = 0;
// A fresh input folder holding `files` (name → text).
function folder(files: Record<string, string>): string {
  const input = path.join(dir, `in-${made++}`);
  mkdirSync(input);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(input, name), text);
  return input;
}

// An incremental run that may grow its delta as far as it likes, on this thread.
const incremental = (input: string, out: string, extra: Partial<BuildOptions> = {}) => buildIndex({ input, out, workers: false, mergeShare: 1, ...extra });
// The full rebuild of the same folder, to compare with.
async function full(input: string): Promise<string> {
  const out = path.join(dir, `full-${made++}`);
  await buildIndex({ input, out, workers: false, incremental: false });
  return out;
}

const first = (n: number) => Object.fromEntries(pieces.slice(0, n).map((t, i) => [`d${String(i).padStart(2, '0')}.txt`, t]));

describe('an incremental run', () => {
  it('writes a delta of the added and changed files only, and serves what a full rebuild serves', async () => {
    const input = folder(first(8));
    const out = path.join(dir, 'idx');
    const before = await incremental(input, out);
    expect(before.segment).toBe('main');
    writeFileSync(path.join(input, 'd03.txt'), `${pieces[3]}\n\nHuyện Mường Tè giải ngân thêm 5 tỷ đồng vốn đầu tư công.`);
    writeFileSync(path.join(input, 'new.txt'), piece(20));
    const after = await incremental(input, out);
    expect({ segment: after.segment, ingested: after.ingested, reused: after.reused }).toEqual({ segment: 'delta', ingested: 2, reused: 7 });
    expect(readManifest(out).segments?.delta.documents).toBe(2);
    expect(observed(out)).toEqual(observed(await full(input)));
  });

  it('drops the documents of a removed file', async () => {
    const input = folder(first(6));
    const out = path.join(dir, 'removed');
    await incremental(input, out);
    unlinkSync(path.join(input, 'd02.txt'));
    const after = await incremental(input, out);
    expect({ segment: after.segment, removed: after.removed, documents: after.manifest.documents }).toEqual({ segment: 'delta', removed: 1, documents: 5 });
    expect(loadIndex(out).documents.map((d) => d.doc)).not.toContain('d02.txt');
    expect(observed(out)).toEqual(observed(await full(input)));
  });

  it('changes a file twice, keeping the delta of the other files, and serves main again for a file changed back', async () => {
    const input = folder(first(6));
    const out = path.join(dir, 'twice');
    await incremental(input, out);
    writeFileSync(path.join(input, 'd01.txt'), piece(30));
    writeFileSync(path.join(input, 'd04.txt'), piece(31));
    await incremental(input, out);
    writeFileSync(path.join(input, 'd01.txt'), piece(32));
    const second = await incremental(input, out);
    // d04.txt comes from the previous delta, unread.
    expect({ ingested: second.ingested, delta: second.manifest.segments?.delta.documents }).toEqual({ ingested: 1, delta: 2 });
    expect(observed(out)).toEqual(observed(await full(input)));
    writeFileSync(path.join(input, 'd04.txt'), pieces[4]);
    const back = await incremental(input, out);
    expect(back.manifest.segments?.delta.documents).toBe(1);
    expect(observed(out)).toEqual(observed(await full(input)));
  });

  it('leaves an index with a delta as it is when nothing changed', async () => {
    const input = folder(first(5));
    const out = path.join(dir, 'still');
    await incremental(input, out);
    writeFileSync(path.join(input, 'd00.txt'), piece(40));
    const changed = await incremental(input, out);
    const again = await incremental(input, out);
    expect(again.unchanged).toBe(true);
    expect(again.manifest).toEqual(changed.manifest);
  });

  it('merges the delta into a new main segment once it passes the share allowed, equal to a full rebuild', async () => {
    const input = folder(first(10));
    const out = path.join(dir, 'merge');
    await buildIndex({ input, out, workers: false });
    writeFileSync(path.join(input, 'd05.txt'), piece(25));
    // One of ten files changed: within a share of a half, past a twentieth.
    const small = await buildIndex({ input, out, workers: false, mergeShare: 0.5 });
    expect(small.segment).toBe('delta');
    writeFileSync(path.join(input, 'd06.txt'), piece(26));
    const merged = await buildIndex({ input, out, workers: false, mergeShare: 0.05 });
    expect({ segment: merged.segment, reused: merged.reused, segments: merged.manifest.segments }).toEqual({ segment: 'main', reused: 9, segments: undefined });
    expect(readdirSync(out).filter((f) => f.startsWith('delta-'))).toEqual([]);
    expect(observed(out)).toEqual(observed(await full(input)));
  });

  it('builds everything again with incremental false, dropping the delta', async () => {
    const input = folder(first(5));
    const out = path.join(dir, 'again');
    await incremental(input, out);
    writeFileSync(path.join(input, 'd01.txt'), piece(33));
    await incremental(input, out);
    const rebuilt = await buildIndex({ input, out, workers: false, incremental: false });
    expect({ segment: rebuilt.segment, ingested: rebuilt.ingested, segments: rebuilt.manifest.segments }).toEqual({ segment: 'main', ingested: 5, segments: undefined });
  });

  it('equals a full rebuild after any sequence of additions, changes and removals', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), piece: fc.nat(pieces.length - 1) }),
      fc.record({ kind: fc.constant('change' as const), file: fc.nat(), piece: fc.nat(pieces.length - 1) }),
      fc.record({ kind: fc.constant('append' as const), file: fc.nat(), piece: fc.nat(pieces.length - 1) }),
      fc.record({ kind: fc.constant('remove' as const), file: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), async (runs) => {
        const input = folder(first(6));
        const out = path.join(dir, `prop-${made++}`);
        await incremental(input, out);
        let added = 0;
        for (const ops of runs) {
          for (const o of ops) {
            const names = readdirSync(input).sort();
            const name = 'file' in o && names.length ? names[o.file % names.length] : undefined;
            if (o.kind === 'add') writeFileSync(path.join(input, `n${added++}.txt`), pieces[o.piece]);
            else if (o.kind === 'change' && name) writeFileSync(path.join(input, name), pieces[o.piece]);
            else if (o.kind === 'append' && name) writeFileSync(path.join(input, name), `${readFileSync(path.join(input, name), 'utf8')}\n\n${pieces[o.piece].split('\n\n')[1] ?? ''}`);
            else if (o.kind === 'remove' && name && names.length > 1) unlinkSync(path.join(input, name));
          }
          await incremental(input, out);
          expect(observed(out)).toEqual(observed(await full(input)));
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('a delta segment on disk', () => {
  it('is refused, naming the file, when any of its files is damaged', async () => {
    const input = folder(first(4));
    const good = path.join(dir, 'good-delta');
    await incremental(input, good);
    writeFileSync(path.join(input, 'd02.txt'), piece(22));
    await incremental(input, good);
    const manifest = readManifest(good);
    const deltaFiles = (['deltaMeta', 'deltaColumns', 'deltaVocabulary', 'deltaEntities'] as const).map((k) => manifest.files[k] as string);
    expect(deltaFiles.every((f) => /^delta-/.test(f))).toBe(true);
    for (const file of deltaFiles) {
      const copy = path.join(dir, `damaged-${file}`);
      cpSync(good, copy, { recursive: true });
      const bytes = readFileSync(path.join(copy, file));
      bytes[bytes.length >> 1] ^= 1;
      writeFileSync(path.join(copy, file), bytes);
      expect(() => loadIndex(copy)).toThrow(new RegExp(`${file.replace(/\./g, '\\.')} sai tổng kiểm tra`));
      await expect(readDataFiles(copy, readManifest(copy), { shared: true })).rejects.toThrow(IndexLoadError);
    }
  });

  it('is refused when it was made for another main segment', async () => {
    const input = folder(first(4));
    const out = path.join(dir, 'other-base');
    await incremental(input, out);
    writeFileSync(path.join(input, 'd01.txt'), piece(21));
    await incremental(input, out);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    const meta = manifest.files.meta;
    // The main segment's files renamed as if of another build: the delta no longer names it.
    for (const kind of ['meta', 'columns', 'vocabulary', 'entities', 'counts']) {
      const renamed = manifest.files[kind].replace(/\.[\w-]+\.(json|bin)$/, '.zzz-000000.$1');
      cpSync(path.join(out, manifest.files[kind]), path.join(out, renamed));
      manifest.files[kind] = renamed;
    }
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { files: Record<string, string>; checksums: Record<string, unknown> };
    for (const kind of Object.keys(manifest.files)) if (manifest.files[kind] !== m.files[kind]) m.checksums[manifest.files[kind]] = m.checksums[m.files[kind]];
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ ...m, files: manifest.files }));
    expect(meta).not.toBe(manifest.files.meta);
    expect(() => loadIndex(out)).toThrow(/bị hỏng hoặc không đầy đủ \(phân đoạn bổ sung được lập cho bản .*, không phải cho bản zzz-000000 của phân đoạn chính\)/);
  });
});
