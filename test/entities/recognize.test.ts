// Recognition of places and persons in running text, case by case.
import { describe, expect, it } from 'vitest';
import { recognizeDocument, roleAfter, titleBefore, type Mention } from '../../src/entities/recognize.js';

const places = (text: string): string[] => recognizeDocument([text]).filter((m) => m.kind === 'place').map((m) => m.name);
const persons = (texts: string[], signer?: string): Pick<Mention, 'name' | 'role' | 'paragraph'>[] =>
  recognizeDocument(texts, signer)
    .filter((m) => m.kind === 'person')
    .map(({ name, role, paragraph }) => ({ name, role, paragraph }));

describe('a place', () => {
  it.each([
    ['tỉnh Điện Biên tổ chức hội nghị', ['tỉnh Điện Biên']],
    ['UBND huyện Điện Biên báo cáo', ['huyện Điện Biên']],
    ['tại thành phố Điện Biên Phủ', ['thành phố Điện Biên Phủ']],
    ['Lai Châu có nhiều tiềm năng', ['tỉnh Lai Châu']],
    ['ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', ['tỉnh Lai Châu']],
    ['Tỉnh ủy Lai Châu chỉ đạo', ['tỉnh Lai Châu']],
    ['TP.HCM và TP Hồ Chí Minh và Thành phố Hồ Chí Minh', ['thành phố Hồ Chí Minh', 'thành phố Hồ Chí Minh', 'thành phố Hồ Chí Minh']],
    ['các huyện: Tam Đường, Nậm Nhùn và Than Uyên', ['huyện Tam Đường', 'huyện Nậm Nhùn', 'huyện Than Uyên']],
    ['xã Tân Tiến, huyện Văn Bàn', ['xã Tân Tiến', 'huyện Văn Bàn']],
    ['tỉnh Hoà Bình và tỉnh Hòa Bình', ['tỉnh Hoà Bình', 'tỉnh Hoà Bình']],
    ['tỉnh Bà Rịa - Vũng Tàu', ['tỉnh Bà Rịa - Vũng Tàu']],
    ['Hòa Bình và Sơn La', ['tỉnh Hoà Bình', 'tỉnh Sơn La']], // capitalised, a province's name means the province
  ])('is found in «%s»', (text, expected) => {
    expect(places(text)).toEqual(expected);
  });

  it.each([
    ['Tân Tiến là một hợp tác xã', 'a commune name without its type word'],
    ['Thống Nhất ý chí, Độc Lập tự chủ', 'ordinary words that are commune names'],
    ['các hộ ở Tân Thành, Phú Cường', 'bare commune names'],
    ['Thái Bình Dương rộng lớn', 'a province name inside a longer name'],
    ['tư tưởng Hồ Chí Minh', 'a city named after a person, without its type word'],
    ['ông Nguyễn Thái Bình phát biểu', 'a province name inside a personal name'],
    ['phát triển kinh tế - xã hội của tỉnh', 'type words with no name after them'],
    ['tỉnh Vân Nam (Trung Quốc)', 'a province of another country'],
  ])('is not found in «%s» (%s)', (text) => {
    expect(places(text)).toEqual([]);
  });

  it('gives the offsets of the type word and the name into the paragraph', () => {
    const [m] = recognizeDocument(['Hội nghị tại tỉnh Lai Châu.']);
    expect([m.start, m.end, m.variant]).toEqual([13, 26, 'tỉnh Lai Châu']);
  });

  it('takes a bare district name once its province is named in the document', () => {
    const names = recognizeDocument(['Tỉnh Lai Châu có 8 huyện, thành phố.', 'Gồm: Mường Tè, Nậm Nhùn.']).map((m) => m.name);
    expect(names).toEqual(['tỉnh Lai Châu', 'huyện Mường Tè', 'huyện Nậm Nhùn']);
    expect(places('Gồm: Mường Tè, Nậm Nhùn.')).toEqual([]);
  });
});

describe('a person', () => {
  it.each([
    ['ông Trần Tiến Dũng phát biểu', ''],
    ['Ông Trần Tiến Dũng phát biểu', ''],
    ['đồng chí Trần Tiến Dũng, Chủ tịch UBND tỉnh phát biểu', 'Chủ tịch UBND tỉnh'],
    ['Chủ tịch UBND tỉnh Trần Tiến Dũng phát biểu', 'Chủ tịch UBND tỉnh'],
    ['Chủ tịch UBND tỉnh Lai Châu Trần Tiến Dũng phát biểu', 'Chủ tịch UBND tỉnh'],
    ['Trần Tiến Dũng - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lai Châu nhấn mạnh', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh'],
  ])('is found in «%s», with the role %j', (text, role) => {
    expect(persons([text])).toEqual([{ name: 'Trần Tiến Dũng', role, paragraph: 0 }]);
  });

  it.each([
    ['Bộ trưởng Bộ Công Thương Trần Tuấn Anh', 'Trần Tuấn Anh', 'Bộ trưởng Bộ Công Thương'],
    ['Thủ tướng Chính phủ Phạm Minh Chính chủ trì', 'Phạm Minh Chính', 'Thủ tướng Chính phủ'],
    ['đồng chí Giàng A Tính - UVBTV Tỉnh ủy, Phó Chủ tịch UBND tỉnh', 'Giàng A Tính', 'UVBTV Tỉnh ủy, Phó Chủ tịch UBND tỉnh'],
    ['bà Nguyễn Thị Kim Ngân', 'Nguyễn Thị Kim Ngân', ''],
    ['Ảnh: Bảo Anh', 'Bảo Anh', 'Ảnh'],
    ['Trung tá Hán Thị Kim L', 'Hán Thị Kim L', 'Trung tá'],
  ])('is found in «%s»', (text, name, role) => {
    expect(persons([text])).toEqual([{ name, role, paragraph: 0 }]);
  });

  it.each([
    ['Ủy ban nhân dân tỉnh Lai Châu', 'an organization'],
    ['Sở Tài chính và Bộ Y tế', 'organizations'],
    ['đồng chí Bí thư Tỉnh ủy phát biểu', 'a title alone'],
    ['Chủ tịch UBND thành phố Hồ Chí Minh phát biểu', 'a city named after a person'],
    ['đường Lê Lợi, phố Trần Hưng Đạo', 'streets named after persons, with no title'],
    ['Nguyễn Văn A nộp hồ sơ', 'a name with no title, honorific or earlier mention'],
    ['Bí thư Đoàn Thanh niên phát biểu', 'a body whose name opens with a family name'],
  ])('is not found in «%s» (%s)', (text) => {
    expect(persons([text])).toEqual([]);
  });

  it('is found again, without a title, once the document has named him in full; a given name alone is not a mention', () => {
    expect(persons(['Chủ tịch UBND tỉnh Trần Tiến Dũng dự.', 'Trần Tiến Dũng nhấn mạnh.', 'Đồng chí Dũng cho biết.'])).toEqual([
      { name: 'Trần Tiến Dũng', role: 'Chủ tịch UBND tỉnh', paragraph: 0 },
      { name: 'Trần Tiến Dũng', role: '', paragraph: 1 },
    ]);
  });

  it("is the document's signer, under the signature", () => {
    expect(persons(['Báo cáo.', 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', 'Trần Tiến Dũng'], 'Trần Tiến Dũng')).toEqual([{ name: 'Trần Tiến Dũng', role: 'Người ký', paragraph: 2 }]);
  });
});

describe('roles', () => {
  it.each([
    [', Chủ tịch UBND tỉnh phát biểu', 'Chủ tịch UBND tỉnh'],
    [' - Giám đốc Sở Kế hoạch và Đầu tư trình bày', 'Giám đốc Sở Kế hoạch và Đầu tư'],
    [', Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh và các Phó Chủ tịch', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh'],
    [' phát biểu', ''],
  ])('after a name: «%s» → %j', (text, role) => {
    expect(roleAfter(text)).toBe(role);
  });

  it.each([
    ['Chủ tịch UBND tỉnh Lai Châu ', 'Chủ tịch UBND tỉnh'],
    ['dưới sự chủ trì của Phó Thủ tướng ', 'Phó Thủ tướng'],
    ['Chủ tịch UBND tỉnh cùng các đại biểu, ông ', undefined],
  ])('before a name: «%s» → %j', (text, role) => {
    expect(titleBefore(text)).toBe(role);
  });
});
