import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, listFiles, readSource, SUPPORTED_EXTENSIONS } from '../../../src/ingest/read.js';
import { ingestSource } from '../../../src/ingest/readers/index.js';
import type { IngestProblem } from '../../../src/ingest/records.js';
import { makeDocx, makePdf, para } from './make.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/readers');
const REPORT = 'BÁO CÁO\n\nTình hình giải ngân vốn đầu tư công năm 2024 của tỉnh Lai Châu đạt kết quả tích cực.\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'readers-'));
  const files: Record<string, string | Buffer> = {
    'good.txt': REPORT,
    'good.md': `# Báo cáo\n\n${REPORT}`,
    'good.docx': await makeDocx(para('BÁO CÁO', 'Heading1') + para('Tình hình giải ngân vốn đầu tư công năm 2024 đạt kết quả tích cực.')),
    'good.pdf': makePdf([['BÁO CÁO', 'Tình hình giải ngân vốn đầu tư công năm 2024 đạt kết quả tích cực.']]),
    'binary.txt': Buffer.from([0x42, 0xc3, 0xa1, 0x6f, 0x20, 0x63, 0xc3, 0xa1, 0x6f, 0x0a, 0x89, 0x50, 0x00, 0x0d]),
    'latin1.txt': Buffer.from("Rapport détaillé sur l'économie régionale.", 'latin1'),
    'empty.txt': '',
    'blank.md': '  \n\n \n',
    'scan.pdf': makePdf(['image']),
    'big.txt': `${REPORT}${'Dòng đệm cho tệp lớn.\n'.repeat(4000)}`,
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  for (const name of ['page.html', 'records.jsonl', 'tcvn3.txt', 'vni.txt']) await copyFile(path.join(FIXTURES, name), path.join(dir, name));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the registered readers', () => {
  it('cover every format', () => {
    expect(SUPPORTED_EXTENSIONS).toEqual(['.docx', '.htm', '.html', '.jsonl', '.md', '.pdf', '.txt']);
  });
});

describe('readSource', () => {
  it('refuses a file over the size limit before reading it, with both sizes', async () => {
    await expect(readSource(dir, 'big.txt', { maxBytes: 64 * 1024 })).rejects.toThrow(/^big\.txt: vượt quá giới hạn kích thước: 117.3 KB > 64 KB$/);
  });

  it('reads the same file under the default limit of 50 MB', async () => {
    await expect(readSource(dir, 'big.txt')).resolves.toMatchObject({ documents: [{ doc: 'big.txt' }] });
  });

  it('says an empty file is empty', async () => {
    await expect(readSource(dir, 'empty.txt')).rejects.toThrow('empty.txt: tệp rỗng');
  });

  it('says a file of only whitespace has no text', async () => {
    await expect(readSource(dir, 'blank.md')).rejects.toThrow('blank.md: không có chữ nào trong tệp');
  });

  it('names the first NUL byte of a binary file', async () => {
    await expect(readSource(dir, 'binary.txt')).rejects.toThrow('binary.txt: nội dung nhị phân (byte NUL tại byte 12)');
  });

  it('gives each JSONL record its own doc id and reports the bad line', async () => {
    const source = await readSource(dir, 'records.jsonl');
    expect(source.documents.map((d) => d.doc)).toEqual(['records.jsonl#bc-188', 'records.jsonl#3']);
    expect(source.problems).toEqual([{ file: 'records.jsonl', reason: expect.stringMatching(/^dòng 2: không phải JSON hợp lệ/) }]);
  });
});

describe('formatBytes', () => {
  it.each([
    [76_755_763, '73.2 MB'],
    [50 * 1024 * 1024, '50 MB'],
    [1536, '1.5 KB'],
    [12, '12 byte'],
  ])('writes %i as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('ingestSource over a folder of good and bad files', () => {
  // What buildIndex does per file: a bad one is reported and the loop goes on.
  const run = async (): Promise<{ docs: Map<string, string>; problems: IngestProblem[] }> => {
    const docs = new Map<string, string>();
    const problems: IngestProblem[] = [];
    for (const file of await listFiles(dir)) {
      try {
        const result = await ingestSource(dir, file, { maxBytes: 64 * 1024 });
        for (const d of result.documents) docs.set(d.document.doc, d.document.title);
        problems.push(...result.problems);
      } catch (e) {
        problems.push({ file, reason: (e as Error).message });
      }
    }
    return { docs, problems };
  };

  it('indexes every good document of every format', async () => {
    const { docs } = await run();
    expect([...docs.keys()]).toEqual([
      'good.docx',
      'good.md',
      'good.pdf',
      'good.txt',
      'page.html',
      'records.jsonl#bc-188',
      'records.jsonl#3',
      'tcvn3.txt',
      'vni.txt',
    ]);
    expect(docs.get('page.html')).toBe('Giải ngân vốn đầu tư công 6 tháng đầu năm');
    expect(docs.get('records.jsonl#bc-188')).toBe('Báo cáo giải ngân quý I');
  });

  it('reports each bad file by name with a precise reason', async () => {
    const { problems } = await run();
    expect(problems.map((p) => [p.file, p.reason.replace(`${p.file}: `, '')])).toEqual([
      ['big.txt', expect.stringMatching(/^vượt quá giới hạn kích thước: .+ > 64 KB$/)],
      ['binary.txt', 'nội dung nhị phân (byte NUL tại byte 12)'],
      ['blank.md', 'không có chữ nào trong tệp'],
      ['empty.txt', 'tệp rỗng'],
      ['latin1.txt', expect.stringMatching(/^không phải UTF-8 hợp lệ tại byte 9 /)],
      ['records.jsonl', expect.stringMatching(/^dòng 2: không phải JSON hợp lệ/)],
      ['scan.pdf', 'không có lớp chữ (có lẽ là ảnh quét?)'],
    ]);
  });

  it('gives all records of a JSONL file the hash of the file, so an unchanged file is reused whole', async () => {
    const { documents } = await ingestSource(dir, 'records.jsonl');
    expect(new Set(documents.map((d) => d.document.hash)).size).toBe(1);
    expect(documents[0].paragraphs[0].id).toBe('records.jsonl#bc-188#p1');
  });

  it('throws when no record of a JSONL file could be used', async () => {
    await writeFile(path.join(dir, 'all-bad.jsonl'), '{"text": 1}\nnot json\n');
    try {
      await expect(ingestSource(dir, 'all-bad.jsonl')).rejects.toThrow(/^all-bad\.jsonl: không phần nào trong 2 phần của tệp lập chỉ mục được: dòng 1: không có trường "text" dạng chuỗi; dòng 2: không phải JSON hợp lệ/);
    } finally {
      await rm(path.join(dir, 'all-bad.jsonl'));
    }
  });
});
