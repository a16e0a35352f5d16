// Limits of the HTTP server itself, so that slow or idle clients cannot hold it: Node's defaults let
// a client take 60 s to send its headers and 5 minutes for a request, on any number of connections.
import type { Server } from 'node:http';

/** Limits of the HTTP server; every one has a default. */
export interface ServerLimits {
  /** Milliseconds a client has to send a request's headers (default 10,000). */
  headersTimeoutMs?: number;
  /** Milliseconds a client has to send a whole request (default 30,000). */
  requestTimeoutMs?: number;
  /** Milliseconds an idle keep-alive connection stays open (default 5,000). */
  keepAliveTimeoutMs?: number;
  /** Connections open at once; more are closed as they arrive (default 1,000). */
  maxConnections?: number;
  /** Requests one keep-alive connection may send before it is closed (default 1,000). */
  maxRequestsPerSocket?: number;
  /** Milliseconds a connection may go without reading or sending a byte before it is closed (default 30,000): a client that stops reading a large page cannot pin it in memory. */
  idleTimeoutMs?: number;
}

/** Applies `limits` (or their defaults) to a server; call as soon as it is created, before connections arrive. */
export function limitServer(server: Server, limits: ServerLimits = {}): Server {
  server.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  server.requestTimeout = limits.requestTimeoutMs ?? 30_000;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 5_000;
  server.maxConnections = limits.maxConnections ?? 1000;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket ?? 1000;
  // Without a 'timeout' listener, Node destroys a socket idle this long, response unsent or not.
  server.timeout = limits.idleTimeoutMs ?? 30_000;
  return server;
}
