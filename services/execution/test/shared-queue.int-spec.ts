import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  actAsUnit,
  connectDatabase,
  expectEventually,
  httpJson,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadExecutionConfig } from '../src/config/execution-config';
import { EXECUTION_CONSUMER } from '../src/infrastructure/messaging/execution-consumer';

jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };

interface QueueItem {
  caseId: string;
  role: 'lead' | 'co_handler' | 'copy';
  leadAgencyId: string;
  status: string;
}
type ErrorBody = { error: { code: string; message: string } };

const aUnit = (kind: string) => `${kind}-it-${randomUUID().slice(0, 8)}`;

function aDispatch(payload: Partial<PayloadOf<'case.dispatched'>> & { agencyId: string }) {
  return aCaseEvent(
    'case.dispatched',
    {
      agencyName: '建外街道办事处',
      copiedToAgencyIds: [],
      deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '7',
      ruleId: 'noise-110105',
      round: 1,
      ...payload,
    },
    { producer: 'dispatch' },
  );
}

describe('execution: co-handlers and copy holders see the case in their queues, read-only', () => {
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

  const queueOf = async (agencyId: string, query = '') => {
    const response = await httpJson<{ items: QueueItem[] }>('GET', `${service.url}/v1/agencies/${agencyId}/cases${query}`, undefined, await actAsUnit(agencyId));
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const actAs = async (agencyId: string, action: 'sign' | 'feedback', caseId: string) =>
    httpJson<ErrorBody>('POST', `${service.url}/v1/cases/${caseId}/${action}`, action === 'sign' ? {} : { outcome: 'resolved', reply: '已处理' }, await actAsUnit(agencyId));

  it("puts the case in the lead's, each co-handler's and each copy holder's own queue, saying how each holds it", async () => {
    const [lead, coHandler, copyHolder] = [aUnit('street'), aUnit('city'), aUnit('gov')];
    const dispatched = aDispatch({ agencyId: lead, coHandlerIds: [coHandler], copiedToAgencyIds: [copyHolder], routedBy: 'rule' });
    await publishCaseEvents([dispatched]);

    const expected = (role: QueueItem['role']): unknown[] => [expect.objectContaining({ caseId: dispatched.caseId, role, leadAgencyId: lead, status: 'dispatched' })];
    await expectEventually(async () => expect(await queueOf(coHandler)).toEqual(expected('co_handler')), within);
    expect(await queueOf(copyHolder)).toEqual(expected('copy'));
    expect(await queueOf(lead)).toEqual(expected('lead'));
    expect(await queueOf(copyHolder, '?role=lead')).toEqual([]);
    expect(await queueOf(coHandler, '?role=co_handler&status=dispatched')).toEqual(expected('co_handler'));
    expect(await queueOf(aUnit('street'))).toEqual([]);
  });

  it('refuses signing and feedback by a copy holder or a co-handler with 409, changing nothing, while the lead signs', async () => {
    const [lead, coHandler, copyHolder] = [aUnit('street'), aUnit('city'), aUnit('gov')];
    const dispatched = aDispatch({ agencyId: lead, coHandlerIds: [coHandler], copiedToAgencyIds: [copyHolder] });
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => expect(await queueOf(copyHolder)).toHaveLength(1), within);

    for (const action of ['sign', 'feedback'] as const) {
      const byCopy = await actAs(copyHolder, action, dispatched.caseId);
      expect([byCopy.status, byCopy.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
      expect(byCopy.body.error.message).toContain('read-only copy');
      const byCoHandler = await actAs(coHandler, action, dispatched.caseId);
      expect([byCoHandler.status, byCoHandler.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    }
    expect((await actAs(aUnit('street'), 'sign', dispatched.caseId)).status).toBe(404);
    expect(await outboxEvents(db, 'execution', dispatched.caseId)).toEqual([]);

    expect((await actAs(lead, 'sign', dispatched.caseId)).status).toBe(200);
    // The copy follows the case: its holder sees it signed.
    expect(await queueOf(copyHolder)).toEqual([expect.objectContaining({ caseId: dispatched.caseId, role: 'copy', status: 'signed' })]);
  });

  it('still takes a case.dispatched sent before co-handlers existed', async () => {
    const [lead, copyHolder] = [aUnit('street'), aUnit('gov')];
    const dispatched = aDispatch({ agencyId: lead, copiedToAgencyIds: [copyHolder] });
    delete (dispatched.payload as { coHandlerIds?: string[] }).coHandlerIds;
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => expect(await queueOf(copyHolder)).toEqual([expect.objectContaining({ caseId: dispatched.caseId, role: 'copy' })]), within);
    const { rows } = await db.query('SELECT co_handler_ids FROM execution.assignments WHERE case_id = $1', [dispatched.caseId]);
    expect(rows).toEqual([{ co_handler_ids: [] }]);
  });
});
