// The seed reports' places and persons, written down by reading the five reports (not from the
// recognizer's output): every person named with a personal name and every district and province, with
// the number of paragraphs (as the indexer chunks them) that name each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { EntityIndex } from '../../src/entities/entity-index.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

// Persons. Left out on purpose: the bylines (Đinh Lan, Thu Hoài, Hoàng Giang, Đức Bình), which the
// indexer keeps in the document record rather than as paragraphs, so no paragraph names them; and
// "tư tưởng, đạo đức, phong cách Hồ Chí Minh" in report 003, the title of a campaign in a list of linked
// documents rather than a mention of a person in the report.
const PERSONS: [string, number][] = [
  ['Trần Tiến Dũng', 7], // 000 ¶10, ¶16 (ông …, Chủ tịch UBND tỉnh); 001 ¶2, ¶5, ¶13, ¶15; 004 ¶121 (signer)
  ['Bảo Anh', 4], // photo credit "Ảnh: Bảo Anh", 000 ¶3, ¶7, ¶10, ¶15
  ['Nguyễn Văn Thắng', 3], // 002 ¶4, ¶5, ¶11, Bí thư Tỉnh ủy Điện Biên
  ['Tống Thanh Hải', 2], // 001 ¶6, ¶7
  ['Lê Thành Đô', 2], // 002 ¶3, ¶15
  ['Trần Tuấn Anh', 2], // 003 ¶2, ¶12, Bộ trưởng Bộ Công Thương
  ['Giàng Páo Mỷ', 2], // 003 ¶4, ¶13
  ['Giàng A Tính', 2], // 003 ¶4, ¶5
  ['Phạm Ngọc Phương', 1], // 001 ¶10
  ['Lò Văn Phương', 1], // 002 ¶4
];

// Provinces and districts (district-level cities included). A product, body or road named after the
// place counts as naming it ("Sâm Lai Châu", "Điện Biên TV", "cao tốc Nội Bài - Lào Cai"); a township or
// a ward of the same name does not (thị trấn Than Uyên is not huyện Than Uyên).
const PLACES: [string, number][] = [
  ['tỉnh Lai Châu', 48], // 51 paragraphs hold "Lai Châu"; three of them (001 ¶16, 004 ¶59, ¶61) name only thành phố Lai Châu
  ['huyện Tam Đường', 6], // 000 ¶6; 004 ¶24, ¶58, ¶61, ¶67 (footnote list), ¶68 ("Mận Tam Đường")
  ['huyện Than Uyên', 6], // 000 ¶6; 001 ¶11; 004 ¶16, ¶58, ¶61, ¶68 (004 ¶59 is thị trấn Than Uyên)
  ['tỉnh Điện Biên', 4], // 002 ¶1 (place line), ¶3 ("Điện Biên TV"), ¶13; 004 ¶31
  ['huyện Tân Uyên', 4], // 004 ¶24, ¶61, ¶67, ¶70
  ['thành phố Lai Châu', 4], // 001 ¶16; 004 ¶59, ¶61, ¶96
  ['huyện Nậm Nhùn', 3], // 000 ¶6; 004 ¶61, ¶67
  ['huyện Mường Tè', 3], // 000 ¶14, ¶17; 004 ¶67
  ['huyện Phong Thổ', 3], // 004 ¶61, ¶68, ¶70 (004 ¶59 is thị trấn Phong Thổ)
  ['tỉnh Lào Cai', 3], // 001 ¶16 and 004 ¶96 ("Nội Bài - Lào Cai"); 004 ¶31
  ['thành phố Hồ Chí Minh', 2], // 004 ¶31, ¶34
  ['thành phố Hà Nội', 2], // 004 ¶58, ¶71
  ['tỉnh Bình Phước', 1], // 004 ¶62
  ['thành phố Lào Cai', 1], // 004 ¶71
];

let dir = '';
let entities: EntityIndex;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'seeds-entities-'));
  await buildIndex({ input: SEEDS, out: dir });
  entities = EntityIndex.load(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the seed reports', () => {
  it.each(PERSONS)('name %s in %i paragraphs', (name, paragraphs) => {
    expect(entities.get('person', name)?.mentions).toBe(paragraphs);
  });

  it.each(PLACES)('name %s in %i paragraphs', (name, paragraphs) => {
    expect(entities.get('place', name)?.mentions).toBe(paragraphs);
  });

  it('list no organization, title or place as a person: every person listed is one of the people named', () => {
    const listed = entities.list('person', '', 1000).map((e) => e.name);
    expect(listed.sort()).toEqual(PERSONS.map(([name]) => name).sort());
  });

  it('give each official the titles seen beside the name, the chairman one role however written', () => {
    const roles = entities.get('person', 'Trần Tiến Dũng')?.roles ?? [];
    expect(roles[0]).toBe('Chủ tịch UBND tỉnh');
    expect(entities.get('person', 'Trần Tuấn Anh')?.roles).toContain('Bộ trưởng Bộ Công thương');
  });
});
