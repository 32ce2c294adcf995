import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createLogger } from '@hotline/observability';
import {
  aCaseRequest,
  actAs,
  connectDatabase,
  expectEventually,
  httpJson,
  outboxEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import { INTAKE_CONSUMER } from '../src/infrastructure/messaging/intake-consumer';

jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };

// 数字城管 steps 1–2: an inspector reports, the centre files (立案) or rejects. That classification holds a
// report until case.filed is tested in services/classification/test/knowledge-and-triage.int-spec.ts.
describe('intake: grid reports and filing', () => {
  let intake: InProcessService;
  let db: Client;

  beforeAll(async () => {
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(loadIntakeConfig(testServiceEnv()), createLogger('intake', 'warn')), consumer: INTAKE_CONSUMER });
    db = await connectDatabase();
  }, 90_000);

  afterAll(async () => {
    await intake?.close();
    await db?.end();
  }, 60_000);

  const inspector = () => actAs('inspector');
  const aGridReport = (over: Record<string, unknown> = {}) => ({
    ...aCaseRequest({ channel: 'grid', title: '井盖破损', description: `朝阳区建国路88号门口井盖破损 ${randomUUID()}` }),
    componentCode: '1101050101000001',
    ...over,
  });
  const report = async (body: Record<string, unknown> = aGridReport()) => {
    const response = await httpJson<{ caseId: string }>('POST', `${intake.url}/v1/cases`, body, await inspector());
    expect(response.status).toBe(202);
    return response.body.caseId;
  };
  const decide = (caseId: string, body: unknown) => httpJson<{ filingStatus: string; error?: { code: string } }>('POST', `${intake.url}/v1/cases/${caseId}/filing`, body);
  const eventuallyPublished = (caseId: string, count: number) =>
    expectEventually(async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM intake.outbox WHERE message_key = $1 AND published_at IS NOT NULL', [caseId]);
      expect(rows[0]?.n).toBe(count);
    }, within);

  it('records the inspector and the component in case.received, lists the report as pending and files it once', async () => {
    const caseId = await report(aGridReport({ gridEventClass: '0101' }));
    const [received] = await outboxEvents(db, 'intake', caseId);
    expect(received?.payload).toMatchObject({ channel: 'grid', inspectorId: 'user:test-inspector', componentCode: '1101050101000001', gridEventClass: '0101' });

    const pending = await httpJson<{ items: { caseId: string; inspectorId: string }[] }>('GET', `${intake.url}/v1/filings?status=pending`);
    // No datum given: GPS's.
    expect(pending.body.items).toContainEqual(expect.objectContaining({ caseId, inspectorId: 'user:test-inspector', location: { lat: 39.9087, lng: 116.4605, datum: 'WGS-84' } }));

    const filed = await decide(caseId, { decision: 'file', eventClass: '0102', note: '现场核实属实' });
    expect(filed).toMatchObject({ status: 200, body: { filingStatus: 'filed' } });
    const events = await outboxEvents(db, 'intake', caseId);
    expect(events[1]).toMatchObject({ type: 'case.filed', payload: { verifierId: 'user:test-harness', eventClass: '0102', componentCode: '1101050101000001', note: '现场核实属实' } });
    await eventuallyPublished(caseId, 2);

    const again = await decide(caseId, { decision: 'reject', reason: 'duplicate', explanation: '重复上报' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CASE.ILLEGAL_TRANSITION' } } });
    expect((await outboxEvents(db, 'intake', caseId)).length).toBe(2);
  });

  it('rejects a report with a reason', async () => {
    // An inspector's device on a Chinese map SDK names its datum; the centre's list shows it.
    const caseId = await report(aGridReport({ location: { lat: 39.910031, lng: 116.466648, datum: 'GCJ-02' } }));
    const rejected = await decide(caseId, { decision: 'reject', reason: 'not_found_on_site', explanation: '现场未发现井盖破损' });
    expect(rejected).toMatchObject({ status: 200, body: { filingStatus: 'not_filed' } });
    expect((await outboxEvents(db, 'intake', caseId))[1]).toMatchObject({ type: 'case.filing_rejected', payload: { reason: 'not_found_on_site', explanation: '现场未发现井盖破损' } });
    await eventuallyPublished(caseId, 2);
    const listed = await httpJson<{ items: { caseId: string; rejectionReason: string }[] }>('GET', `${intake.url}/v1/filings?status=not_filed&limit=500`);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ caseId, rejectionReason: 'not_found_on_site', location: { lat: 39.910031, lng: 116.466648, datum: 'GCJ-02' } }));
  });

  it('answers 404 for an unknown case, 409 for a case that is not a grid report, and 400 listing every field', async () => {
    expect((await decide(randomUUID(), { decision: 'file' })).status).toBe(404);
    const phone = await httpJson<{ caseId: string }>('POST', `${intake.url}/v1/cases`, aCaseRequest());
    expect(await decide(phone.body.caseId, { decision: 'file' })).toMatchObject({ status: 409, body: { error: { code: 'CASE.ILLEGAL_TRANSITION' } } });

    const caseId = await report();
    const bad = await decide(caseId, { decision: 'reject', componentCode: '12' });
    expect(bad.status).toBe(400);
    const issues = (bad.body as unknown as { error: { details: { issues: { path: string }[] } } }).error.details.issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['reason', 'explanation', 'componentCode']));
    expect((await outboxEvents(db, 'intake', caseId)).length).toBe(1);
  });

  it('refuses grid fields on other channels, a grid report without a class or component, and a grid report from a non-inspector', async () => {
    const misplaced = await httpJson('POST', `${intake.url}/v1/cases`, { ...aCaseRequest(), componentCode: '1101050101000001' });
    expect(misplaced.status).toBe(400);
    const bare = await httpJson('POST', `${intake.url}/v1/cases`, aGridReport({ componentCode: undefined, gridEventClass: 'x' }), await inspector());
    expect(bare.status).toBe(400);
    expect(JSON.stringify(bare.body)).toContain('gridEventClass');
    const byDispatcher = await httpJson('POST', `${intake.url}/v1/cases`, aGridReport());
    expect(byDispatcher.status).toBe(403);
    const byUnit = await httpJson('POST', `${intake.url}/v1/filings`, undefined, await actAs('unit_operator', { agencyId: 'street-110105001' }));
    expect([403, 404]).toContain(byUnit.status);
  });
});
