import type { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import { INTAKE_CONSUMER } from '../src/infrastructure/messaging/intake-consumer';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aCaseRequest,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
  testFetch,
  testPersonalDataCipher,
} from '@hotline/testing';

describe('intake: POST /v1/cases', () => {
  let intake: InProcessService;
  let db: Client;

  beforeAll(async () => {
    const config = loadIntakeConfig(testServiceEnv());
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(config, createLogger('intake', 'warn')), consumer: INTAKE_CONSUMER });
    db = await connectDatabase();
  });

  afterAll(async () => {
    await intake?.close();
    await db?.end();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    testFetch(`${intake.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('records a case with its received event and publishes it to Kafka', async () => {
    const response = await post(aCaseRequest());
    expect(response.status).toBe(202);
    const body = (await response.json()) as { caseId: string; trackingNumber: string };
    expect(body.trackingNumber).toMatch(/^\d{6}-[0-9A-Z]{6}$/);

    const events = await outboxEvents(db, 'intake', body.caseId);
    expect(events.map((event) => event.type)).toEqual(['case.received']);
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT published_at FROM intake.outbox WHERE message_key = $1', [body.caseId]);
      expect(rows[0]?.published_at).not.toBeNull();
    });
  });

  it('carries the datum a position names on case.received and keeps it with the case; none named stays none (WGS-84)', async () => {
    const location = { lat: 39.910031, lng: 116.466648 };
    const named = (await (await post(aCaseRequest({ location: { ...location, datum: 'GCJ-02' } }))).json()) as { caseId: string };
    const unnamed = (await (await post(aCaseRequest({ location }))).json()) as { caseId: string };
    const [received] = await outboxEvents(db, 'intake', named.caseId);
    expect(received?.payload).toMatchObject({ location: { ...location, datum: 'GCJ-02' } });
    const [plain] = await outboxEvents(db, 'intake', unnamed.caseId);
    expect((plain?.payload as { location: unknown }).location).toEqual(location);
    const { rows } = await db.query<{ case_id: string; datum: string | null }>('SELECT case_id, datum FROM intake.cases WHERE case_id = ANY($1) ORDER BY datum', [
      [named.caseId, unnamed.caseId],
    ]);
    expect(rows).toEqual([
      { case_id: named.caseId, datum: 'GCJ-02' },
      { case_id: unnamed.caseId, datum: null },
    ]);
  });

  it('refuses a datum it does not know with 400 VALIDATION.FAILED naming location.datum', async () => {
    const response = await post(aCaseRequest({ location: { lat: 39.9087, lng: 116.4605, datum: 'EPSG:4326' } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'VALIDATION.FAILED', details: { issues: [{ path: 'location.datum', message: 'must be one of WGS-84, GCJ-02, BD-09' }] } },
    });
  });

  it('keeps the reporter\'s name and phone sealed at rest and masked in the event', async () => {
    const response = await post(aCaseRequest({ reporter: { name: '张三', phone: '13912345678', confidential: false } }));
    const { caseId } = (await response.json()) as { caseId: string };
    const { rows } = await db.query<{ reporter_name: string; reporter_phone: string }>(
      'SELECT reporter_name, reporter_phone FROM intake.cases WHERE case_id = $1',
      [caseId],
    );
    const stored = rows[0]!;
    expect(stored.reporter_name).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+$/);
    expect(`${stored.reporter_name} ${stored.reporter_phone}`).not.toMatch(/张三|13912345678/);
    const cipher = testPersonalDataCipher();
    expect([cipher.open(stored.reporter_name), cipher.open(stored.reporter_phone)]).toEqual(['张三', '13912345678']);

    const [event] = await outboxEvents(db, 'intake', caseId);
    expect(JSON.stringify(event)).not.toMatch(/张三|13912345678/);
    expect(event?.payload).toMatchObject({
      reporter: { name: '张*', phone: '139****5678', confidential: false, sealed: { name: stored.reporter_name, phone: stored.reporter_phone } },
    });
  });

  it('erases its copy of the contact when retention erased the case\'s personal data', async () => {
    const response = await post(aCaseRequest({ reporter: { name: '张三', phone: '13912345678', confidential: true } }));
    const { caseId } = (await response.json()) as { caseId: string };
    const erased = aCaseEvent(
      'case.personal_data_erased',
      { fields: ['reporter.name', 'reporter.phone'], closedAt: new Date().toISOString(), retentionDays: 0 },
      { caseId, producer: 'feedback' },
    );
    await publishCaseEvents([erased, erased]);
    await expectEventually(
      async () => {
        const { rows } = await db.query('SELECT reporter_name, reporter_phone, reporter_confidential, personal_data_erased_at FROM intake.cases WHERE case_id = $1', [caseId]);
        expect(rows[0]).toEqual({ reporter_name: null, reporter_phone: null, reporter_confidential: true, personal_data_erased_at: new Date(erased.occurredAt) });
      },
      { timeoutMs: 90_000 },
    );
  });

  it('returns the same case for a repeated Idempotency-Key and never creates a second one', async () => {
    const key = `it-${Date.now()}-${Math.random()}`;
    const request = aCaseRequest({ externalId: key });
    const responses = await Promise.all([post(request, { 'Idempotency-Key': key }), post(request, { 'Idempotency-Key': key })]);
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { caseId: string }[];
    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    expect(bodies[0]?.caseId).toBe(bodies[1]?.caseId);
    const again = await post(request, { 'Idempotency-Key': key });
    expect(((await again.json()) as { caseId: string }).caseId).toBe(bodies[0]?.caseId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM intake.cases WHERE external_id = $1', [key]);
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body', async () => {
    const key = `it-mismatch-${Date.now()}`;
    await post(aCaseRequest(), { 'Idempotency-Key': key });
    const response = await post(aCaseRequest({ description: '另一件事' }), { 'Idempotency-Key': key });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'INTAKE.IDEMPOTENCY_MISMATCH' } });
  });

  it('lists every invalid field in one 400', async () => {
    const response = await post({ type: 'rant', channel: 'fax', description: '', location: { lat: 200, lng: 0 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe('VALIDATION.FAILED');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual(['channel', 'description', 'location.lat', 'type']);
  });

  it('refuses a description over 4,000 characters and malformed JSON with a code', async () => {
    const long = await post(aCaseRequest({ description: '长'.repeat(4001) }));
    expect(long.status).toBe(400);
    const malformed = await post('{"type":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'REQUEST.MALFORMED_JSON' } });
  });

  it('answers readiness only when Postgres, Redis and Kafka answer', async () => {
    const response = await testFetch(`${intake.url}/health/ready`);
    const body: unknown = await response.json();
    expect({ status: response.status, body }).toMatchObject({ status: 200 });
    expect(body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } } });
  });
});
