// Closed-loop HTTP load on the JSON API: N clients, each with one keep-alive connection, each sending
// its next query as soon as the previous answer is read, until a deadline or a request cap.
import http from 'node:http';

/** What to send, to where, for how long. */
export interface LoadOptions {
  /** Port on 127.0.0.1: the load never leaves the machine. */
  port: number;
  queries: readonly string[];
  clients: number;
  seconds: number;
  /** Hard cap on requests started, whatever the time left. */
  maxRequests: number;
  /** Page size asked for (`limit`). */
  limit: number;
  /** A request that takes longer counts as an error and its connection is dropped. */
  timeoutMs: number;
}

/** What the load run saw. */
export interface LoadResult {
  requests: number;
  ok: number;
  /** Failures by kind: `HTTP 400`, `ECONNRESET`, `timeout`… */
  errors: Map<string, number>;
  /** Wall time from the first request to the last answer. */
  seconds: number;
  /** Latencies of the 200 answers, sorted ascending; failures are counted, not timed. */
  latencies: number[];
  capped: boolean;
  /** CPU time this process (the load generator) used, user + system. */
  clientCpuSeconds: number;
}

type Outcome = { status: number } | { error: string };

function get(agent: http.Agent, port: number, path: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: timeoutMs }, (res) => {
      // The body is read to the end (the server did the work of writing it) but not kept.
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

/** Runs the load and returns counts and latencies; never throws for a failed request. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  let started = 0;
  let ok = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline && started < o.maxRequests) {
      const q = o.queries[started++ % o.queries.length];
      const t = performance.now();
      const outcome = await get(agent, o.port, `/api/search?q=${encodeURIComponent(q)}&limit=${o.limit}`, o.timeoutMs);
      if ('status' in outcome && outcome.status === 200) {
        latencies.push(performance.now() - t);
        ok++;
        continue;
      }
      const kind = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error;
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
      // A dead server refuses at once; the pause keeps that from spinning through the request cap.
      if ('error' in outcome) await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  const clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { requests: started, ok, errors, seconds, latencies: latencies.sort((a, b) => a - b), capped: started >= o.maxRequests, clientCpuSeconds };
}
