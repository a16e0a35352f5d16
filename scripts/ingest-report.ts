// `npx tsx scripts/ingest-report.ts DIR`: ingests every file of a folder the way the indexer does and
// prints what a reader of the paragraphs would notice: paragraphs cut mid-sentence, page furniture left
// in the text, and how much repair the cleaning did.
import path from 'node:path';
import { ingestFile, type IngestStats } from '../src/ingest/ingest.js';
import { readFile } from 'node:fs/promises';
import { decodeText, listFiles } from '../src/ingest/read.js';
import type { ParagraphRecord } from '../src/ingest/records.js';

const SENTENCE_END = /[.;:!?…]["”'’)\]»]*$/;
// A list item ('a) …', 'đ) …') opens with a lower-case letter but starts a unit of its own.
const LOWER_CONTINUATION = /^(?![a-zđ][).]\s)\p{Ll}/u;
const RUNNING_HEADER = /CÔNG BÁO\s*\/\s*Số/u;
const LONE_NUMBER = /^\d{1,4}$/;

/** A lone number printed as a page number: a running header stands next to it in the source, blank lines and copies of the number aside. */
function isPageNumber(p: ParagraphRecord, lines: string[], lineAt: (offset: number) => number): boolean {
  const number = p.text.trim();
  if (!LONE_NUMBER.test(number)) return false;
  const at = lineAt(p.start);
  for (const step of [-1, 1]) {
    for (let j = at + step; j >= 0 && j < lines.length; j += step) {
      const t = lines[j].trim();
      if (!t || t === number) continue;
      if (RUNNING_HEADER.test(t)) return true;
      break;
    }
  }
  return false;
}

/** The line number of each offset of a text, by binary search over the line starts. */
function lineIndex(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/** A paragraph cut mid-sentence: no closing punctuation, and the next one carries on in lower case. */
function cutMidSentence(p: ParagraphRecord, next: ParagraphRecord | undefined): boolean {
  return next !== undefined && !SENTENCE_END.test(p.text) && LOWER_CONTINUATION.test(next.text);
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx scripts/ingest-report.ts DIR');
    process.exit(2);
  }
  const files = await listFiles(dir);
  const started = performance.now();
  let documents = 0;
  let paragraphs = 0;
  let cut = 0;
  let headersLeft = 0;
  let pageNumbersLeft = 0;
  let loneNumbers = 0;
  let reflowed = 0;
  const totals = { headers: 0, pageNumbers: 0, stamps: 0, repairs: 0 };
  const failures: string[] = [];
  const examples: string[] = [];
  for (const file of files) {
    const stats: IngestStats = {};
    let paras: ParagraphRecord[];
    try {
      paras = (await ingestFile(dir, file, stats)).paragraphs;
    } catch (err) {
      failures.push((err as Error).message);
      continue;
    }
    documents++;
    // Only .txt/.md sources have offsets into the decoded file; other formats skip the page-number check.
    const source = /\.(txt|md)$/i.test(file) ? decodeText(await readFile(path.join(dir, file)), file) : '';
    const lines = source.split('\n');
    const lineAt = lineIndex(source);
    paragraphs += paras.length;
    if (stats.reflowed) reflowed++;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += stats[key] ?? 0;
    paras.forEach((p, i) => {
      if (cutMidSentence(p, paras[i + 1])) {
        cut++;
        if (examples.length < 8) examples.push(`${file}#p${p.paragraph}: …${p.text.slice(-50)} ‖ ${paras[i + 1].text.slice(0, 40)}…`);
      }
      if (RUNNING_HEADER.test(p.text)) headersLeft++;
      if (LONE_NUMBER.test(p.text.trim())) loneNumbers++;
      if (source && isPageNumber(p, lines, lineAt)) pageNumbersLeft++;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const pct = (n: number): string => `${((100 * n) / Math.max(1, paragraphs)).toFixed(2)}%`;
  console.log(`folder            ${path.resolve(dir)}`);
  console.log(`documents         ${documents} (${reflowed} reflowed)${failures.length ? `, ${failures.length} unreadable` : ''}`);
  console.log(`paragraphs        ${paragraphs}`);
  console.log(`seconds           ${seconds.toFixed(1)}`);
  console.log(`cut mid-sentence  ${cut} (${pct(cut)}; target ≤ 1%)`);
  console.log(`furniture left    ${headersLeft} paragraphs with a running header, ${pageNumbersLeft} page numbers (target 0)`);
  console.log(`lone numbers      ${loneNumbers} paragraphs that are only a number (table cells, page numbers)`);
  console.log(`removed           ${totals.headers} running headers, ${totals.pageNumbers} page numbers, ${totals.stamps} signature stamps`);
  console.log(`syllable repairs  ${totals.repairs}`);
  for (const f of failures) console.log(`unreadable        ${f}`);
  for (const e of examples) console.log(`  cut: ${e}`);
}

await main();
