// PostgreSQL servers on this machine, under one data folder: a coordinator and N shards, each listening
// on a Unix socket only (no network, no port to collide with), started and stopped with pg_ctl.
// `npm run db:local` and the tests' throwaway servers both start them here.
import { execFile } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's postgresql-15 puts initdb, pg_ctl and postgres (not on PATH); PG_BIN overrides it. */
export const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin';

/** Thrown when the servers cannot be set up as asked (a folder, a program that fails); the message says what to do. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

/** Thrown when the PostgreSQL server programs are not installed; the message says how to install them. */
export class PostgresMissingError extends ClusterError {
  override name = 'PostgresMissingError';
}

/** The folder holding initdb and pg_ctl; throws PostgresMissingError when they are missing. */
export function postgresBin(): string {
  const bin = process.env.PG_BIN ?? DEFAULT_PG_BIN;
  if (!existsSync(path.join(bin, 'initdb')) || !existsSync(path.join(bin, 'pg_ctl'))) {
    throw new PostgresMissingError(
      `Không tìm thấy PostgreSQL 15 (${path.join(bin, 'initdb')}). Hãy cài đặt: apt-get install -y postgresql-15 ` +
        '(hoặc đặt PG_BIN là thư mục chứa initdb và pg_ctl).',
    );
  }
  return bin;
}

/** Options of startCluster(). */
export interface ClusterOptions {
  /** Data folder; each server gets a subfolder, the sockets a `run` subfolder and the servers' logs a `log` subfolder. */
  dir: string;
  /** Number of shard servers beside the coordinator; 0 runs the coordinator alone (default 0). */
  shards?: number;
  /** Port of the coordinator; shard k listens on port + k. Only names the socket file (default 55432). */
  port?: number;
  /**
   * Settings for servers that nobody keeps (tests): no fsync, no full-page writes. A crash of the machine
   * may then corrupt them, never a crash of a client (default false).
   */
  throwaway?: boolean;
  /**
   * Folder of an initdb'd cluster copied for each new server instead of running initdb each time (3-5 s
   * each); made on first use. Default `dir/template`.
   */
  template?: string;
}

/** A running set of servers, as startCluster() left it and cluster.json records it. */
export interface ClusterInfo {
  dir: string;
  port: number;
  shards: number;
  /** Folder of the Unix sockets. */
  socketDir: string;
  /** Connection string of the coordinator (the DATABASE_URL). */
  url: string;
  /** Connection strings of the shards, in order. */
  shardUrls: string[];
}

/** Default port of the coordinator. */
export const DEFAULT_PORT = 55432;
// A Unix socket's path must fit in sockaddr_un (107 bytes and a NUL).
const MAX_SOCKET_PATH = 107;

/** Connection string of the server listening at `socketDir` on `port`, as user postgres, database postgres. */
export function socketUrl(socketDir: string, port: number): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${port}`;
}

const asRoot = (): boolean => process.getuid?.() === 0;

// initdb and postgres refuse to run as root: there they run as the postgres user that Debian's package creates.
async function pg(bin: string, program: string, args: string[]): Promise<string> {
  const file = path.join(bin, program);
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new ClusterError(`Lệnh ${program} ${args.join(' ')} không thành công: ${(err.stderr || err.message).trim()}`);
  }
}

// Gives a folder (and what it holds) to the postgres user when running as root.
function ownFolder(folder: string): void {
  if (!asRoot()) return;
  const { uid, gid } = postgresUser();
  const walk = (p: string): void => {
    chownSync(p, uid, gid);
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(folder);
}

let postgresIds: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (!postgresIds) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    if (!line) throw new PostgresMissingError('Không có người dùng hệ thống postgres. Hãy cài đặt: apt-get install -y postgresql-15');
    const [, , uid, gid] = line.split(':');
    postgresIds = { uid: Number(uid), gid: Number(gid) };
  }
  return postgresIds;
}

// The folders above `folder` must let the postgres user through when it is not the one who made them.
function traversable(folder: string): void {
  if (!asRoot()) return;
  for (let p = path.dirname(folder); p !== path.dirname(p); p = path.dirname(p)) {
    const mode = statSync(p).mode;
    if (!(mode & 0o001)) throw new ClusterError(`Người dùng postgres không vào được thư mục ${p} (quyền ${(mode & 0o777).toString(8)}); hãy chọn thư mục dữ liệu ở nơi khác, ví dụ trong /tmp.`);
  }
}

// An initdb'd data folder to copy; made once, atomically (made aside, then renamed), so that tests running at once share it.
async function template(bin: string, folder: string): Promise<string> {
  if (existsSync(path.join(folder, 'PG_VERSION'))) return folder;
  mkdirSync(path.dirname(folder), { recursive: true });
  const aside = `${folder}.${process.pid}.${Date.now()}`;
  mkdirSync(aside, { mode: 0o700 });
  ownFolder(aside);
  await pg(bin, 'initdb', ['-D', aside, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  try {
    renameSync(aside, folder);
  } catch {
    // Another process made it meanwhile: use theirs.
    rmSync(aside, { recursive: true, force: true });
  }
  return folder;
}

// Server settings: Unix socket only, enough connections for a coordinator that opens one per shard per session.
function serverOptions(socketDir: string, port: number, throwaway: boolean): string {
  const base = `-p ${port} -k ${socketDir} -c listen_addresses='' -c max_connections=100 -c max_prepared_transactions=0`;
  return throwaway ? `${base} -c fsync=off -c full_page_writes=off -c synchronous_commit=off` : base;
}

const serverNames = (shards: number): string[] => ['coordinator', ...Array.from({ length: shards }, (_, k) => `shard-${k + 1}`)];
const infoFile = (dir: string): string => path.join(dir, 'cluster.json');

/** The cluster recorded in `dir`, or undefined when none was started there. */
export function readCluster(dir: string): ClusterInfo | undefined {
  try {
    return JSON.parse(readFileSync(infoFile(dir), 'utf8')) as ClusterInfo;
  } catch {
    return undefined;
  }
}

/**
 * Starts a coordinator and `shards` shard servers under `dir` (creating their data folders from the
 * template on first use, starting them again when they exist) and records them in `dir/cluster.json`.
 * The servers know nothing of each other yet: createSchema() ties them together.
 */
export async function startCluster(options: ClusterOptions): Promise<ClusterInfo> {
  const bin = postgresBin();
  const dir = path.resolve(options.dir);
  const shards = options.shards ?? 0;
  const port = options.port ?? DEFAULT_PORT;
  const before = readCluster(dir);
  if (before && before.shards !== shards) throw new ClusterError(`${dir} đang chứa các máy chủ với ${before.shards} phân mảnh (shard); hãy dừng chúng (npm run db:local -- --stop --data ${dir}) và chọn thư mục khác cho ${shards} phân mảnh.`);
  mkdirSync(dir, { recursive: true });
  traversable(dir);
  const socketDir = path.join(dir, 'run');
  if (Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port + shards}.lock`)) > MAX_SOCKET_PATH) {
    throw new ClusterError(`Đường dẫn thư mục socket ${socketDir} quá dài cho một Unix socket; hãy chọn thư mục dữ liệu có đường dẫn ngắn hơn.`);
  }
  const logDir = path.join(dir, 'log');
  for (const folder of [socketDir, logDir]) {
    mkdirSync(folder, { recursive: true });
    ownFolder(folder);
  }
  const names = serverNames(shards);
  for (const [k, name] of names.entries()) {
    const data = path.join(dir, name);
    if (!existsSync(path.join(data, 'PG_VERSION'))) {
      const from = await template(bin, options.template ?? path.join(dir, 'template'));
      cpSync(from, data, { recursive: true });
      ownFolder(data);
    }
    const status = await pg(bin, 'pg_ctl', ['-D', data, 'status']).catch(() => 'stopped');
    if (!status.includes('server is running')) {
      await pg(bin, 'pg_ctl', ['-D', data, '-l', path.join(logDir, `${name}.log`), '-w', '-o', serverOptions(socketDir, port + k, options.throwaway === true), 'start']);
    }
  }
  const info: ClusterInfo = {
    dir,
    port,
    shards,
    socketDir,
    url: socketUrl(socketDir, port),
    shardUrls: names.slice(1).map((_, k) => socketUrl(socketDir, port + k + 1)),
  };
  writeFileSync(infoFile(dir), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/**
 * Stops the servers of the cluster in `dir` (fast shutdown: open sessions are ended): every one, or
 * only shard `shard` (1-based; startCluster() starts it again); false when no cluster was recorded there.
 */
export async function stopCluster(dir: string, shard?: number): Promise<boolean> {
  const info = readCluster(path.resolve(dir));
  if (!info) return false;
  const bin = postgresBin();
  const names = serverNames(info.shards);
  for (const name of shard === undefined ? names : [names[shard]]) {
    const data = path.join(info.dir, name);
    if (!existsSync(path.join(data, 'postmaster.pid'))) continue;
    await pg(bin, 'pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
  }
  return true;
}
