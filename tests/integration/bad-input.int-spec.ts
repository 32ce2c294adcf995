import { Body, Controller, HttpCode, Module, Post, Query, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Public } from '@hotline/access';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { PlatformModule } from '@hotline/nest-platform';
import { createLogger } from '@hotline/observability';
import { startInProcess, testServiceEnv, type InProcessService } from '@hotline/testing';

// Regressions of the fuzz run (tests/e2e/fuzz.e2e-spec.ts): each input below answered 500, or a
// bare 400/431 without our error envelope, before the platform refused it.
let runs = 0;

@Public()
@Controller('v1/notes')
class NotesController {
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Query() query: unknown) {
    runs += 1;
    return { body, query };
  }
}

function appModule(): DynamicModule {
  const config = loadConfig(infrastructureEnvSchema, testServiceEnv({ REDIS_KEY_PREFIX: `test-${randomUUID()}` }));
  @Module({})
  class BadInputTestModule {}
  return {
    module: BadInputTestModule,
    imports: [PlatformModule.forService({ service: 'audit', schema: 'public', config, logger: createLogger('audit', 'fatal'), entities: [], migrations: [], isPublisher: false })],
    controllers: [NotesController],
  };
}

/** Bytes straight onto a socket: the first answer's status line and body. */
function sendRaw(url: string, bytes: string): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // Node's own answers have no JSON body; the assertion shows what came instead.
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: parsed });
    });
  });
}

describe('bad input answers 4xx with an error code, before any handler runs', () => {
  let service: InProcessService;
  beforeAll(async () => {
    service = await startInProcess({ service: 'audit', appModule: appModule() });
  });
  afterAll(() => service?.close());

  const post = (body: string | Buffer, headers: Record<string, string> = {}, path = '/v1/notes') =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses a deeply nested body with 400 REQUEST.TOO_DEEP, also with an Idempotency-Key (whose fingerprint overflowed the stack: 500)', async () => {
    const before = runs;
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const headers of [{}, { 'idempotency-key': `deep-${randomUUID()}` }] as Record<string, string>[]) {
      const response = await post(deep, headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'REQUEST.TOO_DEEP' } });
    }
    expect((await post(JSON.stringify({ a: { b: { c: [1] } } }))).status).toBe(201);
    expect(runs).toBe(before + 1);
  });

  it('refuses NUL in the body or the URL and lone surrogates with 400 VALIDATION.FAILED naming the field (PostgreSQL refused them: 500)', async () => {
    const before = runs;
    const cases: [string, string, string][] = [
      ['{"reporter":{"name":"a\\u0000b"}}', '/v1/notes', 'reporter.name'],
      ['{"a\\u0000":1}', '/v1/notes', 'a\u0000'],
      ['{"title":"x\\udfffy"}', '/v1/notes', 'title'],
      ['{}', '/v1/notes?agencyId=%00', 'URL'],
    ];
    for (const [body, path, field] of cases) {
      const response = await post(body, {}, path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION.FAILED', details: { issues: [{ path: field }] } } });
    }
    expect((await post('{"title":"😀 \\u202e\\t"}')).status).toBe(201);
    expect(runs).toBe(before + 1);
  });

  it('refuses a body that does not inflate with 400 REQUEST.INVALID (it was 500), and a gzip bomb with 413', async () => {
    const corrupt = await post(Buffer.from([0x60, 0x8b, 0x1f, 0x8b]), { 'content-encoding': 'gzip' });
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
    const bomb = await post(gzipSync(Buffer.alloc(8_000_000)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(await bomb.json()).toMatchObject({ error: { code: 'REQUEST.TOO_LARGE' } });
  });

  it("answers what Node's HTTP parser refuses with the error envelope: headers over 16 KB 431, broken framing 400", async () => {
    const host = 'Host: 127.0.0.1\r\nConnection: close\r\n';
    expect(await sendRaw(service.url, `GET /health/live HTTP/1.1\r\n${host}X-Filler: ${'a'.repeat(20_000)}\r\n\r\n`)).toEqual({
      status: 431,
      body: { error: { code: 'REQUEST.HEADERS_TOO_LARGE', message: expect.any(String) } },
    });
    for (const bytes of [
      `GET /health/live HTTP/1.1 extra\r\n${host}\r\n`,
      `POST /v1/notes HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /v1/notes HTTP/1.1\r\n${host}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ]) {
      expect(await sendRaw(service.url, bytes)).toEqual({ status: 400, body: { error: { code: 'REQUEST.MALFORMED_HTTP', message: expect.any(String) } } });
    }
  });
});
