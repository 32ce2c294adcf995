import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEvent, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  connectDatabase,
  expectEventually,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
  testFetch,
  testPersonalDataCipher,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadAuditConfig } from '../src/config/audit-config';
import { chainHash } from '../src/domain/hash-chain';
import { RecordCaseEventHandler } from '../src/record-case-event/record-case-event.handler';

const AGENCY_ID = 'street-110105001';
const followUp: PayloadOf<'case.closed'>['followUp'] = {
  reached: true,
  resolved: true,
  satisfaction: 'satisfied',
  note: '市民表示路灯已修好',
  operatorId: 'follow-up-op-12',
};

/** A street-light complaint in Chaoyang from intake to the follow-up call, each event caused by the one before. */
function aClosedCaseLifecycle(caseId = randomUUID()) {
  const received = aCaseEvent('case.received', aReceivedPayload(), { caseId, producer: 'intake' });
  const classified = aCaseEvent(
    'case.classified',
    {
      category: 'street_light',
      categoryName: '路灯',
      urgency: 'normal',
      districtCode: '110105',
      districtName: '朝阳区',
      streetCode: '110105001',
      districtSource: 'location',
      confidence: 0.92,
      matchedKeywords: ['路灯', '不亮'],
      classifierVersion: 'keywords-2026.11',
    },
    { caseId, producer: 'classification', cause: received },
  );
  const dispatched = aCaseEvent(
    'case.dispatched',
    {
      agencyId: AGENCY_ID,
      agencyName: '朝阳区建外街道办事处',
      copiedToAgencyIds: ['district-110105'],
      deadline: '2026-12-04T18:00:00+08:00',
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11.1',
      ruleId: 'street_light@street',
      round: 1,
    },
    { caseId, producer: 'dispatch', cause: classified },
  );
  const signed = aCaseEvent('case.signed', { agencyId: AGENCY_ID, signedBy: 'jianwai-duty-03' }, { caseId, producer: 'execution', cause: dispatched });
  const feedback = aCaseEvent(
    'case.feedback_submitted',
    { agencyId: AGENCY_ID, outcome: 'resolved', reply: '已联系市政养护单位更换灯泡，路灯恢复照明。' },
    { caseId, producer: 'execution', cause: signed },
  );
  const closed = aCaseEvent('case.closed', { followUp, agencyId: AGENCY_ID }, { caseId, producer: 'feedback', cause: feedback });
  return { received, classified, closed, events: [received, classified, dispatched, signed, feedback, closed] as CaseEvent[] };
}

interface TimelineBody {
  caseId: string;
  trackingNumber: string;
  events: { position: number; eventId: string; type: string; producer: string; causationId: string | null; traceId: string | null; payload: unknown; hash: string }[];
}

describe('audit: the append-only case record', () => {
  let audit: InProcessService;
  let db: Client;

  const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await testFetch(`${audit.url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };

  const recordedCount = async (caseId: string): Promise<number> => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.case_events WHERE case_id = $1', [caseId]);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    const config = loadAuditConfig(testServiceEnv());
    audit = await startInProcess({
      service: 'audit',
      appModule: AppModule.register(config, createLogger('audit', 'warn')),
      consumer: { groupId: 'hotline.audit', consumerName: 'audit' },
    });
    db = await connectDatabase();
    // The consumer has joined its group once a fresh event comes through.
    const warmUp = aCaseEvent('case.received', aReceivedPayload());
    await publishCaseEvents([warmUp]);
    await expectEventually(async () => expect(await recordedCount(warmUp.caseId)).toBe(1), { timeoutMs: 90_000 });
  });

  afterAll(async () => {
    await audit?.close();
    await db?.end();
  });

  it('shows a merged case (并案) with the progress of the case it joined, by id or tracking number', async () => {
    const parent = aClosedCaseLifecycle();
    const [parentReceived, classified, dispatched, ...handled] = parent.events as [CaseEvent, CaseEvent, CaseEvent, ...CaseEvent[]];
    const repeat = aCaseEvent('case.received', aReceivedPayload(), { producer: 'intake' });
    const merged = aCaseEvent('case.merged', { intoCaseId: parentReceived.caseId, reason: '重复诉求，无新情况' }, { caseId: repeat.caseId, producer: 'classification', cause: repeat });
    await publishCaseEvents([parentReceived, classified, dispatched, repeat, merged]);

    type View = { status: string; mergedInto: { caseId: string; status: string; agencyId: string | null; closedAt: string | null } | null };
    const view = await expectEventually(async () => {
      const response = await getJson<View>(`/v1/cases/${repeat.caseId}`);
      expect(response.body).toMatchObject({ status: 'merged', mergedInto: { caseId: parentReceived.caseId, status: 'dispatched', agencyId: AGENCY_ID } });
      return response.body;
    });
    expect(view.mergedInto?.closedAt).toBeNull();
    expect((await getJson<View>(`/v1/cases/${parentReceived.caseId}`)).body.mergedInto).toBeNull();

    await publishCaseEvents(handled);
    await expectEventually(async () => {
      const byTrackingNumber = await getJson<View>(`/v1/cases/${(repeat.payload as PayloadOf<'case.received'>).trackingNumber}`);
      expect(byTrackingNumber.body).toMatchObject({ status: 'merged', mergedInto: { status: 'closed', closedAt: expect.any(String) } });
    });
  });

  it('records a lifecycle in order with its producers, a closed case view and an intact chain', async () => {
    const lifecycle = aClosedCaseLifecycle();
    const traceId = randomUUID().replaceAll('-', '');
    const tracedReceived = { ...lifecycle.received, traceContext: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } };
    const events = [tracedReceived, ...lifecycle.events.slice(1)];
    const { caseId } = tracedReceived;
    await publishCaseEvents(events);

    const timeline = await expectEventually(async () => {
      const response = await getJson<TimelineBody>(`/v1/cases/${caseId}/timeline`);
      expect(response.body.events).toHaveLength(6);
      return response.body;
    });
    expect(timeline.events.map((event) => [event.position, event.type, event.producer])).toEqual([
      [1, 'case.received', 'intake'],
      [2, 'case.classified', 'classification'],
      [3, 'case.dispatched', 'dispatch'],
      [4, 'case.signed', 'execution'],
      [5, 'case.feedback_submitted', 'execution'],
      [6, 'case.closed', 'feedback'],
    ]);
    expect(timeline.events.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(timeline.events[3]?.causationId).toBe(events[2]?.eventId);
    expect(timeline.events[0]?.traceId).toBe(traceId);
    expect(timeline.events[0]?.payload).toMatchObject({ reporter: { name: '测*', phone: '138****0000' } });
    expect(JSON.stringify(timeline)).not.toContain('13800000000');

    const view = await getJson<Record<string, unknown>>(`/v1/cases/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      caseId,
      trackingNumber: tracedReceived.payload.trackingNumber,
      status: 'closed',
      type: 'complaint',
      channel: 'phone',
      category: 'street_light',
      categoryName: '路灯',
      districtName: '朝阳区',
      agencyId: AGENCY_ID,
      agencyName: '朝阳区建外街道办事处',
      deadline: '2026-12-04T10:00:00.000Z',
      lastEventType: 'case.closed',
      eventCount: 6,
      anomalies: 0,
    });
    expect(view.body['closedAt']).toBe(new Date(lifecycle.closed.occurredAt).toISOString());

    const byTrackingNumber = await getJson<Record<string, unknown>>(`/v1/cases/${tracedReceived.payload.trackingNumber.toLowerCase()}`);
    expect(byTrackingNumber).toEqual(view);

    expect(await getJson(`/v1/cases/${caseId}/verify`)).toEqual({ status: 200, body: { caseId, isIntact: true, eventCount: 6 } });
  });

  it('erases the reporter\'s contact on case.personal_data_erased, records what and when, and the chain still verifies', async () => {
    const lifecycle = aClosedCaseLifecycle();
    const cipher = testPersonalDataCipher();
    const reporter = { name: '张*', phone: '139****5678', confidential: false, sealed: { name: cipher.seal('张三'), phone: cipher.seal('13912345678') } };
    const received = { ...lifecycle.received, payload: { ...lifecycle.received.payload, reporter } };
    const { caseId } = received;
    const erased = aCaseEvent(
      'case.personal_data_erased',
      { fields: ['reporter.name', 'reporter.phone'], closedAt: lifecycle.closed.occurredAt, retentionDays: 365 },
      { caseId, producer: 'feedback', cause: lifecycle.closed },
    );
    await publishCaseEvents([received, ...lifecycle.events.slice(1)]);
    await expectEventually(async () => expect(await recordedCount(caseId)).toBe(6));
    const { rows: before } = await db.query('SELECT envelope FROM audit.case_events WHERE case_id = $1 AND position = 1', [caseId]);
    expect(before[0].envelope.payload.reporter).toEqual({ name: '张*', phone: '139****5678', confidential: false });

    await publishCaseEvents([erased]);
    await expectEventually(async () => expect(await recordedCount(caseId)).toBe(7));
    const { rows } = await db.query('SELECT envelope, personal_data_erased_at FROM audit.case_events WHERE case_id = $1 AND position = 1', [caseId]);
    expect(rows[0].envelope.payload.reporter).toEqual({ name: null, phone: null, confidential: false });
    expect(rows[0].personal_data_erased_at).toEqual(new Date(erased.occurredAt));
    const timeline = await getJson<TimelineBody>(`/v1/cases/${caseId}/timeline`);
    expect(timeline.body.events.at(-1)).toMatchObject({
      position: 7,
      type: 'case.personal_data_erased',
      producer: 'feedback',
      payload: { fields: ['reporter.name', 'reporter.phone'], retentionDays: 365 },
    });
    expect(JSON.stringify(timeline.body)).not.toMatch(/张|5678/);
    expect(await getJson(`/v1/cases/${caseId}/verify`)).toEqual({ status: 200, body: { caseId, isIntact: true, eventCount: 7 } });
    expect((await getJson<Record<string, unknown>>(`/v1/cases/${caseId}`)).body).toMatchObject({ status: 'closed', anomalies: 0 });

    // The erasure is the only change the record allows, and only once.
    await expect(
      db.query(`UPDATE audit.case_events SET personal_data_erased_at = now() WHERE case_id = $1 AND position = 1`, [caseId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query(
        `UPDATE audit.case_events SET envelope = audit.without_personal_data(envelope), personal_data_erased_at = now(), producer = 'x'
          WHERE case_id = $1 AND position = 2`,
        [caseId],
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('erases a case recorded before erasure existed and checks those events by their place in the chain', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload({ reporter: { name: '王小明', phone: '13912345678', confidential: false } }));
    const { caseId } = received;
    const hash = chainHash(null, received, 1);
    await db.query(
      `INSERT INTO audit.case_events (event_id, case_id, position, type, version, occurred_at, producer, correlation_id, envelope, prev_hash, hash, hash_version)
       VALUES ($1, $2, 1, $3, 1, $4, 'intake', $5, $6, NULL, $7, 1)`,
      [received.eventId, caseId, received.type, received.occurredAt, received.correlationId, JSON.stringify(received), hash],
    );
    await db.query(`INSERT INTO audit.case_view (case_id, tracking_number, status, event_count) VALUES ($1, $2, 'closed', 1)`, [
      caseId,
      received.payload.trackingNumber,
    ]);
    expect(await getJson(`/v1/cases/${caseId}/verify`)).toMatchObject({ body: { isIntact: true, eventCount: 1 } });

    const erased = aCaseEvent(
      'case.personal_data_erased',
      { fields: ['reporter.name', 'reporter.phone'], closedAt: received.occurredAt, retentionDays: 0 },
      { caseId, producer: 'feedback', cause: received },
    );
    await publishCaseEvents([erased]);
    await expectEventually(async () => expect(await recordedCount(caseId)).toBe(2));
    const { rows } = await db.query('SELECT envelope FROM audit.case_events WHERE case_id = $1 AND position = 1', [caseId]);
    expect(JSON.stringify(rows[0].envelope)).not.toMatch(/王小明|13912345678/);
    expect(await getJson(`/v1/cases/${caseId}/verify`)).toEqual({
      status: 200,
      body: { caseId, isIntact: true, eventCount: 2, positionsNotRecomputed: [1] },
    });
  });

  it('refuses to update, delete or truncate recorded events', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload());
    await publishCaseEvents([received]);
    await expectEventually(async () => expect(await recordedCount(received.caseId)).toBe(1));

    const tampering = [
      `UPDATE audit.case_events SET envelope = jsonb_set(envelope, '{payload,description}', '"已修改"') WHERE case_id = '${received.caseId}'`,
      `DELETE FROM audit.case_events WHERE case_id = '${received.caseId}'`,
      'DELETE FROM audit.case_events WHERE false',
      'TRUNCATE audit.case_events',
    ];
    for (const statement of tampering) await expect(db.query(statement)).rejects.toThrow(/append-only/);
    expect(await getJson(`/v1/cases/${received.caseId}/verify`)).toMatchObject({ body: { isIntact: true, eventCount: 1 } });
  });

  it('records an event that breaks the lifecycle order and counts it as an anomaly', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload());
    const { caseId } = received;
    const signedTooEarly = aCaseEvent('case.signed', { agencyId: AGENCY_ID, signedBy: null }, { caseId, producer: 'execution', cause: received });
    await publishCaseEvents([received, signedTooEarly]);

    const view = await expectEventually(async () => {
      const response = await getJson<Record<string, unknown>>(`/v1/cases/${caseId}`);
      expect(response.body['eventCount']).toBe(2);
      return response.body;
    });
    expect(view).toMatchObject({ status: 'received', anomalies: 1, lastEventType: 'case.signed' });
    const { rows } = await db.query<{ last_anomaly: string }>('SELECT last_anomaly FROM audit.case_view WHERE case_id = $1', [caseId]);
    expect(rows[0]?.last_anomaly).toContain('case.signed is not allowed when the case is received');
    expect(await getJson(`/v1/cases/${caseId}/verify`)).toMatchObject({ body: { isIntact: true, eventCount: 2 } });
  });

  it('keeps recording after a poison message', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload());
    const { caseId } = received;
    // Same key as the case, so it sits in front of the valid events on their partition.
    const schemaBreaking = { ...aCaseEvent('case.signed', { agencyId: AGENCY_ID, signedBy: null }, { caseId }), payload: { agencyId: '' } } as CaseEvent;
    await publishCaseEvents([schemaBreaking], ['{"type":"case.received",']);
    await publishCaseEvents([received]);

    await expectEventually(async () => expect(await recordedCount(caseId)).toBe(1));
    const { rows } = await db.query<{ type: string }>('SELECT type FROM audit.case_events WHERE case_id = $1', [caseId]);
    expect(rows.map((row) => row.type)).toEqual(['case.received']);
  });

  it('records a redelivered event once', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload());
    const classified = aCaseEvent(
      'case.classified',
      {
        category: 'street_light',
        categoryName: '路灯',
        urgency: 'normal',
        districtCode: null,
        districtName: null,
        streetCode: null,
        districtSource: null,
        confidence: 0.6,
        matchedKeywords: ['路灯'],
        classifierVersion: 'keywords-2026.11',
      },
      { caseId: received.caseId, producer: 'classification', cause: received },
    );
    await publishCaseEvents([received, received]);
    await publishCaseEvents([received, classified]);

    await expectEventually(async () => expect(await recordedCount(received.caseId)).toBe(2));
    const { body } = await getJson<TimelineBody>(`/v1/cases/${received.caseId}/timeline`);
    expect(body.events.map((event) => event.type)).toEqual(['case.received', 'case.classified']);
    expect((await getJson(`/v1/cases/${received.caseId}`)).body).toMatchObject({ eventCount: 2, status: 'classified', anomalies: 0 });
  });

  it('serialises two appends for one case that race each other', async () => {
    const { received, classified } = aClosedCaseLifecycle();
    const handler = audit.app.get(RecordCaseEventHandler);
    const results = await Promise.all([handler.execute(received), handler.execute(classified)]);

    const positions = results.map((result) => (result.status === 'recorded' ? result.position : 0)).sort();
    expect(positions).toEqual([1, 2]);
    expect(await getJson(`/v1/cases/${received.caseId}/verify`)).toMatchObject({ body: { isIntact: true, eventCount: 2 } });
  });

  it('answers 404 for an unknown case and 400 for something that is neither an id nor a tracking number', async () => {
    const unknownId = await getJson<{ error: { code: string; message: string } }>(`/v1/cases/${randomUUID()}`);
    expect(unknownId.status).toBe(404);
    expect(unknownId.body.error.code).toBe('CASE.NOT_FOUND');
    const unknownNumber = await getJson<{ error: { code: string; message: string } }>('/v1/cases/991231-ZZZZZZ/timeline');
    expect(unknownNumber.status).toBe(404);
    expect(unknownNumber.body.error.message).toContain('tracking number 991231-ZZZZZZ');
    expect((await getJson(`/v1/cases/${randomUUID()}/verify`)).status).toBe(404);

    const neither = await getJson<{ error: { code: string } }>('/v1/cases/not-a-case');
    expect(neither).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION.FAILED' } } });
  });
});
