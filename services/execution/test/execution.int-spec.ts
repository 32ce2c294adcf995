import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEvent, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
  watchDeadLetters,
  type DeadLetterWatch,
  testFetch,
  actAsUnit,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadExecutionConfig } from '../src/config/execution-config';
import { EXECUTION_CONSUMER } from '../src/infrastructure/messaging/execution-consumer';

// The first test also waits for the consumer group to form.
const within = { timeoutMs: 60_000 };

interface QueueItem {
  caseId: string;
  status: string;
  round: number;
  deadline: string;
  isOverdue: boolean;
  timeRemainingMs: number;
  dispatchedAt: string;
  signedAt: string | null;
}

const aUnit = () => `street-it-${randomUUID().slice(0, 8)}`;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

function aDispatch(overrides: Partial<PayloadOf<'case.dispatched'>> & { caseId?: string } = {}) {
  const { caseId, ...payload } = overrides;
  return aCaseEvent(
    'case.dispatched',
    {
      agencyId: aUnit(),
      agencyName: '建外街道办事处',
      copiedToAgencyIds: ['gov-110105'],
      deadline: inDays(7),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'street_light@110105',
      round: 1,
      ...payload,
    },
    { producer: 'dispatch', ...(caseId ? { caseId } : {}) },
  );
}

describe('execution: a unit signs its orders and reports back', () => {
  let service: InProcessService;
  let db: Client;
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    const config = loadExecutionConfig(testServiceEnv());
    service = await startInProcess({
      service: 'execution',
      appModule: AppModule.register(config, createLogger('execution', 'warn')),
      consumer: EXECUTION_CONSUMER,
    });
    db = await connectDatabase();
    deadLetters = await watchDeadLetters();
  }, 60_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await service?.close();
    await db?.end();
  }, 60_000);

  // A unit acts as itself: the request goes out with the credentials of the unit its body names.
  const post = async (path: string, body: { agencyId?: string } & Record<string, unknown>) =>
    testFetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await actAsUnit(body.agencyId || aUnit())) },
      body: JSON.stringify(body),
    });

  const queue = async (agencyId: string, query = ''): Promise<QueueItem[]> => {
    const response = await testFetch(`${service.url}/v1/agencies/${agencyId}/cases${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: QueueItem[] }).items;
  };

  const eventuallyQueued = (agencyId: string, caseId: string, status = 'dispatched') =>
    expectEventually(async () => {
      const item = (await queue(agencyId)).find((candidate) => candidate.caseId === caseId);
      expect(item?.status).toBe(status);
      return item!;
    }, within);

  const statusOf = async (caseId: string) =>
    (await db.query<{ status: string }>('SELECT status FROM execution.assignments WHERE case_id = $1', [caseId])).rows[0]?.status;

  it('queues a dispatched case, signs it once and takes the unit feedback, each with its event', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await publishCaseEvents([dispatched]);

    const queued = await eventuallyQueued(agencyId, dispatched.caseId);
    expect(queued).toMatchObject({ round: 1, isOverdue: false, signedAt: null, deadline: dispatched.payload.deadline });
    // The queue shows the time left to the deadline (7 days from dispatch, minus the few seconds since).
    expect(queued.timeRemainingMs).toBeGreaterThan(7 * 86_400_000 - 120_000);
    expect(queued.timeRemainingMs).toBeLessThanOrEqual(7 * 86_400_000);

    const signed = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId, signedBy: '王科长' });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ caseId: dispatched.caseId, agencyId, status: 'signed', signedBy: '王科长', copiedTo: ['gov-110105'] });
    const afterSigning = await outboxEvents(db, 'execution', dispatched.caseId);
    expect(afterSigning).toMatchObject([
      {
        type: 'case.signed',
        producer: 'execution',
        payload: { agencyId, signedBy: '王科长' },
        causationId: dispatched.eventId,
        correlationId: dispatched.correlationId,
      },
    ]);

    const again = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect((await queue(agencyId, '?status=signed')).map((item) => item.caseId)).toContain(dispatched.caseId);

    const feedback = await post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId, outcome: 'resolved', reply: '已更换灯泡，路灯恢复正常。' });
    expect(feedback.status).toBe(200);
    expect(await feedback.json()).toMatchObject({ status: 'feedback_submitted', feedbackOutcome: 'resolved', isOverdue: false });
    const events = await outboxEvents(db, 'execution', dispatched.caseId);
    expect(events.map((event) => event.type)).toEqual(['case.signed', 'case.feedback_submitted']);
    expect(events[1]).toMatchObject({
      payload: { agencyId, outcome: 'resolved', reply: '已更换灯泡，路灯恢复正常。' },
      causationId: dispatched.eventId,
      correlationId: dispatched.correlationId,
    });
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT published_at FROM execution.outbox WHERE message_key = $1', [dispatched.caseId]);
      expect(rows.every((row: { published_at: Date | null }) => row.published_at !== null)).toBe(true);
    });
  });

  it('signs and reports once when the same request arrives many times at once: one 200, the rest 409, one event each', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(agencyId, dispatched.caseId);
    // The signing reads the order and then updates it only if it is still as read, with its event in
    // the same statement: of requests that all read it before any update, one wins.
    const signs = await Promise.all(Array.from({ length: 8 }, () => post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId })));
    expect(signs.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const reports = await Promise.all(
      Array.from({ length: 8 }, () => post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId, outcome: 'resolved', reply: '已修复。' })),
    );
    expect(reports.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect((await outboxEvents(db, 'execution', dispatched.caseId)).map((event) => event.type)).toEqual(['case.signed', 'case.feedback_submitted']);
    expect(await statusOf(dispatched.caseId)).toBe('feedback_submitted');
  });

  it('never shows a confidential reporter to the handling unit', async () => {
    const reporter = { name: '张三', phone: '13912345678', confidential: true };
    const received = aCaseEvent('case.received', aReceivedPayload({ reporter }), { producer: 'intake' });
    const dispatched = aDispatch({ caseId: received.caseId });
    const { agencyId } = dispatched.payload;
    await publishCaseEvents([received, dispatched]);

    const seen: unknown[] = [await eventuallyQueued(agencyId, dispatched.caseId)];
    const signed = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId });
    const signedView = await signed.json();
    // Without a name in the body, the record says which credentials signed.
    expect(signedView).toMatchObject({ status: 'signed', signedBy: `user:test-unit_operator-${agencyId}` });
    seen.push(signedView);
    const feedback = await post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId, outcome: 'resolved', reply: '已处理' });
    seen.push(await feedback.json(), await queue(agencyId, '?status=feedback_submitted'));
    const { rows } = await db.query('SELECT * FROM execution.assignments WHERE case_id = $1', [dispatched.caseId]);
    seen.push(rows, await outboxEvents(db, 'execution', dispatched.caseId));

    const everythingTheUnitSees = JSON.stringify(seen);
    expect(everythingTheUnitSees).toContain(dispatched.caseId);
    expect(everythingTheUnitSees).not.toMatch(/张|13912345678|5678|reporter/);
  });

  it('refuses a unit the case is not dispatched to, even one copied on it, and changes nothing', async () => {
    const dispatched = aDispatch();
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId);

    const response = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId: 'gov-110105' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'CASE.WRONG_AGENCY' } });
    expect(await statusOf(dispatched.caseId)).toBe('dispatched');
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toEqual([]);
  });

  it("answers another unit's case as if it did not exist, and changes nothing", async () => {
    const dispatched = aDispatch();
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId);

    const stranger = aUnit();
    const sign = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId: stranger });
    expect(sign.status).toBe(404);
    expect(await sign.json()).toMatchObject({ error: { code: 'CASE.NOT_FOUND' } });
    const otherQueue = await testFetch(`${service.url}/v1/agencies/${dispatched.payload.agencyId}/cases`, { headers: await actAsUnit(stranger) });
    expect(otherQueue.status).toBe(404);
    expect(await statusOf(dispatched.caseId)).toBe('dispatched');
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toEqual([]);
  });

  it('acts for the unit of the credentials: a body naming another unit is refused', async () => {
    const dispatched = aDispatch();
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId);

    const response = await testFetch(`${service.url}/v1/cases/${dispatched.caseId}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await actAsUnit(aUnit())) },
      body: JSON.stringify({ agencyId: dispatched.payload.agencyId }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
    expect(await statusOf(dispatched.caseId)).toBe('dispatched');
  });

  it('answers 404 for a case no unit holds', async () => {
    const caseId = randomUUID();
    const sign = await post(`/v1/cases/${caseId}/sign`, { agencyId: aUnit() });
    const feedback = await post(`/v1/cases/${caseId}/feedback`, { agencyId: aUnit(), outcome: 'explained', reply: '说明' });
    expect([sign.status, feedback.status]).toEqual([404, 404]);
    expect(await sign.json()).toMatchObject({ error: { code: 'CASE.NOT_FOUND' } });
  });

  it('refuses feedback before the unit has signed', async () => {
    const dispatched = aDispatch();
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId);

    const response = await post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId: dispatched.payload.agencyId, outcome: 'resolved', reply: '已处理' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect(await statusOf(dispatched.caseId)).toBe('dispatched');
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toEqual([]);
  });

  it('refuses to sign a closed case, and hands the order to the next unit when it is reopened and dispatched again', async () => {
    const dispatched = aDispatch();
    const first = dispatched.payload.agencyId;
    await publishCaseEvents([dispatched]);
    await eventuallyQueued(first, dispatched.caseId);
    expect((await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId: first })).status).toBe(200);
    expect((await post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId: first, outcome: 'explained', reply: '需协调产权单位' })).status).toBe(200);
    const [, submitted] = await outboxEvents(db, 'execution', dispatched.caseId);

    const followUp = { reached: true, resolved: true, satisfaction: 'satisfied' as const, note: null, operatorId: null };
    const closed = aCaseEvent('case.closed', { followUp, agencyId: first }, { caseId: dispatched.caseId, producer: 'feedback', cause: submitted! });
    await publishCaseEvents([closed]);
    await eventuallyQueued(first, dispatched.caseId, 'closed');

    const sign = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId: first });
    expect(sign.status).toBe(409);
    expect(await sign.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION', message: expect.stringContaining('closed') } });
    const feedback = await post(`/v1/cases/${dispatched.caseId}/feedback`, { agencyId: first, outcome: 'resolved', reply: '再次反馈' });
    expect(feedback.status).toBe(409);
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toHaveLength(2);

    const second = aUnit();
    const reopened = aCaseEvent(
      'case.reopened',
      { followUp: null, agencyId: first, reason: 'citizen_called_again' },
      { caseId: dispatched.caseId, producer: 'feedback', cause: closed },
    );
    const again = aDispatch({ caseId: dispatched.caseId, agencyId: second, round: 2, copiedToAgencyIds: [] });
    await publishCaseEvents([reopened, again]);
    const requeued = await eventuallyQueued(second, dispatched.caseId);
    expect(requeued).toMatchObject({ round: 2, signedAt: null });
    expect((await queue(first)).map((item) => item.caseId)).not.toContain(dispatched.caseId);
    expect((await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId: second })).status).toBe(200);
  });

  it('withdraws a dispatched or signed order a dispatcher merged into another case: it leaves every queue and takes no more action', async () => {
    const coHandler = aUnit();
    const dispatched = aDispatch({ coHandlerIds: [coHandler] });
    const signedFirst = aDispatch();
    const { agencyId } = dispatched.payload;
    await publishCaseEvents([dispatched, signedFirst]);
    await eventuallyQueued(agencyId, dispatched.caseId);
    await eventuallyQueued(signedFirst.payload.agencyId, signedFirst.caseId);
    expect((await post(`/v1/cases/${signedFirst.caseId}/sign`, { agencyId: signedFirst.payload.agencyId })).status).toBe(200);
    // An automatic merge ends a case no unit ever held: nothing to withdraw, nothing dead-lettered.
    const automatic = aCaseEvent('case.merged', { intoCaseId: randomUUID(), reason: '重复诉求' }, { producer: 'classification' });

    const merged = [dispatched, signedFirst].map((order) =>
      aCaseEvent('case.merged', { intoCaseId: randomUUID(), reason: '调度员确认为重复诉求', confirmedBy: 'user:dispatcher' }, { caseId: order.caseId, producer: 'dispatch' }),
    );
    await publishCaseEvents([...merged, automatic]);
    await expectEventually(async () => {
      expect(await statusOf(dispatched.caseId)).toBe('merged');
      expect(await statusOf(signedFirst.caseId)).toBe('merged');
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM execution.inbox WHERE event_id = $1', [automatic.eventId]);
      expect(rows[0]?.n).toBe(1);
    }, within);
    for (const [unit, caseId] of [[agencyId, dispatched.caseId], [coHandler, dispatched.caseId], ['gov-110105', dispatched.caseId], [signedFirst.payload.agencyId, signedFirst.caseId]] as const) {
      expect((await queue(unit)).map((item) => item.caseId)).not.toContain(caseId);
    }
    expect((await queue(agencyId, '?status=merged')).map((item) => item.caseId)).not.toContain(dispatched.caseId);

    const sign = await post(`/v1/cases/${dispatched.caseId}/sign`, { agencyId });
    expect(sign.status).toBe(409);
    expect(await sign.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION', message: expect.stringContaining('merged') } });
    expect((await post(`/v1/cases/${signedFirst.caseId}/feedback`, { agencyId: signedFirst.payload.agencyId, outcome: 'resolved', reply: '已修复' })).status).toBe(409);
    expect(await statusOf(automatic.caseId)).toBeUndefined();

    // Supervision's deadline ran out as the dispatcher merged the case: late, it leaves the order merged.
    const latePassing = aCaseEvent('case.deadline_passed', { agencyId, deadline: inDays(-1) }, { caseId: dispatched.caseId, producer: 'supervision' });
    await publishCaseEvents([latePassing]);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM execution.inbox WHERE event_id = $1', [latePassing.eventId]);
      expect(rows[0]?.n).toBe(1);
    }, within);
    expect(await statusOf(dispatched.caseId)).toBe('merged');
    expect(deadLetters.received.filter((letter) => [...merged, automatic, latePassing].some((event) => letter.value.includes(event.eventId)))).toEqual([]);
  });

  it('writes an assignment once for a batch, however many of its events move it: a dispatch and a merge', async () => {
    const dispatched = aDispatch();
    const { caseId } = dispatched;
    const merged = aCaseEvent('case.merged', { intoCaseId: randomUUID(), reason: '调度员确认为重复诉求', confirmedBy: 'user:dispatcher' }, { caseId, producer: 'dispatch' });
    // Every row written to the table, as Postgres saw it: one per statement that wrote the case's row.
    const writes = `assignment_writes_${randomUUID().slice(0, 8)}`;
    await db.query(`CREATE TABLE public.${writes} (case_id uuid, op text)`);
    await db.query(`CREATE FUNCTION public.${writes}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.${writes} VALUES (NEW.case_id, TG_OP); RETURN NULL; END $$`);
    await db.query(`CREATE TRIGGER ${writes} AFTER INSERT OR UPDATE ON execution.assignments FOR EACH ROW EXECUTE FUNCTION public.${writes}()`);
    try {
      // One produce request, one partition: the consumer fetches the two as one batch.
      await publishCaseEvents([dispatched, merged]);
      await expectEventually(async () => expect(await statusOf(caseId)).toBe('merged'), within);
      const { rows } = await db.query(`SELECT op FROM public.${writes} WHERE case_id = $1`, [caseId]);
      expect(rows).toEqual([{ op: 'INSERT' }]);
    } finally {
      await db.query(`DROP TRIGGER ${writes} ON execution.assignments`);
      await db.query(`DROP TABLE public.${writes}`);
      await db.query(`DROP FUNCTION public.${writes}()`);
    }
    expect(deadLetters.received.filter((letter) => [dispatched, merged].some((event) => letter.value.includes(event.eventId)))).toEqual([]);
  });

  it('flags an order whose deadline has passed without feedback as overdue', async () => {
    const dispatched = aDispatch({ deadline: inDays(-1) });
    await publishCaseEvents([dispatched]);
    const queued = await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId);
    expect(queued.isOverdue).toBe(true);
    expect(queued.timeRemainingMs).toBeLessThan(-86_000_000);
  });

  it('dead-letters an event the assignment cannot follow and keeps its status', async () => {
    const dispatched = aDispatch();
    const followUp = { reached: true, resolved: true, satisfaction: 'satisfied' as const, note: null, operatorId: null };
    const closed = aCaseEvent('case.closed', { followUp, agencyId: null }, { caseId: dispatched.caseId, producer: 'feedback', cause: dispatched });
    await publishCaseEvents([dispatched, closed]);

    await expectEventually(() => {
      const letter = deadLetters.received.find((candidate) => candidate.value.includes(closed.eventId));
      expect(letter).toMatchObject({ consumer: 'execution' });
      expect(letter?.reason).toContain('case.closed is not allowed when the case is dispatched');
    }, within);
    expect(await statusOf(dispatched.caseId)).toBe('dispatched');
  });

  it('dead-letters poison messages and goes on with the next event', async () => {
    const broken = { ...aDispatch(), payload: { agencyId: 'x', round: 0 } };
    const next = aDispatch();
    await publishCaseEvents([], ['{"not json', JSON.stringify(broken)]);
    await publishCaseEvents([next]);

    await eventuallyQueued(next.payload.agencyId, next.caseId);
    await expectEventually(() => {
      expect(deadLetters.received.some((letter) => letter.value === '{"not json')).toBe(true);
      expect(deadLetters.received.some((letter) => letter.value.includes(broken.eventId) && letter.reason.startsWith('EVENT.INVALID_PAYLOAD'))).toBe(true);
    }, within);
    expect(await statusOf(broken.caseId)).toBeUndefined();
  });

  it('applies a redelivered dispatch once', async () => {
    const dispatched = aDispatch();
    const deadlinePassed = aCaseEvent(
      'case.deadline_passed',
      { agencyId: dispatched.payload.agencyId, deadline: dispatched.payload.deadline },
      { caseId: dispatched.caseId, producer: 'dispatch', cause: dispatched },
    );
    await publishCaseEvents([dispatched, dispatched]);
    await publishCaseEvents([dispatched, deadlinePassed] as CaseEvent[]);

    await eventuallyQueued(dispatched.payload.agencyId, dispatched.caseId, 'awaiting_follow_up');
    const inbox = await db.query('SELECT count(*)::int AS n FROM execution.inbox WHERE event_id = $1', [dispatched.eventId]);
    const assignments = await db.query('SELECT count(*)::int AS n FROM execution.assignments WHERE case_id = $1', [dispatched.caseId]);
    expect([inbox.rows[0]?.n, assignments.rows[0]?.n]).toEqual([1, 1]);
    expect(deadLetters.received.some((letter) => letter.value.includes(dispatched.eventId))).toBe(false);
  });

  it('lists every invalid field in one 400', async () => {
    const response = await post(`/v1/cases/${randomUUID()}/feedback`, { agencyId: '', outcome: 'done', reply: '', extra: true });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe('VALIDATION.FAILED');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual(['(root)', 'agencyId', 'outcome', 'reply']);

    const tooLong = await post(`/v1/cases/${randomUUID()}/feedback`, { agencyId: aUnit(), outcome: 'resolved', reply: '长'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    const badCaseId = await post('/v1/cases/not-a-uuid/sign', { agencyId: aUnit() });
    expect(badCaseId.status).toBe(400);
    expect(await badCaseId.json()).toMatchObject({ error: { code: 'VALIDATION.FAILED', details: { issues: [{ path: 'caseId' }] } } });
    const badStatus = await testFetch(`${service.url}/v1/agencies/${aUnit()}/cases?status=lost`);
    expect(badStatus.status).toBe(400);
  });
});
