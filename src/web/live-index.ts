// The index a server answers from, swapped for a rebuilt one without a restart: `npm run index`
// into the served folder renames a new manifest.json in last, which this notices, loads in full
// beside the old index, and only then puts in place.
import { watch, type FSWatcher } from 'node:fs';
import { EntityIndex } from '../entities/entity-index.js';
import { IndexLoadError, loadEntities, loadIndex, readDataFiles, readManifest, type Manifest } from '../index/store.js';
import { SearchEngine } from '../search/engine.js';
import { SearchPool, type PoolOptions } from '../search/pool.js';

/** One loaded index: its engine and its entities, of the same build. */
export interface LoadedIndex {
  searcher: SearchEngine;
  entities: EntityIndex;
  manifest: Manifest;
  /** With LiveIndexOptions.pool: the worker threads that run its searches (`searcher` answers only the cheap questions). */
  pool?: SearchPool;
}

/**
 * Loads the index in `dir` with every data file checked against its checksum; throws IndexLoadError
 * naming the file that fails. The files are read without blocking the event loop; putting the
 * engine together does block it (about 1 s on the gazette). With `pool`, the files are read into
 * shared memory and a search pool is started over them; this resolves once its workers are ready.
 */
export async function loadServedIndex(dir: string, pool?: PoolOptions): Promise<LoadedIndex> {
  const manifest = readManifest(dir);
  const files = await readDataFiles(dir, manifest, { shared: pool !== undefined });
  const entities = new EntityIndex(loadEntities(dir, manifest, files));
  const store = loadIndex(dir, manifest, files);
  const searcher = new SearchEngine(store, { entities });
  if (!pool) return { searcher, entities, manifest };
  const served = new SearchPool({ dir, manifest, files, store, local: searcher, entities }, pool);
  try {
    await served.ready();
  } catch (e) {
    await served.close();
    throw e;
  }
  return { searcher, entities, manifest, pool: served };
}

/** Options of LiveIndex. */
export interface LiveIndexOptions {
  /** How long manifest.json must stay quiet before a reload starts, in ms; default 200. */
  settleMs?: number;
  /** Told of each swap and of each rebuilt index that could not be loaded; default console.log / console.error. */
  log?: (message: string) => void;
  logError?: (message: string) => void;
  /** Searches on a pool of worker threads with these settings (src/search/pool.ts); default none: the engine answers on the calling thread. */
  pool?: PoolOptions;
}

/**
 * The index currently served from a folder. `current` is replaced as a whole, in one assignment,
 * once the new index is fully loaded and checked: whoever read it keeps a complete index, old or
 * new. A rebuilt index that fails to load is reported and the old one goes on being served. Both
 * are in memory while the new one loads.
 */
export class LiveIndex {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly log: (message: string) => void;
  private readonly logError: (message: string) => void;

  private constructor(
    readonly dir: string,
    public current: LoadedIndex,
    private readonly options: LiveIndexOptions,
  ) {
    this.log = options.log ?? ((m) => console.log(m));
    this.logError = options.logError ?? ((m) => console.error(m));
  }

  /** Loads the index in `dir` (loadServedIndex: throws IndexLoadError when it cannot be served). */
  static async open(dir: string, options: LiveIndexOptions = {}): Promise<LiveIndex> {
    return new LiveIndex(dir, await loadServedIndex(dir, options.pool), options);
  }

  /** Starts watching the folder for a new manifest; returns this. */
  watch(): this {
    if (this.watcher) return this;
    // The folder, not the file: a rename over manifest.json replaces the file being watched.
    this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
      if (name !== null && name !== 'manifest.json') return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), this.options.settleMs ?? 200);
    });
    this.watcher.on('error', (e) => this.logError(`Đã ngừng theo dõi ${this.dir}, nên chỉ mục lập lại ở đó sẽ không được nạp: ${e.message}`));
    return this;
  }

  /** What requests are served by now: the search pool when there is one, else the engine. */
  get searcher(): SearchEngine | SearchPool {
    return this.current.pool ?? this.current.searcher;
  }

  /** Stops watching, and stops the search pool if there is one. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    await this.current.pool?.close();
  }

  /**
   * Loads the folder's index if its manifest names another build than the one served, and swaps it
   * in; resolves once done (or refused). Calls made meanwhile run once more after it.
   */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.load().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.running;
  }

  private async load(): Promise<void> {
    let next: LoadedIndex;
    try {
      if (readManifest(this.dir).build === this.current.manifest.build) return;
      next = await loadServedIndex(this.dir, this.options.pool);
    } catch (e) {
      const message = e instanceof IndexLoadError ? e.message : String(e);
      // A build that renamed its manifest in while this read the previous one's files: its own
      // change event follows, and loads it.
      this.logError(`Chỉ mục vừa lập lại trong ${this.dir} không nạp được; vẫn phục vụ bản ${this.current.manifest.build}. ${message}`);
      return;
    }
    const { documents, paragraphs } = next.searcher.stats();
    const old = this.current;
    this.current = next;
    // Requests that picked the old index before the swap are still answered by its pool.
    void old.pool?.close({ drain: true });
    this.log(`Đang phục vụ bản ${next.manifest.build} của ${this.dir}: ${documents} văn bản (${paragraphs} đoạn)`);
  }
}
