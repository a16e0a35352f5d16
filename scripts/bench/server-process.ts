// `npm start`'s entry point run as a child process by the benchmarks, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Starts src/server.ts of checkout `root` with `env` added (INDEX_DIR or DATABASE_URL) and PORT 0; resolves with its port once it serves. */
export async function startServer(root: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Đang phục vụ .* tại http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the server ended (code ${code}) before serving:\n${out}`)));
  });
  child.stdout!.resume();
  return { child, port };
}
