// Failures of the PostgreSQL store that a reader can wait out (a server or a shard down, restarting or
// too slow) told apart from the rest, as the 503 the web layer answers with, naming the server.
import { OverloadError } from '../../search/async-searcher.js';

/** Seconds a client is told to wait before asking again when the store does not answer. */
export const STORE_RETRY_AFTER = 5;

interface PgLikeError {
  code?: string;
  message?: string;
}

// Errors of the connection itself rather than of a statement: another connection may well succeed.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i;

/** Whether a failure lost the connection (a retry on a new one may succeed) rather than failed a statement. */
export function lostConnection(error: unknown): boolean {
  const e = error as PgLikeError;
  return (e.code !== undefined && CONNECTION_CODES.has(e.code)) || CONNECTION_MESSAGES.test(e.message ?? '');
}

/** The 503 for a shard that does not answer, naming it. */
export function shardDown(name: string): OverloadError {
  return new OverloadError('store', STORE_RETRY_AFTER, `Phân đoạn dữ liệu ${name} không trả lời, nên không thể trả kết quả đầy đủ. Hãy thử lại sau ít giây; nếu lỗi còn, báo người quản trị khởi động lại ${name}.`);
}

/**
 * The OverloadError (503) for a failure the reader can wait out, or undefined for any other (a bug,
 * a broken schema: the caller rethrows it). A shard is named as postgres_fdw names its server
 * (shard_1, shard_2…), the coordinator as "máy chủ cơ sở dữ liệu".
 */
export function storeUnavailable(error: unknown): OverloadError | undefined {
  const e = error as PgLikeError;
  const message = e.message ?? '';
  const shard = /server "([^"]+)"/.exec(message)?.[1];
  // 08xxx: connection exceptions, including postgres_fdw's "could not connect to server "shard_1"".
  if (shard && (e.code?.startsWith('08') || /could not connect|connection/i.test(message))) return shardDown(shard);
  if (e.code === '57014') {
    return new OverloadError('store', STORE_RETRY_AFTER, 'Kho dữ liệu trả lời quá chậm (một máy chủ hoặc phân đoạn có thể đang quá tải), nên yêu cầu đã bị dừng. Hãy thử lại sau ít giây.');
  }
  if (lostConnection(error) || e.code?.startsWith('08')) {
    return new OverloadError('store', STORE_RETRY_AFTER, 'Không kết nối được tới máy chủ cơ sở dữ liệu. Hãy thử lại sau ít giây; nếu lỗi còn, báo người quản trị.');
  }
  return undefined;
}
