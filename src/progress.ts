// Progress of an indexing run on stderr, in Vietnamese: a bar redrawn in place on a terminal wide
// enough for it, and plain lines at a steady pace anywhere else (a file, a pipe, CI logs, a terminal
// of no width), where \r would make a mess. Work is counted in bytes and documents (src/index/
// build-progress.ts), so one large JSONL moves the bar; the steps after the last file show
// themselves; the time left comes from a smoothed rate, so it settles instead of jumping.
import { BUILD_STEPS, type BuildProgress, type BuildStepName } from './index/build-progress.js';

/** Where progress is written: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

/** Pacing of the display; the defaults suit a person watching. */
export interface ProgressOptions {
  /** Clock in milliseconds; default performance.now. */
  now?: () => number;
  /** Steps after the last file (default BUILD_STEPS; a load into PostgreSQL has only the vocabulary's). */
  steps?: number;
  /** Plain lines: one at least this often while work goes on (default 2000 ms), and at each phase's end. */
  logEveryMs?: number;
  /** On a terminal: redraw at most this often (default 100 ms), so that thousands of small files cost no time. */
  redrawEveryMs?: number;
  /** On a terminal: redraw this often even when no news comes, so that the clock and the estimate move (default 500 ms; 0: never). */
  tickEveryMs?: number;
  /** The pace is the bytes done over this last stretch of time (default 3000 ms): longer is steadier, shorter sees a slowdown sooner. */
  paceWindowMs?: number;
  /** Half-life with which the time left moves towards what the pace says (default 2000 ms); between news it counts down with the clock. */
  settleHalfLifeMs?: number;
}

/** The figures of the reading phase a status line is made of. */
export interface ReadingState {
  filesDone: number;
  files: number;
  /** Bytes of the files read in this run, done and in all. */
  bytesDone: number;
  bytes: number;
  documents: number;
  paragraphs: number;
  problems: number;
  /** Bytes per second over the last few seconds; undefined until measured. */
  rate?: number;
  /** Estimated time left in ms; undefined while there is no estimate worth showing. */
  leftMs?: number;
}

/** The figures of the build phase: the steps ended, in the order they ended, and the time since it began. */
export interface BuildingState {
  ended: BuildStepName[];
  elapsedMs: number;
  /** Steps in all (default BUILD_STEPS.length). */
  steps?: number;
}

// Below this many columns the bar and its figures do not fit: plain lines instead.
const MIN_COLUMNS = 40;
// Bytes done are noted at most this often, to measure the pace over a window of time.
const SAMPLE_MS = 250;
// The pace is measured from the moment this share of the bytes is done (a folder's first small file
// or a large file's parsing says nothing of it), and the time left shown from this long after.
const MEASURE_FROM_SHARE = 0.01;
const ESTIMATE_AFTER_MS = 3000;
// No news of bytes for this long is a stall: the time left then holds rather than jump to hours.
const STALL_MS = 2000;

const count = (n: number): string => n.toLocaleString('en-US');
const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** What each build step makes, as the status line names it. */
export const STEP_NAMES: Record<BuildStepName, string> = { table: 'bảng đoạn văn', postings: 'chỉ mục từ', vocabulary: 'từ vựng', write: 'ghi ra đĩa' };

/** A duration as a clock shows it: '0:42', '12:05', '1:02:09'. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

const share = (s: ReadingState): number => (s.bytes ? Math.min(1, s.bytesDone / s.bytes) : s.files ? s.filesDone / s.files : 1);

const bar = (fraction: number, cells = 20): string => {
  const filled = Math.round(fraction * cells);
  return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
};

// The figures of a reading line, each with its rank: when the line is too long, the highest ranks go first.
function readingFigures(s: ReadingState): { text: string; rank: number }[] {
  const figures = [
    { text: `${megabytes(s.bytesDone)}/${megabytes(s.bytes)} MB`, rank: 1 },
    { text: `${count(s.filesDone)}/${count(s.files)} tệp`, rank: 3 },
    { text: `${count(s.documents)} văn bản`, rank: 4 },
    { text: `${count(s.paragraphs)} đoạn`, rank: 5 },
  ];
  if (s.rate !== undefined) figures.push({ text: `${megabytes(s.rate)} MB/s`, rank: 6 });
  if (s.leftMs !== undefined) figures.push({ text: `còn khoảng ${formatDuration(s.leftMs)}`, rank: 2 });
  if (s.problems) figures.push({ text: `${count(s.problems)} lỗi`, rank: 0 });
  return figures;
}

/** The terminal line while files are read: a bar, the share done, then as many figures as fit in `width` columns. */
export function readingBar(s: ReadingState, width = 80): string {
  const head = `${bar(share(s))} ${Math.floor(share(s) * 100)}%`;
  const figures = readingFigures(s);
  const line = () => [head, ...figures.map((f) => f.text)].join(' · ');
  while (line().length > width - 1 && figures.length) {
    const worst = figures.reduce((a, b) => (b.rank > a.rank ? b : a));
    figures.splice(figures.indexOf(worst), 1);
  }
  return line().slice(0, Math.max(0, width - 1));
}

/** The plain line while files are read: one full sentence a person can read later. */
export function readingLine(s: ReadingState): string {
  return `đã đọc ${Math.floor(share(s) * 100)}%: ${readingFigures(s).map((f) => f.text).join(', ')}`;
}

/** The terminal line after the last file: the build steps as a bar, those ended, and the time since they began. */
export function buildingBar(s: BuildingState, width = 80): string {
  const ended = s.ended.length ? ` · xong: ${s.ended.map((step) => STEP_NAMES[step]).join(', ')}` : '';
  const steps = s.steps ?? BUILD_STEPS.length;
  const line = `Đang dựng chỉ mục ${bar(s.ended.length / steps, steps * 2)} ${s.ended.length}/${steps} bước${ended} · ${formatDuration(s.elapsedMs)}`;
  return line.slice(0, Math.max(0, width - 1));
}

/** The plain line for a build step that ended. */
export function stepLine(s: BuildingState): string {
  return `dựng chỉ mục: xong ${STEP_NAMES[s.ended[s.ended.length - 1]]} (${s.ended.length}/${s.steps ?? BUILD_STEPS.length} bước, ${formatDuration(s.elapsedMs)})`;
}

/** Shows an indexing run's progress; feed it every event of buildIndex's onProgress, then call finish(). */
export class Progress {
  private readonly now: () => number;
  private readonly bar: boolean;
  private reading: ReadingState = { filesDone: 0, files: 0, bytesDone: 0, bytes: 0, documents: 0, paragraphs: 0, problems: 0 };
  // Files being read: the bytes, documents and paragraphs they have reported so far.
  private readonly partial = new Map<string, { bytes: number; documents: number; paragraphs: number }>();
  private done = { bytes: 0, documents: 0, paragraphs: 0 };
  private building?: { since: number; ended: BuildStepName[] };
  // Bytes done at moments of the last pace window (the first one older than the window included).
  private samples: { at: number; bytes: number }[] = [];
  private measuringSince?: number;
  private estimatedAt = 0;
  private progressAt = 0;
  private lastDrawAt = -Infinity;
  private lastLogAt: number;
  private drawn = false;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly out: ProgressStream,
    private readonly options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.lastLogAt = this.now();
    this.bar = !!out.isTTY && (out.columns ?? 0) >= MIN_COLUMNS;
    const tick = options.tickEveryMs ?? 500;
    if (this.bar && tick > 0) {
      this.timer = setInterval(() => this.show(false), tick);
      // The display must never keep the process alive.
      this.timer.unref?.();
    }
  }

  /** Takes one event of the build and redraws or logs when it is time to. */
  update(event: BuildProgress): void {
    const r = this.reading;
    if (event.kind === 'start') {
      r.files = event.files;
      r.bytes = event.bytes;
    } else if (event.kind === 'reading') {
      this.partial.set(event.file, { bytes: event.bytes, documents: event.documents, paragraphs: event.paragraphs });
    } else if (event.kind === 'file') {
      this.partial.delete(event.file);
      // Reused files cost no reading: they count as files, not as bytes read.
      if (!event.reused) this.done.bytes += event.bytes;
      this.done.documents += event.documents;
      this.done.paragraphs += event.paragraphs;
      r.filesDone = event.done;
      r.files = event.total;
      if (event.problem) r.problems++;
    } else {
      if (!this.building) this.beginBuilding();
      this.building!.ended.push(event.step);
      if (!this.bar) this.out.write(stepLine(this.buildingState()) + '\n');
      return this.show(true);
    }
    const sum = { ...this.done };
    for (const p of this.partial.values()) {
      sum.bytes += p.bytes;
      sum.documents += p.documents;
      sum.paragraphs += p.paragraphs;
    }
    r.bytesDone = sum.bytes;
    r.documents = sum.documents;
    r.paragraphs = sum.paragraphs;
    if (event.kind === 'file' && event.done === event.total) this.beginBuilding();
    else this.show(false);
  }

  /** Ends the display: on a terminal the last lines stay, and the cursor moves under them. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.bar || !this.drawn) return;
    this.draw(this.now());
    this.out.write('\n');
    this.drawn = false;
  }

  // The reading phase is over: its last figures stay on screen (or in the log), and the build steps follow.
  private beginBuilding(): void {
    if (this.building) return;
    const t = this.now();
    this.estimate(t);
    this.reading.bytesDone = this.reading.bytes;
    this.reading.leftMs = undefined;
    if (this.bar) {
      this.draw(t);
      this.out.write('\n');
    } else {
      this.out.write(readingLine(this.reading) + '\n');
      this.out.write('đang dựng chỉ mục…\n');
    }
    this.building = { since: t, ended: [] };
    this.show(true);
  }

  private buildingState(): BuildingState {
    const b = this.building!;
    return { ended: b.ended, elapsedMs: this.now() - b.since, ...(this.options.steps !== undefined ? { steps: this.options.steps } : {}) };
  }

  // Redraws on a terminal when due (or `now`), or logs a plain line when due.
  private show(now: boolean): void {
    const t = this.now();
    if (!this.building) this.estimate(t);
    if (this.bar) {
      if (now || t - this.lastDrawAt >= (this.options.redrawEveryMs ?? 100)) this.draw(t);
      return;
    }
    if (this.building || t - this.lastLogAt < (this.options.logEveryMs ?? 2000)) return;
    this.out.write(readingLine(this.reading) + '\n');
    this.lastLogAt = t;
  }

  // Updates the pace and the time left. The pace is measured over the last few seconds, so that a
  // slowdown shows within them; the time left counts down with the clock and moves towards what the
  // pace says with a half-life, so that it settles instead of jumping with each burst of news, and
  // holds through a stall. The clock starts once MEASURE_FROM_SHARE of the bytes are done: workers
  // starting and a first file being parsed say nothing of the pace.
  private estimate(t: number): void {
    const r = this.reading;
    if (this.measuringSince === undefined) {
      if (r.bytesDone < r.bytes * MEASURE_FROM_SHARE || r.bytesDone === 0) return;
      this.measuringSince = this.estimatedAt = this.progressAt = t;
      this.samples = [{ at: t, bytes: r.bytesDone }];
      return;
    }
    const last = this.samples[this.samples.length - 1];
    if (r.bytesDone > last.bytes) this.progressAt = t;
    if (t - last.at >= SAMPLE_MS) this.samples.push({ at: t, bytes: r.bytesDone });
    if (r.leftMs !== undefined && t - this.progressAt >= STALL_MS) {
      this.estimatedAt = t;
      return;
    }
    const window = this.options.paceWindowMs ?? 3000;
    while (this.samples.length > 2 && t - this.samples[1].at >= window) this.samples.shift();
    const base = this.samples[0];
    if (t - base.at >= SAMPLE_MS) r.rate = ((r.bytesDone - base.bytes) / (t - base.at)) * 1000;
    const left = r.bytes - r.bytesDone;
    if (left <= 0 || !r.rate || t - this.measuringSince < ESTIMATE_AFTER_MS) {
      r.leftMs = undefined;
      this.estimatedAt = t;
      return;
    }
    const said = (left / r.rate) * 1000;
    const dt = t - this.estimatedAt;
    const counted = r.leftMs === undefined ? said : Math.max(0, r.leftMs - dt);
    r.leftMs = counted + (1 - Math.pow(0.5, dt / (this.options.settleHalfLifeMs ?? 1000))) * (said - counted);
    this.estimatedAt = t;
  }

  private draw(t: number): void {
    const width = this.out.columns ?? 80;
    const line = this.building ? buildingBar(this.buildingState(), width) : readingBar(this.reading, width);
    // \x1b[K clears what a longer previous line left to the right.
    this.out.write(`\r${line}\x1b[K`);
    this.lastDrawAt = t;
    this.drawn = true;
  }
}
