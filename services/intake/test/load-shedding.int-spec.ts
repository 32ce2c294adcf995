import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createLogger } from '@hotline/observability';
import { aCaseRequest, connectDatabase, expectEventually, startInProcess, testServiceEnv, type InProcessService, testFetch } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import type { AdmissionQueue } from '../src/load-shedding/admission-queue';
import { ADMISSION_QUEUE } from '../src/load-shedding/admission.interceptor';

describe('intake: load shedding beyond INTAKE_MAX_IN_FLIGHT and INTAKE_MAX_QUEUED', () => {
  let intake: InProcessService;
  let db: Client;
  let blocker: Client;
  // The service's own queue: the test waits on its counts, so a busy machine cannot reorder the requests.
  let queue: AdmissionQueue;

  beforeAll(async () => {
    const config = loadIntakeConfig(testServiceEnv({ INTAKE_MAX_IN_FLIGHT: '1', INTAKE_MAX_QUEUED: '1', INTAKE_MAX_QUEUE_WAIT_MS: '400', INTAKE_OVERLOAD_RETRY_AFTER_S: '2' }));
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(config, createLogger('intake', 'warn')) });
    queue = intake.app.get<AdmissionQueue>(ADMISSION_QUEUE);
    db = await connectDatabase();
    blocker = await connectDatabase();
  });

  afterAll(async () => {
    await intake?.close();
    await db?.end();
    await blocker?.end();
  });

  const post = (body: unknown, idempotencyKey: string) =>
    testFetch(`${intake.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });

  const keyRows = async (key: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.idempotency_keys WHERE key = $1', [key])).rows[0]?.n;

  it('queues a request over the bound, refuses it with 503 INTAKE.OVERLOADED and Retry-After when it waited too long or the queue is full, writes nothing for it, and accepts its retry with the same key', async () => {
    const heldKey = `shed-held-${randomUUID()}`;
    const shedKey = `shed-${randomUUID()}`;
    // Another transaction holds the first request's Idempotency-Key, so that request stays in flight
    // (waiting on the key's row lock) for as long as this test wants.
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO intake.idempotency_keys (key, request_hash, case_id) VALUES ($1, 'held by the test', $2)`, [
      heldKey,
      randomUUID(),
    ]);
    const held = post(aCaseRequest({ externalId: heldKey }), heldKey);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'hotline-intake' AND wait_event_type = 'Lock'`,
      );
      expect(rows[0]?.n).toBe(1);
    });

    // The next request waits its turn in the queue (one place), the one after finds the queue full.
    const request = aCaseRequest({ externalId: shedKey });
    expect(queue.inFlightCount).toBe(1);
    const queued = post(request, shedKey);
    await expectEventually(() => expect(queue.queuedCount).toBe(1), { intervalMs: 5 });
    await expectEventually(async () => {
      const full = await post(aCaseRequest(), `shed-full-${randomUUID()}`);
      expect(full.status).toBe(503);
      expect(await full.json()).toMatchObject({ error: { code: 'INTAKE.OVERLOADED', message: expect.stringContaining('queue is full') } });
    });
    const shed = await queued;
    expect(shed.status).toBe(503);
    // At least INTAKE_OVERLOAD_RETRY_AFTER_S, spread by up to 100 % jitter.
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(shed.headers.get('retry-after'))).toBeLessThanOrEqual(4);
    expect(await shed.json()).toMatchObject({ error: { code: 'INTAKE.OVERLOADED', message: expect.stringContaining('in time') } });
    expect(await keyRows(shedKey)).toBe(0);

    await blocker.query('ROLLBACK');
    expect((await held).status).toBe(202);

    const retried = await post(request, shedKey);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const { caseId } = (await retried.json()) as { caseId: string };
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.cases WHERE external_id = $1', [shedKey]);
    expect(rows[0]?.n).toBe(1);
    expect(await keyRows(shedKey)).toBe(1);
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still answers readiness while at capacity, because only POST /v1/cases is bounded', async () => {
    const heldKey = `shed-ready-${randomUUID()}`;
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO intake.idempotency_keys (key, request_hash, case_id) VALUES ($1, 'held by the test', $2)`, [
      heldKey,
      randomUUID(),
    ]);
    const held = post(aCaseRequest({ externalId: heldKey }), heldKey);
    try {
      await expectEventually(() => expect(queue.inFlightCount).toBe(1), { intervalMs: 5 });
      await expectEventually(async () => expect((await post(aCaseRequest(), `shed-probe-${randomUUID()}`)).status).toBe(503));
      expect((await testFetch(`${intake.url}/health/ready`)).status).toBe(200);
    } finally {
      await blocker.query('ROLLBACK');
    }
    expect((await held).status).toBe(202);
  });
});
