import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { newCaseEvent, type CaseEventOf } from '@hotline/contracts';
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

interface ErrorBody {
  error: { code: string; details?: { issues: { path: string; message: string }[] } };
}
interface AppealView {
  appealId: string;
  round: number;
  status: string;
}

function aDispatch(): CaseEventOf<'case.dispatched'> {
  return newCaseEvent({
    type: 'case.dispatched',
    caseId: randomUUID(),
    producer: 'dispatch',
    payload: {
      agencyId: `street-ap-${randomUUID().slice(0, 8)}`,
      agencyName: '建外街道办事处',
      copiedToAgencyIds: ['gov-110105'],
      deadline: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.1',
      ruleId: 'noise-110105',
      round: 1,
    },
  });
}

describe('execution: a unit appeals a closed case (申诉) through Kafka', () => {
  let service: InProcessService;
  let db: Client;

  beforeAll(async () => {
    const config = loadExecutionConfig(testServiceEnv());
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
  const status = async (caseId: string) => (await db.query<{ status: string }>('SELECT status FROM execution.assignments WHERE case_id = $1', [caseId])).rows[0]?.status;
  const appealsOf = async (caseId: string) => (await db.query<{ status: string }>('SELECT status FROM execution.appeals WHERE case_id = $1', [caseId])).rows;
  const eventTypes = async (caseId: string) => (await outboxEvents(db, 'execution', caseId)).map((event) => event.type);

  /** A case the unit signed and answered, then closed by the follow-up desk. */
  const aClosedCase = async (): Promise<CaseEventOf<'case.dispatched'>> => {
    const dispatched = aDispatch();
    const { agencyId } = dispatched.payload;
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => expect(await status(dispatched.caseId)).toBe('dispatched'), within);
    expect((await post(`/v1/cases/${dispatched.caseId}/sign`, agencyId, {})).status).toBe(200);
    expect((await post(`/v1/cases/${dispatched.caseId}/feedback`, agencyId, { outcome: 'resolved', reply: '已协调施工方停止夜间施工' })).status).toBe(200);
    const followUp = { reached: true, resolved: false, satisfaction: 'unsatisfied' as const, note: null, operatorId: 'user:follow-up-1' };
    await publishCaseEvents([newCaseEvent({ type: 'case.closed', caseId: dispatched.caseId, producer: 'feedback', payload: { followUp, agencyId, closedAs: 'follow_up' } })]);
    await expectEventually(async () => expect(await status(dispatched.caseId)).toBe('closed'), within);
    return dispatched;
  };

  it('files an appeal on a closed case: under appeal, case.appeal_filed with its id; the decision closes it again and a second appeal is refused', async () => {
    const dispatched = await aClosedCase();
    const { caseId, payload: { agencyId } } = dispatched;

    const filed = await post<AppealView>(`/v1/cases/${caseId}/appeal`, agencyId, { reason: '诉求不合理', note: '市民要求超出政策范围' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ round: 1, status: 'pending' });
    expect(await status(caseId)).toBe('under_appeal');
    const events = await outboxEvents(db, 'execution', caseId);
    expect(events.at(-1)).toMatchObject({
      type: 'case.appeal_filed',
      causationId: dispatched.eventId,
      payload: { agencyId, reason: '诉求不合理', appealId: filed.body.appealId, note: '市民要求超出政策范围' },
    });

    const underAppeal = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, agencyId, { reason: '再申诉' });
    expect([underAppeal.status, underAppeal.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);

    await publishCaseEvents([
      newCaseEvent({
        type: 'case.appeal_decided',
        caseId,
        producer: 'assessment',
        payload: { agencyId, isUpheld: true, reviewerId: 'user:supervisor-1', appealId: filed.body.appealId, note: null },
      }),
    ]);
    await expectEventually(async () => expect(await appealsOf(caseId)).toEqual([{ status: 'upheld' }]), within);
    expect(await status(caseId)).toBe('closed');

    const decided = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, agencyId, { reason: '再申诉' });
    expect([decided.status, decided.body.error.code]).toEqual([409, 'APPEAL.CONFLICT']);
    expect(await status(caseId)).toBe('closed');
    expect((await eventTypes(caseId)).filter((type) => type === 'case.appeal_filed')).toHaveLength(1);
  });

  it('refuses an appeal on an open case, by a unit copied on it, or by another unit, changing nothing; and answers 400 listing every field', async () => {
    const dispatched = aDispatch();
    const { caseId, payload: { agencyId } } = dispatched;
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => expect(await status(caseId)).toBe('dispatched'), within);

    const open = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, agencyId, { reason: '诉求不合理' });
    expect([open.status, open.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    const copied = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, 'gov-110105', { reason: '诉求不合理' });
    expect([copied.status, copied.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    const stranger = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, `street-ap-${randomUUID().slice(0, 8)}`, { reason: '诉求不合理' });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'CASE.NOT_FOUND']);
    const bad = await post<ErrorBody>(`/v1/cases/${caseId}/appeal`, agencyId, { reason: '  ', note: 'x'.repeat(2001), extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.issues.map((issue) => issue.path).sort()).toEqual(['(root)', 'note', 'reason']);

    expect(await status(caseId)).toBe('dispatched');
    expect(await appealsOf(caseId)).toEqual([]);
    expect(await eventTypes(caseId)).toEqual([]);
  });
});
