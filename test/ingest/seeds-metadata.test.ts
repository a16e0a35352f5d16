// What a citation takes from each seed report: the issuer with its place, a real headline for news
// pages (not the lead sentence) and the date as precise as the text gives it.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ingestSource } from '../../src/ingest/readers/index.js';
import { bodyWithPlace, headlineOf } from '../../src/ingest/metadata.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

describe('seed metadata', () => {
  it.each([
    ['000_1e6146ee9a9a7262.txt', { title: 'Hội nghị Sơ kết 6 tháng đầu năm thực hiện kế hoạch phát triển kinh tế - xã hội', date: '2022-06' }],
    ['001_4653a37fccbe46ec.txt', { title: 'Các cấp, các ngành cần phải chủ động, sáng tạo, linh hoạt, sát thực tế và phải quyết liệt trong công tác chỉ đạo, điều hành', source: 'laichau.gov.vn' }],
    ['002_1bfd13ba70dd1f65.txt', { title: 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022', date: '2022-01-11' }],
    ['003_f973158ad4e0e6e0.txt', { title: 'Đoàn công tác của Bộ Công Thương làm việc tại tỉnh Lai Châu', date: '2020-07-17' }],
    ['004_893c76cd1ca6adb1.txt', { body: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', date: '2023-03', type: 'BÁO CÁO', number: '/BC-UBND' }],
  ])('%s', async (file, expected) => {
    const { documents } = await ingestSource(SEEDS, file);
    expect(documents[0].document).toMatchObject(expected);
  });
});

describe('bodyWithPlace', () => {
  const paragraphs = (...texts: string[]) => texts.map((text) => ({ text }));
  it.each([
    ['the text names the body with its place', 'ỦY BAN NHÂN DÂN', 'Lai Châu', paragraphs('Ông A, Chủ tịch UBND huyện Than Uyên, và UBND tỉnh Lai Châu báo cáo.'), 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU'],
    ['without a place, the first mention', 'HỘI ĐỒNG NHÂN DÂN', undefined, paragraphs('Hội đồng nhân dân huyện Than Uyên khóa XX'), 'HỘI ĐỒNG NHÂN DÂN HUYỆN THAN UYÊN'],
    ['no mention, but the place is a province', 'ỦY BAN NHÂN DÂN', 'Điện Biên', paragraphs('Không nhắc tới.'), 'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN'],
    ['no mention, and the place is no province', 'ỦY BAN NHÂN DÂN', 'Than Uyên', paragraphs('Không nhắc tới.'), 'ỦY BAN NHÂN DÂN'],
    ['a body that names itself is left alone', 'BỘ TÀI CHÍNH', 'Hà Nội', paragraphs('UBND tỉnh Lai Châu'), 'BỘ TÀI CHÍNH'],
  ])('%s', (_, body, place, ps, expected) => {
    expect(bodyWithPlace(body, place, ps)).toBe(expected);
  });
});

describe('headlineOf', () => {
  it.each([
    ['a headline stays', 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022', 'Phấn đấu tốc độ tăng trưởng kinh tế GRDP đạt 10% trong năm 2022'],
    ['a lead gives its subject', 'Lễ khai mạc Tuần Văn hóa các dân tộc tỉnh Lai Châu đã diễn ra tối qua tại quảng trường trung tâm với sự tham dự của đông đảo người dân.', 'Lễ khai mạc Tuần Văn hóa các dân tộc tỉnh Lai Châu'],
    ['a lead without a verb to cut at stays a sentence', 'Sáng 10/1, dưới sự chủ trì của đồng chí Lê Thành Đô, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh, hội nghị bàn về nhiều việc.', 'Sáng 10/1, dưới sự chủ trì của đồng chí Lê Thành Đô, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh, hội nghị bàn về nhiều việc.'],
  ])('%s', (_, text, title) => {
    expect(headlineOf(text)).toBe(title);
  });
});
