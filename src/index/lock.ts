// One indexer per index folder: two builds writing the same --out at once would each remove the
// other's files as stale, and the last manifest could name files the other had deleted.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Name of the lock file inside an index folder; it holds the pid of the indexer writing there. */
export const LOCK_FILE = '.index.lock';

/** Thrown when another live process holds the folder's lock; the message says who and what to do. */
export class IndexLockedError extends Error {
  override name = 'IndexLockedError';
}

// Whether a process with this pid runs (EPERM: it runs, as another user).
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pidIn = (file: string): number => {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return NaN;
  }
};

/**
 * Takes the lock of index folder `dir` (which must exist) for this process and returns its release.
 * The lock file appears with the pid already in it (written aside, then hard-linked, which fails if
 * the name exists), so a reader never sees it empty. A lock whose pid no longer runs (an indexer
 * killed with -9) is stale and taken over; throws IndexLockedError when a live process holds it.
 */
export function lockIndexFolder(dir: string): () => void {
  const lock = join(dir, LOCK_FILE);
  const mine = `${lock}.${process.pid}.tmp`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
      }
      const holder = pidIn(lock);
      if (Number.isInteger(holder) && alive(holder)) {
        const who = holder === process.pid ? 'Một lần lập chỉ mục khác trong tiến trình này' : `Một tiến trình lập chỉ mục khác (pid ${holder})`;
        throw new IndexLockedError(
          `${who} đang ghi chỉ mục trong ${resolve(dir)}. Hãy đợi nó xong rồi chạy lại; nếu không có tiến trình lập chỉ mục nào đang chạy, hãy xóa ${lock}.`,
        );
      }
      // Stale: moved aside under a name of our own first, so that of two processes finding the same
      // stale lock only one removes it, and neither removes a lock the other has just taken.
      const aside = `${lock}.${process.pid}.stale`;
      try {
        renameSync(lock, aside);
      } catch {
        continue;
      }
      const moved = pidIn(aside);
      if (moved !== holder && Number.isInteger(moved) && alive(moved)) {
        // Someone took the lock between our read and the rename: give it back.
        try {
          linkSync(aside, lock);
        } catch {
          // Taken yet again meanwhile: the link attempt above reports the new holder.
        }
      }
      rmSync(aside, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    // Only our own lock is removed: one taken over after we were presumed dead stays.
    if (pidIn(lock) === process.pid) rmSync(lock, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return release;
}
