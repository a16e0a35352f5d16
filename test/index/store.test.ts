import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { buildIndex } from '../../src/index/build.js';
import { loadEntities, loadIndex, IndexLoadError, FORMAT_VERSION } from '../../src/index/store.js';
import { ANALYZER_VERSION } from '../../src/text/analyzer.js';

let dir: string;
let good: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'store-test-'));
  mkdirSync(path.join(dir, 'in'));
  writeFileSync(path.join(dir, 'in', 'a.txt'), 'Giải ngân vốn đầu tư công.\n\nHuyện Mường Tè.');
  good = path.join(dir, 'good');
  await buildIndex({ input: path.join(dir, 'in'), out: good });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A copy of the good index with its manifest edited.
function withManifest(name: string, edit: (m: Record<string, unknown>) => void): string {
  const copy = path.join(dir, name);
  cpSync(good, copy, { recursive: true });
  const file = path.join(copy, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(file, JSON.stringify(m));
  return copy;
}

// Records the present size and CRC-32 of data file `name` in the manifest of `index`, as if the build had written it so.
function resum(index: string, name: string): void {
  const file = path.join(index, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as { checksums: Record<string, { bytes: number; crc32: string }> };
  const bytes = readFileSync(path.join(index, name));
  m.checksums[name] = { bytes: bytes.length, crc32: crc32(bytes).toString(16).padStart(8, '0') };
  writeFileSync(file, JSON.stringify(m));
}

describe('loadIndex', () => {
  it('loads what buildIndex wrote, with its format and analyzer version', () => {
    const s = loadIndex(good);
    expect(s.manifest.format).toBe(FORMAT_VERSION);
    expect(s.manifest.analyzer).toBe(ANALYZER_VERSION);
    expect(s.paragraphs.map((p) => p.text)).toEqual(['Giải ngân vốn đầu tư công.', 'Huyện Mường Tè.']);
  });

  it('refuses a missing index and says what to run', () => {
    expect(() => loadIndex(path.join(dir, 'nothing'))).toThrow(/^Chưa có chỉ mục trong .*nothing \(thiếu manifest\.json\)\. Hãy lập chỉ mục: npm run index -- --input <thư mục> --out /);
  });

  it('refuses an index built by another analyzer version and says how to rebuild it', () => {
    const stale = withManifest('stale', (m) => (m.analyzer = 'vi-0'));
    expect(() => loadIndex(stale)).toThrow(IndexLoadError);
    expect(() => loadIndex(stale)).toThrow(/được lập bằng bộ phân tích vi-0;.*Hãy lập lại: npm run index -- --input/);
  });

  it('refuses an index of another format version', () => {
    const old = withManifest('old', (m) => (m.format = 1));
    expect(() => loadIndex(old)).toThrow(/có định dạng 1; phiên bản này đọc định dạng/);
  });

  it('refuses a corrupt manifest or data file with a message that says to rebuild', () => {
    const broken = path.join(dir, 'broken');
    cpSync(good, broken, { recursive: true });
    writeFileSync(path.join(broken, 'manifest.json'), '{ not json');
    expect(() => loadIndex(broken)).toThrow(/bị hỏng.*Hãy lập lại/);

    const truncated = withManifest('truncated', () => {});
    const m = JSON.parse(readFileSync(path.join(truncated, 'manifest.json'), 'utf8')) as { files: { columns: string; meta: string } };
    const file = path.join(truncated, m.files.columns);
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(() => loadIndex(truncated)).toThrow(/bị hỏng hoặc không đầy đủ \(columns\.[\w-]+\.bin có 20 byte.*bị cắt ngắn.*Hãy lập lại/);

    const edited = withManifest('edited', () => {});
    const meta = path.join(edited, m.files.meta);
    const layout = JSON.parse(readFileSync(meta, 'utf8')) as { layout: Record<string, { type: string; length: number }> };
    layout.layout['p.kind'].type = 'u32';
    layout.layout['p.kind'].length = 1;
    writeFileSync(meta, JSON.stringify(layout));
    // With its checksum made to match, so that the layout check itself is what refuses it.
    resum(edited, m.files.meta);
    expect(() => loadIndex(edited)).toThrow(/bị hỏng hoặc không đầy đủ.*thiếu cột p\.kind hoặc cột sai kiểu.*Hãy lập lại/);
  });

  it('refuses a manifest that is valid JSON but no manifest, as corrupt and with the rebuild command', () => {
    for (const [name, text] of [['null', 'null'], ['number', '42'], ['array', '[]'], ['empty', ''], ['bytes', '\u0000\u00ff{']]) {
      const broken = path.join(dir, `manifest-${name}`);
      cpSync(good, broken, { recursive: true });
      writeFileSync(path.join(broken, 'manifest.json'), text);
      const error = (() => {
        try {
          loadIndex(broken);
        } catch (e) {
          return e;
        }
      })();
      expect(error, name).toBeInstanceOf(IndexLoadError);
      expect((error as IndexLoadError).kind).toBe('corrupt');
      expect((error as Error).message).toMatch(/bị hỏng \(manifest\.json: .*\)\. Hãy lập lại: npm run index -- --input <thư mục> --out /);
    }
  });

  it('refuses a manifest naming a file outside the folder or lacking a checksum', () => {
    const outside = withManifest('outside', (m) => ((m.files as Record<string, string>).meta = '../good/meta.x.json'));
    expect(() => loadIndex(outside)).toThrow(/manifest\.json: không có tên tệp meta hợp lệ/);
    const unsummed = withManifest('unsummed', (m) => (m.checksums = {}));
    expect(() => loadIndex(unsummed)).toThrow(/manifest\.json: không có tổng kiểm tra \(checksum\) của meta\./);
  });

  it('refuses a data file changed in place, naming it', () => {
    const changed = withManifest('changed', () => {});
    const m = JSON.parse(readFileSync(path.join(changed, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    for (const file of Object.values(m.files)) {
      const copy = path.join(dir, `changed-${file}`);
      cpSync(changed, copy, { recursive: true });
      const bytes = readFileSync(path.join(copy, file));
      bytes[bytes.length >> 1] ^= 1;
      writeFileSync(path.join(copy, file), bytes);
      // loadIndex reads all but the entities, which loadEntities reads.
      expect(() => (loadIndex(copy), loadEntities(copy))).toThrow(new RegExp(`${file.replace(/\./g, '\\.')} sai tổng kiểm tra`));
    }
  });

  it('still loads the last complete build when a later build was interrupted before its manifest', () => {
    const interrupted = withManifest('interrupted', () => {});
    // Data files of a build that never reached its manifest rename.
    writeFileSync(path.join(interrupted, 'columns.zzz-000000.bin'), 'half');
    writeFileSync(path.join(interrupted, 'meta.zzz-000000.json'), '{"half":');
    writeFileSync(path.join(interrupted, 'manifest.json.zzz-000000.tmp'), '{');
    expect(loadIndex(interrupted).paragraphs.length).toBe(2);
  });
});
