// Command line: `index` builds an index from a folder, `search` queries one from the terminal.
// Run through the package scripts: `npm run index -- …` and `npm run search -- …`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex, workerFailureNote, type BuildOptions } from './index/build.js';
import { MERGE_SHARE } from './index/delta-build.js';
import { IndexLoadError } from './index/store.js';
import { IndexLockedError } from './index/lock.js';
import { DEFAULT_MAX_BYTES, type ReadOptions } from './ingest/read.js';
import { parseFieldsOption, type FieldMapping } from './ingest/fields.js';
import { Progress } from './progress.js';
import { QueryError, type SearchHit } from './search/results.js';
import { formatDate, formatPlace } from './web/format.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

// The search engine and the web's parameter rules are loaded only by the commands that use them:
// they are a third of what `index` would load, and an incremental run is expected to take a second.
const searchSide = () => Promise.all([import('./search/engine.js'), import('./web/params.js'), import('./web/api-shape.js')]);

// The usage text (it quotes the web's page size bound).
const usage = async (): Promise<string> => {
  const { MAX_LIMIT } = await import('./web/params.js');
  return `Usage:
  npm run index -- [--input DIR] [--out DIR] [--strict] [--max-mb N] [--follow-links-outside] [--fields MAP] [--full]
      Index every supported file under DIR (default seeds/) into --out (default index/):
      .txt .md .html .htm .docx .pdf .jsonl. Files that cannot be read are listed with
      the reason and the others are indexed. Run again on the same --out, it reads only
      files added or changed since (into a delta segment, merged once it grows).
      --full      read every file and write the whole index again (default: incremental).
      --strict    exit with code 1 when any file could not be indexed.
      --max-mb N  skip (and list) files larger than N MB (default ${DEFAULT_MAX_BYTES / 1024 / 1024}).
      --follow-links-outside  follow symbolic links whose target lies outside DIR
                  (default: list them as outside the folder and skip them).
      --fields MAP  where .jsonl records keep each field, e.g. number=so_hieu,type=loai,date=nam
                  (default: their own names; a fields.json beside the .jsonl does the same).

  npm run search -- "QUERY" [--limit N] [--offset N] [--json] [--index DIR]
      Search the index in DIR (default index/). QUERY accepts words, "a phrase",
      -excluded words and the filters type:, year:, body:.
      --limit N  results to show, 1..${MAX_LIMIT} (default 10)
      --type T, --year YYYY, --body B, --from D, --to D, --undated, --sort newest|oldest
                 the filters and orders of the page and the API (dates as 2023, 2023-03
                 or 2023-03-15)
      --all      every paragraph as its own result (default: identical texts are one
                 result that says where else they occur)
      --json     print the same JSON as GET /api/search (every paragraph, as the API does
                 without collapse=1; with --all the same)

  Both take --help. Bad arguments exit with code 2.`;
};

/** A mistake in the command line; reported with the usage and exit code 2. */
class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>;

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Options; positionals: string[] } {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function wholeNumber(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

async function runIndex(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    input: { type: 'string' },
    out: { type: 'string' },
    strict: { type: 'boolean' },
    'max-mb': { type: 'string' },
    'follow-links-outside': { type: 'boolean' },
    fields: { type: 'string' },
    full: { type: 'boolean' },
  });
  if (values.help) return await help();
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; give folders with --input and --out`);
  const fields = fieldsOption(values.fields);
  const input = path.resolve(String(values.input ?? path.join(PROJECT, 'seeds')));
  const out = path.resolve(String(values.out ?? path.join(PROJECT, 'index')));
  const maxBytes = megabytes(values['max-mb']);
  const progress = new Progress(process.stderr);
  const options: BuildOptions & ReadOptions = { input, out, maxBytes, fields, followLinksOutside: values['follow-links-outside'] === true, incremental: values.full !== true, onFile: (info) => progress.update(info) };
  let report: Awaited<ReturnType<typeof buildIndex>>;
  try {
    report = await buildIndex(options);
  } finally {
    progress.finish();
  }
  const { documents, paragraphs } = report.manifest;
  if (report.unchanged) {
    console.log(`No file changed since the index in ${out} was built (${documents} documents, ${paragraphs} paragraphs); checked in ${Math.round(report.ms)} ms.`);
  } else {
    console.log(`Indexed ${documents} documents (${paragraphs} paragraphs) of ${report.files} files from ${input} into ${out} in ${Math.round(report.ms)} ms.`);
    if (report.segment === 'delta') console.log(`Read ${report.ingested} added or changed file(s) into a delta segment beside the main one; a later run merges them once they pass ${MERGE_SHARE * 100}% of the paragraphs.`);
  }
  if (report.workerFailure) console.error(workerFailureNote(report.workerFailure));
  const failures = report.problems.filter((p) => !p.note);
  // Readers name the file at the start of their messages; once is enough.
  const line = ({ file, reason }: { file: string; reason: string }): string => `  ${file}: ${reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason}`;
  if (failures.length) {
    console.log(`${failures.length} file(s) or record(s) could not be indexed:`);
    for (const p of failures) console.log(line(p));
  }
  const notes = report.problems.filter((p) => p.note);
  if (notes.length) {
    console.log('Lưu ý (các tệp này vẫn được lập chỉ mục):');
    for (const p of notes) console.log(line(p));
  }
  return values.strict && failures.length ? 1 : 0;
}

function fieldsOption(value: string | boolean | undefined): FieldMapping | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseFieldsOption(value);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function megabytes(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= 100_000)) throw new UsageError('--max-mb must be a number of megabytes above 0, e.g. 50 or 0.5');
  return Math.round(n * 1024 * 1024);
}

async function runSearch(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    limit: { type: 'string' },
    offset: { type: 'string' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    index: { type: 'string' },
    type: { type: 'string' },
    year: { type: 'string' },
    body: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    undated: { type: 'boolean' },
    sort: { type: 'string' },
  });
  if (values.help) return await help();
  const [{ SearchEngine }, { MAX_LIMIT, MAX_OFFSET, readFilters, readSort }, { toApiResponse }] = await searchSide();
  // The same filters and order as the page and the API, read by the same rules.
  const params = { type: values.type, year: values.year, body: values.body, from: values.from, to: values.to, undated: values.undated ? '1' : undefined, sort: values.sort };
  const filters = readFilters(params);
  const sort = readSort(params);
  const q = positionals.join(' ').trim();
  if (!q) throw new UsageError('give the words to search for, e.g. npm run search -- "giải ngân"');
  const limit = wholeNumber(values.limit, '--limit', 10, 1, MAX_LIMIT);
  const offset = wholeNumber(values.offset, '--offset', 0, 0, MAX_OFFSET);
  const engine = SearchEngine.load(path.resolve(String(values.index ?? path.join(PROJECT, 'index'))));
  const response = engine.search({ q, limit, offset, filters, sort, collapse: !values.all && !values.json });
  if (values.json) {
    console.log(JSON.stringify(toApiResponse(response), null, 2));
    return 0;
  }
  const style = process.stdout.isTTY && !process.env.NO_COLOR ? ANSI : PLAIN;
  const partial = response.totalPartial ? ` (+${response.totalPartial} khớp một phần)` : '';
  console.log(`Tìm thấy ${response.total} đoạn${partial} cho «${response.query}» — ${response.tookMs} ms`);
  if (response.undated) console.log(`Thêm ${response.undated} đoạn khớp trong văn bản không rõ ngày, không tính ở trên (--undated để xem).`);
  if (response.didYouMean) console.log(`Có phải bạn muốn tìm: ${response.didYouMean}`);
  response.hits.forEach((hit, i) => console.log('\n' + describeHit(hit, offset + i + 1, style)));
  return 0;
}

interface Style {
  open: string;
  close: string;
  dim: (s: string) => string;
}
// Bold + underline survives terminals without colour; «…» survives pipes and files.
const ANSI: Style = { open: '\x1b[1;4m', close: '\x1b[22;24m', dim: (s) => `\x1b[2m${s}\x1b[22m` };
const PLAIN: Style = { open: '«', close: '»', dim: (s) => s };

function describeHit(hit: SearchHit, rank: number, style: Style): string {
  const date = hit.meta.date ? ` — ${formatDate(hit.meta.date)}` : '';
  const flag = hit.partial ? '  [khớp một phần]' : '';
  return [
    `${rank}. ${hit.title}${date}`,
    `   § ${formatPlace(hit.heading, hit.paragraph)}${flag}`,
    `   ${snippetToText(hit.snippet, style)}`,
    style.dim(`   Trích dẫn: ${hit.citation}`),
    ...(hit.elsewhereTotal ? [style.dim(`   Đoạn y hệt còn ở ${hit.elsewhereTotal} chỗ khác: ${(hit.elsewhere ?? []).slice(0, 3).map((o) => `${o.doc} đoạn ${o.paragraph}`).join('; ')}${hit.elsewhereTotal > 3 ? '; …' : ''}`)] : []),
  ].join('\n');
}

// The snippet is escaped HTML whose only tags are <mark>; the terminal gets the text back with
// the marks restyled.
function snippetToText(html: string, style: Style): string {
  return html
    .replace(/<mark>/g, style.open)
    .replace(/<\/mark>/g, style.close)
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (e[0] !== '#') return named[e.toLowerCase()];
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    });
}

async function help(): Promise<number> {
  console.log(await usage());
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'index') return await runIndex(rest);
    if (command === 'search') return await runSearch(rest);
    if (command === '--help' || command === '-h' || command === 'help') return await help();
    throw new UsageError(command ? `unknown command "${command}"` : 'give a command: index or search');
  } catch (error) {
    if (error instanceof UsageError || error instanceof QueryError) {
      console.error(`${error.message}\n\n${await usage()}`);
      return 2;
    }
    // A missing or locked index or input folder is the user's to fix: the message, not a stack trace.
    if (error instanceof IndexLoadError || error instanceof IndexLockedError || (error instanceof Error && error.message.startsWith('cannot list '))) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
