import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEvent, CaseEventOf, PayloadOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  actAs,
  actAsUnit,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  startInProcess,
  testFetch,
  testServiceEnv,
  watchDeadLetters,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadDispatchConfig } from '../src/config/dispatch-config';
import { DISPATCH_CONSUMER } from '../src/infrastructure/messaging/dispatch-consumer';

// The first test also waits for the consumer group to form (the project's testTimeout does not reach here).
jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };

const aClassifiedEvent = (overrides: Partial<PayloadOf<'case.classified'>> = {}) =>
  aCaseEvent(
    'case.classified',
    {
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
    },
    { caseId: randomUUID(), producer: 'classification' },
  );

interface ErrorBody {
  error: { code: string; message: string };
}

// 并案 confirmed by a dispatcher: POST /v1/possible-duplicates/{caseId}/merge, against dispatch's own state.
describe('dispatch: a dispatcher confirms a flagged possible duplicate as a merge', () => {
  let service: InProcessService;
  let db: Client;
  let dispatcher: Record<string, string>;

  beforeAll(async () => {
    const config = loadDispatchConfig(testServiceEnv());
    service = await startInProcess({ service: 'dispatch', appModule: AppModule.register(config, createLogger('dispatch', 'warn')), consumer: DISPATCH_CONSUMER });
    db = await connectDatabase();
    dispatcher = await actAs('dispatcher');
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.end();
  }, 60_000);

  const statusOf = async (caseId: string): Promise<string | undefined> =>
    (await db.query<{ status: string }>('SELECT status FROM dispatch.case_states WHERE case_id = $1', [caseId])).rows[0]?.status;
  const eventuallyIn = (caseId: string, status: string) => expectEventually(async () => expect(await statusOf(caseId)).toBe(status), within);
  const mergedEvents = async (caseId: string) =>
    (await outboxEvents(db, 'dispatch', caseId)).filter((e): e is CaseEventOf<'case.merged'> => e.type === 'case.merged');
  const merge = async (caseId: string, body: unknown = {}, headers: Record<string, string> = dispatcher) => {
    const response = await testFetch(`${service.url}/v1/possible-duplicates/${caseId}/merge`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & Partial<ErrorBody> };
  };
  const refusal = (answer: { status: number; body: Partial<ErrorBody> }) => [answer.status, answer.body.error?.code];

  /** A parent dispatched as usual and cases flagged against it, all dispatched (or queued) by dispatch itself. */
  const flaggedCases = async (flagged: Array<Partial<PayloadOf<'case.classified'>>>, parentStatus = 'dispatched') => {
    const parent = aClassifiedEvent();
    const repeats = flagged.map((overrides) => aClassifiedEvent({ possibleDuplicateOf: { caseId: parent.caseId, score: 0.7 }, ...overrides }));
    await publishCaseEvents([parent, ...repeats]);
    await eventuallyIn(parent.caseId, parentStatus);
    for (const [index, repeat] of repeats.entries()) await eventuallyIn(repeat.caseId, flagged[index]?.needsReview ? 'classified' : 'dispatched');
    return { parentId: parent.caseId, repeatIds: repeats.map((repeat) => repeat.caseId) };
  };

  it('merges a signed flagged case into its parent once, records who confirmed it, and answers a retry the same', async () => {
    const { parentId, repeatIds: [caseId = ''] } = await flaggedCases([{}]);
    const agencyId = 'city-urban-management';
    await publishCaseEvents([aCaseEvent('case.signed', { agencyId, signedBy: 'user:unit' }, { caseId, producer: 'execution' })]);
    await eventuallyIn(caseId, 'signed');

    const merged = await merge(caseId, { note: '同一盏路灯' });
    expect(merged).toEqual({
      status: 200,
      body: expect.objectContaining({ caseId, duplicateOfCaseId: parentId, status: 'merged', mergedIntoCaseId: parentId, decidedBy: 'user:test-dispatcher', note: '同一盏路灯', decidedAt: expect.any(String) }),
    });
    expect(await statusOf(caseId)).toBe('merged');
    const [event, ...more] = await mergedEvents(caseId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ producer: 'dispatch', payload: { intoCaseId: parentId, confirmedBy: 'user:test-dispatcher', note: '同一盏路灯', reason: expect.stringContaining('0.70') } });

    // A retry (the answer was lost) changes nothing and answers the same; another parent is a conflict.
    expect(await merge(caseId, { note: '同一盏路灯' })).toEqual(merged);
    expect(await merge(caseId, { intoCaseId: parentId })).toEqual(merged);
    expect(await mergedEvents(caseId)).toHaveLength(1);
    expect(refusal(await merge(caseId, { intoCaseId: randomUUID() }))).toEqual([409, 'MERGE.ALREADY_MERGED']);
    const dismissed = await testFetch(`${service.url}/v1/possible-duplicates/${caseId}/dismiss`, { method: 'POST', headers: { ...dispatcher, 'content-type': 'application/json' }, body: '{}' });
    expect(dismissed.status).toBe(409);

    const list = async (status: string) => {
      const response = await testFetch(`${service.url}/v1/possible-duplicates?limit=1000&status=${status}`, { headers: dispatcher });
      return ((await response.json()) as { items: Array<{ caseId: string }> }).items.map((item) => item.caseId);
    };
    expect(await list('open')).not.toContain(caseId);
    expect(await list('merged')).toContain(caseId);
  });

  it('merges a flagged case still waiting for a dispatcher, which leaves the manual dispatch queue', async () => {
    const { parentId, repeatIds: [caseId = ''] } = await flaggedCases([{ needsReview: true }]);
    const queue = async () => {
      const response = await testFetch(`${service.url}/v1/manual-dispatch-queue?limit=1000`, { headers: dispatcher });
      return ((await response.json()) as { items: Array<{ caseId: string }> }).items.map((item) => item.caseId);
    };
    expect(await queue()).toContain(caseId);
    expect(await merge(caseId)).toMatchObject({ status: 200, body: { status: 'merged', mergedIntoCaseId: parentId, note: null } });
    expect(await statusOf(caseId)).toBe('merged');
    expect(await queue()).not.toContain(caseId);
    expect((await mergedEvents(caseId))[0]?.payload).not.toHaveProperty('note');
  });

  it('merges into another open case a dispatcher names, and refuses a parent that is unknown or no longer open', async () => {
    const { parentId, repeatIds: [first = '', second = '', third = ''] } = await flaggedCases([{}, {}, {}]);
    expect(refusal(await merge(first, { intoCaseId: randomUUID() }))).toEqual([409, 'MERGE.PARENT_NOT_OPEN']);
    // The second repeat joins the first rather than the parent it was flagged against …
    expect(await merge(second, { intoCaseId: first })).toMatchObject({ status: 200, body: { mergedIntoCaseId: first, duplicateOfCaseId: parentId } });
    expect((await mergedEvents(second))[0]?.payload.reason).not.toContain('0.70');
    // … which, merged itself, then takes no more.
    expect(await merge(first)).toMatchObject({ status: 200 });
    const intoMerged = await merge(third, { intoCaseId: first });
    expect(refusal(intoMerged)).toEqual([409, 'MERGE.PARENT_NOT_OPEN']);
    expect(intoMerged.body.error?.message).toContain(first);
    expect(await statusOf(third)).toBe('dispatched');
  });

  it('refuses with a clear code a case it does not know, one nobody flagged, the case itself as parent, and a caller who is not a dispatcher', async () => {
    const { repeatIds: [caseId = ''] } = await flaggedCases([{}]);
    const plain = aClassifiedEvent();
    await publishCaseEvents([plain]);
    await eventuallyIn(plain.caseId, 'dispatched');

    expect(refusal(await merge(randomUUID()))).toEqual([404, 'CASE.NOT_FOUND']);
    expect(refusal(await merge(plain.caseId))).toEqual([409, 'MERGE.NOT_FLAGGED']);
    const itself = await merge(caseId, { intoCaseId: caseId });
    expect(refusal(itself)).toEqual([400, 'VALIDATION.FAILED']);
    expect(itself.body.error?.message).toContain('intoCaseId');
    expect(refusal(await merge(caseId, { intoCaseId: 'nope', extra: 1 }))).toEqual([400, 'VALIDATION.FAILED']);
    expect((await merge(caseId, {}, await actAsUnit('city-urban-management'))).status).toBe(403);
    expect((await merge(caseId, {}, await actAs('auditor'))).status).toBe(403);
    expect(await statusOf(caseId)).toBe('dispatched');
    expect(await mergedEvents(caseId)).toEqual([]);
  });

  it('refuses a flagged case that has closed, one whose reply is in, and one already dismissed', async () => {
    const { repeatIds: [closed = '', replied = '', dismissed = ''] } = await flaggedCases([{}, {}, {}]);
    const agencyId = 'city-urban-management';
    const by = (caseId: string, producer: CaseEvent['producer']) => ({ caseId, producer });
    const followUp = { reached: true, resolved: true, satisfaction: 'satisfied' as const, note: null, operatorId: 'user:op' };
    await publishCaseEvents([
      aCaseEvent('case.signed', { agencyId, signedBy: null }, by(closed, 'execution')),
      aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply: '已修复' }, by(closed, 'execution')),
      aCaseEvent('case.closed', { followUp, agencyId }, by(closed, 'feedback')),
      aCaseEvent('case.signed', { agencyId, signedBy: null }, by(replied, 'execution')),
      aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply: '已修复' }, by(replied, 'execution')),
    ]);
    await eventuallyIn(closed, 'closed');
    await eventuallyIn(replied, 'feedback_submitted');
    const dismiss = await testFetch(`${service.url}/v1/possible-duplicates/${dismissed}/dismiss`, { method: 'POST', headers: { ...dispatcher, 'content-type': 'application/json' }, body: '{}' });
    expect(dismiss.status).toBe(200);

    expect(refusal(await merge(closed))).toEqual([409, 'MERGE.CASE_CLOSED']);
    expect(refusal(await merge(replied))).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    expect(refusal(await merge(dismissed))).toEqual([409, 'POSSIBLE_DUPLICATE.CONFLICT']);
    for (const caseId of [closed, replied, dismissed]) expect(await mergedEvents(caseId)).toEqual([]);
  });
  it('moves a flag whose case, or the case it may repeat, ended some other way from the open list to the ended one', async () => {
    const { parentId, repeatIds: [closedRepeat = '', stillOpen = ''] } = await flaggedCases([{}, {}]);
    const { parentId: closedParent, repeatIds: [orphan = ''] } = await flaggedCases([{}]);
    const agencyId = 'city-urban-management';
    const followUp = { reached: true, resolved: true, satisfaction: 'satisfied' as const, note: null, operatorId: 'user:op' };
    const closeCase = (caseId: string) => [
      aCaseEvent('case.signed', { agencyId, signedBy: null }, { caseId, producer: 'execution' }),
      aCaseEvent('case.feedback_submitted', { agencyId, outcome: 'resolved', reply: '已修复' }, { caseId, producer: 'execution' }),
      aCaseEvent('case.closed', { followUp, agencyId }, { caseId, producer: 'feedback' }),
    ];
    await publishCaseEvents([...closeCase(closedRepeat), ...closeCase(closedParent)]);
    await eventuallyIn(closedRepeat, 'closed');
    await eventuallyIn(closedParent, 'closed');

    const list = async (status: string) => {
      const response = await testFetch(`${service.url}/v1/possible-duplicates?limit=1000&status=${status}`, { headers: dispatcher });
      expect(response.status).toBe(200);
      const items = ((await response.json()) as { items: Array<{ caseId: string; caseStatus: string | null; duplicateOfStatus: string | null }> }).items;
      return new Map(items.map((item) => [item.caseId, item]));
    };
    const open = await list('open');
    expect(open.get(stillOpen)).toMatchObject({ caseStatus: 'dispatched', duplicateOfStatus: 'dispatched' });
    expect(open.has(closedRepeat)).toBe(false);
    expect(open.has(orphan)).toBe(false);
    const ended = await list('ended');
    expect(ended.get(closedRepeat)).toMatchObject({ caseStatus: 'closed', duplicateOfStatus: 'dispatched' });
    expect(ended.get(orphan)).toMatchObject({ caseStatus: 'dispatched', duplicateOfStatus: 'closed' });
    expect(ended.has(stillOpen)).toBe(false);

    // A decision answers with the statuses after it; the flag then leaves both lists.
    expect(await merge(stillOpen)).toMatchObject({ status: 200, body: { mergedIntoCaseId: parentId, caseStatus: 'merged', duplicateOfStatus: 'dispatched' } });
    expect((await list('open')).has(stillOpen)).toBe(false);
    expect((await list('merged')).get(stillOpen)).toMatchObject({ caseStatus: 'merged' });
    const unknownStatus = await testFetch(`${service.url}/v1/possible-duplicates?status=stale`, { headers: dispatcher });
    expect(unknownStatus.status).toBe(400);
    expect(((await unknownStatus.json()) as ErrorBody).error.message).toContain('must be open, ended, dismissed or merged');
  });
  it('takes a unit\'s signing that crossed the merge on its way as late: no dead letter, the case stays merged', async () => {
    const deadLetters = await watchDeadLetters();
    try {
      const { repeatIds: [caseId = ''] } = await flaggedCases([{}]);
      expect(await merge(caseId)).toMatchObject({ status: 200 });
      expect(await statusOf(caseId)).toBe('merged');
      // Execution had not heard of the merge when the unit signed.
      const signed = aCaseEvent('case.signed', { agencyId: 'city-urban-management', signedBy: 'user:unit' }, { caseId, producer: 'execution' });
      await publishCaseEvents([signed]);
      // Processed (its inbox row is written in the same transaction), not waiting.
      await expectEventually(async () => {
        const inbox = await db.query('SELECT 1 FROM dispatch.inbox WHERE consumer = $1 AND event_id = $2', ['dispatch', signed.eventId]);
        expect(inbox.rowCount).toBe(1);
      }, within);
      expect(await statusOf(caseId)).toBe('merged');
      expect(deadLetters.received.filter((letter) => letter.value.includes(signed.eventId))).toEqual([]);
    } finally {
      await deadLetters.stop();
    }
  });
});
