import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { decodeText, firstInvalidUtf8, listFiles, registerReader, readers, SUPPORTED_EXTENSIONS } from '../../src/ingest/read.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);

describe('decodeText', () => {
  it('strips a UTF-8 byte order mark', () => {
    expect(decodeText(Buffer.from('\uFEFFLai Châu', 'utf8'), 'a.txt')).toBe('Lai Châu');
  });

  it.each([
    ['CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['lone CR', 'a\rb\r', 'a\nb\n'],
    ['mixed', 'a\r\n\rb\nc', 'a\n\nb\nc'],
  ])('normalizes %s line endings to LF', (_, input, expected) => {
    expect(decodeText(Buffer.from(input, 'utf8'), 'a.txt')).toBe(expected);
  });

  it('composes decomposed Vietnamese letters to NFC', () => {
    const decomposed = 'Lai Cha\u0302u'; // â as a + combining circumflex
    expect(decodeText(Buffer.from(decomposed, 'utf8'), 'a.txt')).toBe('Lai Châu');
  });

  it.each([
    ['a stray continuation byte', bytes(0x61, 0x80), 1],
    ['an invalid lead byte', bytes(0x61, 0x62, 0xff), 2],
    ['a sequence cut off at the end', bytes(0x61, 0xe1, 0xba), 1],
    ['a lead byte followed by ASCII', bytes(0xc3, 0x41), 0],
    ['an overlong encoding', bytes(0x41, 0xc0, 0x80), 1],
    ['an encoded surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
  ])('throws "invalid UTF-8 at byte N" for %s', (_, buf, at) => {
    expect(() => decodeText(buf, 'bad.txt')).toThrow(`bad.txt: invalid UTF-8 at byte ${at}`);
  });

  it('reads text with a few stray NUL bytes far into the file (PDF checkbox glyphs) as text', () => {
    const text = 'Giải ngân vốn đầu tư công. '.repeat(400);
    const buf = Buffer.concat([Buffer.from(text), Buffer.from([0]), Buffer.from(' Tiếp nhận hồ sơ.')]);
    expect(decodeText(buf, 'x.txt')).toContain('Tiếp nhận hồ sơ.');
  });

  it('calls a file binary when NUL bytes are more than 1% of it, wherever they start', () => {
    const buf = Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.alloc(200)]);
    expect(() => decodeText(buf, 'x.txt')).toThrow('x.txt: binary content (NUL byte at byte 9000)');
  });

  it('throws on binary content with the offset of the first NUL byte', () => {
    expect(() => decodeText(bytes(0x50, 0x4b, 0x03, 0x00, 0x04), 'x.txt')).toThrow('x.txt: binary content (NUL byte at byte 3)');
  });

  it('refuses UTF-16 text with a message that says how to fix it', () => {
    expect(() => decodeText(bytes(0xff, 0xfe, 0x61, 0x00), 'w.txt')).toThrow('w.txt: UTF-16 text is not supported');
  });
});

describe('firstInvalidUtf8', () => {
  it("agrees with a strict decoder, and with Node's isUtf8 that decodeText asks first, on which byte strings are valid", () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (buf) => {
        let valid = true;
        try {
          strict.decode(buf);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(buf) === -1).toBe(valid);
        expect(isUtf8(buf)).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts any string encoded as UTF-8', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => firstInvalidUtf8(Buffer.from(s, 'utf8')) === -1));
  });
});

describe('listFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ingest-list-'));
    await mkdir(path.join(dir, 'b', 'c'), { recursive: true });
    await mkdir(path.join(dir, '.git'));
    for (const f of ['z.txt', 'a.md', 'b/c/d.txt', 'b/e.TXT', 'b/skip.pdf', '.hidden.txt', '.git/x.txt', 'notes']) {
      await writeFile(path.join(dir, f), 'x');
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists supported files recursively as sorted relative paths with "/"', async () => {
    expect(await listFiles(dir)).toEqual(['a.md', 'b/c/d.txt', 'b/e.TXT', 'z.txt']);
  });

  it('lists only the extensions asked for', async () => {
    expect(await listFiles(dir, ['.md'])).toEqual(['a.md']);
  });

  it('names the folder when it does not exist', async () => {
    await expect(listFiles(path.join(dir, 'missing'))).rejects.toThrow(/cannot list .*missing: no such folder/);
  });

  it('refuses a file given as the folder', async () => {
    await expect(listFiles(path.join(dir, 'z.txt'))).rejects.toThrow(/not a folder/);
  });
});

describe('registerReader', () => {
  it('adds the extension to the supported ones that listFiles uses', async () => {
    registerReader('.FAKE', async () => 'text');
    try {
      expect(SUPPORTED_EXTENSIONS).toContain('.fake');
      expect(readers.has('.fake')).toBe(true);
    } finally {
      readers.delete('.fake');
      (SUPPORTED_EXTENSIONS as string[]).splice(SUPPORTED_EXTENSIONS.indexOf('.fake'), 1);
    }
  });

  it('rejects an extension without its dot', () => {
    expect(() => registerReader('html', async () => '')).toThrow("reader extension must look like '.html', got 'html'");
  });
});
