// JSON Lines exports (a crawler's or a database's): one document per line, {"text": …} with optional
// metadata. A bad line is reported with its number and the other lines are still indexed.
import { decodeText, type ReaderFailure, type ReaderMeta, type ReaderPart } from '../read.js';

// Fields copied to the document record as they are (trimmed), when they are non-empty strings.
const TEXT_FIELDS = ['title', 'type', 'number', 'body', 'source', 'place', 'signer', 'byline'] as const;

/** Reads a .jsonl file: each non-blank line is a document named by its `id` (or its line number). */
export async function readJsonl(buf: Buffer, file: string): Promise<(ReaderPart | ReaderFailure)[]> {
  const lines = decodeText(buf, file).split('\n');
  const out: (ReaderPart | ReaderFailure)[] = [];
  const firstLineOf = new Map<string, number>();
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.trim()) return;
    const result = readRecord(line, n);
    if ('failed' in result) return out.push(result);
    const earlier = firstLineOf.get(result.part);
    if (earlier !== undefined) return out.push({ failed: `line ${n}: id '${result.part}' was already used on line ${earlier}` });
    firstLineOf.set(result.part, n);
    out.push(result);
  });
  return out;
}

/** One JSONL line as a document, or why it cannot be one. */
export function readRecord(line: string, n: number): ReaderPart | ReaderFailure {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (e) {
    return { failed: `line ${n}: not valid JSON (${(e as Error).message})` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { failed: `line ${n}: not a JSON object` };
  const r = record as Record<string, unknown>;
  if (typeof r.text !== 'string') return { failed: `line ${n}: no "text" string` };
  if (!r.text.trim()) return { failed: `line ${n}: "text" is empty` };
  const meta: ReaderMeta = {};
  for (const field of TEXT_FIELDS) {
    const value = r[field];
    if (typeof value === 'string' && value.trim()) meta[field] = value.trim();
  }
  const url = typeof r.url === 'string' ? r.url.trim() : '';
  if (!meta.source && url) {
    try {
      meta.source = new URL(url).hostname;
    } catch {
      // Not a URL after all; the record is still a document.
    }
  }
  Object.assign(meta, recordDate(r.date));
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id).trim() : '';
  return { part: id || String(n), text: r.text.replace(/\r\n?/g, '\n').normalize('NFC'), meta };
}

/** A record's date as the index keeps it: ISO 'YYYY[-MM[-DD]]' (from ISO or d/m/yyyy), plus the text as written. */
export function recordDate(value: unknown): Pick<ReaderMeta, 'date' | 'dateText'> {
  if (typeof value !== 'string' && typeof value !== 'number') return {};
  const text = String(value).trim();
  const pad = (s: string): string => s.padStart(2, '0');
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])/.exec(text);
  if (iso) return { date: [iso[1], iso[2], iso[3]].filter(Boolean).join('-'), dateText: text };
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy && Number(dmy[2]) <= 12 && Number(dmy[1]) <= 31) return { date: `${dmy[3]}-${pad(dmy[2])}-${pad(dmy[1])}`, dateText: text };
  return text ? { dateText: text } : {};
}
