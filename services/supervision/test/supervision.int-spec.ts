import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  actAs,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testFetch,
  testServiceEnv,
  type InProcessService,
  aDispatchedCase,
  aShortProfile,
  aTestCategory,
  timerEventKeys,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadSupervisionConfig } from '../src/config/supervision-config';
import { TimerWorker } from '../src/fire-timers/timer.worker';
import { ClockRepository, type ClockRecord } from '../src/infrastructure/database/clock.repository';
import { ClockRows } from '../src/infrastructure/database/clock-rows';
import { SUPERVISION_CONSUMER } from '../src/infrastructure/messaging/supervision-consumer';


const within = { timeoutMs: 60_000 };

/** A clock's unfired timers (its `pending_timers`), as kind and fire time, and when the first is due. */
async function pendingTimers(db: Client, caseId: string, clock: string): Promise<{ timers: Array<{ kind: string; fireAt: string }>; nextFireAt: Date | null }> {
  const { rows } = await db.query<{ pending_timers: Array<{ kind: string; fireAt: string }>; next_fire_at: Date | null }>(
    `SELECT pending_timers, next_fire_at FROM supervision.clocks WHERE case_id = $1 AND clock = $2`,
    [caseId, clock],
  );
  if (rows.length !== 1) throw new Error(`expected one ${clock} clock of case ${caseId}, found ${rows.length}`);
  const timers = rows[0].pending_timers.map(({ kind, fireAt }) => ({ kind, fireAt: new Date(fireAt).toISOString() }));
  return { timers, nextFireAt: rows[0].next_fire_at };
}

describe('supervision: SLA profiles, calendar overrides and clocks over Kafka', () => {
  let service: InProcessService;
  let db: Client;
  let admin: Record<string, string>;

  beforeAll(async () => {
    const config = loadSupervisionConfig(testServiceEnv({ TIMER_POLL_INTERVAL_MS: '100' }));
    service = await startInProcess({ service: 'supervision', appModule: AppModule.register(config, createLogger('supervision', 'warn')), consumer: SUPERVISION_CONSUMER });
    db = await connectDatabase();
    admin = await actAs('admin');
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const put = (path: string, body: unknown, headers = admin) =>
    testFetch(`${service.url}${path}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (path: string, headers = admin) => testFetch(`${service.url}${path}`, { headers });

  it('lists the default profiles of DOMAIN.md §4', async () => {
    const response = await get('/v1/sla-profiles');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ profileId: string; clocks: { feedback: unknown } }> };
    expect(items.find((p) => p.profileId === 'default')?.clocks.feedback).toEqual({ duration: 'P7D', basis: 'natural_days' });
    expect(items.find((p) => p.profileId === 'emergency')?.clocks.feedback).toEqual({ duration: 'PT2H', basis: 'clock_time' });
    expect(items.find((p) => p.profileId === 'utility-water_supply')?.clocks.feedback).toEqual({ duration: 'PT24H', basis: 'clock_time' });
  });

  it('answers 400 listing every invalid field of a profile, and changes nothing', async () => {
    const response = await put('/v1/sla-profiles/bad-one', {
      name: '',
      urgency: 'whenever',
      clocks: { sign: { duration: 'P1M', basis: 'clock_time' }, first_contact: { duration: 'P1DT2H', basis: 'working_days' }, feedback: { duration: 'PT1H', basis: 'moon' } },
      warningFractions: [1.5],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { issues: Array<{ path: string }> } } };
    expect(body.error.code).toBe('VALIDATION.FAILED');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual(
      ['clocks.feedback.basis', 'clocks.first_contact.duration', 'clocks.sign.duration', 'name', 'urgency', 'warningFractions.0'].sort(),
    );
    expect((await db.query(`SELECT 1 FROM supervision.sla_profiles WHERE profile_id = 'bad-one'`)).rowCount).toBe(0);
  });

  it('answers 409 SLA_PROFILE.CONFLICT for a key another profile holds, a narrowed default, or a stale version', async () => {
    const category = aTestCategory();
    const first = await put(`/v1/sla-profiles/${category}-a`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT2H' }));
    expect(first.status).toBe(200);
    const taken = await put(`/v1/sla-profiles/${category}-b`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT2H' }));
    const narrowed = await put('/v1/sla-profiles/default', aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT2H' }));
    const stale = await put(`/v1/sla-profiles/${category}-a`, { ...aShortProfile(category, { sign: 'PT2H', firstContact: 'PT1H', feedback: 'PT2H' }), expectedVersion: 7 });
    expect([taken.status, narrowed.status, stale.status]).toEqual([409, 409, 409]);
    for (const response of [taken, narrowed, stale]) expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SLA_PROFILE.CONFLICT');
    const { rows } = await db.query(`SELECT profile_id, version, clocks->'sign'->>'duration' AS sign FROM supervision.sla_profiles WHERE category = $1`, [category]);
    expect(rows).toEqual([{ profile_id: `${category}-a`, version: 1, sign: 'PT1H' }]);
    expect((await db.query(`SELECT category FROM supervision.sla_profiles WHERE profile_id = 'default'`)).rows).toEqual([{ category: null }]);
  });

  it('lets only an admin change a profile', async () => {
    const category = aTestCategory();
    const response = await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT2H' }), await actAs('dispatcher'));
    expect(response.status).toBe(403);
  });

  it('reports the years without holiday data, and stores operator overrides', async () => {
    const before = (await (await get('/v1/calendar/overrides')).json()) as { overrides: unknown[]; declaredYears: number[] };
    try {
      const response = await put('/v1/calendar/overrides', { overrides: [{ date: '2026-12-31', isWorkday: false, note: '测试 test rest day' }], declaredYears: [] });
      expect(response.status).toBe(200);
      const view = (await response.json()) as { overrides: unknown[]; library: { lastYear: number }; yearsWithoutData: number[] };
      expect(view.overrides).toEqual([{ date: '2026-12-31', isWorkday: false, note: '测试 test rest day' }]);
      expect(view.library.lastYear).toBe(2026);
      expect(view.yearsWithoutData).toContain(2027);
      const bad = await put('/v1/calendar/overrides', { overrides: [{ date: '2026-02-30', isWorkday: 'yes' }], declaredYears: [1999] });
      const twice = await put('/v1/calendar/overrides', { overrides: [{ date: '2026-03-01', isWorkday: true }, { date: '2026-03-01', isWorkday: false }] });
      expect([bad.status, twice.status]).toEqual([400, 400]);
      const pathsOf = async (response: Response) => ((await response.json()) as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues.map((issue) => issue.path);
      expect((await pathsOf(bad)).sort()).toEqual(['declaredYears.0', 'overrides.0.date', 'overrides.0.isWorkday']);
      expect(await pathsOf(twice)).toEqual(['overrides']);
      expect((await (await get('/v1/calendar/overrides')).json()) as { overrides: unknown[] }).toMatchObject({ overrides: view.overrides });
    } finally {
      expect((await put('/v1/calendar/overrides', { overrides: before.overrides, declaredYears: before.declaredYears })).status).toBe(200);
    }
  });

  it('reports a clock that needs a year without holiday data, and schedules it once operators fill the year in', async () => {
    const before = (await (await get('/v1/calendar/overrides')).json()) as { overrides: unknown[]; declaredYears: number[] };
    const category = aTestCategory();
    const profile = aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT1H' });
    const saved = await put(`/v1/sla-profiles/${category}`, { ...profile, clocks: { ...profile.clocks, feedback: { duration: 'P30D', basis: 'working_days' } } });
    expect(saved.status).toBe(200);
    const { caseId, events } = aDispatchedCase(category);
    await publishCaseEvents(events);
    type Clocks = { clocks: Array<{ clock: string; deadline: string | null; calendarError: string | null }> };
    await expectEventually(async () => {
      const view = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as Clocks;
      expect(view.clocks.find((clock) => clock.clock === 'feedback')).toMatchObject({ deadline: null, calendarError: expect.stringContaining('2027') });
    }, within);
    try {
      const filled = await put('/v1/calendar/overrides', { overrides: [{ date: '2027-01-01', isWorkday: false, note: '元旦' }], declaredYears: [2027] });
      expect(filled.status).toBe(200);
      expect(((await filled.json()) as { rescheduledClocks: number }).rescheduledClocks).toBeGreaterThanOrEqual(1);
      const view = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as Clocks;
      const feedback = view.clocks.find((clock) => clock.clock === 'feedback');
      expect(feedback).toMatchObject({ calendarError: null });
      expect(new Date(feedback?.deadline ?? 0).getUTCFullYear()).toBe(2027);
    } finally {
      expect((await put('/v1/calendar/overrides', { overrides: before.overrides, declaredYears: before.declaredYears })).status).toBe(200);
    }
  });

  it('fires warning, breach (case.deadline_passed + 督办 to the district) and escalation to the city once each', async () => {
    const category = aTestCategory();
    expect((await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT2S', firstContact: 'PT2S', feedback: 'PT3S' }, { escalateAfter: 'PT1S' }))).status).toBe(200);
    const { caseId, agencyId, events } = aDispatchedCase(category);
    await publishCaseEvents(events);

    const expected = [
      'deadline_passed',
      ...['sign', 'first_contact', 'feedback'].flatMap((clock) => [`warning:${clock}:0.5`, `supervised:${clock}:1:district`, `supervised:${clock}:2:city`]),
    ].sort();
    await expectEventually(async () => expect(timerEventKeys(await outboxEvents(db, 'supervision', caseId))).toEqual(expected), within);
    const supervised = (await outboxEvents(db, 'supervision', caseId)).filter((event) => event.type === 'case.supervised');
    expect(supervised.map((event) => event.type === 'case.supervised' && event.payload.regionCode)).toEqual(expect.arrayContaining(['110105', '110000']));

    const clocks = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as { clocks: Array<{ clock: string; isOverdue: boolean; fired: unknown[] }> };
    expect(clocks.clocks.map((clock) => [clock.clock, clock.isOverdue, clock.fired.length])).toEqual([
      ['sign', true, 3],
      ['first_contact', true, 3],
      ['feedback', true, 3],
    ]);
    const overdue = (await (await get(`/v1/agencies/${agencyId}/overdue`, await actAs('unit_operator', { agencyId }))).json()) as { items: Array<{ caseId: string }> };
    expect(overdue.items.filter((item) => item.caseId === caseId)).toHaveLength(3);
    // Never the case's own unit (its id is random: a fixed other id once collided with it).
    const otherUnit = await get(`/v1/cases/${caseId}/clocks`, await actAs('unit_operator', { agencyId: `${agencyId}-other` }));
    expect(otherUnit.status).toBe(404);
  });

  it('stops the sign clock on signing, so no warning or breach of it ever fires', async () => {
    const category = aTestCategory();
    await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT4S', firstContact: 'PT1H', feedback: 'PT1H' }));
    const { caseId, agencyId, events } = aDispatchedCase(category);
    await publishCaseEvents([...events, aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' })]);
    await expectEventually(async () => {
      const { rows } = await db.query(`SELECT stop_reason FROM supervision.clocks WHERE case_id = $1 AND clock = 'sign'`, [caseId]);
      expect(rows).toEqual([{ stop_reason: 'case.signed' }]);
    }, within);
    expect(await pendingTimers(db, caseId, 'sign')).toEqual({ timers: [], nextFireAt: null });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM supervision.timers WHERE case_id = $1 AND clock = 'sign'`, [caseId]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('leaves a case\'s facts row alone when an event changes none of its facts (signing)', async () => {
    const { caseId, agencyId, events } = aDispatchedCase(aTestCategory());
    await publishCaseEvents(events);
    const facts = async () =>
      (await db.query<{ round: number; updated_at: Date }>(`SELECT round, updated_at FROM supervision.cases WHERE case_id = $1`, [caseId])).rows[0];
    await expectEventually(async () => expect((await facts())?.round).toBe(1), within);
    const dispatched = await facts();
    await publishCaseEvents([aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' })]);
    await expectEventually(async () => {
      const { rows } = await db.query(`SELECT stop_reason FROM supervision.clocks WHERE case_id = $1 AND clock = 'sign'`, [caseId]);
      expect(rows).toEqual([{ stop_reason: 'case.signed' }]);
    }, within);
    expect(await facts()).toEqual(dispatched);
  });

  it('stops every clock of a case a dispatcher merged into another one (并案), so none warns, breaches or shows overdue', async () => {
    const category = aTestCategory();
    await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT4S', firstContact: 'PT5S', feedback: 'PT6S' }));
    const { caseId, events } = aDispatchedCase(category);
    const merged = aCaseEvent('case.merged', { intoCaseId: randomUUID(), reason: '调度员确认为重复诉求', confirmedBy: 'user:dispatcher' }, { caseId, producer: 'dispatch' });
    await publishCaseEvents([...events, merged]);
    await expectEventually(async () => {
      const { rows } = await db.query(`SELECT clock, stop_reason FROM supervision.clocks WHERE case_id = $1 ORDER BY clock`, [caseId]);
      expect(rows).toEqual(['feedback', 'first_contact', 'sign'].map((clock) => ({ clock, stop_reason: 'case.merged' })));
    }, within);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM supervision.clocks WHERE case_id = $1 AND (pending_timers <> '[]' OR next_fire_at IS NOT NULL)`,
      [caseId],
    );
    expect(rows).toEqual([{ n: 0 }]);
    const view = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as { clocks: Array<{ stoppedAt: string | null; isOverdue: boolean }> };
    expect(view.clocks.map((clock) => [clock.stoppedAt !== null, clock.isOverdue])).toEqual([[true, false], [true, false], [true, false]]);
  });

  it('pauses every clock while a dispute is pending and moves the deadline by the pause', async () => {
    const category = aTestCategory();
    await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT1H' }));
    const { caseId, agencyId, events } = aDispatchedCase(category);
    const disputed = aCaseEvent('case.dispute_raised', { agencyId, reason: 'wrong_area', explanation: '不属于本街道' }, { caseId, producer: 'execution' });
    await publishCaseEvents([...events, disputed]);
    await expectEventually(async () => {
      const view = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as { clocks: Array<{ isPaused: boolean }> };
      expect(view.clocks.map((clock) => clock.isPaused)).toEqual([true, true, true]);
    }, within);
    const { rows: before } = await db.query<{ deadline: Date }>(`SELECT deadline FROM supervision.clocks WHERE case_id = $1 AND clock = 'feedback'`, [caseId]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await publishCaseEvents([aCaseEvent('case.dispute_rejected', { agencyId, reviewerId: null, explanation: '属地正确' }, { caseId, producer: 'dispatch' })]);
    await expectEventually(async () => {
      const { rows } = await db.query<{ deadline: Date; paused_ms: string; running: boolean }>(
        `SELECT deadline, paused_ms, running_since IS NOT NULL AS running FROM supervision.clocks WHERE case_id = $1 AND clock = 'feedback'`,
        [caseId],
      );
      expect(rows[0].running).toBe(true);
      expect(Number(rows[0].paused_ms)).toBeGreaterThanOrEqual(1_000);
      expect(rows[0].deadline.getTime() - before[0].deadline.getTime()).toBe(Number(rows[0].paused_ms));
    }, within);
  });

  it('moves the feedback clock to an approved extension deadline', async () => {
    const category = aTestCategory();
    await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT1H' }));
    const { caseId, agencyId, events } = aDispatchedCase(category);
    const newDeadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await publishCaseEvents([
      ...events,
      aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' }),
      aCaseEvent('case.extension_requested', { agencyId, requestedDeadline: newDeadline, reason: '需协调多部门' }, { caseId, producer: 'execution' }),
      aCaseEvent('case.extension_approved', { agencyId, newDeadline, reviewerId: null }, { caseId, producer: 'dispatch' }),
    ]);
    await expectEventually(async () => {
      const view = (await (await get(`/v1/cases/${caseId}/clocks`)).json()) as { clocks: Array<{ clock: string; deadline: string; isPaused: boolean }> };
      expect(view.clocks.find((clock) => clock.clock === 'feedback')).toMatchObject({ deadline: newDeadline, isPaused: false });
    }, within);
    const { timers } = await pendingTimers(db, caseId, 'feedback');
    expect(timers.filter((timer) => timer.kind === 'breach').map((timer) => timer.fireAt)).toEqual([newDeadline]);
  });

  it.each([
    ['a reply returned at review (答非所问)', 'case.feedback_returned'],
    ['a failed on-site check (返工)', 'case.rework_ordered'],
  ] as const)('runs the feedback clock again after %s, with a breach timer', async (_label, type) => {
    const category = aTestCategory();
    await put(`/v1/sla-profiles/${category}`, aShortProfile(category, { sign: 'PT1H', firstContact: 'PT1H', feedback: 'PT1H' }));
    const { caseId, agencyId, events } = aDispatchedCase(category);
    await publishCaseEvents([
      ...events,
      aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' }),
      aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply: '已处理' }, { caseId, producer: 'execution' }),
    ]);
    const feedbackClock = async () =>
      (await db.query<{ stop_reason: string | null; running: boolean }>(
        `SELECT stop_reason, running_since IS NOT NULL AS running FROM supervision.clocks WHERE case_id = $1 AND clock = 'feedback'`,
        [caseId],
      )).rows[0];
    await expectEventually(async () => expect(await feedbackClock()).toEqual({ stop_reason: 'case.feedback_submitted', running: false }), within);
    const back =
      type === 'case.feedback_returned'
        ? aCaseEvent(type, { agencyId, reviewerId: 'user:reviewer', explanation: '答非所问', reason: 'off_topic' }, { caseId, producer: 'feedback' })
        : aCaseEvent(type, { agencyId, inspectorId: 'user:inspector-2', reworkCount: 1, note: '未整改到位' }, { caseId, producer: 'feedback' });
    await publishCaseEvents([back]);
    await expectEventually(async () => expect(await feedbackClock()).toEqual({ stop_reason: null, running: true }), within);
    const { timers, nextFireAt } = await pendingTimers(db, caseId, 'feedback');
    expect(timers.filter((timer) => timer.kind === 'breach')).toHaveLength(1);
    expect(nextFireAt?.toISOString()).toBe(timers[0].fireAt);
  });

  it('reads a batch\'s clocks in one statement and writes what its events did in two, the last plan of each clock only', async () => {
    const [signed, started] = [randomUUID(), randomUUID()];
    const hour = 3_600_000;
    const inADay = Date.now() + 24 * hour;
    const aClock = (caseId: string, clock: ClockRecord['clock']): ClockRecord => ({
      caseId, round: 1, clock, agencyId: 'street-batch', unit: 'clock_hours', startedAt: new Date(), allowedMs: 24 * hour, consumedMs: 0,
      runningSince: new Date(), pausedAt: null, pausedMs: 0, deadline: new Date(inADay), stoppedAt: null, stopReason: null, calendarError: null,
      warningFractions: [0.5], escalateAfterMs: null,
    });
    const breachAt = (at: number) => ({ kind: 'breach' as const, fraction: 1, fireAt: new Date(at) });
    const dataSource = service.app.get(DataSource);
    // A case dispatched earlier: its three clocks with unfired breaches, and a warning of the sign clock that fired.
    await dataSource.transaction(async (manager) => {
      const clocks = (['sign', 'first_contact', 'feedback'] as const).map((clock) => aClock(signed, clock));
      await new ClockRepository(manager).insertAll(clocks.map((clock) => ({ clock, timers: [breachAt(inADay)] })));
    });
    await db.query(
      `INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at, fired_at) VALUES ($1, 1, 'sign', 'warning', 0.5, $2, now())`,
      [signed, new Date(inADay - 12 * hour)],
    );

    const statements = await dataSource.transaction(async (manager) => {
      const query = jest.spyOn(manager, 'query');
      const rows = new ClockRows(manager, [signed, started, signed]);
      const [sign, firstContact, feedback] = await rows.ofRound(signed, 1);
      expect([sign.clock, firstContact.clock, feedback.clock]).toEqual(['sign', 'first_contact', 'feedback']);
      // Signed (the sign clock stops), then the feedback deadline moved twice: only the second plan is written.
      await rows.change({ ...sign, runningSince: null, stoppedAt: new Date(), stopReason: 'case.signed' }, []);
      await rows.change({ ...feedback, deadline: new Date(inADay + hour) }, [breachAt(inADay + hour)]);
      const [, , moved] = await rows.ofRound(signed, 1);
      await rows.change({ ...moved, deadline: new Date(inADay + 2 * hour) }, [breachAt(inADay + 2 * hour), { kind: 'warning', fraction: 0.5, fireAt: new Date(inADay) }]);
      // A clock started in the batch is read back from memory, and changed again before it is ever written.
      const fresh = aClock(started, 'sign');
      await rows.start(fresh, [breachAt(inADay)]);
      expect(await rows.ofRound(started, 1)).toEqual([fresh]);
      await rows.change({ ...fresh, runningSince: null, stoppedAt: new Date(), stopReason: 'case.signed' }, []);
      await rows.flush();
      return query.mock.calls.length;
    });
    expect(statements).toBe(3);

    const { rows: clocks } = await db.query(
      `SELECT case_id, clock, stop_reason, deadline FROM supervision.clocks WHERE case_id = ANY($1::uuid[]) ORDER BY case_id = $2, clock`,
      [[signed, started], started],
    );
    expect(clocks).toEqual([
      { case_id: signed, clock: 'feedback', stop_reason: null, deadline: new Date(inADay + 2 * hour) },
      { case_id: signed, clock: 'first_contact', stop_reason: null, deadline: new Date(inADay) },
      { case_id: signed, clock: 'sign', stop_reason: 'case.signed', deadline: new Date(inADay) },
      { case_id: started, clock: 'sign', stop_reason: 'case.signed', deadline: new Date(inADay) },
    ]);
    const at = (ms: number) => new Date(ms).toISOString();
    // Each clock's plan in firing order, the first of it as next_fire_at; a stopped clock has none.
    expect(await pendingTimers(db, signed, 'feedback')).toEqual({
      timers: [{ kind: 'warning', fireAt: at(inADay) }, { kind: 'breach', fireAt: at(inADay + 2 * hour) }],
      nextFireAt: new Date(inADay),
    });
    expect(await pendingTimers(db, signed, 'first_contact')).toEqual({ timers: [{ kind: 'breach', fireAt: at(inADay) }], nextFireAt: new Date(inADay) });
    expect(await pendingTimers(db, signed, 'sign')).toEqual({ timers: [], nextFireAt: null });
    expect(await pendingTimers(db, started, 'sign')).toEqual({ timers: [], nextFireAt: null });
    // What fired stays fired.
    const { rows: fired } = await db.query(`SELECT clock, kind FROM supervision.timers WHERE case_id = ANY($1::uuid[])`, [[signed, started]]);
    expect(fired).toEqual([{ clock: 'sign', kind: 'warning' }]);
  });

  /** Cases with one sign clock each, whose plan is the given timers (fire times relative to now). */
  async function clocksWithTimers(count: number, timers: ReadonlyArray<{ kind: string; fraction: number; inMs: number }>): Promise<string[]> {
    const { rows } = await db.query<{ case_id: string }>(
      `INSERT INTO supervision.cases (case_id, round, agency_id, handler_level) SELECT gen_random_uuid(), 1, 'street-race', 'street' FROM generate_series(1, $1) AS i RETURNING case_id`,
      [count],
    );
    const caseIds = rows.map((row) => row.case_id);
    const now = Date.now();
    const plan = timers.map(({ kind, fraction, inMs }) => ({ kind, fraction, fireAt: new Date(now + inMs).toISOString() }));
    await db.query(
      `INSERT INTO supervision.clocks (case_id, round, clock, agency_id, unit, started_at, allowed_ms, deadline, warning_fractions, pending_timers, next_fire_at)
       SELECT id, 1, 'sign', 'street-race', 'clock_hours', now() - interval '1 hour', 1000, now() - interval '1 minute', '{0.5}', $2::jsonb, $3
         FROM unnest($1::uuid[]) AS id`,
      [caseIds, JSON.stringify(plan), plan[0]?.fireAt ?? null],
    );
    return caseIds;
  }

  const supervisedEvents = async (caseIds: readonly string[]) =>
    (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supervision.outbox WHERE message_key = ANY($1::text[]) AND envelope->>'type' = 'case.supervised'`,
      [caseIds],
    )).rows[0].n;

  it('never fires one timer twice when several workers claim at once (SKIP LOCKED + fired once)', async () => {
    const worker = service.app.get(TimerWorker);
    const caseIds = await clocksWithTimers(40, [{ kind: 'breach', fraction: 1, inMs: -60_000 }]);
    await Promise.all(Array.from({ length: 6 }, () => worker.fireDue()));
    await expectEventually(async () => expect(await supervisedEvents(caseIds)).toBe(40), within);
    const { rows } = await db.query(
      `SELECT count(*)::int AS fired, (SELECT count(*)::int FROM supervision.clocks WHERE case_id = ANY($1::uuid[]) AND next_fire_at IS NULL AND pending_timers = '[]') AS done
         FROM supervision.timers WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    expect(rows).toEqual([{ fired: 40, done: 40 }]);
  });

  it('fires what is due and keeps the rest of the plan; a timer that fired under an earlier plan does not fire again', async () => {
    // Due: the warning and the breach; to come: the escalation, in an hour. The breach fired once before
    // (the plan was made again since, with the same breach), so only the warning fires now.
    const [caseId] = await clocksWithTimers(1, [
      { kind: 'warning', fraction: 0.5, inMs: -120_000 },
      { kind: 'breach', fraction: 1, inMs: -60_000 },
      { kind: 'escalation', fraction: 1, inMs: 3_600_000 },
    ]);
    await db.query(
      `INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at, fired_at) VALUES ($1, 1, 'sign', 'breach', 1, now() - interval '1 day', now() - interval '1 day')`,
      [caseId],
    );
    await expectEventually(async () => expect((await pendingTimers(db, caseId, 'sign')).timers.map((timer) => timer.kind)).toEqual(['escalation']), within);
    const { timers, nextFireAt } = await pendingTimers(db, caseId, 'sign');
    expect(nextFireAt?.toISOString()).toBe(timers[0].fireAt);
    expect(timerEventKeys(await outboxEvents(db, 'supervision', caseId))).toEqual(['warning:sign:0.5']);
  });
});
