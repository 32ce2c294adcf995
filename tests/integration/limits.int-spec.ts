import { Body, Controller, Get, HttpCode, Module, Post, type DynamicModule } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Public } from '@hotline/access';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { PlatformModule, ReplayOmits } from '@hotline/nest-platform';
import { createLogger } from '@hotline/observability';
import { startInProcess, testInfrastructure, testServiceEnv, type InProcessService } from '@hotline/testing';

// A route that counts how often it really ran, so a replay can be told from a second run.
let created = 0;

// Public: counted by the client's address; an authenticated client is counted by its principal.
@Public()
@Controller('v1/things')
class ThingsController {
  @Post()
  @HttpCode(201)
  create(@Body() body: { name?: string }) {
    created += 1;
    return { thingId: randomUUID(), name: body.name ?? null, run: created };
  }

  @Post('secrets')
  @HttpCode(201)
  @ReplayOmits('secret')
  createWithSecret() {
    created += 1;
    return { thingId: randomUUID(), secret: `whsec_${randomUUID()}` };
  }

  @Post('failing')
  fail(): never {
    created += 1;
    throw new Error('boom');
  }

  @Get(':thingId')
  get() {
    return { ok: true };
  }
}

function appWith(env: Record<string, string>): DynamicModule {
  const config = loadConfig(infrastructureEnvSchema, testServiceEnv({ REDIS_KEY_PREFIX: `test-${randomUUID()}`, ...env }));
  const logger = createLogger('audit', 'fatal');
  @Module({})
  class LimitsTestModule {}
  return {
    module: LimitsTestModule,
    imports: [PlatformModule.forService({ service: 'audit', schema: 'public', config, logger, entities: [], migrations: [], isPublisher: false })],
    controllers: [ThingsController],
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('limits in Redis: rate limits, body size, idempotency keys', () => {
  describe('with Redis up', () => {
    let service: InProcessService;
    beforeAll(async () => {
      service = await startInProcess({ service: 'audit', appModule: appWith({ RATE_LIMIT_PER_MINUTE: '20', RATE_LIMIT_ROUTES: '{"GET /v1/things/:thingId":3}', HTTP_BODY_LIMIT_BYTES: '2048' }) });
    });
    afterAll(() => service?.close());

    it('answers 429 RATE_LIMIT.EXCEEDED with Retry-After past the per-route limit, counting every path of a route together', async () => {
      const statuses: number[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 5; i += 1) {
        const response = await fetch(`${service.url}/v1/things/${randomUUID()}`);
        statuses.push(response.status);
        if (response.status === 429) refused = response;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused!.headers.get('ratelimit-limit')).toBe('3');
      expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
      expect(await refused!.json()).toMatchObject({ error: { code: 'RATE_LIMIT.EXCEEDED' } });
      // Another route has its own count, and health probes are never limited.
      expect((await post(`${service.url}/v1/things`, { name: 'other route' })).status).toBe(201);
      for (let i = 0; i < 8; i += 1) expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    });

    it('answers 413 REQUEST.TOO_LARGE for a body over HTTP_BODY_LIMIT_BYTES, and runs nothing', async () => {
      const before = created;
      const response = await post(`${service.url}/v1/things`, { name: 'x'.repeat(4096) });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'REQUEST.TOO_LARGE' } });
      expect(created).toBe(before);
    });

    it('replays a POST retried with the same Idempotency-Key, refuses the key with another body, and keeps nothing of a failure', async () => {
      const key = `idem-${randomUUID()}`;
      const first = await post(`${service.url}/v1/things`, { name: 'lamp' }, { 'idempotency-key': key });
      const firstBody = (await first.json()) as { thingId: string; run: number };
      expect(first.status).toBe(201);
      const retried = await post(`${service.url}/v1/things`, { name: 'lamp' }, { 'idempotency-key': key });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(await retried.json()).toEqual(firstBody);

      const mismatch = await post(`${service.url}/v1/things`, { name: 'bench' }, { 'idempotency-key': key });
      expect(mismatch.status).toBe(422);
      expect(await mismatch.json()).toMatchObject({ error: { code: 'IDEMPOTENCY.MISMATCH' } });

      const invalid = await post(`${service.url}/v1/things`, { name: 'lamp' }, { 'idempotency-key': 'with space' });
      expect(invalid.status).toBe(400);

      // A secret shown once is not kept for a replay: the retry gets the rest, and Redis never holds it.
      const secretKey = `idem-secret-${randomUUID()}`;
      const shown = (await (await post(`${service.url}/v1/things/secrets`, {}, { 'idempotency-key': secretKey })).json()) as { thingId: string; secret: string };
      expect(shown.secret).toMatch(/^whsec_/);
      const replayed = await post(`${service.url}/v1/things/secrets`, {}, { 'idempotency-key': secretKey });
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await replayed.json()).toEqual({ thingId: shown.thingId });

      const failingKey = `idem-fail-${randomUUID()}`;
      expect((await post(`${service.url}/v1/things/failing`, {}, { 'idempotency-key': failingKey })).status).toBe(500);
      const runs = created;
      expect((await post(`${service.url}/v1/things/failing`, {}, { 'idempotency-key': failingKey })).status).toBe(500);
      expect(created).toBe(runs + 1);
    });
  });

  describe('two replicas sharing one count in Redis, each leasing points', () => {
    // 300 a minute: leases of 3 points (1 % of the limit).
    const prefix = `test-${randomUUID()}`;
    const env = { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '300', RATE_LIMIT_LEASE_MAX: '50' };
    let replicas: InProcessService[] = [];
    let redis: Redis;
    beforeAll(async () => {
      replicas = [await startInProcess({ service: 'audit', appModule: appWith(env) }), await startInProcess({ service: 'audit', appModule: appWith(env) })];
      redis = new Redis(testInfrastructure.redisUrl);
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await redis?.quit();
    });

    it('counts a lease at a time in Redis, and together they never let more than the limit through', async () => {
      const sharedCount = async () => {
        const keys = await redis.keys(`${prefix}:audit:rl:300:*GET /v1/things/:thingId`);
        expect(keys).toHaveLength(1);
        return Number(await redis.get(keys[0]));
      };
      const first = await fetch(`${replicas[0].url}/v1/things/${randomUUID()}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-remaining')).toBe('299');
      expect(await sharedCount()).toBe(3);
      expect((await fetch(`${replicas[0].url}/v1/things/${randomUUID()}`)).headers.get('ratelimit-remaining')).toBe('298');
      expect(await sharedCount()).toBe(3);

      const statuses: number[] = [];
      for (let i = 0; i < 320; i += 1) statuses.push((await fetch(`${replicas[i % 2].url}/v1/things/${randomUUID()}`)).status);
      const allowed = 2 + statuses.filter((status) => status === 200).length;
      // Each replica may hold at most a lease less one that the other could have used.
      expect(allowed).toBeLessThanOrEqual(300);
      expect(allowed).toBeGreaterThanOrEqual(298);
      expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    });
  });

  // Nothing listens on port 1: the limits' Redis connection is refused, as when Redis is down.
  const redisDown = { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '1' };

  describe('with Redis down and RATE_LIMIT_FAIL_MODE=open', () => {
    let service: InProcessService;
    beforeAll(async () => {
      service = await startInProcess({ service: 'audit', appModule: appWith({ ...redisDown, RATE_LIMIT_FAIL_MODE: 'open' }) });
    });
    afterAll(() => service?.close());

    it('lets requests through without limits, and readiness says it is degraded', async () => {
      for (let i = 0; i < 3; i += 1) expect((await fetch(`${service.url}/v1/things/${randomUUID()}`)).status).toBe(200);
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ details: { redis: { status: 'up', degraded: true, failMode: 'open' } } });
    });
  });

  describe('with Redis down and RATE_LIMIT_FAIL_MODE=closed', () => {
    let service: InProcessService;
    beforeAll(async () => {
      service = await startInProcess({ service: 'audit', appModule: appWith({ ...redisDown, RATE_LIMIT_FAIL_MODE: 'closed' }) });
    });
    afterAll(() => service?.close());

    it('refuses requests with 503 RATE_LIMIT.UNAVAILABLE and Retry-After, and readiness fails', async () => {
      const response = await fetch(`${service.url}/v1/things/${randomUUID()}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ error: { code: 'RATE_LIMIT.UNAVAILABLE' } });
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ details: { redis: { status: 'down', failMode: 'closed' } } });
    });
  });
});
