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
import { agencyQueueStatement } from '../src/list-agency-cases/list-agency-cases.handler';

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

  /** Orders written straight into the table, with the dispatch times and holders a test needs. */
  async function insertOrders(orders: { agencyId: string; status: string; minutesAgo: number; coHandlerIds?: string[]; copiedTo?: string[] }[]): Promise<string[]> {
    const caseIds = orders.map(() => randomUUID());
    await db.query(
      `INSERT INTO execution.assignments (case_id, agency_id, round, status, deadline, copied_to, co_handler_ids, dispatched_at, dispatch_event_id, correlation_id)
       SELECT o.case_id, o.agency_id, 1, o.status, now() + interval '7 days', o.copied_to, o.co_handler_ids, now() - o.minutes_ago * interval '1 minute', gen_random_uuid(), 'it'
         FROM jsonb_to_recordset($1::jsonb) AS o(case_id uuid, agency_id text, status text, minutes_ago int, copied_to text[], co_handler_ids text[])`,
      [JSON.stringify(orders.map((order, i) => ({ case_id: caseIds[i], agency_id: order.agencyId, status: order.status, minutes_ago: order.minutesAgo, copied_to: order.copiedTo ?? [], co_handler_ids: order.coHandlerIds ?? [] })))],
    );
    return caseIds;
  }

  it('lists the newest orders first across the ways the unit holds them, each once, up to the limit', async () => {
    const [unit, other] = [aUnit('street'), aUnit('city')];
    const [ledOldest, coHandled, copied, ledSigned, coHandledMerged, ledNewest, ledAndCopied] = await insertOrders([
      { agencyId: unit, status: 'dispatched', minutesAgo: 300 },
      { agencyId: other, status: 'dispatched', minutesAgo: 240, coHandlerIds: [unit] },
      { agencyId: other, status: 'signed', minutesAgo: 180, copiedTo: [unit] },
      { agencyId: unit, status: 'signed', minutesAgo: 120 },
      { agencyId: other, status: 'merged', minutesAgo: 60, coHandlerIds: [unit] },
      { agencyId: unit, status: 'dispatched', minutesAgo: 30 },
      { agencyId: unit, status: 'dispatched', minutesAgo: 400, copiedTo: [unit, other] },
    ]);
    const ids = (items: QueueItem[]) => items.map((item) => item.caseId);

    expect(ids(await queueOf(unit, '?limit=3'))).toEqual([ledNewest, ledSigned, copied]);
    const all = await queueOf(unit);
    expect(ids(all)).toEqual([ledNewest, ledSigned, copied, coHandled, ledOldest, ledAndCopied]);
    expect(all.map((item) => item.role)).toEqual(['lead', 'lead', 'copy', 'co_handler', 'lead', 'lead']);
    expect(ids(await queueOf(unit, '?status=dispatched'))).toEqual([ledNewest, coHandled, ledOldest, ledAndCopied]);
    expect(ids(await queueOf(unit, '?role=co_handler'))).toEqual([coHandled]);
    expect(ids(await queueOf(unit, '?role=copy&limit=1'))).toEqual([copied]);
    // The other unit leads three of them (one withdrawn by a merge) and was copied on the oldest.
    expect(ids(await queueOf(other))).toEqual([copied, coHandled, ledAndCopied]);
    expect(ids(await queueOf(other, '?limit=2'))).toEqual([copied, coHandled]);
    expect(ids(all)).not.toContain(coHandledMerged);

    // A limit out of range is refused with what is wrong with it.
    for (const [query, message] of [
      ['?limit=0', 'limit must be at least 1'],
      ['?limit=501', 'limit must be at most 500'],
      ['?limit=ten', 'limit must be a number'],
    ]) {
      const refused = await httpJson<ErrorBody>('GET', `${service.url}/v1/agencies/${unit}/cases${query}`, undefined, await actAsUnit(unit));
      expect({ status: refused.status, code: refused.body.error.code, message: refused.body.error.message }).toEqual({
        status: 400,
        code: 'VALIDATION.FAILED',
        message: `The query is invalid: ${message}`,
      });
    }
  });

  it("reads a unit's queue through its indexes, about `limit` rows a way of holding, not every order the city has had", async () => {
    const unit = aUnit('street');
    const crowd = `crowd-it-${randomUUID().slice(0, 8)}`;
    await insertOrders([
      { agencyId: unit, status: 'dispatched', minutesAgo: 10 },
      { agencyId: `${crowd}-lead`, status: 'dispatched', minutesAgo: 20, coHandlerIds: [unit] },
      { agencyId: `${crowd}-lead`, status: 'signed', minutesAgo: 30, copiedTo: [unit] },
    ]);
    // The unit's own history (2,000 closed orders), and twenty thousand orders of fifty other units, most
    // closed, a few with co-handlers or copies.
    // Orders numbered i = 1…count, dispatched i minutes before an hour ago; each column an SQL expression of i and $1.
    const insertHistory = (count: number, parameter: string, columns: { agency: string; status: string; copiedTo: string; coHandlers: string }) =>
      db.query(
        `INSERT INTO execution.assignments (case_id, agency_id, round, status, deadline, copied_to, co_handler_ids, dispatched_at, dispatch_event_id, correlation_id)
         SELECT gen_random_uuid(), ${columns.agency}, 1, ${columns.status}, now(), ${columns.copiedTo}, ${columns.coHandlers},
                now() - interval '1 hour' - i * interval '1 minute', gen_random_uuid(), 'it'
           FROM generate_series(1, ${count}) AS i`,
        [parameter],
      );
    await insertHistory(2000, unit, { agency: '$1', status: `'closed'`, copiedTo: `'{}'`, coHandlers: `'{}'` });
    await insertHistory(20000, crowd, {
      agency: `$1 || '-' || (i % 50)`,
      status: `CASE WHEN i % 10 = 0 THEN 'dispatched' ELSE 'closed' END`,
      copiedTo: `CASE WHEN i % 500 = 0 THEN ARRAY[$1 || '-copy'] ELSE '{}' END`,
      coHandlers: `CASE WHEN i % 700 = 0 THEN ARRAY[$1 || '-co'] ELSE '{}' END`,
    });
    try {
      await db.query('ANALYZE execution.assignments');
      type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; Plans?: PlanNode[] };
      for (const query of [{ limit: 20 }, { limit: 20, status: 'dispatched' as const }, { limit: 20, role: 'co_handler' as const }, { limit: 20, role: 'copy' as const }]) {
        const { sql, parameters } = agencyQueueStatement(unit, query);
        const { rows } = await db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
        const seqScans: string[] = [];
        let rowsRead = 0;
        const visit = (node: PlanNode) => {
          if (node['Node Type'] === 'Seq Scan') seqScans.push(node['Relation Name'] ?? '?');
          if (node['Relation Name'] === 'assignments') rowsRead += node['Actual Rows'] * node['Actual Loops'];
          for (const child of node.Plans ?? []) visit(child);
        };
        visit(rows[0]['QUERY PLAN'][0].Plan);
        expect({ query, seqScans, isAboutLimit: rowsRead <= 3 * (query.limit + 1) }).toEqual({ query, seqScans: [], isAboutLimit: true });
      }
      expect((await queueOf(unit, '?limit=3')).map((item) => item.role)).toEqual(['lead', 'co_handler', 'copy']);
    } finally {
      await db.query(`DELETE FROM execution.assignments WHERE agency_id LIKE $1 OR agency_id = $2`, [`${crowd}-%`, unit]);
    }
  });
});
