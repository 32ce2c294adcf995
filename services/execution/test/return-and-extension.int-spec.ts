import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { newCaseEvent, type CaseEventOf, type CaseEventTypeName, type PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  actAsUnit,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testFetch,
  testServiceEnv,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadExecutionConfig } from '../src/config/execution-config';
import { EXECUTION_CONSUMER } from '../src/infrastructure/messaging/execution-consumer';

const within = { timeoutMs: 60_000 };
const HOUR = 3600 * 1000;
const RETURN_WINDOW_S = 3600;

const aUnit = () => `street-rt-${randomUUID().slice(0, 8)}`;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

/** An event as its producer would send it, at a given time (a dispatch's time opens the return window). */
function anEvent<T extends CaseEventTypeName>(type: T, payload: PayloadOf<T>, options: { caseId: string; occurredAt?: Date; producer?: 'dispatch' | 'execution' }): CaseEventOf<T> {
  return newCaseEvent({ type, caseId: options.caseId, producer: options.producer ?? 'dispatch', payload, ...(options.occurredAt ? { occurredAt: options.occurredAt } : {}) });
}

function aDispatch(options: { occurredAt?: Date } = {}): CaseEventOf<'case.dispatched'> {
  return anEvent(
    'case.dispatched',
    {
      agencyId: aUnit(),
      agencyName: '建外街道办事处',
      copiedToAgencyIds: ['gov-110105'],
      deadline: inHours(7 * 24),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.1',
      ruleId: 'noise-110105',
      round: 1,
    },
    { caseId: randomUUID(), ...options },
  );
}

interface Assignment {
  status: string;
  deadline: string;
  signedAt: string | null;
}
interface ErrorBody {
  error: { code: string; details?: { issues: { path: string; message: string }[] } };
}

describe('execution: a unit returns a case (退单) or asks for more time (延期)', () => {
  let service: InProcessService;
  let db: Client;

  beforeAll(async () => {
    const config = loadExecutionConfig(testServiceEnv({ RETURN_WINDOW_S: String(RETURN_WINDOW_S), EXTENSION_MAX_PER_CASE: '1' }));
    service = await startInProcess({ service: 'execution', appModule: AppModule.register(config, createLogger('execution', 'warn')), consumer: EXECUTION_CONSUMER });
    db = await connectDatabase();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const post = async <T>(path: string, agencyId: string, body: unknown): Promise<{ status: number; body: T }> => {
    const response = await testFetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await actAsUnit(agencyId)) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  const assignment = async (caseId: string) =>
    (await db.query<{ status: string; deadline: Date; signed_at: Date | null; updated_at: Date }>('SELECT status, deadline, signed_at, updated_at FROM execution.assignments WHERE case_id = $1', [caseId])).rows[0];

  const queued = async (dispatched: CaseEventOf<'case.dispatched'>) => {
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => expect((await assignment(dispatched.caseId))?.status).toBe('dispatched'), within);
  };

  const expectUnchanged = async (caseId: string, before: Awaited<ReturnType<typeof assignment>>, events: string[]) => {
    expect(await assignment(caseId)).toEqual(before);
    expect((await outboxEvents(db, 'execution', caseId)).map((event) => event.type)).toEqual(events);
  };

  it('returns a case within the window: the case waits in dispute review and case.dispute_raised carries the reason', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await queued(dispatched);

    const returned = await post<Assignment>(`/v1/cases/${dispatched.caseId}/return`, agencyId, { reason: 'not_in_remit', note: '路灯属市城管委管理，不属于本街道职责' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'dispute_pending', deadline: dispatched.payload.deadline });
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toMatchObject([
      {
        type: 'case.dispute_raised',
        producer: 'execution',
        causationId: dispatched.eventId,
        payload: { agencyId, reason: 'not_in_remit', explanation: '路灯属市城管委管理，不属于本街道职责', round: 1 },
      },
    ]);

    const before = await assignment(dispatched.caseId);
    const again = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/return`, agencyId, { reason: 'wrong_area', note: '再退一次' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    const extension = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '需协调', requestedDeadline: inHours(14 * 24) });
    expect([extension.status, extension.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    await expectUnchanged(dispatched.caseId, before, ['case.dispute_raised']);
  });

  it('refuses a return after the window, a return by a unit copied on the case, and another unit, changing nothing', async () => {
    const late = aDispatch({ occurredAt: new Date(Date.now() - RETURN_WINDOW_S * 1000 - 60_000) });
    await queued(late);
    const before = await assignment(late.caseId);

    const closed = await post<ErrorBody>(`/v1/cases/${late.caseId}/return`, late.payload.agencyId, { reason: 'wrong_area', note: '不在本街道辖区' });
    expect([closed.status, closed.body.error.code]).toEqual([409, 'RETURN.WINDOW_CLOSED']);
    const copied = await post<ErrorBody>(`/v1/cases/${late.caseId}/return`, 'gov-110105', { reason: 'wrong_area', note: '不在本区' });
    expect([copied.status, copied.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    const stranger = await post<ErrorBody>(`/v1/cases/${late.caseId}/return`, aUnit(), { reason: 'wrong_area', note: '不在本街道' });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'CASE.NOT_FOUND']);
    await expectUnchanged(late.caseId, before, []);
  });

  it('answers bad input with 400 listing every field error', async () => {
    const dispatched = aDispatch();
    await queued(dispatched);
    const { agencyId } = dispatched.payload;

    const badReturn = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/return`, agencyId, { reason: 'too_busy', note: '  ', extra: 1 });
    expect([badReturn.status, badReturn.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(badReturn.body.error.details?.issues.map((issue) => issue.path).sort()).toEqual(['(root)', 'note', 'reason']);
    const badExtension = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { requestedDeadline: 'next week' });
    expect([badExtension.status, badExtension.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(badExtension.body.error.details?.issues.map((issue) => issue.path).sort()).toEqual(['reason', 'requestedDeadline']);
    const badId = await post<ErrorBody>('/v1/cases/not-a-uuid/return', agencyId, { reason: 'other', note: '说明' });
    expect(badId.status).toBe(400);
    expect(await assignment(dispatched.caseId)).toMatchObject({ status: 'dispatched' });
  });

  it('keeps the case with the unit when its return is rejected: deemed signed, the deadline unchanged', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await queued(dispatched);
    expect((await post(`/v1/cases/${dispatched.caseId}/return`, agencyId, { reason: 'wrong_area', note: '不在本街道' })).status).toBe(200);

    const rejected = anEvent('case.dispute_rejected', { agencyId, reviewerId: 'user:dispatcher', explanation: '属地无误，首接负责' }, { caseId: dispatched.caseId });
    await publishCaseEvents([rejected]);
    await expectEventually(async () => expect((await assignment(dispatched.caseId))?.status).toBe('signed'), within);
    const after = await assignment(dispatched.caseId);
    expect(after?.deadline.toISOString()).toBe(dispatched.payload.deadline);
    expect(after?.signed_at?.toISOString()).toBe(rejected.occurredAt);
  });

  it('asks for an extension once signed; approval moves the deadline; the configured limit then refuses another', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await queued(dispatched);
    const early = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '需协调产权单位', requestedDeadline: inHours(14 * 24) });
    expect([early.status, early.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    expect((await post(`/v1/cases/${dispatched.caseId}/sign`, agencyId, {})).status).toBe(200);

    const notLater = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '需协调产权单位', requestedDeadline: inHours(24) });
    expect([notLater.status, notLater.body.error.code]).toEqual([409, 'EXTENSION.DEADLINE_NOT_LATER']);
    const requestedDeadline = new Date(Date.now() + 14 * 24 * HOUR).toISOString();
    const requested = await post<Assignment>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '需协调产权单位', requestedDeadline });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ status: 'extension_pending', deadline: dispatched.payload.deadline });
    const [, extensionRequested] = await outboxEvents(db, 'execution', dispatched.caseId);
    expect(extensionRequested).toMatchObject({
      type: 'case.extension_requested',
      payload: { agencyId, reason: '需协调产权单位', requestedDeadline, currentDeadline: dispatched.payload.deadline },
    });

    await publishCaseEvents([anEvent('case.extension_approved', { agencyId, newDeadline: requestedDeadline, reviewerId: 'user:dispatcher' }, { caseId: dispatched.caseId })]);
    await expectEventually(async () => {
      const after = await assignment(dispatched.caseId);
      expect(after?.status).toBe('signed');
      expect(after?.deadline.toISOString()).toBe(requestedDeadline);
    }, within);
    const { rows } = await db.query('SELECT number, status FROM execution.extension_requests WHERE case_id = $1', [dispatched.caseId]);
    expect(rows).toEqual([{ number: 1, status: 'approved' }]);

    const before = await assignment(dispatched.caseId);
    const beyond = await post<ErrorBody>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '仍需时间', requestedDeadline: inHours(30 * 24) });
    expect([beyond.status, beyond.body.error.code]).toEqual([409, 'EXTENSION.LIMIT_REACHED']);
    await expectUnchanged(dispatched.caseId, before, ['case.signed', 'case.extension_requested']);
  });

  it('does not count a rejected extension request against the limit', async () => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await queued(dispatched);
    expect((await post(`/v1/cases/${dispatched.caseId}/sign`, agencyId, {})).status).toBe(200);
    expect((await post(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '需协调', requestedDeadline: inHours(10 * 24) })).status).toBe(200);

    await publishCaseEvents([anEvent('case.extension_rejected', { agencyId, reviewerId: 'user:dispatcher', explanation: '时限内可办结' }, { caseId: dispatched.caseId })]);
    await expectEventually(async () => expect((await assignment(dispatched.caseId))?.status).toBe('signed'), within);
    expect((await assignment(dispatched.caseId))?.deadline.toISOString()).toBe(dispatched.payload.deadline);
    const again = await post<Assignment>(`/v1/cases/${dispatched.caseId}/extension`, agencyId, { reason: '确需延期', requestedDeadline: inHours(10 * 24) });
    expect([again.status, again.body.status]).toEqual([200, 'extension_pending']);
  });
});
