// Which field of a collection's records holds what: real collections name their fields their own way
// (the gazette's `so_hieu`, `loai`, `nam`), so the JSONL reader is told, by `--fields` on the command
// line or by a `fields.json` beside the data, where to find each field it knows.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The record fields the JSONL reader understands, under the names it looks for by default. */
export const KNOWN_FIELDS = ['text', 'id', 'title', 'date', 'number', 'type', 'body', 'source', 'place', 'signer', 'byline', 'url'] as const;

/** One of KNOWN_FIELDS. */
export type KnownField = (typeof KNOWN_FIELDS)[number];

/** Known field → the name a collection gives it (`{ number: 'so_hieu' }`); a field left out keeps its own name. */
export type FieldMapping = Partial<Record<KnownField, string>>;

/** The file, in the folder of a .jsonl, whose mapping applies to the .jsonl files there. */
export const FIELDS_FILE = 'fields.json';

const isKnown = (name: string): name is KnownField => (KNOWN_FIELDS as readonly string[]).includes(name);

/** A mapping checked entry by entry; throws, in Vietnamese, naming the first bad entry and what `where` it came from. */
export function checkMapping(entries: Iterable<[string, unknown]>, where: string): FieldMapping {
  const mapping: FieldMapping = {};
  const sources = new Map<string, string>();
  for (const [field, source] of entries) {
    if (!isKnown(field)) throw new Error(`${where}: không có trường '${field}' (các trường: ${KNOWN_FIELDS.join(', ')})`);
    if (typeof source !== 'string' || !source.trim()) throw new Error(`${where}: trường '${field}' cần tên một trường của bản ghi, ví dụ ${field}=ten_truong`);
    const name = source.trim();
    // Two fields filled from one source would make the index say the same thing twice under two names.
    const earlier = sources.get(name);
    if (earlier !== undefined && earlier !== field) throw new Error(`${where}: '${name}' đã gán cho '${earlier}', không gán thêm cho '${field}'`);
    sources.set(name, field);
    mapping[field] = name;
  }
  return mapping;
}

/** Parses `--fields number=so_hieu,type=loai,date=nam`; throws, in Vietnamese, on a malformed entry. */
export function parseFieldsOption(value: string): FieldMapping {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): [string, string] => {
      const eq = entry.indexOf('=');
      if (eq <= 0) throw new Error(`--fields: '${entry}' không có dạng trường=tên, ví dụ number=so_hieu`);
      return [entry.slice(0, eq).trim(), entry.slice(eq + 1)];
    });
  if (!entries.length) throw new Error('--fields: cần ít nhất một cặp trường=tên, ví dụ number=so_hieu');
  return checkMapping(entries, '--fields');
}

/** The mapping in `dir/fields.json`, or {} when there is none; throws, naming the file, when it is not a valid mapping. */
export async function readFieldsFile(dir: string): Promise<FieldMapping> {
  const file = path.join(dir, FIELDS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${FIELDS_FILE}: không đọc được (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${FIELDS_FILE}: không phải JSON hợp lệ (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${FIELDS_FILE}: cần một đối tượng JSON, ví dụ {"number": "so_hieu"}`);
  return checkMapping(Object.entries(json), FIELDS_FILE);
}

/** The mapping for a .jsonl in `dir`: its folder's fields.json, with `given` (the command line's) winning field by field. */
export async function fieldsFor(dir: string, given: FieldMapping = {}): Promise<FieldMapping> {
  const merged = { ...(await readFieldsFile(dir)), ...given };
  return checkMapping(Object.entries(merged), `${FIELDS_FILE} + --fields`);
}

/** A mapping as a stable string (sorted keys), '' for none: what a document's hash mixes in so a new mapping re-reads the file. */
export function mappingKey(mapping: FieldMapping): string {
  const entries = Object.entries(mapping)
    .filter(([field, source]) => source !== field)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? JSON.stringify(entries) : '';
}
