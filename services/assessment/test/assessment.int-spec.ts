import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  actAs,
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
import { loadAssessmentConfig } from '../src/config/assessment-config';
import { FactsRepository } from '../src/infrastructure/database/facts.repository';
import { ASSESSMENT_CONSUMER } from '../src/infrastructure/messaging/assessment-consumer';
import { CaseChanges } from '../src/record-case-facts/case-changes';
import { HandlingRounds } from '../src/record-case-facts/handling-rounds';
import { NewHandlings } from '../src/record-case-facts/new-handlings';
import { CaseScript, aFixtureMonth, aReportedCase, notReached, reached } from './assessment-fixtures';

const within = { timeoutMs: 60_000 };

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface AgencyScore {
  agencyId: string;
  kind: string;
  score: number | null;
  rank: number | null;
  rankedAmong: number;
  excludedCases: number;
  figures: Record<string, Figure>;
}
interface MonthAssessment {
  month: string;
  isClosed: boolean;
  agencies: AgencyScore[];
  adjustments: Array<{ agencyId: string; caseId: string; eventType: string; description: string }>;
}
interface DrillDown {
  items: Array<{ caseId: string; round: number | null; inDenominator: boolean; numerator: number; isExcluded: boolean }>;
}
interface ErrorBody {
  error: { code: string; details?: { issues: Array<{ path: string; message: string }> } };
}

const f = (numerator: number, denominator: number): Figure => ({ numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 });

describe('assessment: a fixture month through Kafka, computed by hand', () => {
  let service: InProcessService;
  let db: Client;
  let admin: Record<string, string>;
  let supervisor: Record<string, string>;

  const { month, previousMonth, start } = aFixtureMonth();
  const suffix = randomUUID().slice(0, 8);
  const S1 = `street-as1-${suffix}`;
  const S2 = `street-as2-${suffix}`;
  const D1 = `city-as-${suffix}`;
  const appealBeforeClose = randomUUID();
  const appealAfterClose = randomUUID();
  const district = `9${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  const streetA = `${district}001`;
  const streetB = `${district}002`;

  // Unit S1, a street office: twelve cases, one per outcome worth counting.
  const c1 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).closed(72, reached(true, 'satisfied'));
  const c2 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).closed(72, reached(true, 'basically_satisfied'));
  const c3 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).closed(72, reached(false, 'unsatisfied')).appealFiled(100, appealAfterClose);
  const c4 = new CaseScript(S1, start).dispatched().signed(30).feedback(72).closed(96, reached(true, 'satisfied')); // signed after 30 h: not responded
  const c5 = new CaseScript(S1, start).dispatched().signed(1).feedback(192).closed(200, reached(true, 'satisfied')); // late feedback: day 8 of 7
  const c6 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).rework(60).feedback(96).closed(120, reached(true, 'satisfied')); // 返工
  const c7 = new CaseScript(S1, start).dispatched().returned(2).returnRejected(5).feedback(48).closed(72, reached(true, 'satisfied')); // 退单 rejected: deemed signed at 5 h
  const c8 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).closed(72, reached(false, 'unsatisfied')).appealFiled(100, appealBeforeClose);
  const c9 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).reopened(72, reached(false, 'unsatisfied')).dispatched(73).signed(74).feedback(96).closed(120, reached(true, 'satisfied')); // 重办: two rounds
  const c10 = new CaseScript(S1, start).dispatched().signed(1).feedback(48).closed(72, notReached, 'unreachable');
  const c11 = new CaseScript(S1, start).dispatched().signBreached(10).signed(20).feedback(48).closed(72, reached(true, 'satisfied')); // supervision: sign clock breached
  const c12 = new CaseScript(S1, start).dispatched().returned(2).redispatched(6, S2).signed(7).feedback(48).closed(72, reached(true, 'satisfied')); // 退单 upheld: S2 handles round 2
  // 吹哨报到 on S1's cases: D1 checks in on time, late, and not at all.
  const whistles = [randomUUID(), randomUUID(), randomUUID()] as const;
  c1.whistle(1, whistles[0], D1, 3).checkedIn(2.5, whistles[0], D1, 3);
  c2.whistle(1, whistles[1], D1, 3).checkedIn(4, whistles[1], D1, 3);
  c3.whistle(1, whistles[2], D1, 3).checkInMissed(3.1, whistles[2], D1, 3);
  // Unit S2, a street office: five clean cases and one never signed nor answered.
  const s2Cases = [1, 2, 3, 4, 5].map(() => new CaseScript(S2, start).dispatched().signed(1).feedback(24).closed(48, reached(true, 'satisfied')));
  const s6 = new CaseScript(S2, start).dispatched();
  // 并案 confirmed after dispatch, before and after signing: both orders are withdrawn from S2.
  const s7 = new CaseScript(S2, start).dispatched().mergedInto(3, s2Cases[0]!.caseId);
  const s8 = new CaseScript(S2, start).dispatched().signed(1).mergedInto(30, s2Cases[0]!.caseId);
  // Unit D1, a city department.
  const d1Cases = [
    new CaseScript(D1, start).dispatched().signed(1).feedback(24).closed(48, reached(true, 'satisfied')),
    new CaseScript(D1, start).dispatched().signed(1).feedback(24).closed(48, reached(true, 'satisfied')),
    new CaseScript(D1, start).dispatched().signed(1).feedback(24).closed(48, reached(true, 'basically_satisfied')),
    new CaseScript(D1, start).dispatched().signed(1).feedback(24).closed(48, reached(false, 'unsatisfied')),
  ];
  const scripts = [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, ...s2Cases, s6, s7, s8, ...d1Cases];

  // By hand (basically satisfied weighs 0.5; weights 30/35/35; a round signed within 24 h responded):
  // S1 rounds counted: c1–c7, c9 (two rounds), c10, c11 = 11; c8 excluded by its upheld appeal; c12 counts only as a return.
  const S1_FIGURES = {
    response: f(9, 11), // all 11 signed; c4 signed after 30 h, c11's sign clock breached
    resolution: f(8, 10), // reached: 11 − c10 (unreachable) = 10; unresolved: c3, c9 round 1
    satisfaction: f(7.5, 10), // satisfied: c1 c4 c5 c6 c7 c9r2 c11 = 7, basically: c2 = 0.5
    on_time: f(10, 11), // c5 answered on day 8 of 7
    return: f(2, 12), // c7 (rejected) and c12 (upheld) of 12 rounds dispatched
    rework: f(1, 11), // c6
    reopen: f(1, 11), // c9 round 1 of 11 concluded rounds
    check_in: f(0, 0),
  };
  // 100 × (30 × 9/11 + 35 × 8/10 + 35 × 7.5/10) / 100 = 24.545… + 28 + 26.25 = 78.795… → 78.8
  const S1_SCORE = 78.8;
  // S2 rounds: s1–s5, s6 (never signed, window and deadline passed), c12 round 2 = 7; s7 and s8, merged into
  // s1 after dispatch, were withdrawn and count nowhere (else s7 would be due and unsigned, s8 late).
  const S2_FIGURES = {
    response: f(6, 7),
    resolution: f(6, 6),
    satisfaction: f(6, 6),
    on_time: f(6, 7),
    return: f(0, 7),
    rework: f(0, 6),
    reopen: f(0, 6),
    check_in: f(0, 0),
  };
  // 30 × 6/7 + 35 + 35 = 25.714… + 70 = 95.714… → 95.71
  const S2_SCORE = 95.71;
  const D1_FIGURES = {
    response: f(4, 4),
    resolution: f(3, 4),
    satisfaction: f(2.5, 4), // 2 satisfied + 0.5 × 1 basically satisfied
    on_time: f(4, 4),
    return: f(0, 4),
    rework: f(0, 4),
    reopen: f(0, 4),
    check_in: f(1, 3), // on time once of three summons (once late, once missed)
  };
  // 30 × 1 + 35 × 0.75 + 35 × 0.625 = 30 + 26.25 + 21.875 = 78.125 → 78.13
  const D1_SCORE = 78.13;

  beforeAll(async () => {
    const config = loadAssessmentConfig(testServiceEnv({ BASICALLY_SATISFIED_WEIGHT: '0.5', REPORT_LAST_PLACED: '1' }));
    service = await startInProcess({ service: 'assessment', appModule: AppModule.register(config, createLogger('assessment', 'warn')), consumer: ASSESSMENT_CONSUMER });
    db = await connectDatabase();
    admin = await actAs('admin');
    supervisor = await actAs('supervisor', { regionCode: '110000' });
    const hotspotCases = [
      aReportedCase({ reportedAt: new Date(start.getTime() - 28 * 24 * 3_600_000), category: 'noise', districtCode: district, streetCode: streetA }),
      aReportedCase({ reportedAt: start, category: 'noise', districtCode: district, streetCode: streetA }),
      aReportedCase({ reportedAt: start, category: 'noise', districtCode: district, streetCode: streetA }),
      aReportedCase({ reportedAt: start, category: 'street_light', districtCode: district, streetCode: streetB }),
    ];
    const repeat = aReportedCase({ reportedAt: start, category: 'noise', districtCode: district, streetCode: streetA });
    // 并案: the repeat joins the first noise case of the month and is not counted again.
    const merged = newCaseEvent({ type: 'case.merged', caseId: repeat.caseId, producer: 'intake', occurredAt: start, payload: { intoCaseId: hotspotCases[1]!.caseId, reason: '重复诉求' } });
    // 并案 by place: a repeat reported a few metres across the street line joins the same parent, and adds no hotspot of its own.
    const acrossTheLine = aReportedCase({ reportedAt: start, category: 'noise', districtCode: district, streetCode: streetB });
    const mergedAcross = newCaseEvent({ type: 'case.merged', caseId: acrossTheLine.caseId, producer: 'classification', occurredAt: start, payload: { intoCaseId: hotspotCases[1]!.caseId, reason: '重复诉求' } });
    await publishCaseEvents([
      ...scripts.flatMap((script) => script.events),
      ...hotspotCases.flatMap((reported) => reported.events),
      ...repeat.events,
      merged,
      ...acrossTheLine.events,
      mergedAcross,
    ]);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, headers = admin): Promise<{ status: number; body: T; text: string; type: string | null }> => {
    const response = await testFetch(`${service.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type');
    return { status: response.status, body: (type?.includes('json') ? JSON.parse(text) : undefined) as T, text, type };
  };
  const assessmentOf = async () => (await request<MonthAssessment>('GET', `/v1/assessments?month=${month}`)).body;
  const ours = (assessment: MonthAssessment) => assessment.agencies.filter((agency) => [S1, S2, D1].includes(agency.agencyId));

  it('computes the three rates, the other rates, the scores and the ranking of the fixture month, and closes it for good', async () => {
    await expectEventually(async () => {
      const pending = await request<{ items: Array<{ appealId: string }> }>('GET', '/v1/appeals?status=pending&limit=500');
      expect(pending.body.items.map((appeal) => appeal.appealId)).toEqual(expect.arrayContaining([appealBeforeClose, appealAfterClose]));
    }, within);
    const decided = await request<{ status: string }>('POST', `/v1/appeals/${appealBeforeClose}/decision`, { upheld: true, note: '诉求超出政策，核减' }, supervisor);
    expect([decided.status, decided.body.status]).toEqual([200, 'upheld']);
    const twice = await request<ErrorBody>('POST', `/v1/appeals/${appealBeforeClose}/decision`, { upheld: false }, supervisor);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'APPEAL.ILLEGAL_TRANSITION']);
    expect((await outboxEvents(db, 'assessment', c8.caseId)).map((event) => [event.type, (event.payload as { isUpheld: boolean }).isUpheld])).toEqual([['case.appeal_decided', true]]);

    await expectEventually(async () => {
      const byId = new Map(ours(await assessmentOf()).map((agency) => [agency.agencyId, agency]));
      expect(byId.get(S1)).toMatchObject({ kind: 'street_office', figures: S1_FIGURES, score: S1_SCORE, rank: 2, rankedAmong: 2, excludedCases: 1 });
      expect(byId.get(S2)).toMatchObject({ kind: 'street_office', figures: S2_FIGURES, score: S2_SCORE, rank: 1, rankedAmong: 2, excludedCases: 0 });
      expect(byId.get(D1)).toMatchObject({ kind: 'city_department', figures: D1_FIGURES, score: D1_SCORE, rank: 1, rankedAmong: 1 });
    }, within);

    // Drill-down: every number leads to its cases; the appealed case is shown, flagged, and counted nowhere.
    const response = await request<DrillDown>('GET', `/v1/assessments/${month}/agencies/${S1}/cases?metric=response`);
    expect(response.status).toBe(200);
    expect(response.body.items.filter((item) => item.inDenominator)).toHaveLength(11);
    expect(response.body.items.filter((item) => item.numerator === 0).map((item) => item.caseId).sort()).toEqual([c4.caseId, c8.caseId, c11.caseId].sort());
    expect(response.body.items.find((item) => item.caseId === c8.caseId)).toMatchObject({ isExcluded: true, inDenominator: false });
    const satisfaction = await request<DrillDown>('GET', `/v1/assessments/${month}/agencies/${S1}/cases?metric=satisfaction`);
    expect(satisfaction.body.items.find((item) => item.caseId === c2.caseId)?.numerator).toBe(0.5);
    const returns = await request<DrillDown>('GET', `/v1/assessments/${month}/agencies/${S1}/cases?metric=return`);
    expect(returns.body.items.filter((item) => item.numerator === 1).map((item) => item.caseId).sort()).toEqual([c7.caseId, c12.caseId].sort());

    const published = ours(await assessmentOf());
    const closed = await request<MonthAssessment>('POST', `/v1/assessments/${month}/close`, {}, supervisor);
    expect([closed.status, closed.body.isClosed]).toEqual([200, true]);
    const again = await request<ErrorBody>('POST', `/v1/assessments/${month}/close`, {}, supervisor);
    expect([again.status, again.body.error.code]).toEqual([409, 'ASSESSMENT.CONFLICT']);

    // A late event: S1's appeal on c3 is upheld after the close. It is reported, not folded into the published figures.
    const late = await request<{ status: string }>('POST', `/v1/appeals/${appealAfterClose}/decision`, { upheld: true }, supervisor);
    expect(late.status).toBe(200);
    await expectEventually(async () => {
      const { adjustments } = await assessmentOf();
      expect(adjustments).toEqual([expect.objectContaining({ agencyId: S1, caseId: c3.caseId, eventType: 'case.appeal_decided' })]);
    }, within);
    const { rows } = await db.query<{ is_excluded: boolean }>(`SELECT is_excluded FROM assessment.handlings WHERE case_id = $1`, [c3.caseId]);
    expect(rows).toEqual([{ is_excluded: true }]);
    const after = await assessmentOf();
    expect(after.isClosed).toBe(true);
    expect(ours(after)).toEqual(published);
    const drillAfter = await request<DrillDown>('GET', `/v1/assessments/${month}/agencies/${S1}/cases?metric=resolution`);
    expect(drillAfter.body.items.find((item) => item.caseId === c3.caseId)).toMatchObject({ isExcluded: false, inDenominator: true, numerator: 0 });
  });

  it('publishes the monthly bulletin as HTML and CSV: ranking, last placed, most frequent problems', async () => {
    await expectEventually(async () => expect(ours(await assessmentOf())).toHaveLength(3), within);
    const csv = await request('GET', `/v1/assessments/${month}/report?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    const ranking = lines.filter((line) => line.startsWith('ranking,street_office,')).map((line) => line.split(',')[3]);
    expect(ranking.filter((id) => id === S1 || id === S2)).toEqual([S2, S1]);
    expect(lines.some((line) => line.startsWith(`last_placed,street_office,2,${S1},`))).toBe(true);
    const html = await request('GET', `/v1/assessments/${month}/report`, undefined, { ...admin, accept: 'text/html' });
    expect(html.type).toMatch(/^text\/html/);
    expect(html.text).toContain(`测试单位 ${S2}`);
    expect(html.text).toContain('测试类别 noise');
    const negotiated = await request('GET', `/v1/assessments/${month}/report`, undefined, { ...admin, accept: 'text/csv' });
    expect(negotiated.type).toMatch(/^text\/csv/);
  });

  it('finds hotspots by category × street with the month-over-month trend, a merged repeat counted once, and tracks a topic before and after it opened', async () => {
    await expectEventually(async () => {
      const { body } = await request<{ items: Array<{ category: string; streetCode: string; count: number; previousCount: number; trend: string }> }>('GET', `/v1/hotspots?month=${month}&limit=500`);
      const mine = body.items.filter((item) => item.streetCode === streetA || item.streetCode === streetB);
      expect(mine.map((item) => [item.category, item.streetCode, item.count, item.previousCount, item.trend])).toEqual([
        ['noise', streetA, 2, 1, 'up'],
        ['street_light', streetB, 1, 0, 'new'],
      ]);
    }, within);
    const created = await request<{ topicId: string }>('POST', '/v1/topics', { name: '夜间施工噪声', categories: ['noise'], streetCodes: [streetA], openedAt: start.toISOString() }, supervisor);
    expect(created.status).toBe(201);
    const topic = await request<{ months: Array<{ month: string; phase: string; count: number }>; before: { cases: number; months: number }; after: { cases: number } }>('GET', `/v1/topics/${created.body.topicId}`);
    expect(topic.status).toBe(200);
    expect(topic.body.months.find((row) => row.month === previousMonth)).toEqual({ month: previousMonth, phase: 'before', count: 1 });
    expect(topic.body.months.find((row) => row.month === month)).toEqual({ month, phase: 'after', count: 2 });
    expect([topic.body.before.months, topic.body.before.cases, topic.body.after.cases]).toEqual([6, 1, 2]);
  });

  it('answers 400 listing every invalid field, 404 for the unknown and 409 for illegal moves, changing nothing', async () => {
    const districtSupervisor = await actAs('supervisor', { regionCode: '110105' });
    const notCity = await request<ErrorBody>('POST', `/v1/assessments/${month}/close`, {}, districtSupervisor);
    expect([notCity.status, notCity.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const badMonth = await request<ErrorBody>('GET', '/v1/assessments?month=2026-13');
    expect([badMonth.status, badMonth.body.error.details?.issues.map((issue) => issue.path)]).toEqual([400, ['month']]);
    const badDecision = await request<ErrorBody>('POST', `/v1/appeals/${randomUUID()}/decision`, { upheld: 'yes', note: '' }, supervisor);
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.error.details?.issues.map((issue) => issue.path).sort()).toEqual(['note', 'upheld']);
    const badTopic = await request<ErrorBody>('POST', '/v1/topics', { name: '', categories: [], streetCodes: ['12'], openedAt: 'yesterday' }, supervisor);
    expect(badTopic.status).toBe(400);
    expect(badTopic.body.error.details?.issues.map((issue) => issue.path).sort()).toEqual(['categories', 'name', 'openedAt', 'streetCodes.0']);
    const badMetric = await request<ErrorBody>('GET', `/v1/assessments/${month}/agencies/${S1}/cases?metric=speed`);
    expect([badMetric.status, badMetric.body.error.details?.issues.map((issue) => issue.path)]).toEqual([400, ['metric']]);

    const unknownAppeal = await request<ErrorBody>('POST', `/v1/appeals/${randomUUID()}/decision`, { upheld: false }, supervisor);
    expect([unknownAppeal.status, unknownAppeal.body.error.code]).toEqual([404, 'APPEAL.NOT_FOUND']);
    expect((await request<ErrorBody>('GET', `/v1/topics/${randomUUID()}`)).status).toBe(404);
    expect((await request<ErrorBody>('GET', `/v1/assessments/${month}/agencies/street-nobody-${suffix}/cases?metric=response`)).status).toBe(404);
    const notEnded = await request<ErrorBody>('POST', '/v1/assessments/2999-01/close', {}, supervisor);
    expect([notEnded.status, notEnded.body.error.code]).toEqual([409, 'ASSESSMENT.ILLEGAL_TRANSITION']);
    expect((await db.query(`SELECT 1 FROM assessment.month_closings WHERE month = '2999-01'`)).rowCount).toBe(0);

  });

  it('folds what a batch\'s events say about its cases per case, and writes them in one statement for each set of columns', async () => {
    const [both, receivedOnly, alreadyKnown] = [randomUUID(), randomUUID(), randomUUID()];
    await db.query(`INSERT INTO assessment.cases (case_id, request_type, channel, month) VALUES ($1, 'complaint', 'phone', '2026-01')`, [alreadyKnown]);
    const received = (type: string) => ({ received_at: new Date('2026-03-02T01:00:00Z'), month: '2026-03', request_type: type, channel: 'app' });
    const classified = { category: 'noise', category_name: '噪音', district_code: '110105', street_code: '110105001' };
    const dataSource = service.app.get(DataSource);
    const statements = await dataSource.transaction(async (manager) => {
      const query = jest.spyOn(manager, 'query');
      const changes = new CaseChanges(new FactsRepository(manager));
      changes.set(both, received('complaint'));
      changes.set(receivedOnly, received('help'));
      changes.set(both, classified);
      changes.set(alreadyKnown, classified);
      changes.set(alreadyKnown, { merged_into: both });
      await changes.flush();
      return query.mock.calls.length;
    });
    // Three sets of columns: received and classified; received alone; classified and merged.
    expect(statements).toBe(3);
    const { rows } = await db.query(
      `SELECT case_id, received_at, month, request_type, channel, category, district_code, merged_into FROM assessment.cases
        WHERE case_id = ANY($1::uuid[]) ORDER BY month, request_type`,
      [[both, receivedOnly, alreadyKnown]],
    );
    const at = new Date('2026-03-02T01:00:00Z');
    expect(rows).toEqual([
      { case_id: alreadyKnown, received_at: null, month: '2026-01', request_type: 'complaint', channel: 'phone', category: 'noise', district_code: '110105', merged_into: both },
      { case_id: both, received_at: at, month: '2026-03', request_type: 'complaint', channel: 'app', category: 'noise', district_code: '110105', merged_into: null },
      { case_id: receivedOnly, received_at: at, month: '2026-03', request_type: 'help', channel: 'app', category: null, district_code: null, merged_into: null },
    ]);
  });

  it("opens a batch's handling rounds and puts their units on file in one statement each; the last name a batch gives a unit is kept", async () => {
    const [first, second, again] = [randomUUID(), randomUUID(), randomUUID()];
    const suffix = randomUUID().slice(0, 8);
    const [renamed, unchanged] = [`street-renamed-${suffix}`, `street-unchanged-${suffix}`];
    await db.query(`INSERT INTO assessment.agencies (agency_id, name, kind) VALUES ($1, '旧街道', 'street_office'), ($2, '不变街道', 'street_office')`, [renamed, unchanged]);
    await db.query(`INSERT INTO assessment.handlings (case_id, round, agency_id, month, dispatched_at, deadline) VALUES ($1, 1, $2, '2026-01', now(), now())`, [again, unchanged]);
    const round = (caseId: string, agencyId: string, n = 1) => ({ caseId, round: n, agencyId, month: '2026-03', dispatchedAt: new Date('2026-03-02T01:00:00Z'), deadline: new Date('2026-03-03T01:00:00Z') });
    const dataSource = service.app.get(DataSource);
    const statements = await dataSource.transaction(async (manager) => {
      const handlings = new NewHandlings(new FactsRepository(manager));
      handlings.add({ agencyId: renamed, name: '新街道甲', kind: 'street_office' }, round(first, renamed));
      handlings.add({ agencyId: unchanged, name: '不变街道', kind: 'street_office' }, round(second, unchanged));
      handlings.add({ agencyId: renamed, name: '新街道乙', kind: 'street_office' }, round(second, renamed, 2));
      // A round already there stays as it is.
      handlings.add({ agencyId: unchanged, name: '不变街道', kind: 'street_office' }, { ...round(again, renamed), month: '2026-03' });
      const query = jest.spyOn(manager, 'query');
      await handlings.flush();
      await handlings.flush();
      return query.mock.calls.length;
    });
    expect(statements).toBe(2);
    const { rows: units } = await db.query('SELECT agency_id, name FROM assessment.agencies WHERE agency_id = ANY($1) ORDER BY agency_id', [[renamed, unchanged]]);
    expect(units).toEqual([
      { agency_id: renamed, name: '新街道乙' },
      { agency_id: unchanged, name: '不变街道' },
    ]);
    const { rows } = await db.query('SELECT case_id, round, agency_id, month FROM assessment.handlings WHERE case_id = ANY($1::uuid[]) ORDER BY month, case_id, round', [[first, second, again]]);
    expect(rows).toEqual([
      { case_id: again, round: 1, agency_id: unchanged, month: '2026-01' },
      ...[
        { case_id: first, round: 1, agency_id: renamed, month: '2026-03' },
        { case_id: second, round: 1, agency_id: unchanged, month: '2026-03' },
        { case_id: second, round: 2, agency_id: renamed, month: '2026-03' },
      ].sort((a, b) => (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : a.round - b.round)),
    ]);
  });

  it("changes a batch's handling rounds in memory, in event order, and writes them in one statement; rounds the batch opens join them", async () => {
    const [known, openedBefore, openedAfter] = [randomUUID(), randomUUID(), randomUUID()];
    const suffix = randomUUID().slice(0, 8);
    const [unitA, unitB] = [`street-rounds-a-${suffix}`, `street-rounds-b-${suffix}`];
    const at = (hours: number) => new Date(Date.UTC(2026, 2, 2, hours));
    await db.query(`INSERT INTO assessment.agencies (agency_id, name, kind) VALUES ($1, '甲街道', 'street_office')`, [unitA]);
    await db.query(`INSERT INTO assessment.handlings (case_id, round, agency_id, month, dispatched_at, deadline) VALUES ($1, 1, $2, '2026-03', $3, $4)`, [known, unitA, at(0), at(72)]);
    const round = (caseId: string, agencyId: string, n = 1) => ({ caseId, round: n, agencyId, month: '2026-03', dispatchedAt: at(1), deadline: at(96) });
    const dataSource = service.app.get(DataSource);
    const written = await dataSource.transaction(async (manager) => {
      const query = jest.spyOn(manager, 'query');
      const facts = new FactsRepository(manager);
      const handlings = new NewHandlings(facts);
      const rounds = new HandlingRounds(facts, handlings, [known, openedBefore, openedAfter, known]);
      handlings.add({ agencyId: unitB, name: '乙街道', kind: 'street_office' }, round(openedBefore, unitB));
      // The first change reads (and locks) every round of the batch's cases, the one just opened included.
      expect(await rounds.change({ caseId: known, agencyId: unitA }, ({ signed_at }) => ({ signed_at: signed_at ?? at(2) }))).toEqual({ month: '2026-03', agencyId: unitA, round: 1 });
      expect(await rounds.change({ caseId: known, agencyId: unitA }, ({ signed_at }) => ({ signed_at: signed_at ?? at(3) }))).toMatchObject({ round: 1 });
      expect(await rounds.change({ caseId: openedBefore, agencyId: unitB }, () => ({ feedback_at: at(4) }))).toEqual({ month: '2026-03', agencyId: unitB, round: 1 });
      // 改派 later in the batch: round 2 goes to B, and A's return is upheld on round 1.
      handlings.add({ agencyId: unitB, name: '乙街道', kind: 'street_office' }, round(known, unitB, 2));
      expect(await rounds.change({ caseId: known, agencyId: unitA }, () => ({ is_return_upheld: true }))).toMatchObject({ agencyId: unitA, round: 1 });
      expect(await rounds.change({ caseId: known, agencyId: null }, ({ rework_count }) => ({ rework_count: rework_count + 1 }))).toMatchObject({ agencyId: unitB, round: 2 });
      expect(await rounds.latestRound(known, unitB)).toBe(2);
      handlings.add({ agencyId: unitA, name: '甲街道', kind: 'street_office' }, round(openedAfter, unitA));
      expect(await rounds.change({ caseId: openedAfter, agencyId: unitA, round: 1 }, () => ({ concluded_as: 'closed', is_follow_up_reached: true, is_resolved: true, satisfaction: 'satisfied' }))).toMatchObject({ round: 1 });
      // Nothing to change: no round of that unit, or of that number.
      expect(await rounds.change({ caseId: openedAfter, agencyId: unitB }, () => ({ is_excluded: true }))).toBeUndefined();
      expect(await rounds.change({ caseId: known, agencyId: unitA, round: 2 }, () => ({ is_excluded: true }))).toBeUndefined();
      const before = query.mock.calls.length;
      await rounds.flush();
      await rounds.flush();
      const statements = query.mock.calls.map(([sql]) => String(sql).trim().split(/\s+/).slice(0, 2).join(' '));
      return { flushed: query.mock.calls.length - before, statements };
    });
    expect(written.flushed).toBe(1);
    // One read of the rounds and one write, whatever the number of changes.
    expect(written.statements.filter((statement) => statement.startsWith('SELECT'))).toHaveLength(1);
    expect(written.statements.filter((statement) => statement === 'UPDATE assessment.handlings')).toHaveLength(1);
    const { rows } = await db.query(
      `SELECT case_id, round, agency_id, signed_at, feedback_at, is_return_upheld, rework_count, concluded_as, is_resolved, satisfaction, is_excluded
         FROM assessment.handlings WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, round`,
      [[known, openedBefore, openedAfter]],
    );
    const expected = [
      { case_id: known, round: 1, agency_id: unitA, signed_at: at(2), feedback_at: null, is_return_upheld: true, rework_count: 0, concluded_as: null, is_resolved: null, satisfaction: null, is_excluded: false },
      { case_id: known, round: 2, agency_id: unitB, signed_at: null, feedback_at: null, is_return_upheld: false, rework_count: 1, concluded_as: null, is_resolved: null, satisfaction: null, is_excluded: false },
      { case_id: openedBefore, round: 1, agency_id: unitB, signed_at: null, feedback_at: at(4), is_return_upheld: false, rework_count: 0, concluded_as: null, is_resolved: null, satisfaction: null, is_excluded: false },
      { case_id: openedAfter, round: 1, agency_id: unitA, signed_at: null, feedback_at: null, is_return_upheld: false, rework_count: 0, concluded_as: 'closed', is_resolved: true, satisfaction: 'satisfied', is_excluded: false },
    ];
    expect(rows).toEqual(expected.sort((a, b) => (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : a.round - b.round)));
  });
});
