import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface HttpResponse {
  /** 0 when the request failed without an answer (connection error or time-out). */
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const IDLE_CONNECTION_TIMEOUT_MS = 4_000;

/**
 * JSON over HTTP/1.1 with keep-alive connections, at most `maxConnections` per host (more requests
 * wait in the agent's queue). Node's fetch has no per-client pool setting without the undici package.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly maxConnections: number,
    private readonly timeoutMs = 30_000,
  ) {
    // An idle connection is closed here before the services' HTTP server closes it (Node's keep-alive
    // timeout, 5 s): reusing one the server is closing at that moment failed the request (ECONNRESET),
    // which the bench counted as a network error and retried.
    this.agent = new Agent({ keepAlive: true, maxSockets: maxConnections, maxFreeSockets: maxConnections, timeout: IDLE_CONNECTION_TIMEOUT_MS });
  }

  /** Requests queued in the agent, waiting for a free connection. */
  get queued(): number {
    return Object.values(this.agent.requests).reduce((sum, queue) => sum + (queue?.length ?? 0), 0);
  }

  send(method: 'GET' | 'POST', url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResponse> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve) => {
      const outgoing = request(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...options.headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
      outgoing.end(payload);
    });
  }

  async getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T | undefined> {
    const response = await this.send('GET', url, { headers });
    if (response.status !== 200) return undefined;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
