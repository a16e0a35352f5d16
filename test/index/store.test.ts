import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex, IndexLoadError, FORMAT_VERSION } from '../../src/index/store.js';
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

describe('loadIndex', () => {
  it('loads what buildIndex wrote, with its format and analyzer version', () => {
    const s = loadIndex(good);
    expect(s.manifest.format).toBe(FORMAT_VERSION);
    expect(s.manifest.analyzer).toBe(ANALYZER_VERSION);
    expect(s.paragraphs.map((p) => p.text)).toEqual(['Giải ngân vốn đầu tư công.', 'Huyện Mường Tè.']);
  });

  it('refuses a missing index and says what to run', () => {
    expect(() => loadIndex(path.join(dir, 'nothing'))).toThrow(/No index .*npm run index -- --input/);
  });

  it('refuses an index built by another analyzer version and says how to rebuild it', () => {
    const stale = withManifest('stale', (m) => (m.analyzer = 'vi-0'));
    expect(() => loadIndex(stale)).toThrow(IndexLoadError);
    expect(() => loadIndex(stale)).toThrow(/analyzer vi-0.*Rebuild it: npm run index -- --input/);
  });

  it('refuses an index of another format version', () => {
    const old = withManifest('old', (m) => (m.format = 1));
    expect(() => loadIndex(old)).toThrow(/format 1/);
  });

  it('refuses a corrupt manifest or data file with a message that says to rebuild', () => {
    const broken = path.join(dir, 'broken');
    cpSync(good, broken, { recursive: true });
    writeFileSync(path.join(broken, 'manifest.json'), '{ not json');
    expect(() => loadIndex(broken)).toThrow(/corrupt.*Rebuild it/);

    const truncated = withManifest('truncated', () => {});
    const m = JSON.parse(readFileSync(path.join(truncated, 'manifest.json'), 'utf8')) as { files: { columns: string; meta: string } };
    const file = path.join(truncated, m.files.columns);
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(() => loadIndex(truncated)).toThrow(/corrupt or incomplete.*too short.*Rebuild it/);

    const edited = withManifest('edited', () => {});
    const meta = path.join(edited, m.files.meta);
    const layout = JSON.parse(readFileSync(meta, 'utf8')) as { layout: Record<string, { type: string; length: number }> };
    layout.layout['p.kind'].type = 'u32';
    layout.layout['p.kind'].length = 1;
    writeFileSync(meta, JSON.stringify(layout));
    expect(() => loadIndex(edited)).toThrow(/corrupt or incomplete.*column p\.kind .*wrong type.*Rebuild it/);
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
