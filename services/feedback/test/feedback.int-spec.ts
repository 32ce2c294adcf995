import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CaseEvent, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  caseIdsOnOnePartition,
  watchStatements,
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
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadFeedbackConfig } from '../src/config/feedback-config';
import { ErasePersonalDataHandler } from '../src/erase-personal-data/erase-personal-data.handler';
import { ListFollowUpsHandler } from '../src/list-follow-ups/list-follow-ups.handler';
import { FEEDBACK_CONSUMER } from '../src/infrastructure/messaging/feedback-consumer';
import { FollowUpRepository } from '../src/infrastructure/database/follow-up.repository';
import { FOLLOW_UP_POLICY } from '../src/follow-up-policy/follow-up-policy.provider';
import { concludeFollowUp } from '../src/record-follow-up/conclude-follow-up';

// The first test also waits for the consumer group to form.
const within = { timeoutMs: 60_000 };

interface FollowUpItem {
  caseId: string;
  trackingNumber: string | null;
  status: string;
  agencyId: string | null;
  feedbackOutcome: string | null;
  feedbackReply: string | null;
  attempts: number;
  reporter: { name: string | null; phone: string | null; confidential: boolean };
}

/** One case's events up to the unit's feedback, each caused by the one before, as the services emit them. */
function aCaseUpToFeedback(reporter: PayloadOf<'case.received'>['reporter'] = { name: '测试市民', phone: '13800000000', confidential: false }, onCase?: string) {
  const received = aCaseEvent('case.received', aReceivedPayload({ reporter }), onCase ? { caseId: onCase } : {});
  const caseId = received.caseId;
  const agencyId = `street-it-${randomUUID().slice(0, 8)}`;
  const dispatched = aCaseEvent(
    'case.dispatched',
    {
      agencyId,
      agencyName: '建外街道办事处',
      copiedToAgencyIds: ['gov-110105'],
      deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'street_light@110105',
      round: 1,
    },
    { caseId, producer: 'dispatch', cause: received },
  );
  const signed = aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution', cause: dispatched });
  const feedback = aCaseEvent(
    'case.feedback_submitted',
    { agencyId, outcome: 'resolved', reply: '已更换灯泡，路灯恢复正常。' },
    { caseId, producer: 'execution', cause: dispatched },
  );
  return { caseId, agencyId, received, dispatched, signed, feedback, all: [received, dispatched, signed, feedback] as CaseEvent[] };
}

describe('feedback: follow-up calls once the unit has reported back', () => {
  let service: InProcessService;
  let db: Client;
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    const config = loadFeedbackConfig(testServiceEnv());
    service = await startInProcess({
      service: 'feedback',
      appModule: AppModule.register(config, createLogger('feedback', 'warn')),
      consumer: FEEDBACK_CONSUMER,
    });
    db = await connectDatabase();
    deadLetters = await watchDeadLetters();
  }, 60_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await service?.close();
    await db?.end();
  }, 60_000);

  const followUp = (caseId: string, body: unknown) =>
    testFetch(`${service.url}/v1/cases/${caseId}/follow-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  // The events of the calls themselves: a survey link (case.survey_issued) is also issued when a call becomes due.
  const followUpEvents = async (caseId: string) => (await outboxEvents(db, 'feedback', caseId)).filter((event) => event.type !== 'case.survey_issued');

  // Filtered by the test's own unit, so rows left by earlier runs never push a case off the page.
  const list = async (agencyId: string, status = 'pending'): Promise<FollowUpItem[]> => {
    const response = await testFetch(`${service.url}/v1/follow-ups?status=${status}&agencyId=${agencyId}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: FollowUpItem[] }).items;
  };

  const eventuallyPending = (story: { caseId: string; agencyId: string }) =>
    expectEventually(async () => {
      const item = (await list(story.agencyId)).find((candidate) => candidate.caseId === story.caseId);
      expect(item).toBeDefined();
      return item!;
    }, within);

  const openSurveyLinks = async (caseId: string) =>
    (await db.query('SELECT 1 FROM feedback.survey_tokens WHERE case_id = $1 AND used_at IS NULL AND voided_at IS NULL', [caseId])).rowCount;

  const eventuallyInStatus = (caseId: string, status: string) =>
    expectEventually(async () => {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM feedback.follow_ups WHERE case_id = $1', [caseId]);
      expect(rows[0]?.status).toBe(status);
    }, within);

  it('lists a case once the unit has reported back, and closes it when the citizen is satisfied', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);

    const pending = await eventuallyPending(story);
    expect(pending).toMatchObject({
      trackingNumber: story.received.payload.trackingNumber,
      status: 'feedback_submitted',
      agencyId: story.agencyId,
      feedbackOutcome: 'resolved',
      feedbackReply: '已更换灯泡，路灯恢复正常。',
      attempts: 0,
      reporter: { name: '测*', phone: '138****0000', confidential: false },
    });
    const byCase = await testFetch(`${service.url}/v1/follow-ups?status=pending&caseId=${story.caseId}`);
    expect(((await byCase.json()) as { items: FollowUpItem[] }).items.map((item) => item.caseId)).toEqual([story.caseId]);

    const response = await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied', note: '路灯已亮', operatorId: 'op-7' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caseId: story.caseId, status: 'closed', outcome: 'closed', attempt: 1, closedAs: 'follow_up', reopenCount: null, redispatchTo: null });
    expect(await followUpEvents(story.caseId)).toMatchObject([
      {
        type: 'case.closed',
        producer: 'feedback',
        payload: {
          followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: '路灯已亮', operatorId: 'op-7' },
          agencyId: story.agencyId,
        },
        causationId: story.feedback.eventId,
        correlationId: story.received.correlationId,
      },
    ]);
    expect((await list(story.agencyId)).map((item) => item.caseId)).not.toContain(story.caseId);
    expect((await list(story.agencyId, 'closed')).map((item) => item.caseId)).toContain(story.caseId);

    const again = await followUp(story.caseId, { reached: true, resolved: false, satisfaction: 'unsatisfied' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect(await followUpEvents(story.caseId)).toHaveLength(1);
  });

  it('records a call once when the same call arrives many times at once: one 200, the rest 409, one closing, the survey link void', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);
    await eventuallyPending(story);
    await expectEventually(async () => expect(await openSurveyLinks(story.caseId)).toBe(1), within);

    // Each call reads the follow-up and then updates it only if it is still as read, its events and the
    // links' voiding in the same statement: of calls that all read it before any update, one wins.
    const calls = await Promise.all(Array.from({ length: 8 }, () => followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied' })));
    expect(calls.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect((await followUpEvents(story.caseId)).map((event) => event.type)).toEqual(['case.closed']);
    expect(await openSurveyLinks(story.caseId)).toBe(0);
    const { rows } = await db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
    expect(rows).toEqual([{ status: 'closed', attempts: 1 }]);
  });

  it('keeps the survey link open after a call that did not reach the citizen', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);
    await eventuallyPending(story);
    await expectEventually(async () => expect(await openSurveyLinks(story.caseId)).toBe(1), within);

    expect((await followUp(story.caseId, { reached: false, note: '无人接听' })).status).toBe(200);
    expect((await followUpEvents(story.caseId)).map((event) => event.type)).toEqual(['case.follow_up_attempted']);
    expect(await openSurveyLinks(story.caseId)).toBe(1);
  });

  it('writes nothing for a call that lost its race: no event, and the survey link stays open', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);
    await eventuallyPending(story);
    await expectEventually(async () => expect(await openSurveyLinks(story.caseId)).toBe(1), within);
    // Two operators read the follow-up; the first records an unanswered call (another attempt, which
    // leaves the link open), then the second, still holding what it read, records the citizen satisfied.
    const { manager } = service.app.get(DataSource);
    const readBefore = (await new FollowUpRepository(manager).find(story.caseId))!;
    expect((await followUp(story.caseId, { reached: false })).status).toBe(200);

    const late = await concludeFollowUp(manager, {
      current: readBefore,
      call: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: 'op-late' },
      via: 'follow_up',
      policy: service.app.get(FOLLOW_UP_POLICY),
      now: new Date(),
    });
    expect(late).toEqual({ status: 'conflict' });
    expect((await followUpEvents(story.caseId)).map((event) => event.type)).toEqual(['case.follow_up_attempted']);
    expect(await openSurveyLinks(story.caseId)).toBe(1);
  });

  // On a table this small the planner scans and sorts whatever the indexes; with scans, bitmaps and sorts
  // off it shows whether an index can serve the page: read in order, `limit` entries, nothing sorted.
  it('reads a page of the call list in order from its index, without sorting every pending call', async () => {
    const builder = service.app.get(ListFollowUpsHandler).select({ status: 'pending', limit: 200 });
    const [sql, parameters] = builder.getQueryAndParameters();
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off');
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, parameters);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).toContain('follow_ups_call_list');
      expect(plan).not.toMatch(/Sort/);
    } finally {
      await db.query('ROLLBACK');
    }
  });

  it('reopens the case when the citizen is not satisfied', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);
    await eventuallyPending(story);

    const response = await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'unsatisfied', note: '态度不好' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'reopened', outcome: 'reopened' });
    expect(await followUpEvents(story.caseId)).toMatchObject([
      { type: 'case.reopened', payload: { reason: 'unsatisfied', agencyId: story.agencyId, followUp: { satisfaction: 'unsatisfied', operatorId: null } } },
    ]);
    expect((await list(story.agencyId, 'reopened')).map((item) => item.caseId)).toContain(story.caseId);
  });

  it('counts unanswered calls and keeps the case pending', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents(story.all);
    await eventuallyPending(story);

    const first = await followUp(story.caseId, { reached: false, note: '无人接听' });
    expect(await first.json()).toEqual({ caseId: story.caseId, status: 'feedback_submitted', outcome: 'attempted', attempt: 1, closedAs: null, reopenCount: null, redispatchTo: null });
    const second = await followUp(story.caseId, { reached: false });
    expect(await second.json()).toMatchObject({ outcome: 'attempted', attempt: 2 });

    expect((await eventuallyPending(story)).attempts).toBe(2);
    const events = await followUpEvents(story.caseId);
    expect(events).toMatchObject([
      { type: 'case.follow_up_attempted', payload: { attempt: 1, followUp: { reached: false, resolved: null, satisfaction: null, note: '无人接听' } } },
      { type: 'case.follow_up_attempted', payload: { attempt: 2 } },
    ]);
  });

  it('refuses a follow-up before the unit has reported back, and answers 404 for an unknown case', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents([story.received, story.dispatched]);
    await eventuallyInStatus(story.caseId, 'dispatched');

    const early = await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    expect(await outboxEvents(db, 'feedback', story.caseId)).toEqual([]);

    const unknown = await followUp(randomUUID(), { reached: false });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'CASE.NOT_FOUND' } });
  });

  it('calls the citizen when the deadline passed without feedback, and reopens an unresolved case', async () => {
    const story = aCaseUpToFeedback();
    const deadlinePassed = aCaseEvent(
      'case.deadline_passed',
      { agencyId: story.agencyId, deadline: story.dispatched.payload.deadline },
      { caseId: story.caseId, producer: 'dispatch', cause: story.dispatched },
    );
    await publishCaseEvents([story.received, story.dispatched, deadlinePassed]);

    expect(await eventuallyPending(story)).toMatchObject({ status: 'awaiting_follow_up', feedbackOutcome: null });
    const response = await followUp(story.caseId, { reached: true, resolved: false, satisfaction: 'basically_satisfied' });
    expect(await response.json()).toMatchObject({ status: 'reopened', outcome: 'reopened' });
    expect(await followUpEvents(story.caseId)).toMatchObject([
      { type: 'case.reopened', payload: { reason: 'unresolved' }, causationId: deadlinePassed.eventId },
    ]);
  });

  it('keeps the contact sealed, hides a confidential reporter in lists and gives the number only for a due call', async () => {
    const story = aCaseUpToFeedback({ name: '张三', phone: '13912345678', confidential: true });
    await publishCaseEvents(story.all);

    expect((await eventuallyPending(story)).reporter).toEqual({ name: '***', phone: '***', confidential: true });
    const { rows } = await db.query('SELECT reporter_name, reporter_phone FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
    expect(rows[0].reporter_phone).toMatch(/^v1:/);
    expect(JSON.stringify(rows[0])).not.toMatch(/张三|13912345678/);
    const contact = await testFetch(`${service.url}/v1/cases/${story.caseId}/reporter-contact`);
    expect(contact.status).toBe(200);
    expect(contact.headers.get('cache-control')).toBe('no-store');
    expect(await contact.json()).toMatchObject({ reporter: { name: '张三', phone: '13912345678', confidential: true } });

    await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'basically_satisfied' });
    const afterClosing = await testFetch(`${service.url}/v1/cases/${story.caseId}/reporter-contact`);
    expect(afterClosing.status).toBe(403);
    expect(await afterClosing.json()).toMatchObject({ error: { code: 'FOLLOW_UP.FORBIDDEN' } });
  });

  it('erases the contact once a case has been closed for the retention period, and says so in an event', async () => {
    const story = aCaseUpToFeedback({ name: '张三', phone: '13912345678', confidential: false });
    await publishCaseEvents(story.all);
    await eventuallyPending(story);
    await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied' });
    const { rows: closed } = await db.query<{ closed_at: Date }>('SELECT closed_at FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
    const closedAt = closed[0]!.closed_at;
    const eraser = service.app.get(ErasePersonalDataHandler);
    const DAY = 24 * 3600 * 1000;

    await eraser.execute(new Date(closedAt.getTime() + 364 * DAY));
    const { rows: kept } = await db.query('SELECT reporter_name, personal_data_erased_at FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
    expect(kept[0]).toMatchObject({ reporter_name: expect.stringMatching(/^v1:/), personal_data_erased_at: null });

    const erasedAt = new Date(closedAt.getTime() + 365 * DAY + 1000);
    await eraser.execute(erasedAt);
    await eraser.execute(new Date(erasedAt.getTime() + DAY));
    const { rows: erased } = await db.query('SELECT reporter_name, reporter_phone, personal_data_erased_at FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
    expect(erased[0]).toEqual({ reporter_name: null, reporter_phone: null, personal_data_erased_at: erasedAt });
    const events = (await outboxEvents(db, 'feedback', story.caseId)).filter((event) => event.type === 'case.personal_data_erased');
    expect(events).toMatchObject([
      {
        producer: 'feedback',
        occurredAt: erasedAt.toISOString(),
        payload: { fields: ['reporter.name', 'reporter.phone'], closedAt: closedAt.toISOString(), retentionDays: 365 },
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/张|13912345678/);
  });

  describe('retention of orders that end without a follow-up call', () => {
    const DAY = 24 * 3600 * 1000;
    const reporter = { name: '张三', phone: '13912345678', confidential: false };
    const eraser = () => service.app.get(ErasePersonalDataHandler);
    const followUpRow = async (caseId: string) => {
      const { rows } = await db.query<{ status: string; closed_at: Date | null; reporter_name: string | null; reporter_phone: string | null; personal_data_erased_at: Date | null }>(
        'SELECT status, closed_at, reporter_name, reporter_phone, personal_data_erased_at FROM feedback.follow_ups WHERE case_id = $1',
        [caseId],
      );
      return rows[0];
    };
    const erasures = async (caseId: string) => (await outboxEvents(db, 'feedback', caseId)).filter((event) => event.type === 'case.personal_data_erased');

    // The centre's four ways of ending an order at intake, without dispatch (DOMAIN §3.2).
    const ENDINGS: Record<'answered' | 'transferred' | 'merged' | 'declined', (received: CaseEvent) => CaseEvent> = {
      answered: (received) =>
        aCaseEvent('case.answered', { answer: '供暖期为11月15日至次年3月15日。', knowledgeArticleId: null }, { caseId: received.caseId, producer: 'classification', cause: received }),
      transferred: (received) =>
        aCaseEvent('case.transferred', { transferredTo: '119', reason: '楼道起火' }, { caseId: received.caseId, producer: 'classification', cause: received }),
      merged: (received) =>
        aCaseEvent('case.merged', { intoCaseId: randomUUID(), reason: '同一路灯的重复来电' }, { caseId: received.caseId, producer: 'classification', cause: received }),
      declined: (received) =>
        aCaseEvent('case.declined', { reason: 'other_legal_channel', explanation: '劳动争议请申请劳动仲裁。' }, { caseId: received.caseId, producer: 'classification', cause: received }),
    };

    it.each(Object.keys(ENDINGS) as (keyof typeof ENDINGS)[])(
      'erases the contact of a case %s at intake once the retention period has passed since it ended, once',
      async (status) => {
        const received = aCaseEvent('case.received', aReceivedPayload({ reporter }));
        const ended = ENDINGS[status](received);
        await publishCaseEvents([received, ended]);
        await eventuallyInStatus(received.caseId, status);
        const closedAt = new Date(ended.occurredAt);
        expect(await followUpRow(received.caseId)).toMatchObject({ closed_at: closedAt, reporter_name: expect.stringMatching(/^v1:/) });

        await eraser().execute(new Date(closedAt.getTime() + 364 * DAY));
        expect(await followUpRow(received.caseId)).toMatchObject({ reporter_name: expect.stringMatching(/^v1:/), personal_data_erased_at: null });
        expect(await erasures(received.caseId)).toEqual([]);

        const erasedAt = new Date(closedAt.getTime() + 365 * DAY + 1000);
        await eraser().execute(erasedAt);
        await eraser().execute(new Date(erasedAt.getTime() + DAY));
        expect(await followUpRow(received.caseId)).toEqual({ status, closed_at: closedAt, reporter_name: null, reporter_phone: null, personal_data_erased_at: erasedAt });
        expect(await erasures(received.caseId)).toMatchObject([
          { causationId: ended.eventId, payload: { fields: ['reporter.name', 'reporter.phone'], closedAt: ended.occurredAt, retentionDays: 365 } },
        ]);
      },
    );

    it('erases a case that ended before the follow-up desk saw it received, since intake and audit hold the contact', async () => {
      const received = aCaseEvent('case.received', aReceivedPayload({ reporter }));
      const declined = ENDINGS.declined(received);
      await publishCaseEvents([declined]);
      await eventuallyInStatus(received.caseId, 'declined');

      await eraser().execute(new Date(Date.parse(declined.occurredAt) + 365 * DAY + 1000));
      expect(await erasures(received.caseId)).toMatchObject([{ payload: { fields: ['reporter.name', 'reporter.phone'], closedAt: declined.occurredAt } }]);
    });

    it('restarts the retention period when a closed case is reopened, and counts it from the final closing', async () => {
      const story = aCaseUpToFeedback(reporter);
      await publishCaseEvents(story.all);
      await eventuallyPending(story);
      await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied' });
      const firstClosedAt = (await followUpRow(story.caseId))!.closed_at!;
      // 重办: the citizen calls again about the same street light.
      const reopened = aCaseEvent(
        'case.reopened',
        { followUp: null, agencyId: story.agencyId, reason: 'citizen_called_again' },
        { caseId: story.caseId, producer: 'intake', cause: story.feedback },
      );
      await publishCaseEvents([reopened]);
      await eventuallyInStatus(story.caseId, 'reopened');
      expect((await followUpRow(story.caseId))?.closed_at).toBeNull();

      await eraser().execute(new Date(firstClosedAt.getTime() + 366 * DAY));
      expect(await followUpRow(story.caseId)).toMatchObject({ reporter_name: expect.stringMatching(/^v1:/), personal_data_erased_at: null });

      const redispatched = aCaseEvent('case.dispatched', { ...story.dispatched.payload, round: 2 }, { caseId: story.caseId, producer: 'dispatch', cause: reopened });
      const signedAgain = aCaseEvent('case.signed', story.signed.payload, { caseId: story.caseId, producer: 'execution', cause: redispatched });
      const feedbackAgain = aCaseEvent('case.feedback_submitted', story.feedback.payload, { caseId: story.caseId, producer: 'execution', cause: signedAgain });
      await publishCaseEvents([redispatched, signedAgain, feedbackAgain]);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      await followUp(story.caseId, { reached: true, resolved: true, satisfaction: 'satisfied' });
      const finalClosedAt = (await followUpRow(story.caseId))!.closed_at!;

      await eraser().execute(new Date(finalClosedAt.getTime() + 364 * DAY));
      expect(await erasures(story.caseId)).toEqual([]);
      await eraser().execute(new Date(finalClosedAt.getTime() + 365 * DAY + 1000));
      expect(await erasures(story.caseId)).toMatchObject([{ payload: { closedAt: finalClosedAt.toISOString() } }]);
    });
  });

  it('dead-letters poison messages and goes on with the next event', async () => {
    const broken = { ...aCaseEvent('case.feedback_submitted', { agencyId: 'x', outcome: 'resolved', reply: 'x' }), payload: { outcome: 'fixed' } };
    const story = aCaseUpToFeedback();
    await publishCaseEvents([], ['{"not json', JSON.stringify(broken)]);
    await publishCaseEvents(story.all);

    await eventuallyPending(story);
    await expectEventually(() => {
      expect(deadLetters.received.some((letter) => letter.value === '{"not json')).toBe(true);
      expect(deadLetters.received.some((letter) => letter.value.includes(broken.eventId) && letter.reason.startsWith('EVENT.INVALID_PAYLOAD'))).toBe(true);
    }, within);
    const { rows } = await db.query('SELECT 1 FROM feedback.follow_ups WHERE case_id = $1', [broken.caseId]);
    expect(rows).toEqual([]);
  });

  it('applies a case\'s events that arrive together in one transaction: every inbox row, the follow-up and its survey link', async () => {
    const story = aCaseUpToFeedback();
    // One produce request, one partition: the consumer fetches the four as one batch.
    await publishCaseEvents(story.all);
    await eventuallyPending(story);

    // xmin: the transaction that wrote each row. A batch that failed and fell back to one event at a time
    // (its rows are right, the fallback sees to that) would show four.
    const { rows } = await db.query<{ tx: string }>(
      `SELECT xmin::text AS tx FROM feedback.inbox WHERE event_id = ANY($1::uuid[])
       UNION ALL SELECT xmin::text FROM feedback.follow_ups WHERE case_id = $2
       UNION ALL SELECT xmin::text FROM feedback.survey_tokens WHERE case_id = $2`,
      [story.all.map((event) => event.eventId), story.caseId],
    );
    expect(rows).toHaveLength(story.all.length + 2);
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
  });

  it("issues a batch's survey links in one statement, and a case given two links keeps only its last open", async () => {
    const [one, two] = (await caseIdsOnOnePartition(2)) as [string, string];
    const first = aCaseUpToFeedback(undefined, one);
    const second = aCaseUpToFeedback(undefined, two);
    // The first case's deadline passes (a call is due: a link), then its unit replies late (a new reply to
    // rate: a new link, the first one void), all in the same batch.
    const deadlinePassed = aCaseEvent('case.deadline_passed', { agencyId: first.agencyId, deadline: first.dispatched.payload.deadline }, { caseId: one, producer: 'dispatch', cause: first.dispatched });
    const events = [first.received, first.dispatched, first.signed, deadlinePassed, first.feedback, ...second.all];
    const watch = await watchStatements(db, ['feedback.survey_tokens']);
    try {
      // One produce request, one partition: one batch.
      await publishCaseEvents(events);
      await expectEventually(async () => {
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback.inbox WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.eventId)]);
        expect(rows[0]?.n).toBe(events.length);
      }, within);
      expect((await watch.writing([one, two])).map((statement) => [...statement.caseIds].sort())).toEqual([[one, one, two].sort()]);
    } finally {
      await watch.stop();
    }
    const issued = (await outboxEvents(db, 'feedback', one)).filter((event) => event.type === 'case.survey_issued');
    expect(issued).toHaveLength(2);
    const { rows: open } = await db.query<{ token_hash: string }>('SELECT token_hash FROM feedback.survey_tokens WHERE case_id = $1 AND voided_at IS NULL', [one]);
    const lastToken = (issued[1]!.payload as { token: string }).token;
    expect(open.map((row) => row.token_hash)).toEqual([createHash('sha256').update(lastToken, 'utf8').digest('hex')]);
  });

  it('dead-letters an event the follow-up cannot follow and keeps its status', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents([story.received, story.feedback]);

    await expectEventually(() => {
      const letter = deadLetters.received.find((candidate) => candidate.value.includes(story.feedback.eventId));
      expect(letter).toMatchObject({ consumer: 'feedback' });
      expect(letter?.reason).toContain('case.feedback_submitted is not allowed when the case is received');
    }, within);
    await eventuallyInStatus(story.caseId, 'received');
  });

  it('takes a unit signing that crossed a confirmed merge as late: no dead letter, the case stays merged', async () => {
    const story = aCaseUpToFeedback();
    const merged = aCaseEvent(
      'case.merged',
      { intoCaseId: randomUUID(), reason: '并案', confirmedBy: 'user:dispatcher' },
      { caseId: story.caseId, producer: 'dispatch', cause: story.dispatched },
    );
    await publishCaseEvents([story.received, story.dispatched, merged, story.signed]);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback.inbox WHERE consumer = $1 AND event_id = $2', [
        'feedback',
        story.signed.eventId,
      ]);
      expect(rows[0]?.n).toBe(1);
    }, within);
    await eventuallyInStatus(story.caseId, 'merged');
    expect(deadLetters.received.filter((letter) => letter.value.includes(story.signed.eventId))).toEqual([]);
  });

  it('applies a redelivered feedback event once', async () => {
    const story = aCaseUpToFeedback();
    await publishCaseEvents([...story.all, story.feedback]);
    await publishCaseEvents([story.feedback]);

    await eventuallyPending(story);
    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback.inbox WHERE consumer = $1 AND event_id = $2', [
        'feedback',
        story.feedback.eventId,
      ]);
      expect(rows[0]?.n).toBe(1);
    });
    const response = await followUp(story.caseId, { reached: false });
    expect(await response.json()).toMatchObject({ attempt: 1 });
  });

  it('lists every invalid field in one 400', async () => {
    const missing = await followUp(randomUUID(), { reached: true, note: 7 });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe('VALIDATION.FAILED');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual(['note', 'resolved', 'satisfaction']);

    const contradictory = await followUp(randomUUID(), { reached: false, resolved: true });
    expect(contradictory.status).toBe(400);
    const noReached = await followUp(randomUUID(), {});
    expect(await noReached.json()).toMatchObject({ error: { details: { issues: [{ path: 'reached' }] } } });
    const badFilter = await testFetch(`${service.url}/v1/follow-ups?status=open`);
    expect(badFilter.status).toBe(400);
    const badCaseId = await testFetch(`${service.url}/v1/follow-ups?caseId=FB-1`);
    expect(await badCaseId.json()).toMatchObject({ error: { code: 'VALIDATION.FAILED', details: { issues: [{ path: 'caseId' }] } } });
  });
});
