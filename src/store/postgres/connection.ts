// Opening a connection to the store, with a message a person can act on when the server is not there.
import pg from 'pg';

/** Thrown when the database cannot be reached; the message names the address and what to do. */
export class StoreUnreachableError extends Error {
  override name = 'StoreUnreachableError';
}

// The address of a connection string without its password, to name in a message.
function address(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(chuỗi kết nối không đọc được)';
  }
}

/** A connected client of the database at `url`; throws StoreUnreachableError when it cannot connect. */
export async function connect(url: string): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url });
  } catch (e) {
    throw new StoreUnreachableError(`Chuỗi kết nối PostgreSQL không hợp lệ: ${(e as Error).message}`);
  }
  // A connection that breaks fails the statement in flight (or the next one) with the error; heard here
  // too, since an 'error' event nobody hears would end the process with a stack trace instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new StoreUnreachableError(`Không kết nối được tới PostgreSQL tại ${address(url)}: ${(e as Error).message}. Máy chủ đã chạy chưa? (npm run db:local khởi động một máy chủ trên máy này.)`);
  }
  return client;
}
