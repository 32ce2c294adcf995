import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEvent, PayloadOf } from '@hotline/contracts';
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

type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } } };
interface Summons {
  whistleId: string;
  agencyId: string;
  arriveBy: string;
  checkedInAt: string | null;
  missedAt: string | null;
  state: string;
}

const aUnit = (kind: string) => `${kind}-it-${randomUUID().slice(0, 8)}`;
const ofType = <T extends CaseEvent['type']>(events: CaseEvent[], type: T) => events.filter((event): event is Extract<CaseEvent, { type: T }> => event.type === type);

function aDispatch(payload: Partial<PayloadOf<'case.dispatched'>> & { agencyId: string }) {
  return aCaseEvent(
    'case.dispatched',
    {
      agencyName: '建外街道办事处',
      copiedToAgencyIds: [],
      deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '1',
      ruleId: 'it',
      round: 1,
      ...payload,
    },
    { producer: 'dispatch' },
  );
}

describe('execution: co-handlers report to the lead (协办) and the street office blows the whistle (吹哨报到)', () => {
  let service: InProcessService;
  let db: Client;

  beforeAll(async () => {
    const config = loadExecutionConfig({ ...testServiceEnv(), WHISTLE_SWEEP_INTERVAL_MS: '200' });
    service = await startInProcess({ service: 'execution', appModule: AppModule.register(config, createLogger('execution', 'warn')), consumer: EXECUTION_CONSUMER });
    db = await connectDatabase();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const post = async <T = ErrorBody>(agencyId: string, caseId: string, action: string, body: unknown) =>
    httpJson<T>('POST', `${service.url}/v1/cases/${caseId}/${action}`, body, await actAsUnit(agencyId));
  const dispatchedTo = async (payload: Parameters<typeof aDispatch>[0]) => {
    const dispatched = aDispatch(payload);
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT 1 FROM execution.assignments WHERE case_id = $1', [dispatched.caseId]);
      expect(rows).toHaveLength(1);
    }, within);
    return dispatched.caseId;
  };

  it("takes each co-handler's report once per round, refuses everyone else, and the lead's feedback says who reported", async () => {
    const [lead, reporting, silent, copyHolder] = [aUnit('street'), aUnit('city'), aUnit('utility'), aUnit('gov')];
    const caseId = await dispatchedTo({ agencyId: lead, coHandlerIds: [reporting, silent], copiedToAgencyIds: [copyHolder] });

    const invalid = await post(reporting, caseId, 'co-handler-report', { note: '', color: 'red' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details?.issues?.map((issue) => issue.path).sort()).toEqual(['(root)', 'note'].sort());

    const report = await post<{ agencyId: string; leadAgencyId: string; round: number; reportedAt: string }>(reporting, caseId, 'co-handler-report', { note: '已协调物业更换楼道灯' });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ agencyId: reporting, leadAgencyId: lead, round: 1 });

    const again = await post(reporting, caseId, 'co-handler-report', { note: '再报一次' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CO_HANDLER_REPORT.ALREADY_EXISTS']);
    const byLead = await post(lead, caseId, 'co-handler-report', { note: '主办单位' });
    expect([byLead.status, byLead.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    const byCopy = await post(copyHolder, caseId, 'co-handler-report', { note: '抄送单位' });
    expect([byCopy.status, byCopy.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    expect((await post(aUnit('street'), caseId, 'co-handler-report', { note: '无关单位' })).status).toBe(404);
    expect(ofType(await outboxEvents(db, 'execution', caseId), 'case.co_handler_reported').map((event) => event.payload)).toEqual([
      { agencyId: reporting, leadAgencyId: lead, round: 1, note: '已协调物业更换楼道灯' },
    ]);

    expect((await post(lead, caseId, 'sign', {})).status).toBe(200);
    expect((await post(lead, caseId, 'feedback', { outcome: 'resolved', reply: '楼道灯已更换' })).status).toBe(200);
    const [feedback] = ofType(await outboxEvents(db, 'execution', caseId), 'case.feedback_submitted');
    expect(feedback?.payload.coHandlers).toEqual([
      { agencyId: reporting, reportedAt: report.body.reportedAt },
      { agencyId: silent, reportedAt: null },
    ]);
    // Once the lead has replied, the round is over for co-handlers too.
    const late = await post(silent, caseId, 'co-handler-report', { note: '迟到的协办反馈' });
    expect([late.status, late.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
  });

  it('summons departments, records each check-in on time or late, and each absence exactly once', async () => {
    const [street, onTime, absent, coHandler] = [aUnit('street'), aUnit('city'), aUnit('utility'), aUnit('city')];
    const caseId = await dispatchedTo({ agencyId: street, coHandlerIds: [coHandler] });
    expect((await post(street, caseId, 'sign', {})).status).toBe(200);

    const invalid = await post(street, caseId, 'whistle', { agencyIds: [], arriveWithinMinutes: 0 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details?.issues?.map((issue) => issue.path).sort()).toEqual(['agencyIds', 'arriveWithinMinutes']);
    const selfSummons = await post(street, caseId, 'whistle', { agencyIds: [onTime, street] });
    expect([selfSummons.status, selfSummons.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    const byCoHandler = await post(coHandler, caseId, 'whistle', { agencyIds: [onTime] });
    expect([byCoHandler.status, byCoHandler.body.error.code]).toEqual([409, 'CASE.WRONG_AGENCY']);
    expect(ofType(await outboxEvents(db, 'execution', caseId), 'case.whistle_blown')).toEqual([]);

    const blown = await post<{ whistleId: string; summoned: Summons[] }>(street, caseId, 'whistle', { agencyIds: [onTime, absent], note: '占道施工堵塞消防通道' });
    expect(blown.status).toBe(201);
    expect(blown.body.summoned.map((summons) => [summons.agencyId, summons.state])).toEqual([
      [onTime, 'pending'],
      [absent, 'pending'],
    ]);
    // The default: 30 minutes to arrive.
    const arriveBy = new Date(blown.body.summoned[0]!.arriveBy).getTime();
    expect(arriveBy - Date.now()).toBeGreaterThan(29 * 60_000);

    const checkedIn = await post<Summons>(onTime, caseId, 'check-in', { note: '执法队已到场' });
    expect([checkedIn.status, checkedIn.body.state]).toEqual([200, 'checked_in']);
    const twice = await post(onTime, caseId, 'check-in', {});
    expect([twice.status, twice.body.error.code]).toEqual([409, 'CHECK_IN.ALREADY_EXISTS']);
    const notSummoned = await post(aUnit('city'), caseId, 'check-in', {});
    expect([notSummoned.status, notSummoned.body.error.code]).toEqual([404, 'WHISTLE.NOT_FOUND']);

    // The absent department's time runs out (moved into the past rather than waiting 30 minutes).
    await db.query('UPDATE execution.whistle_summons SET arrive_by = now() - interval \'5 minutes\' WHERE case_id = $1 AND agency_id = $2', [caseId, absent]);
    await expectEventually(async () => expect(ofType(await outboxEvents(db, 'execution', caseId), 'case.check_in_missed')).toHaveLength(1), within);
    // Several more sweeps: still recorded once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const missed = ofType(await outboxEvents(db, 'execution', caseId), 'case.check_in_missed');
    expect(missed.map((event) => event.payload)).toEqual([{ whistleId: blown.body.whistleId, agencyId: absent, arriveBy: expect.any(String) }]);

    const lateCheckIn = await post<Summons>(absent, caseId, 'check-in', {});
    expect([lateCheckIn.status, lateCheckIn.body.state]).toEqual([200, 'missed_then_checked_in']);
    const checkIns = ofType(await outboxEvents(db, 'execution', caseId), 'case.checked_in').map((event) => event.payload);
    expect(checkIns).toEqual([
      expect.objectContaining({ agencyId: onTime, isLate: false, lateByMinutes: 0, note: '执法队已到场' }),
      // Five minutes and the moments since, counted in started minutes.
      expect.objectContaining({ agencyId: absent, isLate: true, lateByMinutes: 6 }),
    ]);

    const list = await httpJson<{ summons: Summons[] }>('GET', `${service.url}/v1/cases/${caseId}/whistles`, undefined, await actAsUnit(absent));
    expect(list.body.summons.map((summons) => [summons.agencyId, summons.state])).toEqual([
      [onTime, 'checked_in'],
      [absent, 'missed_then_checked_in'],
    ]);
    expect((await httpJson('GET', `${service.url}/v1/cases/${caseId}/whistles`, undefined, await actAsUnit(aUnit('street')))).status).toBe(404);
  });
});
