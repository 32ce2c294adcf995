import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export interface Answer {
  /** 0 when no HTTP answer came back (connection reset, timeout, client-side refusal). */
  status: number;
  body: string;
  /** Why there was no answer. */
  failure?: string;
}

const agents = new Map<number, Agent>();
const agentFor = (port: number): Agent => {
  let agent = agents.get(port);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
    agents.set(port, agent);
  }
  return agent;
};

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

type HttpRequest = { port: number; method: string; target: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number };

/** One request with node:http, which sends a request target as it is (no URL normalisation). */
export async function sendHttp(options: HttpRequest): Promise<Answer> {
  const answer = await sendOnce(options);
  // A kept-alive socket the server closed as the request went out: the documented race of HTTP
  // keep-alive (nodejs.org/api/http.html#requestreusedsocket); the request never reached a handler.
  return answer.failure === 'reused socket reset' ? sendOnce(options) : answer;
}

function sendOnce(options: HttpRequest): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (!settled) resolve(answer);
      settled = true;
    };
    try {
      // Node frames a GET's body only with an explicit Content-Length (or chunked encoding).
      const isChunked = Object.keys(options.headers).some((name) => name.toLowerCase() === 'transfer-encoding');
      const headers = options.body && !isChunked ? { ...options.headers, 'content-length': String(options.body.length) } : options.headers;
      const outgoing = request(
        { host: '127.0.0.1', port: options.port, method: options.method, path: options.target, headers, agent: agentFor(options.port), timeout: options.timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => settle({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', (err) => settle({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), failure: err.message }));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
      outgoing.on('error', (err: NodeJS.ErrnoException) =>
        settle({ status: 0, body: '', failure: outgoing.reusedSocket && err.code === 'ECONNRESET' ? 'reused socket reset' : err.message }),
      );
      outgoing.end(options.body);
    } catch (err) {
      settle({ status: 0, body: '', failure: `not sent: ${(err as Error).message}` });
    }
  });
}

/** Bytes straight onto a socket, for requests node:http will not send (bad request lines, bad chunking). */
export function sendRaw(options: { port: number; bytes: Buffer; timeoutMs: number }): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(options.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let isDone = false;
    const finish = (failure?: string) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const separator = text.indexOf('\r\n\r\n');
      resolve({
        status: match ? Number(match[1]) : 0,
        body: separator >= 0 ? text.slice(separator + 4) : '',
        ...(match ? {} : { failure: failure ?? `no HTTP answer (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))})` }),
      });
    };
    const timer = setTimeout(() => finish(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    socket.on('connect', () => socket.write(options.bytes));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is all a raw request gets; stop once its body is complete.
      const text = Buffer.concat(chunks).toString('latin1');
      const separator = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, separator));
      if (separator >= 0 && length && text.length - separator - 4 >= Number(length[1])) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (err) => finish(err.message));
  });
}
