import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldsFor, mappingKey, parseFieldsOption, readFieldsFile } from '../../src/ingest/fields.js';
import { readJsonl, readRecord, recordDate, slugNumber } from '../../src/ingest/readers/jsonl.js';
import { mergeMetadata, normalizeType } from '../../src/ingest/metadata.js';
import { ingestSource } from '../../src/ingest/readers/index.js';

const dirs: string[] = [];
const folder = (files: Record<string, string>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fields-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('parseFieldsOption', () => {
  it.each([
    ['number=so_hieu,type=loai,date=nam', { number: 'so_hieu', type: 'loai', date: 'nam' }],
    [' text = noi_dung , id=ma ', { text: 'noi_dung', id: 'ma' }],
  ])('reads %s', (value, expected) => {
    expect(parseFieldsOption(value)).toEqual(expected);
  });

  it.each([
    ['so_hieu', "không có dạng trường=tên"],
    ['numero=so_hieu', "không có trường 'numero'"],
    ['number=', "trường 'number' cần tên"],
    ['number=a,type=a', "'a' đã gán cho 'number'"],
    [',', 'cần ít nhất một cặp'],
  ])('refuses %s in Vietnamese', (value, message) => {
    expect(() => parseFieldsOption(value)).toThrow(message);
  });
});

describe('fields.json', () => {
  it('is read from the folder, and --fields wins field by field', async () => {
    const dir = folder({ 'fields.json': '{"number": "so_hieu", "type": "loai"}' });
    expect(await readFieldsFile(dir)).toEqual({ number: 'so_hieu', type: 'loai' });
    expect(await fieldsFor(dir, { type: 'kieu' })).toEqual({ number: 'so_hieu', type: 'kieu' });
  });

  it.each([
    ['[1]', 'cần một đối tượng JSON'],
    ['{"number": 3}', "trường 'number' cần tên"],
    ['{"so": "x"}', "không có trường 'so'"],
    ['{', 'không phải JSON hợp lệ'],
  ])('refuses %s, naming the file', async (text, message) => {
    await expect(readFieldsFile(folder({ 'fields.json': text }))).rejects.toThrow(new RegExp(`^fields\\.json: .*${message}`));
  });

  it('is none when absent, and a mapping key is stable and empty for none', async () => {
    expect(await readFieldsFile(folder({}))).toEqual({});
    expect(mappingKey({})).toBe('');
    expect(mappingKey({ number: 'number' })).toBe('');
    expect(mappingKey({ type: 'loai', number: 'so_hieu' })).toBe(mappingKey({ number: 'so_hieu', type: 'loai' }));
  });

  it('a bad fields.json makes its .jsonl a problem named with the file', async () => {
    const dir = folder({ 'fields.json': '{"x": "y"}', 'a.jsonl': '{"text": "Một."}\n' });
    await expect(ingestSource(dir, 'a.jsonl')).rejects.toThrow("a.jsonl: fields.json: không có trường 'x'");
  });
});

describe('readJsonl with a mapping', () => {
  const gazette = {
    id: 'docs/bhxh/luat-so-51-2024-qh15-43559',
    so_hieu: 'luat-so-51-2024-qh15-43559',
    loai: 'NQ',
    nam: 2024,
    topic_key: 'bhxh',
    text: 'QUỐC HỘI\nLuật số: 51/2024/QH15\n',
  };
  const mapping = { number: 'so_hieu', type: 'loai', date: 'nam' };

  it('fills number, type and date from the mapped fields', () => {
    const part = readRecord(JSON.stringify({ ...gazette, so_hieu: '41/2024/QH15' }), 1, mapping);
    expect(part).toMatchObject({ part: 'docs/bhxh/luat-so-51-2024-qh15-43559', meta: { number: '41/2024/QH15', type: 'NGHỊ QUYẾT', date: '2024', dateText: '2024' } });
  });

  it('reports the fields it does not know and the slugs it read numbers from, once per file', async () => {
    const lines = [gazette, { ...gazette, id: 'b', topic_name: 'Bảo hiểm' }].map((r) => JSON.stringify(r)).join('\n');
    const out = await readJsonl(Buffer.from(lines), 'g.jsonl', mapping);
    const notes = out.filter((o) => 'note' in o).map((o) => (o as { note: string }).note);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('topic_key (2), topic_name (1)');
    expect(notes[1]).toContain("2 bản ghi có trường 'so_hieu' không phải số hiệu văn bản");
    expect(out.filter((o) => 'part' in o).map((o) => (o as { meta: { number: string } }).meta.number)).toEqual(['51/2024/QH15', '51/2024/QH15']);
  });

  it('says nothing when every field is known', async () => {
    const out = await readJsonl(Buffer.from('{"text": "a", "title": "b", "url": "https://x.vn/"}'), 'r.jsonl');
    expect(out.filter((o) => 'note' in o)).toEqual([]);
  });
});

describe('the transforms', () => {
  it.each([
    ['Nghị định', 'NGHỊ ĐỊNH'],
    ['NQ', 'NGHỊ QUYẾT'],
    ['QĐ', 'QUYẾT ĐỊNH'],
    ['VB HN', 'VĂN BẢN HỢP NHẤT'],
    ['Văn bản hợp nhất', 'VĂN BẢN HỢP NHẤT'],
    ['TT Liên tịch', 'THÔNG TƯ LIÊN TỊCH'],
    [' Bộ luật ', 'BỘ LUẬT'],
    ['Khác', 'KHÁC'],
  ])('type %s → %s', (label, type) => {
    expect(normalizeType(label)).toBe(type);
  });

  it.each([
    ['luat-so-51-2024-qh15-43559', '', '51/2024/QH15'],
    ['van-ban-hop-nhat-so-04-vbhn-byt-26289', '', '04/VBHN-BYT'],
    ['nghi-quyet-so-113-nq-cp-469448', '', '113/NQ-CP'],
    ['nghi-dinh-so-158-2025-nd-cp-45123', '', '158/2025/NĐ-CP'],
    ['thong-tu-so-05-2025-tt-bldtbxh-44360', 'Số: 05/2025/TT-BLĐTBXH\n', '05/2025/TT-BLĐTBXH'],
    ['bao-hiem-xa-hoi', '', null],
  ])('slug %s → %s', (slug, text, number) => {
    expect(slugNumber(slug, text)).toBe(number);
  });

  it.each([
    [2024, { date: '2024', dateText: '2024' }],
    [0, {}],
    [1166, {}],
    ['2024-03', { date: '2024-03', dateText: '2024-03' }],
  ])('date field %s', (value, expected) => {
    expect(recordDate(value)).toEqual(expected);
  });

  it.each([
    ['a year field beside the text’s day keeps the day', { date: '2024-06-29', dateText: 'ngày 29 tháng 6 năm 2024' }, { date: '2024', dateText: '2024' }, { date: '2024-06-29', dateText: 'ngày 29 tháng 6 năm 2024' }],
    ['a year field that differs wins', { date: '2023-06-29', dateText: 'x' }, { date: '2024', dateText: '2024' }, { date: '2024', dateText: '2024' }],
    ['a date written but unread does not replace the text’s', { date: '2024-06-29', dateText: 'x' }, { dateText: 'quý I' }, { date: '2024-06-29', dateText: 'x' }],
    ['a vague type yields to the text’s', { type: 'THÔNG TƯ' }, { type: 'KHÁC' }, { type: 'THÔNG TƯ' }],
    ['the number gives the year when nothing else does', {}, { number: '102/2018/TT-BTC' }, { number: '102/2018/TT-BTC', date: '2018' }],
    ['a number without a year gives none', {}, { number: '113/NQ-CP' }, { number: '113/NQ-CP' }],
  ])('merge: %s', (_, found, given, expected) => {
    expect(mergeMetadata({ title: 't', ...found }, given)).toEqual({ title: 't', ...expected });
  });
});
