// Command line: `index` builds an index from a folder, `search` queries one from the terminal.
// Run through the package scripts: `npm run index -- …` and `npm run search -- …`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex, workerFailureNote, type BuildOptions } from './index/build.js';
import { MERGE_SHARE } from './index/delta-build.js';
import { IndexLoadError } from './index/store.js';
import { IndexLockedError } from './index/lock.js';
import { ensureIndex } from './index/ensure-index.js';
import { DEFAULT_MAX_BYTES, FolderError, type ReadOptions } from './ingest/read.js';
import { parseFieldsOption, type FieldMapping } from './ingest/fields.js';
import { Progress } from './progress.js';
import { parseArgsMessage } from './util/args-message.js';
import type { IngestProblem } from './ingest/records.js';
import { loadCollection, StoreLockedError, type LoadReport } from './store/postgres/load-collection.js';
import { SchemaError } from './store/postgres/schema.js';
import { StoreUnreachableError } from './store/postgres/connection.js';
import { QueryError, type SearchHit, type SearchRequest, type SearchResponse } from './search/results.js';
import type { SearchEngine as SearchEngineType } from './search/engine.js';
import { formatDate, formatPlace } from './web/format.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

// The search engine and the web's parameter rules are loaded only by the commands that use them:
// they are a third of what `index` would load, and an incremental run is expected to take a second.
const searchSide = () => Promise.all([import('./search/engine.js'), import('./web/params.js'), import('./web/api-shape.js')]);

// The usage text (it quotes the web's bounds of a page).
const usage = async (): Promise<string> => {
  const { MAX_LIMIT, MAX_OFFSET } = await import('./web/params.js');
  return `Cách dùng:
  npm run index -- [--input THƯ_MỤC] [--out THƯ_MỤC | --db URL [--shards URL,URL]] [--strict] [--max-mb N] [--follow-links-outside] [--fields ÁNH_XẠ]
      Lập chỉ mục mọi tệp được hỗ trợ trong thư mục --input (mặc định seeds/) vào --out
      (mặc định index/): .txt .md .html .htm .docx .pdf .jsonl. Tệp không đọc được được
      liệt kê kèm lý do; các tệp khác vẫn được lập chỉ mục. Chạy lại trên cùng --out thì chỉ
      đọc các tệp mới thêm hoặc đã đổi (vào một phân đoạn bổ sung, gộp lại khi nó lớn dần).
      --full      đọc lại mọi tệp và ghi lại toàn bộ chỉ mục (mặc định: chỉ phần thay đổi).
      --db URL    nạp vào cơ sở dữ liệu PostgreSQL thay vì thư mục (postgres://…, ví dụ
                  DATABASE_URL mà npm run db:local in ra); lần chạy sau chỉ đọc lại tệp đã đổi.
      --shards URL,URL  cùng --db, trên cơ sở dữ liệu còn trống: giữ các đoạn văn trên các máy
                  chủ phân mảnh này, mỗi máy một phân vùng postgres_fdw (mặc định: trên máy --db).
      --strict    thoát với mã 1 khi có tệp không lập chỉ mục được.
      --max-mb N  bỏ qua (và liệt kê) tệp lớn hơn N MB (mặc định ${DEFAULT_MAX_BYTES / 1024 / 1024}).
      --follow-links-outside  theo cả liên kết tượng trưng trỏ ra ngoài thư mục --input
                  (mặc định: liệt kê là nằm ngoài thư mục và bỏ qua).
      --fields ÁNH_XẠ  bản ghi .jsonl giữ mỗi trường ở đâu, ví dụ number=so_hieu,type=loai,date=nam
                  (mặc định: tên của chính các trường; tệp fields.json cạnh tệp .jsonl cũng vậy).

  npm run search -- "TRUY VẤN" [--limit N] [--offset N] [--all] [--json] [--index THƯ_MỤC | --db URL]
      Tìm trong chỉ mục ở THƯ_MỤC (mặc định index/). Thư mục chưa có gì thì các báo cáo
      mẫu (seeds/) được lập chỉ mục vào đó trước, như npm start. TRUY VẤN nhận từ,
      "cụm từ", -từ_loại_trừ và các bộ lọc loai:, nam:, coquan: (type:, year:, body:);
      truy vấn bắt đầu bằng '-' vẫn là truy vấn: npm run search -- "-covid giải ngân".
      --db URL    tìm trong bộ văn bản đã nạp vào PostgreSQL (npm run index -- --db URL) thay vì
                  thư mục chỉ mục; cùng bộ máy tìm kiếm, cùng kết quả.
      --limit N   số kết quả hiển thị, 1..${MAX_LIMIT} (mặc định 10)
      --offset N  bỏ qua N kết quả đầu, 0..${MAX_OFFSET} (mặc định 0)
      --type T, --year YYYY, --body B, --from D, --to D, --undated, --sort newest|oldest
                  bộ lọc và thứ tự như trên trang web và trong API (ngày dạng 2023, 2023-03
                  hoặc 2023-03-15)
      --all       mỗi đoạn là một kết quả (mặc định: các đoạn giống hệt nhau là một kết quả,
                  kèm nơi khác có đoạn đó)
      --json      in đúng JSON của GET /api/search (mọi đoạn, như API khi không có collapse=1)

  Cả hai lệnh nhận --help (-h). Tham số sai thì thoát với mã 2.`;
};

/** A mistake in the command line; reported with the usage and exit code 2. */
class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>;
type OptionTypes = Record<string, { type: 'string' | 'boolean' }>;

/**
 * Splits the arguments into options and the words of a query. A query word may start with '-'
 * (`-covid`, the query syntax's exclusion), which parseArgs would read as the short options -c -o -v…:
 * so an argument of one '-' is a word (-h aside), an argument of two is an option, `--` ends the
 * options as usual, and a string option takes the next argument as its value whatever it starts with.
 */
function splitArguments(args: readonly string[], options: OptionTypes): { flags: string[]; words: string[] } {
  const flags: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') flags.push('--help');
    else if (!arg.startsWith('--')) words.push(arg);
    else if (options[arg.slice(2)]?.type === 'string' && i + 1 < args.length) flags.push(`${arg}=${args[++i]}`);
    else flags.push(arg);
  }
  return { flags, words };
}

function parse(args: string[], options: OptionTypes): { values: Options; positionals: string[] } {
  const all = { ...options, help: { type: 'boolean' as const } };
  const { flags, words } = splitArguments(args, all);
  try {
    return { values: parseArgs({ args: flags, options: all, strict: true }).values, positionals: words };
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
}

function wholeNumber(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${name} phải là số nguyên từ ${min} đến ${max}`);
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
    db: { type: 'string' },
    shards: { type: 'string' },
  });
  if (values.help) return await help();
  if (positionals.length) throw new UsageError(`không hiểu tham số "${positionals[0]}"; hãy chỉ thư mục bằng --input và --out`);
  const fields = fieldsOption(values.fields);
  const input = path.resolve(String(values.input ?? path.join(PROJECT, 'seeds')));
  if (values.db !== undefined) {
    if (values.out !== undefined) throw new UsageError('chỉ dùng một trong hai: --out THƯ_MỤC hoặc --db URL');
    return loadIntoDatabase(values, input, fields);
  }
  if (values.shards !== undefined) throw new UsageError('--shards chỉ dùng cùng --db');
  const out = path.resolve(String(values.out ?? path.join(PROJECT, 'index')));
  const maxBytes = megabytes(values['max-mb']);
  const progress = new Progress(process.stderr);
  const options: BuildOptions & ReadOptions = { input, out, maxBytes, fields, followLinksOutside: values['follow-links-outside'] === true, incremental: values.full !== true, onProgress: (event) => progress.update(event) };
  let report: Awaited<ReturnType<typeof buildIndex>>;
  try {
    report = await buildIndex(options);
  } finally {
    progress.finish();
  }
  const { documents, paragraphs } = report.manifest;
  if (report.unchanged) {
    console.log(`Không tệp nào thay đổi từ khi chỉ mục trong ${out} được lập (${documents} văn bản, ${paragraphs} đoạn); đã kiểm tra trong ${Math.round(report.ms)} ms.`);
  } else {
    console.log(`Đã lập chỉ mục ${documents} văn bản (${paragraphs} đoạn) từ ${report.files} tệp của ${input} vào ${out} trong ${Math.round(report.ms)} ms.`);
    if (report.segment === 'delta') console.log(`Đã đọc ${report.ingested} tệp mới thêm hoặc đã đổi vào một phân đoạn bổ sung bên cạnh phân đoạn chính; một lần chạy sau sẽ gộp chúng khi chúng vượt ${MERGE_SHARE * 100}% số đoạn.`);
  }
  if (report.workerFailure) console.error(workerFailureNote(report.workerFailure));
  return reportProblems(report.problems, values.strict === true);
}

// Lists the files that could not be indexed and the notes; the exit code (1 for failures under --strict).
function reportProblems(problems: IngestProblem[], strict: boolean): number {
  const failures = problems.filter((p) => !p.note);
  // Readers name the file at the start of their messages; once is enough.
  const line = ({ file, reason }: { file: string; reason: string }): string => `  ${file}: ${reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason}`;
  if (failures.length) {
    console.log(`${failures.length} tệp hoặc bản ghi không lập chỉ mục được:`);
    for (const p of failures) console.log(line(p));
  }
  const notes = problems.filter((p) => p.note);
  if (notes.length) {
    console.log('Lưu ý (các tệp này vẫn được lập chỉ mục):');
    for (const p of notes) console.log(line(p));
  }
  return strict && failures.length ? 1 : 0;
}

// `npm run index -- --db URL`: the PostgreSQL store (src/store/postgres/).
async function loadIntoDatabase(values: Options, input: string, fields: FieldMapping | undefined): Promise<number> {
  const db = String(values.db);
  if (!/^postgres(ql)?:\/\//.test(db)) throw new UsageError('--db cần một chuỗi kết nối PostgreSQL, ví dụ postgres://user@host/db');
  const shards = typeof values.shards === 'string' ? values.shards.split(',').filter(Boolean) : undefined;
  // After the files, a load has one step: folding the vocabulary (vocabulary-changes.ts).
  const progress = new Progress(process.stderr, { steps: 1 });
  let report: LoadReport;
  try {
    report = await loadCollection({ input, db, shards, fields, maxBytes: megabytes(values['max-mb']), followLinksOutside: values['follow-links-outside'] === true, onFile: (info) => progress.update(info) });
  } finally {
    progress.finish();
  }
  console.log(
    `Đã nạp ${report.files} tệp của ${input}: ghi ${report.written} văn bản, xóa ${report.removed}, ${report.reused} tệp không đổi; ` +
      `cơ sở dữ liệu có ${report.documents} văn bản (${report.paragraphs} đoạn). ${Math.round(report.ms)} ms.`,
  );
  return reportProblems(report.problems, values.strict === true);
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
  if (!(n > 0 && n <= 100_000)) throw new UsageError('--max-mb phải là số megabyte lớn hơn 0, ví dụ 50 hoặc 0.5');
  return Math.round(n * 1024 * 1024);
}

async function runSearch(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    limit: { type: 'string' },
    offset: { type: 'string' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    index: { type: 'string' },
    db: { type: 'string' },
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
  if (!q) throw new UsageError('hãy cho các từ cần tìm, ví dụ npm run search -- "giải ngân"');
  const limit = wholeNumber(values.limit, '--limit', 10, 1, MAX_LIMIT);
  const offset = wholeNumber(values.offset, '--offset', 0, 0, MAX_OFFSET);
  const request = { q, limit, offset, filters, sort, collapse: !values.all && !values.json };
  const response = values.db !== undefined ? await searchDatabase(String(values.db), request) : await searchIndex(values.index, request, SearchEngine);
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

// A search of the index in `index` (default index/), built from the seed reports first when the folder
// holds none, as npm start does. Everything about the build goes to stderr, so that --json stays one
// JSON document on stdout.
async function searchIndex(index: string | boolean | undefined, request: SearchRequest, engines: typeof SearchEngineType): Promise<SearchResponse> {
  const indexDir = path.resolve(String(index ?? path.join(PROJECT, 'index')));
  const progress = new Progress(process.stderr);
  try {
    await ensureIndex(indexDir, { seeds: path.join(PROJECT, 'seeds'), log: (line) => console.error(line), onProgress: (event) => progress.update(event) });
  } finally {
    progress.finish();
  }
  return engines.load(indexDir).search(request);
}

// A search of the collection in the PostgreSQL database at `url` (npm run index -- --db), by the same engine.
async function searchDatabase(url: string, request: SearchRequest): Promise<SearchResponse> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--db cần một chuỗi kết nối PostgreSQL, ví dụ postgres://user@host/db');
  const { PgSearcher } = await import('./store/postgres/pg-searcher.js');
  // One search: on this thread, without starting search threads.
  const searcher = await PgSearcher.open({ url, threads: 0 });
  try {
    return await searcher.search(request);
  } finally {
    await searcher.close();
  }
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
    throw new UsageError(command ? `không có lệnh "${command}"` : 'hãy cho một lệnh: index hoặc search');
  } catch (error) {
    if (error instanceof UsageError || error instanceof QueryError) {
      console.error(`${error.message}\n\n${await usage()}`);
      return 2;
    }
    // A missing or locked index or input folder is the user's to fix: the message, not a stack trace.
    if (error instanceof IndexLoadError || error instanceof IndexLockedError || error instanceof StoreLockedError || error instanceof SchemaError || error instanceof StoreUnreachableError || error instanceof FolderError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
