// JSON Lines exports (a crawler's or a database's): one document per line, {"text": …} with optional
// metadata, under our field names or under the collection's own through a field mapping (src/ingest/fields.ts).
// A bad line is reported with its number and the other lines are still indexed.
import type { FieldMapping, KnownField } from '../fields.js';
import { normalizeType } from '../metadata.js';
import { decodeText, type ReaderFailure, type ReaderMeta, type ReaderNote, type ReaderPart } from '../read.js';

// Fields copied to the document record as they are (trimmed), when they are non-empty strings.
const TEXT_FIELDS = ['title', 'type', 'number', 'body', 'source', 'place', 'signer', 'byline'] as const;

// Every field name the reader looks for when no mapping renames it.
const OWN_NAMES: readonly KnownField[] = ['text', 'id', 'date', 'url', ...TEXT_FIELDS];

/** What the records of one file held that the reader could not use, told once per file rather than once per line. */
export interface RecordTally {
  /** Field name → number of records that had it, for the fields no mapping names. */
  unknown: Map<string, number>;
  /** Number values that are no document number (a URL slug), with how many records gave one and how many of those a slug's number was read from. */
  badNumbers: { count: number; example?: string; fromSlug: number };
}

/** A tally with nothing counted yet. */
export function newTally(): RecordTally {
  return { unknown: new Map(), badNumbers: { count: 0, fromSlug: 0 } };
}

/**
 * Reads a .jsonl file: each non-blank line is a document named by its `id` (or its line number);
 * `mapping` (default none) renames fields. Ends with a note naming the fields no record's field was used
 * for and the number values it refused, so that nothing is ignored silently.
 */
export async function readJsonl(buf: Buffer, file: string, mapping: FieldMapping = {}): Promise<(ReaderPart | ReaderFailure | ReaderNote)[]> {
  const lines = decodeText(buf, file).split('\n');
  const out: (ReaderPart | ReaderFailure | ReaderNote)[] = [];
  const firstLineOf = new Map<string, number>();
  const tally = newTally();
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.trim()) return;
    const result = readRecord(line, n, mapping, tally);
    if ('failed' in result) return out.push(result);
    const earlier = firstLineOf.get(result.part);
    if (earlier !== undefined) return out.push({ failed: `dòng ${n}: id '${result.part}' đã dùng ở dòng ${earlier}` });
    firstLineOf.set(result.part, n);
    out.push(result);
  });
  out.push(...tallyNotes(tally, mapping));
  return out;
}

/** The notes a tally calls for, in Vietnamese (what a person reads after indexing). */
export function tallyNotes(tally: RecordTally, mapping: FieldMapping = {}): ReaderNote[] {
  const notes: ReaderNote[] = [];
  if (tally.unknown.size) {
    const list = [...tally.unknown].map(([name, count]) => `${name} (${count})`).join(', ');
    notes.push({ note: `bỏ qua các trường không biết dùng vào đâu (số bản ghi có trường): ${list}; muốn dùng trường nào thì gán nó bằng --fields hoặc fields.json (ví dụ --fields body=ten_truong)` });
  }
  const bad = tally.badNumbers;
  if (bad.count) {
    notes.push({
      note:
        `${bad.count} bản ghi có trường '${mapping.number ?? 'number'}' không phải số hiệu văn bản (không có '/'), ví dụ '${bad.example}'; ` +
        `${bad.fromSlug} trong số đó lấy được số hiệu từ đường dẫn (viết như trong nội dung văn bản khi nội dung có), số còn lại lấy số hiệu trong nội dung`,
    });
  }
  return notes;
}

/** One JSONL line as a document, or why it cannot be one; `mapping` (default none) renames fields, `tally` collects what went unused. */
export function readRecord(line: string, n: number, mapping: FieldMapping = {}, tally?: RecordTally): ReaderPart | ReaderFailure {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (e) {
    return { failed: `dòng ${n}: không phải JSON hợp lệ (${(e as Error).message})` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { failed: `dòng ${n}: không phải một đối tượng JSON` };
  const r = record as Record<string, unknown>;
  const name = (field: KnownField): string => mapping[field] ?? field;
  if (tally) countUnknown(r, mapping, tally);
  const text = r[name('text')];
  if (typeof text !== 'string') return { failed: `dòng ${n}: không có trường "${name('text')}" dạng chuỗi` };
  if (!text.trim()) return { failed: `dòng ${n}: trường "${name('text')}" để trống` };
  const meta: ReaderMeta = {};
  for (const field of TEXT_FIELDS) {
    const value = r[name(field)];
    if (typeof value === 'string' && value.trim()) meta[field] = value.trim();
  }
  // Every document number has a slash ('41/2024/QH15', '/BC-UBND'); a crawler's slug in its place
  // ('luat-so-51-2024-qh15-43559') is no number, and the text's own number line is better.
  if (meta.number && !meta.number.includes('/')) {
    if (tally && tally.badNumbers.count++ === 0) tally.badNumbers.example = meta.number;
    const read = slugNumber(meta.number, text);
    if (read) {
      meta.number = read;
      if (tally) tally.badNumbers.fromSlug++;
    } else delete meta.number;
  }
  if (meta.type) meta.type = normalizeType(meta.type);
  const url = r[name('url')];
  if (!meta.source && typeof url === 'string' && url.trim()) {
    try {
      meta.source = new URL(url.trim()).hostname;
    } catch {
      // Not a URL after all; the record is still a document.
    }
  }
  Object.assign(meta, recordDate(r[name('date')]));
  const id = r[name('id')];
  const part = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
  return { part: part || String(n), text: text.replace(/\r\n?/g, '\n').normalize('NFC'), meta };
}

// '…-so-05-2025-tt-bldtbxh-44360': a crawler's slug of a document number, lower-cased and without diacritics.
const SLUG_NUMBER = /(?:^|-)so-(\d+[a-z]?)-(?:((?:19|20)\d\d)-)?([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-\d+$/;
// Number-like words of a text ('05/2025/TT-BLĐTBXH'), to find the slug's number as the text spells it.
const TEXT_NUMBER = /\d+[\p{L}]?\/[\p{L}\p{N}/\-]*[\p{L}\p{N}]/gu;
// Codes a slug spells without their Đ, for a number the text never repeats.
const SLUG_CODES: Readonly<Record<string, string>> = { ND: 'NĐ', QD: 'QĐ', BLDTBXH: 'BLĐTBXH', BKHDT: 'BKHĐT', BGDDT: 'BGDĐT', DCS: 'ĐCS' };

const foldNumber = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').toUpperCase();

/**
 * The document number in a crawler's slug ('luat-so-51-2024-qh15-43559' → '51/2024/QH15'), spelled as the
 * text spells it when the text has it ('05/2025/TT-BLĐTBXH', with its Đ), or null when the slug holds none.
 */
export function slugNumber(slug: string, text: string): string | null {
  const m = SLUG_NUMBER.exec(slug.toLowerCase());
  if (!m) return null;
  const code = m[3].toUpperCase().split('-').map((part) => SLUG_CODES[part] ?? part).join('-');
  const guess = `${m[1]}${m[2] ? `/${m[2]}` : ''}/${code}`;
  const key = foldNumber(guess);
  for (const found of text.matchAll(TEXT_NUMBER)) if (foldNumber(found[0]) === key) return found[0];
  return guess;
}

function countUnknown(r: Record<string, unknown>, mapping: FieldMapping, tally: RecordTally): void {
  const used = new Set<string>([...OWN_NAMES, ...Object.values(mapping)]);
  for (const key of Object.keys(r)) {
    if (!used.has(key)) tally.unknown.set(key, (tally.unknown.get(key) ?? 0) + 1);
  }
}

/** A record's date as the index keeps it: ISO 'YYYY[-MM[-DD]]' (from ISO, d/m/yyyy or a bare year), plus the text as written. */
export function recordDate(value: unknown): Pick<ReaderMeta, 'date' | 'dateText'> {
  if (typeof value !== 'string' && typeof value !== 'number') return {};
  // A collection writes 0 (or another number that is no year) for a year it does not know.
  if (typeof value === 'number' && !(Number.isInteger(value) && value >= 1900 && value <= 2100)) return {};
  const text = String(value).trim();
  const pad = (s: string): string => s.padStart(2, '0');
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])/.exec(text);
  if (iso) return { date: [iso[1], iso[2], iso[3]].filter(Boolean).join('-'), dateText: text };
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy && Number(dmy[2]) <= 12 && Number(dmy[1]) <= 31) return { date: `${dmy[3]}-${pad(dmy[2])}-${pad(dmy[1])}`, dateText: text };
  return text ? { dateText: text } : {};
}
