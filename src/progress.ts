// Progress of an indexing run on stderr: a bar redrawn in place on a terminal, and plain log lines at a
// steady pace when stderr is a file or a pipe (CI logs, `2> log`), where \r would make a mess.

/** What buildIndex reports after each file (its `onFile` argument). */
export interface FileProgress {
  file: string;
  done: number;
  total: number;
  bytes: number;
  paragraphs: number;
  problem?: { file: string; reason: string };
}

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
  /** Without a terminal: a log line at least this often while files keep coming (default 2000 ms)… */
  logEveryMs?: number;
  /** …or after this many files since the last line, whichever comes first (default 500). */
  logEveryFiles?: number;
  /** On a terminal: redraw at most this often (default 100 ms), so that thousands of small files cost no time. */
  redrawEveryMs?: number;
}

/** The counts a status line is made of. */
export interface ProgressState {
  done: number;
  total: number;
  bytes: number;
  paragraphs: number;
  problems: number;
  elapsedMs: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

const BUILDING = 'building the index…';

/** A duration as a clock shows it: '0:42', '12:05', '1:02:09'. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** The parts every status line shares: paragraphs, throughput, time left (once a file is done), bad files. */
function figures(s: ProgressState): string[] {
  const seconds = s.elapsedMs / 1000;
  const parts = [`${count(s.paragraphs)} paragraphs`, `${(seconds > 0 ? s.bytes / (1024 * 1024) / seconds : 0).toFixed(1)} MB/s`];
  // Time left from the pace in files; the sizes of the files still to come are not known.
  if (s.done > 0 && s.done < s.total) parts.push(`${formatDuration((s.elapsedMs / s.done) * (s.total - s.done))} left`);
  if (s.problems) parts.push(`${count(s.problems)} bad`);
  return parts;
}

/** The terminal line: a bar, then files done/total and the figures, cut to `width` columns. */
export function barLine(s: ProgressState, width = 80): string {
  const cells = 20;
  const filled = s.total ? Math.round((s.done / s.total) * cells) : cells;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
  const line = [`${bar} ${count(s.done)}/${count(s.total)} files`, ...figures(s)].join(' · ');
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + '…' : line;
}

/** The log line for a pipe or a file: one full sentence a person can read later. */
export function logLine(s: ProgressState): string {
  const pct = s.total ? Math.floor((s.done / s.total) * 100) : 100;
  return `indexed ${count(s.done)}/${count(s.total)} files (${pct}%), ${figures(s).join(', ')}`;
}

/** Shows an indexing run's progress; feed it every onFile report, then call finish(). */
export class Progress {
  private readonly now: () => number;
  private readonly start: number;
  private state: ProgressState = { done: 0, total: 0, bytes: 0, paragraphs: 0, problems: 0, elapsedMs: 0 };
  private lastDrawAt = -Infinity;
  private lastLogAt: number;
  private lastLoggedDone = 0;
  private drawn = false;

  constructor(
    private readonly out: ProgressStream,
    private readonly options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.lastLogAt = this.start;
  }

  /** Counts one more file and redraws or logs when it is time to. */
  update(info: FileProgress): void {
    const t = this.now();
    const s = this.state;
    this.state = {
      done: info.done,
      total: info.total,
      bytes: s.bytes + info.bytes,
      paragraphs: s.paragraphs + info.paragraphs,
      problems: s.problems + (info.problem ? 1 : 0),
      elapsedMs: t - this.start,
    };
    const last = info.done === info.total;
    if (this.out.isTTY) {
      if (t - this.lastDrawAt >= (this.options.redrawEveryMs ?? 100) || last) this.draw(t);
      // Writing the index takes a while after the last file; say so rather than look stuck.
      if (last) this.out.write(`\n${BUILDING}`);
      return;
    }
    const due = t - this.lastLogAt >= (this.options.logEveryMs ?? 2000) || info.done - this.lastLoggedDone >= (this.options.logEveryFiles ?? 500);
    if (due || last) {
      this.out.write(logLine(this.state) + '\n');
      this.lastLogAt = t;
      this.lastLoggedDone = info.done;
    }
    if (last) this.out.write(`${BUILDING}\n`);
  }

  /** Ends the display: on a terminal the final bar stays and the note under it goes. */
  finish(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[K');
  }

  private draw(t: number): void {
    this.state.elapsedMs = t - this.start;
    // \x1b[K clears what a longer previous line left to the right.
    this.out.write(`\r${barLine(this.state, this.out.columns ?? 80)}\x1b[K`);
    this.lastDrawAt = t;
    this.drawn = true;
  }
}
