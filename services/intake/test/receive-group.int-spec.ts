import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Client } from 'pg';
import { createLogger } from '@hotline/observability';
import { aCaseRequest, connectDatabase, expectEventually, startInProcess, testServiceEnv, testFetch, type InProcessService } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import { ReceiveCaseHandler } from '../src/receive-case/receive-case.handler';
import { receiveCaseRequestSchema } from '../src/receive-case/receive-case.request';

describe('intake: POST /v1/cases that arrive while the insert statement runs go in one statement (group commit)', () => {
  let intake: InProcessService;
  let db: Client;
  let blocker: Client;
  let handler: ReceiveCaseHandler;

  beforeAll(async () => {
    const config = loadIntakeConfig(testServiceEnv({ INTAKE_RECEIVE_STATEMENTS: '1', INTAKE_MAX_IN_FLIGHT: '8' }));
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(config, createLogger('intake', 'warn')) });
    handler = intake.app.get(ReceiveCaseHandler);
    db = await connectDatabase();
    blocker = await connectDatabase();
  });

  afterAll(async () => {
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await intake?.close();
    await db?.end();
    await blocker?.end();
  });

  const post = (body: unknown, idempotencyKey?: string) =>
    testFetch(`${intake.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: JSON.stringify(body),
    });

  it('records each case once with its own outbox row in one transaction, replays a key repeated inside the group, and refuses a key taken with another body', async () => {
    const run = randomUUID();
    const takenKey = `group-taken-${run}`;
    expect((await post(aCaseRequest({ externalId: `${run}-taken` }), takenKey)).status).toBe(202);

    // The only insert statement waits on a key that another transaction holds, so the next POSTs queue.
    const heldKey = `group-held-${run}`;
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO intake.idempotency_keys (key, request_hash, case_id) VALUES ($1, 'held by the test', $2)`, [heldKey, randomUUID()]);
    const held = post(aCaseRequest({ externalId: `${run}-held` }), heldKey);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'hotline-intake' AND wait_event_type = 'Lock'`,
      );
      expect(rows[0]?.n).toBe(1);
    });

    const repeated = aCaseRequest({ externalId: `${run}-repeated` });
    const posts = [
      post(aCaseRequest({ externalId: `${run}-keyed` }), `group-keyed-${run}`),
      post(repeated, `group-repeated-${run}`),
      post(repeated, `group-repeated-${run}`),
      post(aCaseRequest({ externalId: `${run}-no-key` })),
      post(aCaseRequest({ externalId: `${run}-taken`, description: '另一件事' }), takenKey),
    ];
    await expectEventually(() => expect(handler.waitingReceives).toBe(5), { intervalMs: 5 });
    await blocker.query('ROLLBACK');

    const heldResponse = await held;
    expect(heldResponse.status).toBe(202);
    const [keyed, first, second, noKey, mismatch] = await Promise.all(posts);
    expect([keyed.status, first.status, second.status, noKey.status, mismatch.status]).toEqual([202, 202, 202, 202, 422]);
    expect(await mismatch.json()).toMatchObject({ error: { code: 'INTAKE.IDEMPOTENCY_MISMATCH' } });
    const firstBody = (await first.json()) as { caseId: string };
    const secondBody = (await second.json()) as { caseId: string };
    expect(secondBody.caseId).toBe(firstBody.caseId);
    expect([first.headers.get('idempotent-replayed'), second.headers.get('idempotent-replayed')].sort()).toEqual([null, 'true'].sort());

    const { rows } = await db.query<{ external_id: string; tx: string; events: number }>(
      `SELECT c.external_id, c.xmin::text AS tx,
              (SELECT count(*)::int FROM intake.outbox o WHERE o.message_key = c.case_id::text) AS events
           FROM intake.cases c WHERE c.external_id LIKE $1 ORDER BY c.external_id`,
      [`${run}-%`],
    );
    expect(rows.map((row) => [row.external_id.slice(run.length + 1), row.events])).toEqual([
      ['held', 1],
      ['keyed', 1],
      ['no-key', 1],
      ['repeated', 1],
      ['taken', 1],
    ]);
    const byName = new Map(rows.map((row) => [row.external_id.slice(run.length + 1), row]));
    // One transaction wrote the three new cases of the group; the held one went alone.
    expect(new Set(['keyed', 'no-key', 'repeated'].map((name) => byName.get(name)!.tx)).size).toBe(1);
    expect(byName.get('held')!.tx).not.toBe(byName.get('keyed')!.tx);
  });

  it("stores each grouped case's event with the trace of the request that made it, not the group's first", async () => {
    // What the services' telemetry sets up: context across awaits and W3C trace context.
    new NodeTracerProvider().register();
    const run = randomUUID();
    const heldKey = `group-trace-held-${run}`;
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO intake.idempotency_keys (key, request_hash, case_id) VALUES ($1, 'held by the test', $2)`, [heldKey, randomUUID()]);
    const held = handler.execute(receiveCaseRequestSchema.parse(aCaseRequest()), heldKey);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'hotline-intake' AND wait_event_type = 'Lock'`,
      );
      expect(rows[0]?.n).toBe(1);
    });
    const traceIds = [1, 2, 3].map(() => randomUUID().replaceAll('-', ''));
    const receipts = traceIds.map((traceId) =>
      context.with(trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED }), () =>
        handler.execute(receiveCaseRequestSchema.parse(aCaseRequest()), undefined),
      ),
    );
    await expectEventually(() => expect(handler.waitingReceives).toBe(3), { intervalMs: 5 });
    await blocker.query('ROLLBACK');
    await held;
    const caseIds = (await Promise.all(receipts)).map((receipt) => receipt.caseId);

    const { rows } = await db.query<{ case_id: string; tx: string; traceparent: string | null }>(
      `SELECT c.case_id::text, c.xmin::text AS tx, o.envelope->'traceContext'->>'traceparent' AS traceparent
         FROM intake.cases c JOIN intake.outbox o ON o.message_key = c.case_id::text WHERE c.case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
    const traceOf = new Map(rows.map((row) => [row.case_id, row.traceparent?.split('-')[1]]));
    expect(caseIds.map((caseId) => traceOf.get(caseId))).toEqual(traceIds);
  });
});
