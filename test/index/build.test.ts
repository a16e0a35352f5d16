import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/store.js';
import { SearchEngine } from '../../src/search/engine.js';
import { EntityIndex } from '../../src/entities/entity-index.js';

let dir: string;
const input = () => path.join(dir, 'in');
const write = (name: string, text: string) => writeFileSync(path.join(input(), name), text);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'build-test-'));
  mkdirSync(input());
  write('a.txt', 'Tỷ lệ giải ngân vốn đầu tư công đạt 45%.\n\nHuyện Mường Tè hoàn thành kế hoạch.');
  write('b.txt', 'Chủ tịch UBND tỉnh chủ trì hội nghị.\n\nDiện tích chè đạt 9.447 ha.');
  write('c.txt', 'Giải ngân vốn sự nghiệp còn chậm.');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// What a reader of the index can observe: records, the answers to a few queries, and the places and
// persons with the paragraphs naming them.
function snapshot(indexDir: string) {
  const store = loadIndex(indexDir);
  const engine = SearchEngine.load(indexDir);
  const answers = ['giải ngân', 'chè', 'UBND', 'Mường Tè', 'hội nghị mới'].map((q) => engine.search({ q, limit: 50 }).hits.map((h) => [h.id, h.score, h.text]));
  const entities = EntityIndex.load(indexDir);
  const named = (['place', 'person'] as const).flatMap((kind) => entities.list(kind, '', 1000).map((e) => ({ ...e, paragraphs: [...entities.paragraphs(kind, e.name)] })));
  return { documents: store.documents, paragraphs: store.paragraphs, answers, terms: store.index.termCount, named };
}

describe('buildIndex', () => {
  it('indexes every file and reports the counts', async () => {
    const report = await buildIndex({ input: input(), out: path.join(dir, 'idx') });
    expect(report.files).toBe(3);
    expect(report.manifest.documents).toBe(3);
    expect(report.ingested).toBe(3);
    expect(report.problems).toEqual([]);
  });

  it('re-reads only added and changed files, drops removed ones, and equals a full rebuild', async () => {
    const out = path.join(dir, 'idx');
    await buildIndex({ input: input(), out });
    write('b.txt', 'Chủ tịch UBND tỉnh chủ trì hội nghị mới.\n\nDiện tích chè đạt 9.500 ha.');
    write('d.txt', 'Hội nghị mới về chè Lai Châu.');
    unlinkSync(path.join(input(), 'c.txt'));
    const again = await buildIndex({ input: input(), out });
    expect({ reused: again.reused, ingested: again.ingested, removed: again.removed }).toEqual({ reused: 1, ingested: 2, removed: 1 });

    const full = path.join(dir, 'full');
    await buildIndex({ input: input(), out: full, incremental: false });
    expect(snapshot(out)).toEqual(snapshot(full));
    expect(snapshot(out).named.map((e) => e.name)).toEqual(['huyện Mường Tè', 'tỉnh Lai Châu']);
  });

  it('leaves the index as it is when no file was added, changed or removed, and reads none', async () => {
    const out = path.join(dir, 'same');
    const first = await buildIndex({ input: input(), out });
    const again = await buildIndex({ input: input(), out });
    expect(again.manifest).toEqual(first.manifest);
    expect({ reused: again.reused, ingested: again.ingested, removed: again.removed, unchanged: again.unchanged }).toEqual({ reused: first.files, ingested: 0, removed: 0, unchanged: true });
    write('b.txt', 'Diện tích chè đạt 9.600 ha.');
    const changed = await buildIndex({ input: input(), out });
    expect(changed.manifest.build).not.toBe(first.manifest.build);
    expect([changed.ingested, changed.unchanged]).toEqual([1, false]);
  });

  it('builds the same index with ingest on a worker thread as on the calling thread', async () => {
    for (let i = 0; i < 5; i++) write(`e${i}.txt`, `Dự án ${i} giải ngân chậm.\n\nHuyện Mường Tè ${i}.`);
    await buildIndex({ input: input(), out: path.join(dir, 'w') });
    await buildIndex({ input: input(), out: path.join(dir, 'here'), workers: false });
    expect(snapshot(path.join(dir, 'w'))).toEqual(snapshot(path.join(dir, 'here')));
  });

  it('reports a bad file by name and reason and indexes the others', async () => {
    writeFileSync(path.join(input(), 'bad.txt'), Buffer.from([0x61, 0x00, 0x62, 0xff, 0xfe, 0x00]));
    const report = await buildIndex({ input: input(), out: path.join(dir, 'idx') });
    expect(report.problems.map((p) => p.file)).toEqual(['bad.txt']);
    expect(report.problems[0].reason).toMatch(/bad\.txt/);
    expect(report.manifest.documents).toBe(3);
  });

  it('keeps what is already indexed when a file later turns bad', async () => {
    const out = path.join(dir, 'idx');
    await buildIndex({ input: input(), out });
    writeFileSync(path.join(input(), 'c.txt'), Buffer.from([0xc3, 0x28, 0x00]));
    const report = await buildIndex({ input: input(), out });
    expect(report.problems.map((p) => p.file)).toEqual(['c.txt']);
    expect(loadIndex(out).documents.map((d) => d.doc)).toEqual(['a.txt', 'b.txt']);
  });

  it('indexes every supported format in one folder, a JSONL file as one document per record', async () => {
    write('page.html', '<html><head><title>Tin tỉnh</title></head><body><nav>Trang chủ | Liên hệ</nav><article><h1>Giải ngân vốn</h1><p>Huyện Than Uyên giải ngân đạt 60%.</p></article><footer>Bản quyền</footer></body></html>');
    write('records.jsonl', ['{"id":"r1","text":"Nghị định 31/2022/NĐ-CP quy định giải ngân."}', '{"id":"r2","text":"Thông tư hướng dẫn thực hiện."}'].join('\n'));
    const out = path.join(dir, 'idx');
    const report = await buildIndex({ input: input(), out });
    expect(report.problems).toEqual([]);
    const docs = loadIndex(out).documents.map((d) => d.doc);
    expect(docs).toEqual(expect.arrayContaining(['page.html', 'records.jsonl#r1', 'records.jsonl#r2']));
    const hits = SearchEngine.load(out).search({ q: 'Than Uyên giải ngân', limit: 5 }).hits;
    expect(hits[0].doc).toBe('page.html');
    expect(hits.some((h) => /Trang chủ|Bản quyền/.test(h.text))).toBe(false);
  });

  it('reports a file over the size limit by name and indexes the rest', async () => {
    const report = await buildIndex({ input: input(), out: path.join(dir, 'idx'), maxBytes: 90 });
    expect(report.problems.map((p) => p.file).sort()).toEqual(['a.txt']);
    expect(report.problems[0].reason).toBe('a.txt: vượt quá giới hạn kích thước: 106 byte > 90 byte');
  });

  it('leaves only the files of the latest build in the index folder', async () => {
    const out = path.join(dir, 'idx');
    await buildIndex({ input: input(), out });
    await buildIndex({ input: input(), out });
    const builds = new Set(readdirSync(out).filter((f) => f !== 'manifest.json').map((f) => f.split('.')[1]));
    expect(builds.size).toBe(1);
  });
});
