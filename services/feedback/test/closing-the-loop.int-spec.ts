import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEvent, CaseEventOf, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  actAs,
  connectDatabase,
  expectEventually,
  httpJson,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  tokenFor,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { CloseUnreachableHandler } from '../src/close-unreachable/close-unreachable.handler';
import { loadFeedbackConfig } from '../src/config/feedback-config';
import { FEEDBACK_CONSUMER } from '../src/infrastructure/messaging/feedback-consumer';

// The first test also waits for the consumer group to form.
const within = { timeoutMs: 60_000 };
const RETRY_WINDOW_MS = 6 * 3600 * 1000;

type Received = PayloadOf<'case.received'>;

/** One case's events up to the unit's reply, each caused by the one before, as the services emit them. */
function aCaseUpToFeedback(received: Partial<Received> = {}) {
  const receivedEvent = aCaseEvent('case.received', aReceivedPayload(received));
  const caseId = receivedEvent.caseId;
  const agencyId = `street-cl-${randomUUID().slice(0, 8)}`;
  const deadline = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
  const dispatched = aCaseEvent(
    'case.dispatched',
    {
      agencyId,
      agencyName: '建外街道办事处',
      copiedToAgencyIds: [],
      deadline,
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'street_light@110105',
      round: 1,
    },
    { caseId, producer: 'dispatch', cause: receivedEvent },
  );
  const signed = aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution', cause: dispatched });
  const feedback = feedbackOf(caseId, agencyId, signed, '已更换灯泡，路灯恢复正常。');
  return { caseId, agencyId, deadline, received: receivedEvent, dispatched, signed, feedback, all: [receivedEvent, dispatched, signed, feedback] as CaseEvent[] };
}

function feedbackOf(caseId: string, agencyId: string, cause: CaseEvent, reply: string): CaseEventOf<'case.feedback_submitted'> {
  return aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply }, { caseId, producer: 'execution', cause });
}

describe('feedback: review, follow-up policy, survey links, reopening and on-site checks', () => {
  let service: InProcessService;
  let db: Client;

  beforeAll(async () => {
    const config = loadFeedbackConfig(
      testServiceEnv({
        REVIEW_REQUIRED_FOR: 'complaint,report',
        FOLLOW_UP_MAX_ATTEMPTS: '2',
        FOLLOW_UP_RETRY_WINDOW: 'PT6H',
        FOLLOW_UP_SWEEP_INTERVAL_MS: '0',
        SURVEY_TOKEN_TTL: 'PT72H',
        REOPEN_MAX: '2',
        REOPEN_SAME_UNIT_MAX: '1',
      }),
    );
    service = await startInProcess({ service: 'feedback', appModule: AppModule.register(config, createLogger('feedback', 'warn')), consumer: FEEDBACK_CONSUMER });
    db = await connectDatabase();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const url = (path: string) => `${service.url}${path}`;
  const post = <T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}) => httpJson<T>('POST', url(path), body, headers);
  const get = <T = unknown>(path: string, headers: Record<string, string> = {}) => httpJson<T>('GET', url(path), undefined, headers);
  const events = (caseId: string) => outboxEvents(db, 'feedback', caseId);
  const eventTypes = async (caseId: string) => (await events(caseId)).map((event) => event.type);
  const eventuallyInStatus = (caseId: string, status: string) =>
    expectEventually(async () => {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM feedback.follow_ups WHERE case_id = $1', [caseId]);
      expect(rows[0]?.status).toBe(status);
    }, within);
  const surveyTokenOf = async (caseId: string, nth = 0): Promise<string> => {
    const issued = (await events(caseId)).filter((event) => event.type === 'case.survey_issued') as CaseEventOf<'case.survey_issued'>[];
    expect(issued.length).toBeGreaterThan(nth);
    return issued[nth]!.payload.token;
  };
  const pendingFollowUps = async (agencyId: string) =>
    (await get<{ items: { caseId: string; status: string; reopenCount: number; returnCount: number; reworkCount: number; closedAs: string | null }[] }>(
      `/v1/follow-ups?status=all&agencyId=${agencyId}`,
    )).body.items;

  describe('review (审核)', () => {
    it('lists a reply waiting for review, refuses the call until approved, returns it with a reason, then approves the next one', async () => {
      const story = aCaseUpToFeedback({ type: 'complaint' });
      await publishCaseEvents(story.all);
      const listed = await expectEventually(async () => {
        const { status, body } = await get<{ items: Record<string, unknown>[]; nextOffset: number | null }>(`/v1/reviews?status=pending&agencyId=${story.agencyId}`);
        expect(status).toBe(200);
        expect(body.items).toHaveLength(1);
        return body;
      }, within);
      expect(listed).toEqual({
        items: [
          {
            caseId: story.caseId,
            trackingNumber: story.received.payload.trackingNumber,
            agencyId: story.agencyId,
            requestType: 'complaint',
            outcome: 'resolved',
            reply: '已更换灯泡，路灯恢复正常。',
            submittedAt: story.feedback.occurredAt,
            deadline: story.deadline,
            returnCount: 0,
          },
        ],
        nextOffset: null,
      });

      // No call before approval: not pending, refused, no contact, no survey link.
      expect((await get<{ items: unknown[] }>(`/v1/follow-ups?status=pending&caseId=${story.caseId}`)).body.items).toEqual([]);
      const early = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: true, resolved: true, satisfaction: 'satisfied' });
      expect(early).toMatchObject({ status: 409, body: { error: { code: 'FOLLOW_UP.REVIEW_PENDING' } } });
      expect((await get(`/v1/cases/${story.caseId}/reporter-contact`)).status).toBe(403);
      expect(await events(story.caseId)).toEqual([]);

      const reviewer = await actAs('supervisor', { regionCode: '110000' });
      const incomplete = await post<{ error: { details: { issues: { path: string }[] } } }>(`/v1/cases/${story.caseId}/review`, { decision: 'return' }, reviewer);
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.error.details.issues.map((issue) => issue.path).sort()).toEqual(['explanation', 'reason']);
      const badDecision = await post(`/v1/cases/${story.caseId}/review`, { decision: 'maybe' }, reviewer);
      expect(badDecision.status).toBe(400);
      expect((await post(`/v1/cases/${story.caseId}/review`, { decision: 'approve' }, await actAsUnitOperator())).status).toBe(403);

      const returned = await post(`/v1/cases/${story.caseId}/review`, { decision: 'return', reason: 'no_evidence', explanation: '请补充更换后的现场照片' }, reviewer);
      expect(returned).toMatchObject({ status: 200, body: { caseId: story.caseId, status: 'signed', decision: 'return' } });
      expect(await events(story.caseId)).toMatchObject([
        {
          type: 'case.feedback_returned',
          producer: 'feedback',
          causationId: story.feedback.eventId,
          payload: { agencyId: story.agencyId, reviewerId: 'user:test-supervisor-110000', reason: 'no_evidence', explanation: '请补充更换后的现场照片' },
        },
      ]);
      const again = await post(`/v1/cases/${story.caseId}/review`, { decision: 'approve' }, reviewer);
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'REVIEW.NOT_PENDING' } } });
      expect(await events(story.caseId)).toHaveLength(1);
      expect((await get<{ items: unknown[] }>(`/v1/reviews?agencyId=${story.agencyId}`)).body.items).toEqual([]);

      // The unit answers again; this time the reply is approved and the call becomes due, with a survey link.
      const second = feedbackOf(story.caseId, story.agencyId, story.signed, '已更换灯泡，附现场照片。');
      await publishCaseEvents([second]);
      await expectEventually(async () => {
        expect((await get<{ items: { returnCount: number }[] }>(`/v1/reviews?agencyId=${story.agencyId}`)).body.items).toMatchObject([{ returnCount: 1 }]);
      }, within);
      const approved = await post(`/v1/cases/${story.caseId}/review`, { decision: 'approve', note: '证据齐全' }, reviewer);
      expect(approved).toMatchObject({ status: 200, body: { status: 'feedback_approved', decision: 'approve' } });
      const [, approval, survey] = await events(story.caseId);
      expect(approval).toMatchObject({ type: 'case.feedback_approved', causationId: second.eventId, payload: { agencyId: story.agencyId, reviewerId: 'user:test-supervisor-110000', note: '证据齐全' } });
      expect(survey).toMatchObject({ type: 'case.survey_issued', causationId: approval!.eventId, payload: { attempt: 1 } });
      expect((await get<{ items: { caseId: string }[] }>(`/v1/follow-ups?status=pending&caseId=${story.caseId}`)).body.items).toHaveLength(1);
      const call = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: true, resolved: true, satisfaction: 'satisfied' });
      expect(call).toMatchObject({ status: 200, body: { status: 'closed', closedAs: 'follow_up' } });
    });

    it('answers 409 for a reply that needs no review, and 404 for an unknown case', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const response = await post(`/v1/cases/${story.caseId}/review`, { decision: 'approve' });
      expect(response).toMatchObject({ status: 409, body: { error: { code: 'REVIEW.NOT_PENDING' } } });
      expect(await eventTypes(story.caseId)).toEqual(['case.survey_issued']);
      expect((await post(`/v1/cases/${randomUUID()}/review`, { decision: 'approve' })).status).toBe(404);
    });
  });

  describe('follow-up policy', () => {
    it('closes the case as unreachable after the last allowed unanswered call, and voids the survey link', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const token = await surveyTokenOf(story.caseId);

      const first = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: false, note: '无人接听' });
      expect(first.body).toMatchObject({ outcome: 'attempted', attempt: 1, closedAs: null });
      expect((await get(`/v1/surveys/${token}`)).status).toBe(200);
      const last = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: false, note: '关机' });
      expect(last.body).toMatchObject({ status: 'closed', outcome: 'closed', attempt: 2, closedAs: 'unreachable' });
      const written = await events(story.caseId);
      expect(written.map((event) => event.type)).toEqual(['case.survey_issued', 'case.follow_up_attempted', 'case.follow_up_attempted', 'case.closed']);
      expect(written[3]).toMatchObject({ causationId: written[2]!.eventId, payload: { closedAs: 'unreachable', followUp: { reached: false, note: '关机' } } });
      expect(await get(`/v1/surveys/${token}`)).toMatchObject({ status: 410, body: { error: { code: 'SURVEY.GONE' } } });
    });

    it('closes as unreachable from Postgres once the retry window from the first unanswered call is over', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      await post(`/v1/cases/${story.caseId}/follow-up`, { reached: false });
      const { rows } = await db.query<{ first_attempt_at: Date }>('SELECT first_attempt_at FROM feedback.follow_ups WHERE case_id = $1', [story.caseId]);
      const firstAt = rows[0]!.first_attempt_at;
      const sweep = service.app.get(CloseUnreachableHandler);

      await sweep.execute(new Date(firstAt.getTime() + RETRY_WINDOW_MS - 1000));
      expect(await eventTypes(story.caseId)).toEqual(['case.survey_issued', 'case.follow_up_attempted']);
      await sweep.execute(new Date(firstAt.getTime() + RETRY_WINDOW_MS + 1000));
      expect(await events(story.caseId)).toMatchObject([{}, {}, { type: 'case.closed', payload: { closedAs: 'unreachable', followUp: { reached: false } } }]);
      await eventuallyInStatus(story.caseId, 'closed');
      // Swept once: a second run finds nothing to do.
      await sweep.execute(new Date(firstAt.getTime() + 2 * RETRY_WINDOW_MS));
      expect(await events(story.caseId)).toHaveLength(3);
    });
  });

  describe('survey link (SMS)', () => {
    it('issues a single-use link when the call becomes due, shows the reply without personal data, and closes on a satisfied answer', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const [issued] = (await events(story.caseId)) as [CaseEventOf<'case.survey_issued'>];
      expect(issued).toMatchObject({ type: 'case.survey_issued', causationId: story.feedback.eventId, payload: { attempt: 1 } });
      const { token, expiresAt } = issued.payload;
      expect(new Date(expiresAt).getTime() - new Date(issued.occurredAt).getTime()).toBe(72 * 3600 * 1000);
      const { rows: stored } = await db.query<{ token_hash: string }>('SELECT token_hash FROM feedback.survey_tokens WHERE case_id = $1', [story.caseId]);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.token_hash).not.toContain(token);

      const page = await get(`/v1/surveys/${token}`, { authorization: '' });
      expect(page).toMatchObject({ status: 200 });
      expect(page.body).toEqual({
        trackingNumber: story.received.payload.trackingNumber,
        title: '路灯不亮',
        reply: '已更换灯泡，路灯恢复正常。',
        outcome: 'resolved',
        expiresAt,
        satisfactionLevels: ['satisfied', 'basically_satisfied', 'unsatisfied'],
      });
      expect(JSON.stringify(page.body)).not.toMatch(/13800000000|测试市民/);

      const bad = await post<{ error: { details: { issues: { path: string }[] } } }>(`/v1/surveys/${token}`, { resolved: 'yes', extra: 1 }, { authorization: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((issue) => issue.path).sort()).toEqual(expect.arrayContaining(['resolved', 'satisfaction']));

      const answered = await post(`/v1/surveys/${token}`, { resolved: true, satisfaction: 'basically_satisfied', note: '修好了' }, { authorization: '' });
      expect(answered).toMatchObject({ status: 200, body: { status: 'closed', outcome: 'closed' } });
      expect(await events(story.caseId)).toMatchObject([
        {},
        { type: 'case.closed', payload: { closedAs: 'survey', followUp: { reached: true, resolved: true, satisfaction: 'basically_satisfied', note: '修好了', operatorId: null } } },
      ]);
      // Used: 410 both ways, nothing changes.
      expect(await post(`/v1/surveys/${token}`, { resolved: false, satisfaction: 'unsatisfied' }, { authorization: '' })).toMatchObject({ status: 410, body: { error: { code: 'SURVEY.GONE' } } });
      expect((await get(`/v1/surveys/${token}`, { authorization: '' })).status).toBe(410);
      expect(await events(story.caseId)).toHaveLength(2);
      expect(await get(`/v1/surveys/${'x'.repeat(43)}`, { authorization: '' })).toMatchObject({ status: 404, body: { error: { code: 'SURVEY.NOT_FOUND' } } });
      expect((await post(`/v1/surveys/nope`, { resolved: true, satisfaction: 'satisfied' }, { authorization: '' })).status).toBe(404);
    });

    it('issues a link when the deadline passed without a reply, but none for a grid case', async () => {
      const late = aCaseUpToFeedback({ type: 'complaint' });
      const grid = aCaseUpToFeedback({ type: 'report', channel: 'grid', inspectorId: 'user:test-inspector-reporter', reporter: null });
      const passed = (story: typeof late) =>
        aCaseEvent('case.deadline_passed', { agencyId: story.agencyId, deadline: story.deadline }, { caseId: story.caseId, producer: 'supervision', cause: story.signed });
      await publishCaseEvents([late.received, late.dispatched, late.signed, passed(late), grid.received, grid.dispatched, grid.signed, passed(grid)]);
      await eventuallyInStatus(late.caseId, 'awaiting_follow_up');
      await eventuallyInStatus(grid.caseId, 'awaiting_follow_up');
      const page = await get(`/v1/surveys/${await surveyTokenOf(late.caseId)}`, { authorization: '' });
      expect(page).toMatchObject({ status: 200, body: { title: '路灯不亮', reply: null, outcome: null } });
      expect(await events(grid.caseId)).toEqual([]);
    });

    it('refuses an expired link, and a link after a phone follow-up was recorded first', async () => {
      const expired = aCaseUpToFeedback({ type: 'help' });
      const phoned = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents([...expired.all, ...phoned.all]);
      await eventuallyInStatus(expired.caseId, 'feedback_submitted');
      await eventuallyInStatus(phoned.caseId, 'feedback_submitted');

      const expiredToken = await surveyTokenOf(expired.caseId);
      await db.query(`UPDATE feedback.survey_tokens SET expires_at = now() - interval '1 second' WHERE case_id = $1`, [expired.caseId]);
      expect(await post(`/v1/surveys/${expiredToken}`, { resolved: true, satisfaction: 'satisfied' }, { authorization: '' })).toMatchObject({ status: 410 });
      expect(await eventTypes(expired.caseId)).toEqual(['case.survey_issued']);
      await eventuallyInStatus(expired.caseId, 'feedback_submitted');

      const phonedToken = await surveyTokenOf(phoned.caseId);
      await post(`/v1/cases/${phoned.caseId}/follow-up`, { reached: true, resolved: true, satisfaction: 'satisfied' });
      expect(await post(`/v1/surveys/${phonedToken}`, { resolved: false, satisfaction: 'unsatisfied' }, { authorization: '' })).toMatchObject({ status: 410 });
      expect(await eventTypes(phoned.caseId)).toEqual(['case.survey_issued', 'case.closed']);
    });
  });

  describe('reopening (重办)', () => {
    it('reopens to the same unit first, then to a dispatcher, then closes with the answer recorded once REOPEN_MAX is reached', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');

      // 1st: unsatisfied through the survey link → the same unit.
      const first = await post(`/v1/surveys/${await surveyTokenOf(story.caseId)}`, { resolved: true, satisfaction: 'unsatisfied' }, { authorization: '' });
      expect(first).toMatchObject({ status: 200, body: { status: 'reopened', outcome: 'reopened' } });
      const reopened1 = (await events(story.caseId)).at(-1)!;
      expect(reopened1).toMatchObject({ type: 'case.reopened', payload: { reason: 'unsatisfied', reopenCount: 1, redispatchTo: 'same_unit', agencyId: story.agencyId } });

      // Dispatched and answered again: 2nd, unresolved by phone → a dispatcher decides.
      const round2 = roundAfter(story, reopened1, 2);
      await publishCaseEvents(round2);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const second = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: true, resolved: false, satisfaction: 'unsatisfied' });
      expect(second.body).toMatchObject({ status: 'reopened', reopenCount: 2, redispatchTo: 'dispatcher' });

      // 3rd: REOPEN_MAX (2) reached: the case closes with the answer recorded instead of reopening.
      const reopened2 = (await events(story.caseId)).at(-1)!;
      await publishCaseEvents(roundAfter(story, reopened2, 3));
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const third = await post(`/v1/cases/${story.caseId}/follow-up`, { reached: true, resolved: false, satisfaction: 'unsatisfied', note: '仍未解决' });
      expect(third.body).toMatchObject({ status: 'closed', outcome: 'closed', closedAs: 'follow_up' });
      expect((await events(story.caseId)).at(-1)).toMatchObject({
        type: 'case.closed',
        payload: { closedAs: 'follow_up', followUp: { reached: true, resolved: false, satisfaction: 'unsatisfied', note: '仍未解决' } },
      });
      expect((await pendingFollowUps(story.agencyId)).find((item) => item.caseId === story.caseId)).toMatchObject({ status: 'closed', reopenCount: 2, closedAs: 'follow_up' });
    });
  });

  describe('on-site check (核查) of a grid case', () => {
    const reporter = 'user:test-inspector-reporter';
    const checker = 'user:test-inspector-checker';
    const asInspector = async (id: string) => ({ authorization: `Bearer ${await tokenFor({ id, roles: ['inspector'] })}` });

    it('refuses the reporting inspector, orders rework on a failed check, and closes the case on a passed one', async () => {
      const story = aCaseUpToFeedback({ type: 'report', channel: 'grid', inspectorId: reporter, reporter: null });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      // A grid case gets no citizen call, no survey link and no review.
      expect(await events(story.caseId)).toEqual([]);
      expect((await get<{ items: unknown[] }>(`/v1/follow-ups?status=pending&caseId=${story.caseId}`)).body.items).toEqual([]);
      expect((await post(`/v1/cases/${story.caseId}/follow-up`, { reached: true, resolved: true, satisfaction: 'satisfied' })).status).toBe(409);
      expect((await post(`/v1/cases/${story.caseId}/review`, { decision: 'approve' })).status).toBe(409);

      const same = await post(`/v1/cases/${story.caseId}/inspection`, { passed: true, note: '已修复' }, await asInspector(reporter));
      expect(same).toMatchObject({ status: 409, body: { error: { code: 'INSPECTION.SAME_INSPECTOR' } } });
      expect((await post(`/v1/cases/${story.caseId}/inspection`, { passed: true })).status).toBe(403);
      const bad = await post<{ error: { details: { issues: { path: string }[] } } }>(`/v1/cases/${story.caseId}/inspection`, { passed: 'yes', note: 5 }, await asInspector(checker));
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((issue) => issue.path).sort()).toEqual(['note', 'passed']);
      expect(await events(story.caseId)).toEqual([]);

      const failed = await post(`/v1/cases/${story.caseId}/inspection`, { passed: false, note: '井盖仍松动' }, await asInspector(checker));
      expect(failed).toMatchObject({ status: 200, body: { status: 'signed', passed: false, reworkCount: 1 } });
      const [inspected, rework] = await events(story.caseId);
      expect(inspected).toMatchObject({ type: 'case.inspected', causationId: story.feedback.eventId, payload: { agencyId: story.agencyId, inspectorId: checker, passed: false, note: '井盖仍松动' } });
      expect(rework).toMatchObject({ type: 'case.rework_ordered', causationId: inspected!.eventId, payload: { agencyId: story.agencyId, inspectorId: checker, reworkCount: 1 } });
      expect(await post(`/v1/cases/${story.caseId}/inspection`, { passed: true }, await asInspector(checker))).toMatchObject({ status: 409, body: { error: { code: 'INSPECTION.NOT_PENDING' } } });

      // The unit reports back again: the check passes and closes the case.
      await publishCaseEvents([feedbackOf(story.caseId, story.agencyId, rework!, '已重新固定井盖。')]);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const passed = await post(`/v1/cases/${story.caseId}/inspection`, { passed: true, note: '复查合格' }, await asInspector(checker));
      expect(passed).toMatchObject({ status: 200, body: { status: 'closed', passed: true, reworkCount: 1 } });
      expect((await events(story.caseId)).slice(2)).toMatchObject([
        { type: 'case.inspected', payload: { passed: true } },
        { type: 'case.closed', payload: { closedAs: 'inspection_passed', agencyId: story.agencyId } },
      ]);
      expect((await pendingFollowUps(story.agencyId)).find((item) => item.caseId === story.caseId)).toMatchObject({ reworkCount: 1, closedAs: 'inspection_passed' });
    });

    it('checks only grid cases', async () => {
      const story = aCaseUpToFeedback({ type: 'help' });
      await publishCaseEvents(story.all);
      await eventuallyInStatus(story.caseId, 'feedback_submitted');
      const response = await post(`/v1/cases/${story.caseId}/inspection`, { passed: true }, await asInspector(checker));
      expect(response).toMatchObject({ status: 409, body: { error: { code: 'INSPECTION.NOT_GRID' } } });
      expect((await post(`/v1/cases/${randomUUID()}/inspection`, { passed: true }, await asInspector(checker))).status).toBe(404);
    });
  });
});

const actAsUnitOperator = () => actAs('unit_operator', { agencyId: 'street-cl-any' });

/** Dispatch and the unit's next round after a reopen, as dispatch and execution would emit them. */
function roundAfter(story: { caseId: string; agencyId: string; deadline: string }, reopened: CaseEvent, round: number): CaseEvent[] {
  const dispatched = aCaseEvent(
    'case.dispatched',
    {
      agencyId: story.agencyId,
      agencyName: '建外街道办事处',
      copiedToAgencyIds: [],
      deadline: story.deadline,
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'street_light@110105',
      round,
    },
    { caseId: story.caseId, producer: 'dispatch', cause: reopened },
  );
  const signed = aCaseEvent('case.signed', { agencyId: story.agencyId, signedBy: null }, { caseId: story.caseId, producer: 'execution', cause: dispatched });
  return [dispatched, signed, feedbackOf(story.caseId, story.agencyId, signed, `第${round}轮：已重新处理。`)];
}
