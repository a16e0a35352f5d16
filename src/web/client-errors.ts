// Answers to the requests Node's HTTP parser refuses before Express ever sees them (a header too
// large, a malformed request, an Expect header it cannot meet). Node's own answers have empty bodies;
// an API client deserves the same JSON `{ "error": … }` as for every other refusal.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

// Node's parser error codes and the status it answers them with; anything else is a 400.
const STATUS_OF: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const MESSAGE: Record<number, [reason: string, error: string]> = {
  400: ['Bad Request', 'Yêu cầu HTTP không hợp lệ, máy chủ không đọc được.'],
  408: ['Request Timeout', 'Yêu cầu gửi đến quá chậm: máy chủ đã chờ quá lâu.'],
  413: ['Content Too Large', 'Phần mở rộng của khối dữ liệu (chunk extension) quá lớn.'],
  417: ['Expectation Failed', 'Máy chủ không đáp ứng được tiêu đề Expect của yêu cầu; hãy gửi lại mà không có tiêu đề đó.'],
  431: ['Request Header Fields Too Large', 'Phần tiêu đề (header) của yêu cầu quá lớn; hãy gửi lại với ít cookie hoặc tiêu đề hơn.'],
};

// The request target from the first line of what the client sent, when the packet still holds it.
function targetOf(packet: unknown): string | undefined {
  if (!Buffer.isBuffer(packet)) return undefined;
  return /^[A-Z]+ (\S+) HTTP\//.exec(packet.subarray(0, 8192).toString('latin1'))?.[1];
}

// The body and its type for `status`: JSON `{ "error" }` when `target` is under /api/, plain Vietnamese text otherwise.
function bodyOf(status: number, target: string | undefined): { type: string; body: string } {
  const [, error] = MESSAGE[status] ?? MESSAGE[400];
  return target?.startsWith('/api/') === true ? { type: 'application/json; charset=utf-8', body: JSON.stringify({ error }) } : { type: 'text/plain; charset=utf-8', body: `${error}\n` };
}

/** A whole HTTP/1.1 response for `status`, its body as bodyOf says, written straight to a socket Express never saw. */
export function clientErrorResponse(status: number, target: string | undefined): string {
  const [reason] = MESSAGE[status] ?? MESSAGE[400];
  const { type, body } = bodyOf(status, target);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Makes `server` answer the parser's refusals (431, 400, 408, 413) and unmet `Expect` headers (417)
 * with a body: JSON on /api/*, text elsewhere. Which path was asked is read from the packet Node hands
 * over with the error; when that no longer holds the request line (a header sent in many pieces),
 * the answer is text.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex) => {
    // As Node's default: nothing can be written once the client has gone or a response has begun.
    const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(STATUS_OF[err.code ?? ''] ?? 400, targetOf(err.rawPacket)));
  });
  // With a listener, Node hands over the request instead of answering an empty 417 itself.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const { type, body } = bodyOf(417, req.url);
    res.writeHead(417, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
    res.end(body);
  });
}
