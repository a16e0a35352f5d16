import { SearchTimeoutError } from './results.js';

/** The deadline of the search under way, checked cooperatively by every loop that grows with the corpus. */
export class Deadline {
  /** Clock time past which the current search stops (Infinity when the request set none). */
  private at = Infinity;
  private ticks = 0;

  constructor(
    /** The clock deadlines are read against (default Date.now). */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts a search due at `at` (undefined: none); one that waited past its deadline in a queue is not started at all. */
  start(at: number | undefined): void {
    this.at = at ?? Infinity;
    if (this.clock() > this.at) {
      this.at = Infinity;
      throw new SearchTimeoutError();
    }
  }

  /** Ends the search under way. */
  end(): void {
    this.at = Infinity;
  }

  /** Throws SearchTimeoutError past the deadline; reads the clock once in 256 calls, since it runs per candidate. */
  check(): void {
    if ((++this.ticks & 255) === 0 && this.clock() > this.at) throw new SearchTimeoutError();
  }
}
