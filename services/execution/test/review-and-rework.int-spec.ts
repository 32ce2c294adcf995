import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { newCaseEvent, type CaseEventOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import { actAsUnit, connectDatabase, expectEventually, httpJson, publishCaseEvents, startInProcess, testServiceEnv, type InProcessService } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadExecutionConfig } from '../src/config/execution-config';
import { EXECUTION_CONSUMER } from '../src/infrastructure/messaging/execution-consumer';

const within = { timeoutMs: 60_000 };

interface QueueItem {
  caseId: string;
  status: string;
  feedbackAt: string | null;
}

describe('execution: the centre\'s review (审核) and the on-site check (核查) move the unit\'s queue', () => {
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

  /** A case dispatched to a fresh unit, signed and answered by it over HTTP. */
  const answeredCase = async (): Promise<{ caseId: string; agencyId: string; unit: Record<string, string>; dispatched: CaseEventOf<'case.dispatched'> }> => {
    const agencyId = `street-rw-${randomUUID().slice(0, 8)}`;
    const dispatched = newCaseEvent({
      type: 'case.dispatched',
      caseId: randomUUID(),
      producer: 'dispatch',
      payload: {
        agencyId,
        agencyName: '建外街道办事处',
        copiedToAgencyIds: [],
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        slaClock: { amount: 7, unit: 'natural_days' },
        catalogueVersion: '2026.1',
        ruleId: 'manhole@110105',
        round: 1,
      },
    });
    const { caseId } = dispatched;
    await publishCaseEvents([dispatched]);
    const unit = await actAsUnit(agencyId);
    await expectEventually(async () => expect((await queue(agencyId, unit)).map((item) => item.caseId)).toContain(caseId), within);
    expect((await httpJson('POST', `${service.url}/v1/cases/${caseId}/sign`, {}, unit)).status).toBe(200);
    expect((await httpJson('POST', `${service.url}/v1/cases/${caseId}/feedback`, { outcome: 'resolved', reply: '井盖已更换。' }, unit)).status).toBe(200);
    return { caseId, agencyId, unit, dispatched };
  };

  const queue = async (agencyId: string, unit: Record<string, string>, status?: string): Promise<QueueItem[]> =>
    (await httpJson<{ items: QueueItem[] }>('GET', `${service.url}/v1/agencies/${agencyId}/cases${status ? `?status=${status}` : ''}`, undefined, unit)).body.items;

  it('puts a case back in the unit\'s queue as signed after a failed on-site check, and takes the new reply', async () => {
    const { caseId, agencyId, unit, dispatched } = await answeredCase();
    const rework = newCaseEvent({
      type: 'case.rework_ordered',
      caseId,
      producer: 'feedback',
      cause: { eventId: dispatched.eventId, correlationId: dispatched.correlationId },
      payload: { agencyId, inspectorId: 'user:inspector-2', reworkCount: 1, note: '井盖仍松动' },
    });
    await publishCaseEvents([rework]);
    await expectEventually(async () => expect(await queue(agencyId, unit, 'signed')).toMatchObject([{ caseId, status: 'signed', feedbackAt: null }]), within);
    const again = await httpJson('POST', `${service.url}/v1/cases/${caseId}/feedback`, { outcome: 'resolved', reply: '已重新固定井盖。' }, unit);
    expect(again.status).toBe(200);
  });

  it('shows an approved reply as approved, and a reply returned at review back as signed', async () => {
    const approvedCase = await answeredCase();
    const returnedCase = await answeredCase();
    await publishCaseEvents([
      newCaseEvent({ type: 'case.feedback_approved', caseId: approvedCase.caseId, producer: 'feedback', payload: { agencyId: approvedCase.agencyId, reviewerId: 'user:reviewer', note: null } }),
      newCaseEvent({
        type: 'case.feedback_returned',
        caseId: returnedCase.caseId,
        producer: 'feedback',
        payload: { agencyId: returnedCase.agencyId, reviewerId: 'user:reviewer', explanation: '请附照片', reason: 'no_evidence' },
      }),
    ]);
    await expectEventually(async () => {
      expect(await queue(approvedCase.agencyId, approvedCase.unit)).toMatchObject([{ caseId: approvedCase.caseId, status: 'feedback_approved' }]);
      expect(await queue(returnedCase.agencyId, returnedCase.unit, 'signed')).toMatchObject([{ caseId: returnedCase.caseId, status: 'signed', feedbackAt: null }]);
    }, within);
    const { rows } = await db.query<{ status: string }>('SELECT status FROM execution.assignments WHERE case_id = $1', [approvedCase.caseId]);
    expect(rows).toEqual([{ status: 'feedback_approved' }]);
  });
});
