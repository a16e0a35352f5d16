import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/ingest/read.js';
import { decodeLegacy, encodeLegacy, fromTcvn3, fromVni, isVietnameseSyllable, repairMojibake } from '../../../src/ingest/readers/legacy.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/readers');
const fixture = (name: string): Promise<Buffer> => readFile(path.join(FIXTURES, name));
const LOWER = 'Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nbáo cáo tình hình giải ngân vốn đầu tư công năm 2024 của tỉnh.\n';
const REPORT =
  'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nCộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n\nBÁO CÁO\n' +
  'Tình hình giải ngân vốn đầu tư công năm 2024\n\nNăm 2024, tỉnh đã huy động được nhiều nguồn lực, ưu tiên các dự án ' +
  'trọng điểm về giao thông, thủy lợi và y tế.\n';

describe('hand-checked legacy sentences', () => {
  it('reads the TCVN3 national motto as it was typed in .VnTime', () => {
    expect(fromTcvn3('Céng hoµ x· héi chñ nghÜa ViÖt Nam')).toBe('Cộng hoà xã hội chủ nghĩa Việt Nam');
    expect(fromTcvn3('§éc lËp - Tù do - H¹nh phóc')).toBe('Độc lập - Tự do - Hạnh phúc');
  });

  it('reads the VNI national motto as it was typed in VNI-Times', () => {
    expect(fromVni('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(fromVni('Ñoäc laäp - Töï do - Haïnh phuùc')).toBe('Độc lập - Tự do - Hạnh phúc');
  });

  it('reads a TCVN3 heading typed in a .VnTimeH font as capitals', () => {
    expect(fromTcvn3('B¸O C¸O T×NH H×NH')).toBe('BÁO CÁO TÌNH HÌNH');
  });
});

describe('decodeText on legacy files', () => {
  it('decodes a TCVN3 file that glibc iconv wrote', async () => {
    expect(decodeText(await fixture('tcvn3-iconv.txt'), 'a.txt')).toBe(LOWER);
  });

  it('decodes a Windows-1258 file that glibc iconv wrote, tones composed', async () => {
    expect(decodeText(await fixture('windows-1258.txt'), 'a.txt')).toBe(LOWER);
  });

  it.each(['tcvn3.txt', 'vni.txt'])('decodes the report header in %s, capitals included', async (name) => {
    expect(decodeText(await fixture(name), name)).toBe(REPORT);
  });

  it('repairs TCVN3 that a converter saved as UTF-8 Latin-1 mojibake', () => {
    const mojibake = Buffer.from(encodeLegacy(REPORT, 'TCVN3').toString('latin1'), 'utf8');
    expect(decodeText(mojibake, 'a.txt')).toBe(REPORT);
  });

  it('repairs VNI mojibake saved as UTF-8', () => {
    const mojibake = Buffer.from(encodeLegacy(REPORT, 'VNI').toString('latin1'), 'utf8');
    expect(decodeText(mojibake, 'a.txt')).toBe(REPORT);
  });

  it('leaves Unicode Vietnamese alone, even with Latin-1 punctuation in it', () => {
    const text = 'Báo cáo «giải ngân» đạt 45,6%, nhiệt độ 30°C; ông Nguyễn Văn A ký.';
    expect(repairMojibake(text)).toBeNull();
    expect(decodeText(Buffer.from(text, 'utf8'), 'a.txt')).toBe(text);
  });

  it('still refuses Latin-1 French, which is not Vietnamese in any encoding', () => {
    const french = Buffer.from("L'été dernier, la société a publié un rapport détaillé sur l'économie.", 'latin1');
    expect(decodeLegacy(french)).toBeNull();
    expect(() => decodeText(french, 'fr.txt')).toThrow('fr.txt: không phải UTF-8 hợp lệ tại byte 2');
  });
});

describe('the mapping tables', () => {
  const letters = 'aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ';

  it('round-trips every Vietnamese letter, lower and upper case, through VNI', () => {
    const all = letters + letters.toUpperCase();
    expect(fromVni(encodeLegacy(all, 'VNI').toString('latin1'))).toBe(all);
  });

  it('round-trips every lower-case Vietnamese letter through TCVN3, one byte each', () => {
    const bytes = encodeLegacy(letters, 'TCVN3');
    expect(bytes.length).toBe([...letters].length);
    expect(fromTcvn3(bytes.toString('latin1'))).toBe(letters);
  });
});

describe('isVietnameseSyllable', () => {
  it.each(['nghĩa', 'người', 'khuyến', 'quốc', 'giải', 'Việt', 'đường', 'tỉnh', 'hoà'])('accepts %s', (w) => {
    expect(isVietnameseSyllable(w)).toBe(true);
  });

  it.each(['héi', 'ViÖt', 'hoµ', 'été', 'für', 'sóć'])('rejects %s', (w) => {
    expect(isVietnameseSyllable(w)).toBe(false);
  });
});
