// What a person reads when a file or folder cannot be indexed: the reason is in Vietnamese, with
// diacritics, and keeps only the technical tokens (file names, sizes, byte offsets, encodings) as
// they are. Each bad input below is made on disk and run through what `npm run index` runs.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFolder } from '../../src/ingest/read.js';
import { ingestSource } from '../../src/ingest/readers/index.js';

// English words that only English prose would hold; matched as whole words, so that Vietnamese
// syllables that contain the same letters ('hóa', 'tại') never count.
const ENGLISH = /(?<![\p{L}\p{N}])(a|an|the|of|in|is|are|not|no|at|and|or|its|it|file|folder|such|empty|binary|content|over|size|limit|invalid|unsupported|supported|cannot|read|text|link|broken|target|exist|type|either|none|part)(?![\p{L}\p{N}])/giu;
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** The English words left in `reason` once the folder path is taken out. */
function englishIn(reason: string, folder: string): string[] {
  return [...reason.split(folder).join('').matchAll(ENGLISH)].map((m) => m[0]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'thong-bao-'));
  const files: Record<string, string | Buffer> = {
    'rong.txt': '',
    'nhi-phan.txt': Buffer.from([0x42, 0xc3, 0xa1, 0x00, 0x6f]),
    'bang.xyz': 'Báo cáo',
    'lon.txt': 'Đ'.repeat(1536),
    'sai-ma.txt': Buffer.from("Rapport détaillé sur l'économie régionale.", 'latin1'),
    'utf16.txt': Buffer.from([0xff, 0xfe, 0x61, 0x00]),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  await mkdir(path.join(dir, 'lien-ket'));
  await symlink(path.join(dir, 'lien-ket', 'khong-con.txt'), path.join(dir, 'lien-ket', 'hong.txt'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// The reason a bad input gives: a thrown message, or the listing's reason for a skipped entry.
const reasonOf = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no reason: the input was read');
};

const CASES: [what: string, reason: () => Promise<string>, expected: () => string][] = [
  ['a folder that does not exist', () => reasonOf(() => walkFolder(path.join(dir, 'khong-co'))), () => `không liệt kê được thư mục ${path.join(dir, 'khong-co')}: không có thư mục này`],
  ['a file given as the folder', () => reasonOf(() => walkFolder(path.join(dir, 'rong.txt'))), () => `không liệt kê được thư mục ${path.join(dir, 'rong.txt')}: đây là một tệp, không phải thư mục`],
  ['an empty file', () => reasonOf(() => ingestSource(dir, 'rong.txt')), () => 'rong.txt: tệp rỗng'],
  ['a binary file', () => reasonOf(() => ingestSource(dir, 'nhi-phan.txt')), () => 'nhi-phan.txt: nội dung nhị phân (byte NUL tại byte 3)'],
  ['an unsupported extension', () => reasonOf(() => ingestSource(dir, 'bang.xyz')), () => "bang.xyz: loại tệp không hỗ trợ '.xyz' (hỗ trợ: .docx, .htm, .html, .jsonl, .md, .pdf, .txt)"],
  ['a file over the size limit', () => reasonOf(() => ingestSource(dir, 'lon.txt', { maxBytes: 1024 })), () => 'lon.txt: vượt quá giới hạn kích thước: 3 KB > 1 KB'],
  ['invalid UTF-8', () => reasonOf(() => ingestSource(dir, 'sai-ma.txt')), () => 'sai-ma.txt: không phải UTF-8 hợp lệ tại byte 9 (cũng không phải TCVN3, VNI hay Windows-1258)'],
  ['UTF-16 text', () => reasonOf(() => ingestSource(dir, 'utf16.txt')), () => 'utf16.txt: không hỗ trợ văn bản UTF-16 (hãy lưu lại dưới dạng UTF-8)'],
  ['a file that is gone', () => reasonOf(() => ingestSource(dir, 'mat.txt')), () => 'mat.txt: không đọc được (ENOENT)'],
  ['a broken link', async () => (await walkFolder(path.join(dir, 'lien-ket'))).skipped.map((s) => `${s.file}: ${s.reason}`).join('\n'), () => 'hong.txt: liên kết hỏng (nơi nó trỏ tới không tồn tại)'],
];

describe('the reason given for a bad input', () => {
  it.each(CASES)('is Vietnamese for %s', async (_, reason, expected) => {
    const got = await reason();
    expect(got).toBe(expected());
    expect(got).toMatch(VIETNAMESE);
    expect(englishIn(got, dir)).toEqual([]);
  });

  it('would catch an English reason', () => {
    expect(englishIn(`cannot list ${dir}/x: no such folder`, dir)).toEqual(['cannot', 'no', 'such', 'folder']);
    expect(englishIn('a broken link (its target does not exist)', dir)).toEqual(['a', 'broken', 'link', 'its', 'target', 'not', 'exist']);
    expect(englishIn('tệp đã được mã hóa tại byte 3', dir)).toEqual([]);
  });
});
