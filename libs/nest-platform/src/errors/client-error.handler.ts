import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { httpStatusFor } from './app-error';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

function describe(error: NodeJS.ErrnoException): { code: string; message: string } {
  switch (error.code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'REQUEST.HEADERS_TOO_LARGE', message: 'The request line and headers are larger than this service accepts.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { code: 'REQUEST.TOO_LARGE', message: 'The chunk extensions are larger than this service accepts.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'REQUEST.TIMEOUT', message: 'The request did not arrive in time.' };
    default:
      return { code: 'REQUEST.MALFORMED_HTTP', message: `The request is not valid HTTP/1.1 (${error.code ?? 'unknown'}).` };
  }
}

/**
 * Answers what Node's HTTP parser refuses before Nest sees a request (headers over 16 KB, a broken
 * request line, bad chunking, a timeout) with our error envelope instead of Node's bare 400/431/408.
 * Node's own handler does the same checks: nothing is written once a response has started.
 */
export function answerClientErrorsWithEnvelope(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    const hasResponseStarted = socket._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || hasResponseStarted) {
      socket.destroy();
      return;
    }
    const { code, message } = describe(error);
    const status = httpStatusFor(code);
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
