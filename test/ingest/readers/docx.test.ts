import { describe, expect, it } from 'vitest';
import { readDocx } from '../../../src/ingest/readers/docx.js';
import { makeDocx, para, table } from './make.js';

describe('readDocx', () => {
  it('gives headings, paragraphs and table rows in order, cells joined by " | "', async () => {
    const docx = await makeDocx(
      para('BÁO CÁO TỔNG KẾT', 'Heading1') +
        para('Năm 2024, tỉnh đã giải ngân 95% kế hoạch &amp; hoàn thành 12 dự án.') +
        table([
          ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện'],
          ['Giải ngân', '1.800', '1.710'],
        ]) +
        para('Kiến nghị: bố trí thêm vốn.'),
    );
    expect((await readDocx(docx, 'a.docx')).split('\n\n')).toEqual([
      'BÁO CÁO TỔNG KẾT',
      'Năm 2024, tỉnh đã giải ngân 95% kế hoạch & hoàn thành 12 dự án.',
      'Chỉ tiêu | Kế hoạch | Thực hiện',
      'Giải ngân | 1.800 | 1.710',
      'Kiến nghị: bố trí thêm vốn.',
    ]);
  });

  it('says a file that is not a zip archive is not a DOCX', async () => {
    await expect(readDocx(Buffer.from('Báo cáo viết bằng tay'), 'fake.docx')).rejects.toThrow('fake.docx: không phải tệp DOCX: không phải tệp nén zip');
  });

  it('reports a damaged archive as an unreadable DOCX', async () => {
    const whole = await makeDocx(para('x'));
    await expect(readDocx(whole.subarray(0, 60), 'cut.docx')).rejects.toThrow(/^cut\.docx: không đọc được tệp DOCX \(.+\)$/);
  });
});
