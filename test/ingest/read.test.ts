import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { decodeText, firstInvalidUtf8, listFiles, readSource, registerReader, readers, SUPPORTED_EXTENSIONS, walkFolder } from '../../src/ingest/read.js';

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
  ])('throws "không phải UTF-8 hợp lệ tại byte N" for %s', (_, buf, at) => {
    expect(() => decodeText(buf, 'bad.txt')).toThrow(`bad.txt: không phải UTF-8 hợp lệ tại byte ${at}`);
  });

  it('reads text with a few stray NUL bytes far into the file (PDF checkbox glyphs) as text', () => {
    const text = 'Giải ngân vốn đầu tư công. '.repeat(400);
    const buf = Buffer.concat([Buffer.from(text), Buffer.from([0]), Buffer.from(' Tiếp nhận hồ sơ.')]);
    expect(decodeText(buf, 'x.txt')).toContain('Tiếp nhận hồ sơ.');
  });

  it('calls a file binary when NUL bytes are more than 1% of it, wherever they start', () => {
    const buf = Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.alloc(200)]);
    expect(() => decodeText(buf, 'x.txt')).toThrow('x.txt: nội dung nhị phân (byte NUL tại byte 9000)');
  });

  it('throws on binary content with the offset of the first NUL byte', () => {
    expect(() => decodeText(bytes(0x50, 0x4b, 0x03, 0x00, 0x04), 'x.txt')).toThrow('x.txt: nội dung nhị phân (byte NUL tại byte 3)');
  });

  it('refuses UTF-16 text with a message that says how to fix it', () => {
    expect(() => decodeText(bytes(0xff, 0xfe, 0x61, 0x00), 'w.txt')).toThrow('w.txt: không hỗ trợ văn bản UTF-16 (hãy lưu lại dưới dạng UTF-8)');
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
    await expect(listFiles(path.join(dir, 'missing'))).rejects.toThrow(/^không liệt kê được thư mục .*missing: không có thư mục này$/);
  });

  it('refuses a file given as the folder', async () => {
    await expect(listFiles(path.join(dir, 'z.txt'))).rejects.toThrow(/z\.txt: đây là một tệp, không phải thư mục$/);
  });
});

describe('walkFolder', () => {
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ingest-walk-'));
    outside = await mkdtemp(path.join(tmpdir(), 'ingest-walk-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'bí mật');
    await writeFile(path.join(dir, 'ok.txt'), 'x');
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'in.txt'), 'x');
    await symlink('nowhere.txt', path.join(dir, 'dangling.txt'));
    await symlink('nowhere', path.join(dir, 'dangling.bin'));
    await symlink('loopB.txt', path.join(dir, 'loopA.txt'));
    await symlink('loopA.txt', path.join(dir, 'loopB.txt'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    await symlink('/dev/zero', path.join(dir, 'zero.txt'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'outside.txt'));
    await symlink(outside, path.join(dir, 'outside-folder'));
    await symlink('ok.txt', path.join(dir, 'alias.txt'));
    await symlink('sub', path.join(dir, 'sub-link'));
    await symlink('..', path.join(dir, 'sub', 'up'));
    await mkdir(path.join(dir, 'x.txt'));
    await writeFile(path.join(dir, 'x.txt', 'inner.txt'), 'x');
    await writeFile(Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('.txt')]), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('lists each entry it cannot read by name and reason, and reads the rest', async () => {
    const { files, skipped } = await walkFolder(dir);
    // A link inside the folder is followed, a file under the name of the link; a folder once.
    expect(files).toEqual(['alias.txt', 'ok.txt', 'sub/in.txt', 'x.txt/inner.txt']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons).toEqual({
      'bad\\xff.txt': 'tên không phải UTF-8 hợp lệ (hãy đổi tên để lập chỉ mục tệp này)',
      'dangling.bin': 'liên kết hỏng (nơi nó trỏ tới không tồn tại)',
      'dangling.txt': 'liên kết hỏng (nơi nó trỏ tới không tồn tại)',
      'loopA.txt': 'vòng lặp liên kết tượng trưng',
      'loopB.txt': 'vòng lặp liên kết tượng trưng',
      'outside-folder': expect.stringMatching(/nằm ngoài thư mục: không theo \(--follow-links-outside cho phép theo\)$/),
      'outside.txt': expect.stringMatching(/^liên kết tới .*secret\.txt, nằm ngoài thư mục/),
      'pipe.txt': 'một đường ống có tên (named pipe), không phải tệp',
      'sub-link': 'liên kết tới một thư mục đã đọc (sub), không đọc lại',
      'sub/up': 'liên kết tới một thư mục đã đọc (thư mục đầu vào), không đọc lại',
      'x.txt': 'thư mục có tên như một tệp: các tệp bên trong vẫn được đọc như trong một thư mục',
      'zero.txt': 'liên kết tới /dev/zero, nằm ngoài thư mục: không theo (--follow-links-outside cho phép theo)',
    });
  });

  it('follows links out of the folder only when asked, and still lists a device as one', async () => {
    const { files, skipped } = await walkFolder(dir, { followLinksOutside: true });
    expect(files).toContain('outside.txt');
    expect(files).toContain('outside-folder/secret.txt');
    expect(skipped).toContainEqual({ file: 'zero.txt', reason: 'một thiết bị, không phải tệp' });
  });

  it('refuses to read a pipe even when asked to', async () => {
    await expect(readSource(dir, 'pipe.txt')).rejects.toThrow('pipe.txt: không phải tệp thông thường');
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
