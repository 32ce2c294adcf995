import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEventOf, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  actAs,
  caseIdsOnOnePartition,
  watchStatements,
  actAsUnit,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testServiceEnv,
  type InProcessService,
  watchDeadLetters,
  type DeadLetterWatch,
  testFetch,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadDispatchConfig } from '../src/config/dispatch-config';
import { DISPATCH_CONSUMER } from '../src/infrastructure/messaging/dispatch-consumer';

// The first test also waits for the consumer group to form (the project's testTimeout does not reach here).
jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };
const HOUR = 3600 * 1000;

const aClassifiedPayload = (overrides: Partial<PayloadOf<'case.classified'>> = {}): PayloadOf<'case.classified'> => ({
  category: 'street_light',
  categoryName: '路灯',
  urgency: 'normal',
  districtCode: '110105',
  districtName: '朝阳区',
  streetCode: null,
  districtSource: 'location',
  confidence: 0.8,
  matchedKeywords: ['路灯'],
  classifierVersion: 'keyword-v1+rules.1',
  ...overrides,
});

const aClassifiedEvent = (overrides: Partial<PayloadOf<'case.classified'>> = {}, caseId: string = randomUUID()) =>
  aCaseEvent('case.classified', aClassifiedPayload(overrides), { caseId, producer: 'classification' });

describe('dispatch: case.classified / case.reopened → case.dispatched', () => {
  let service: InProcessService;
  let db: Client;
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    const config = loadDispatchConfig(testServiceEnv());
    service = await startInProcess({ service: 'dispatch', appModule: AppModule.register(config, createLogger('dispatch', 'warn')), consumer: DISPATCH_CONSUMER });
    db = await connectDatabase();
    deadLetters = await watchDeadLetters();
  }, 60_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await service?.close();
    await db?.end();
  }, 60_000);

  const dispatchedEvents = async (caseId: string) =>
    (await outboxEvents(db, 'dispatch', caseId)).filter((e): e is CaseEventOf<'case.dispatched'> => e.type === 'case.dispatched');

  const eventuallyDispatched = (caseId: string, rounds = 1) =>
    expectEventually(async () => {
      const events = await dispatchedEvents(caseId);
      expect(events).toHaveLength(rounds);
      return events[rounds - 1];
    }, within);

  const allowedFor = (event: CaseEventOf<'case.dispatched'>) => new Date(event.payload.deadline).getTime() - new Date(event.occurredAt).getTime();

  it('sends a Chaoyang street light to the urban management commission with a 7-day deadline', async () => {
    const classified = aClassifiedEvent();
    await publishCaseEvents([classified]);

    const dispatched = await eventuallyDispatched(classified.caseId);
    expect(dispatched.payload).toMatchObject({
      agencyId: 'city-urban-management',
      agencyName: '北京市城市管理委员会',
      copiedToAgencyIds: [],
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: expect.stringMatching(/^\d+$/),
      ruleId: 'street_light-any',
      round: 1,
      coHandlerIds: [],
      routedBy: 'rule',
    });
    expect(allowedFor(dispatched)).toBe(7 * 24 * HOUR);
    expect(dispatched).toMatchObject({ producer: 'dispatch', causationId: classified.eventId, correlationId: classified.correlationId });

    const response = await testFetch(`${service.url}/v1/dispatches/${classified.caseId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      caseId: classified.caseId,
      status: 'dispatched',
      rounds: [{ round: 1, agencyId: 'city-urban-management', deadline: dispatched.payload.deadline, urgency: 'normal' }],
      manualDispatch: null,
    });
  });

  it('gives a water supply matter to the water company with a 24-hour deadline', async () => {
    const classified = aClassifiedEvent({ category: 'water_supply', categoryName: '供水', urgency: 'urgent', districtCode: null, districtName: null, districtSource: null });
    await publishCaseEvents([classified]);

    const dispatched = await eventuallyDispatched(classified.caseId);
    expect(dispatched.payload).toMatchObject({ agencyId: 'utility-water', slaClock: { amount: 24, unit: 'clock_hours' } });
    expect(allowedFor(dispatched)).toBe(24 * HOUR);
  });

  it("sends a case about a component (部件) to the component's owner ahead of the catalogue's rules", async () => {
    // A noise complaint's rule would pick the street office; the manhole cover's owner wins.
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民', componentCode: '1101050101000001', componentOwnerId: 'utility-water' });
    await publishCaseEvents([classified]);

    const dispatched = await eventuallyDispatched(classified.caseId);
    expect(dispatched.payload).toMatchObject({ agencyId: 'utility-water', routedBy: 'component', ruleId: 'component:1101050101000001' });
    const { rows } = await db.query('SELECT agency_id, routed_by FROM dispatch.dispatches WHERE case_id = $1', [classified.caseId]);
    expect(rows).toEqual([{ agency_id: 'utility-water', routed_by: 'component' }]);
  });

  it("sends a Chaoyang noise complaint to the district's street office and copies the district government", async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民' });
    await publishCaseEvents([classified]);

    const dispatched = await eventuallyDispatched(classified.caseId);
    expect(dispatched.payload).toMatchObject({ agencyId: 'street-110105001', copiedToAgencyIds: ['gov-110105'], ruleId: 'noise-110105' });
    const { rows } = await db.query('SELECT copied_to FROM dispatch.dispatches WHERE case_id = $1', [classified.caseId]);
    expect(rows).toEqual([{ copied_to: ['gov-110105'] }]);
  });

  it('queues a street-level matter without a district for a dispatcher and emits nothing', async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民', districtCode: null, districtName: null, districtSource: null });
    const marker = aClassifiedEvent();
    await publishCaseEvents([classified, marker]);

    await expectEventually(async () => {
      const response = await testFetch(`${service.url}/v1/manual-dispatch-queue?limit=1000`);
      const body = (await response.json()) as { items: { caseId: string }[] };
      expect(body.items).toContainEqual(expect.objectContaining({ caseId: classified.caseId, category: 'noise', districtCode: null, urgency: 'normal' }));
    }, within);
    expect(await dispatchedEvents(classified.caseId)).toEqual([]);
    const view = await testFetch(`${service.url}/v1/dispatches/${classified.caseId}`);
    expect(await view.json()).toMatchObject({ status: 'classified', rounds: [], manualDispatch: { reason: expect.stringMatching(/^no_rule: /) } });
  });

  it('takes a queued case out of the dispatchers’ queue when the centre ends it another way (declined)', async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民', districtCode: null, districtName: null, districtSource: null });
    await publishCaseEvents([classified]);
    const queued = async () => {
      const response = await testFetch(`${service.url}/v1/manual-dispatch-queue?limit=1000`);
      return ((await response.json()) as { items: { caseId: string }[] }).items.map((item) => item.caseId);
    };
    await expectEventually(async () => expect(await queued()).toContain(classified.caseId), within);

    const declined = aCaseEvent(
      'case.declined',
      { reason: 'other_legal_channel', explanation: '请向人民法院起诉' },
      { caseId: classified.caseId, producer: 'classification', cause: { eventId: classified.eventId, correlationId: classified.correlationId } },
    );
    await publishCaseEvents([declined]);
    await expectEventually(async () => {
      const view = await testFetch(`${service.url}/v1/dispatches/${classified.caseId}`);
      expect(await view.json()).toMatchObject({ status: 'declined' });
    }, within);
    expect(await queued()).not.toContain(classified.caseId);
  });

  it('queues a case classification asked to review, and carries the category a dispatcher corrects it to', async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民', confidence: 0.41, needsReview: true, classifierVersion: 'text-classifier.3' });
    await publishCaseEvents([classified]);
    await expectEventually(async () => {
      const response = await testFetch(`${service.url}/v1/manual-dispatch-queue?limit=1000`);
      const body = (await response.json()) as { items: { caseId: string }[] };
      expect(body.items).toContainEqual(expect.objectContaining({ caseId: classified.caseId, reason: expect.stringMatching(/^low_confidence: .*text-classifier\.3/) }));
    }, within);

    const dispatch = (body: object) =>
      testFetch(`${service.url}/v1/cases/${classified.caseId}/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const unknown = await dispatch({ agencyId: 'street-110105001', note: '共享单车乱停', category: 'no_such_category' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('category');
    const corrected = await dispatch({ agencyId: 'street-110105001', note: '共享单车乱停，属停车管理', category: 'parking' });
    expect(corrected.status).toBe(200);
    const event = await eventuallyDispatched(classified.caseId);
    expect(event.payload).toMatchObject({ routedBy: 'manual', correctedCategory: 'parking' });
  });

  it('dispatches a reopened case again to the same unit as round 2 with a new deadline', async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民' });
    await publishCaseEvents([classified]);
    const first = await eventuallyDispatched(classified.caseId);
    const cause = { eventId: first.eventId, correlationId: first.correlationId };
    const options = { caseId: classified.caseId, cause };
    await publishCaseEvents([
      aCaseEvent('case.signed', { agencyId: 'street-110105001', signedBy: null }, { ...options, producer: 'execution' }),
      aCaseEvent('case.feedback_submitted', { agencyId: 'street-110105001', outcome: 'resolved', reply: '已协调施工方' }, { ...options, producer: 'execution' }),
      aCaseEvent('case.reopened', { followUp: null, agencyId: 'street-110105001', reason: 'unsatisfied' }, { ...options, producer: 'feedback' }),
    ]);

    const second = await eventuallyDispatched(classified.caseId, 2);
    expect(second.payload).toMatchObject({ round: 2, agencyId: 'street-110105001', copiedToAgencyIds: ['gov-110105'], ruleId: 'noise-110105' });
    expect(new Date(second.payload.deadline).getTime()).toBeGreaterThan(new Date(first.payload.deadline).getTime());
    const view = await testFetch(`${service.url}/v1/dispatches/${classified.caseId}`);
    expect(await view.json()).toMatchObject({ status: 'dispatched', rounds: [{ round: 1 }, { round: 2 }] });
  });

  it("inserts a batch's dispatch rounds in one statement, and the ones a later event of the batch reads before it: dispatched, reopened and dispatched again", async () => {
    const [a, b, c, reopenedCase] = await caseIdsOnOnePartition(4);
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民' }, reopenedCase);
    const options = { caseId: reopenedCase, cause: { eventId: classified.eventId, correlationId: classified.correlationId } };
    const watch = await watchStatements(db, ['dispatch.dispatches']);
    try {
      // One produce request, one partition: one batch.
      await publishCaseEvents([a, b, c].map((caseId) => aClassifiedEvent({}, caseId)));
      for (const caseId of [a, b, c]) await eventuallyDispatched(caseId);
      expect(await watch.writing([a, b, c])).toHaveLength(1);

      await publishCaseEvents([
        classified,
        aCaseEvent('case.signed', { agencyId: 'street-110105001', signedBy: null }, { ...options, producer: 'execution' }),
        aCaseEvent('case.feedback_submitted', { agencyId: 'street-110105001', outcome: 'resolved', reply: '已协调施工方' }, { ...options, producer: 'execution' }),
        aCaseEvent('case.reopened', { followUp: null, agencyId: 'street-110105001', reason: 'unsatisfied' }, { ...options, producer: 'feedback' }),
      ]);
      await eventuallyDispatched(reopenedCase, 2);
      // Round 1 was written when the reopen read the case's latest round, round 2 when the batch ended: one transaction.
      const [first, second, ...more] = await watch.writing([reopenedCase]);
      expect(more).toEqual([]);
      expect([first?.caseIds, second?.caseIds]).toEqual([[reopenedCase], [reopenedCase]]);
      expect(first?.tx).toBe(second?.tx);
      expect(first!.statement).toBeLessThan(second!.statement);
      const { rows: rounds } = await db.query<{ round: number }>('SELECT round FROM dispatch.dispatches WHERE case_id = $1 ORDER BY round', [reopenedCase]);
      expect(rounds.map((row) => row.round)).toEqual([1, 2]);
    } finally {
      await watch.stop();
    }
  });

  it('queues a reopen the policy gives to a dispatcher (redispatchTo dispatcher), who then dispatches it as the next round', async () => {
    const classified = aClassifiedEvent({ category: 'noise', categoryName: '噪声扰民' });
    await publishCaseEvents([classified]);
    const first = await eventuallyDispatched(classified.caseId);
    const options = { caseId: classified.caseId, cause: { eventId: first.eventId, correlationId: first.correlationId } };
    const reopened = aCaseEvent(
      'case.reopened',
      { followUp: null, agencyId: 'street-110105001', reason: 'unresolved', reopenCount: 2, redispatchTo: 'dispatcher' },
      { ...options, producer: 'feedback' },
    );
    await publishCaseEvents([
      aCaseEvent('case.signed', { agencyId: 'street-110105001', signedBy: null }, { ...options, producer: 'execution' }),
      aCaseEvent('case.feedback_submitted', { agencyId: 'street-110105001', outcome: 'resolved', reply: '已协调施工方' }, { ...options, producer: 'execution' }),
      reopened,
    ]);

    await expectEventually(async () => {
      const response = await testFetch(`${service.url}/v1/manual-dispatch-queue?limit=1000`);
      const body = (await response.json()) as { items: { caseId: string }[] };
      expect(body.items).toContainEqual(
        expect.objectContaining({ caseId: classified.caseId, category: null, urgency: 'normal', reason: expect.stringMatching(/^reopened: unresolved, reopen 2; .*street-110105001/) }),
      );
    }, within);
    expect(await dispatchedEvents(classified.caseId)).toHaveLength(1);
    const view = await testFetch(`${service.url}/v1/dispatches/${classified.caseId}`);
    expect(await view.json()).toMatchObject({ status: 'reopened', rounds: [{ round: 1 }], manualDispatch: { reason: expect.stringMatching(/^reopened: /) } });

    const manual = await testFetch(`${service.url}/v1/cases/${classified.caseId}/dispatch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agencyId: 'city-urban-management', note: '两次重办未解决，改由市城管委牵头' }),
    });
    expect(manual.status).toBe(200);
    const second = await eventuallyDispatched(classified.caseId, 2);
    expect(second).toMatchObject({ causationId: reopened.eventId, payload: { round: 2, agencyId: 'city-urban-management', routedBy: 'manual' } });
  });

  it('dispatches a possible duplicate as usual and lists it for dispatchers, who may dismiss it once', async () => {
    const parentCaseId = randomUUID();
    const flagged = aClassifiedEvent({ possibleDuplicateOf: { caseId: parentCaseId, score: 0.72 } });
    const plain = aClassifiedEvent();
    await publishCaseEvents([flagged, plain]);
    await eventuallyDispatched(flagged.caseId);
    await eventuallyDispatched(plain.caseId);

    const dispatcher = await actAs('dispatcher');
    const list = async (query = '') => {
      const response = await testFetch(`${service.url}/v1/possible-duplicates?limit=1000${query}`, { headers: dispatcher });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Array<{ caseId: string }> }).items;
    };
    const open = await list();
    expect(open).toContainEqual({
      caseId: flagged.caseId,
      duplicateOfCaseId: parentCaseId,
      score: 0.72,
      category: 'street_light',
      districtCode: '110105',
      streetCode: null,
      flaggedAt: expect.any(String),
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      note: null,
      mergedIntoCaseId: null,
      caseStatus: 'dispatched',
      // The case it may repeat is one dispatch never saw here: unknown, not ended, so the flag stays open.
      duplicateOfStatus: null,
    });
    expect(open.map((item) => item.caseId)).not.toContain(plain.caseId);

    const dismiss = (caseId: string, body: unknown, headers: Record<string, string> = dispatcher) =>
      testFetch(`${service.url}/v1/possible-duplicates/${caseId}/dismiss`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await dismiss(flagged.caseId, {}, await actAsUnit('street-110105001'))).status).toBe(403);
    const invalid = await dismiss(flagged.caseId, { note: 12, extra: true });
    expect(invalid.status).toBe(400);
    expect((await dismiss('not-a-uuid', {})).status).toBe(400);
    expect((await dismiss(plain.caseId, {})).status).toBe(404);

    const dismissed = await dismiss(flagged.caseId, { note: '不同的两盏路灯' });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({ caseId: flagged.caseId, status: 'dismissed', decidedBy: 'user:test-dispatcher', note: '不同的两盏路灯' });
    const again = await dismiss(flagged.caseId, {});
    expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([409, 'POSSIBLE_DUPLICATE.CONFLICT']);
    expect((await list()).map((item) => item.caseId)).not.toContain(flagged.caseId);
    expect((await list('&status=dismissed')).map((item) => item.caseId)).toContain(flagged.caseId);
  });

  it('dead-letters a reopen of a case that has not been handled yet, and a case.classified for a dispatched case', async () => {
    const classified = aClassifiedEvent();
    await publishCaseEvents([classified]);
    await eventuallyDispatched(classified.caseId);
    const reopened = aCaseEvent('case.reopened', { followUp: null, agencyId: null, reason: 'citizen_called_again' }, { caseId: classified.caseId, producer: 'feedback' });
    const again = aClassifiedEvent({ category: 'noise' }, classified.caseId);
    await publishCaseEvents([reopened, again]);

    await expectEventually(() => {
      for (const event of [reopened, again]) {
        const letter = deadLetters.received.find((l) => l.value.includes(event.eventId));
        expect(letter).toMatchObject({ consumer: 'dispatch' });
        expect(letter?.reason).toContain('when the case is dispatched');
      }
    }, within);
    expect(await dispatchedEvents(classified.caseId)).toHaveLength(1);
  });

  it('dead-letters poison messages and goes on with the next event', async () => {
    const broken = { ...aClassifiedEvent(), payload: { category: 'noise', urgency: 'whenever' } };
    const next = aClassifiedEvent();
    await publishCaseEvents([], ['{"type":"case.classified",', JSON.stringify(broken)]);
    await publishCaseEvents([next]);

    await eventuallyDispatched(next.caseId);
    await expectEventually(() => {
      expect(deadLetters.received.some((l) => l.value === '{"type":"case.classified",' && l.reason.startsWith('EVENT.MALFORMED_JSON'))).toBe(true);
      expect(deadLetters.received.some((l) => l.value.includes(broken.eventId) && l.reason.startsWith('EVENT.INVALID_PAYLOAD'))).toBe(true);
    }, within);
  });

  it('writes a case\'s status once for a batch, however many of its events move it: classified and dispatched, signed, replied', async () => {
    const classified = aClassifiedEvent();
    const { caseId } = classified;
    const agencyId = 'city-urban-management';
    const signed = aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' });
    const replied = aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply: '已修复' }, { caseId, producer: 'execution' });
    // Every row written to the table, as Postgres saw it: one per statement that wrote the case's row.
    const writes = `case_state_writes_${randomUUID().slice(0, 8)}`;
    await db.query(`CREATE TABLE public.${writes} (case_id uuid, op text, status text)`);
    await db.query(`CREATE FUNCTION public.${writes}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.${writes} VALUES (NEW.case_id, TG_OP, NEW.status); RETURN NULL; END $$`);
    await db.query(`CREATE TRIGGER ${writes} AFTER INSERT OR UPDATE ON dispatch.case_states FOR EACH ROW EXECUTE FUNCTION public.${writes}()`);
    try {
      // One produce request, one partition: the consumer fetches the three as one batch.
      await publishCaseEvents([classified, signed, replied]);
      await expectEventually(async () => {
        const { rows } = await db.query('SELECT status FROM dispatch.case_states WHERE case_id = $1', [caseId]);
        expect(rows).toEqual([{ status: 'feedback_submitted' }]);
      }, within);
      const { rows } = await db.query(`SELECT op, status FROM public.${writes} WHERE case_id = $1`, [caseId]);
      expect(rows).toEqual([{ op: 'INSERT', status: 'feedback_submitted' }]);
    } finally {
      await db.query(`DROP TRIGGER ${writes} ON dispatch.case_states`);
      await db.query(`DROP TABLE public.${writes}`);
      await db.query(`DROP FUNCTION public.${writes}()`);
    }
    expect(await dispatchedEvents(caseId)).toHaveLength(1);
    expect(deadLetters.received.filter((letter) => [classified, signed, replied].some((event) => letter.value.includes(event.eventId)))).toEqual([]);
  });

  it("keeps a case's request for routing only until its dispatch, written in bulk: received and dispatched in one batch never writes it", async () => {
    const received = (caseId: string) => aCaseEvent('case.received', aReceivedPayload({ description: '路灯不亮' }), { caseId });
    const together = aClassifiedEvent();
    const apart = aClassifiedEvent();
    // Every row written to or deleted from the table, as Postgres saw it.
    const writes = `case_request_writes_${randomUUID().slice(0, 8)}`;
    await db.query(`CREATE TABLE public.${writes} (case_id uuid, op text)`);
    await db.query(
      `CREATE FUNCTION public.${writes}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.${writes} VALUES (CASE TG_OP WHEN 'DELETE' THEN OLD.case_id ELSE NEW.case_id END, TG_OP); RETURN NULL; END $$`,
    );
    await db.query(`CREATE TRIGGER ${writes} AFTER INSERT OR UPDATE OR DELETE ON dispatch.case_requests FOR EACH ROW EXECUTE FUNCTION public.${writes}()`);
    const opsOf = async (caseId: string) => (await db.query<{ op: string }>(`SELECT op FROM public.${writes} WHERE case_id = $1`, [caseId])).rows.map((row) => row.op);
    try {
      // One produce request, one partition: one batch.
      await publishCaseEvents([received(together.caseId), together]);
      await publishCaseEvents([received(apart.caseId)]);
      await expectEventually(async () => expect(await opsOf(apart.caseId)).toEqual(['INSERT']), within);
      await publishCaseEvents([apart]);
      await eventuallyDispatched(together.caseId);
      await eventuallyDispatched(apart.caseId);
      await expectEventually(async () => expect(await opsOf(apart.caseId)).toEqual(['INSERT', 'DELETE']), within);
      expect(await opsOf(together.caseId)).toEqual([]);
      const { rows } = await db.query('SELECT case_id FROM dispatch.case_requests WHERE case_id = ANY($1::uuid[])', [[together.caseId, apart.caseId]]);
      expect(rows).toEqual([]);
    } finally {
      await db.query(`DROP TRIGGER ${writes} ON dispatch.case_requests`);
      await db.query(`DROP TABLE public.${writes}`);
      await db.query(`DROP FUNCTION public.${writes}()`);
    }
  });

  it('dispatches a redelivered case.classified once', async () => {
    const classified = aClassifiedEvent();
    // The marker has the duplicates' key, so it travels on their partition behind them: once dispatch has
    // dead-lettered it (a second classification of a dispatched case), every duplicate has been consumed.
    const marker = aClassifiedEvent({ category: 'noise' }, classified.caseId);
    await publishCaseEvents([classified, classified]);
    await publishCaseEvents([classified, marker]);

    await expectEventually(() => {
      const letter = deadLetters.received.find((l) => l.value.includes(marker.eventId));
      expect(letter?.reason).toContain('when the case is dispatched');
    }, within);
    expect(deadLetters.received.filter((l) => l.value.includes(classified.eventId))).toEqual([]);
    expect(await dispatchedEvents(classified.caseId)).toHaveLength(1);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM dispatch.dispatches WHERE case_id = $1', [classified.caseId]);
    expect(rows[0]?.n).toBe(1);
  });

  describe('GET /v1/agencies', () => {
    it("lists a district's street offices", async () => {
      const response = await testFetch(`${service.url}/v1/agencies?districtCode=110105&kind=street_office`);
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: { agencyId: string; parentAgencyId: string }[] };
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items[0]).toEqual({
        agencyId: 'street-110105001',
        name: '朝阳区建外街道办事处',
        kind: 'street_office',
        districtCode: '110105',
        parentAgencyId: 'gov-110105',
        streetCode: '110105001',
      });
      expect(items.every((a) => a.parentAgencyId === 'gov-110105')).toBe(true);
    });

    it('lists every agency without filters, city-wide units included', async () => {
      const { items } = (await (await testFetch(`${service.url}/v1/agencies`)).json()) as { items: { agencyId: string }[] };
      expect(items.map((a) => a.agencyId)).toEqual(expect.arrayContaining(['utility-water', 'city-urban-management', 'gov-110108']));
    });

    it('lists every invalid filter in one 400', async () => {
      const response = await testFetch(`${service.url}/v1/agencies?districtCode=chaoyang&kind=police&color=red`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
      expect(body.error.code).toBe('VALIDATION.FAILED');
      expect(body.error.details.issues.map((i) => i.path).sort()).toEqual(['(root)', 'districtCode', 'kind']);
    });

    it('returns one agency, or 404 AGENCY.NOT_FOUND', async () => {
      const found = await testFetch(`${service.url}/v1/agencies/gov-110105`);
      expect(await found.json()).toMatchObject({ agencyId: 'gov-110105', name: '北京市朝阳区人民政府', kind: 'district_government' });
      const missing = await testFetch(`${service.url}/v1/agencies/street-999999999`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'AGENCY.NOT_FOUND' } });
    });
  });

  it('answers 404 DISPATCH.NOT_FOUND for a case it never saw', async () => {
    const response = await testFetch(`${service.url}/v1/dispatches/${randomUUID()}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'DISPATCH.NOT_FOUND' } });
  });
});
