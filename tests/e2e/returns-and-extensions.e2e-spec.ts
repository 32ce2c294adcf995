import { randomUUID } from 'node:crypto';
import type { PayloadOf } from '@hotline/contracts';
import { E2eStack, aCaseEvent, aReceivedPayload, actAs, actAsUnit, expectEventually, httpJson, publishCaseEvents, watchDeadLetters, type DeadLetterWatch } from '@hotline/testing';

// 退单 / 改派 / 仲裁 and 延期 across execution, dispatch and audit, as processes, through Kafka. The case
// enters as case.received + case.classified (intake and classification are not needed here).
const STREET = 'street-110105001';
const CITY_UNIT = 'city-urban-management';
const within = { timeoutMs: 60_000 };

interface QueueItem {
  caseId: string;
  status: string;
  round: number;
  deadline: string;
}
interface Dispute {
  caseId: string;
  agencyId: string;
  status: string;
  returnNumber: number;
  requiresArbitration: boolean;
  decidedAs: string | null;
  redispatchedTo: string | null;
}
interface Extension {
  caseId: string;
  status: string;
  requestedDeadline: string;
}
interface ErrorBody {
  error: { code: string; details?: { issues: { path: string }[] } };
}
interface Timeline {
  holders: { agencyId: string; round: number; from: string; until: string | null; endedBy: string | null; returnedAt: string | null }[];
  events: { type: string; payload: Record<string, unknown> }[];
}

const noiseInChaoyang: PayloadOf<'case.classified'> = {
  category: 'noise',
  categoryName: '噪声扰民',
  urgency: 'normal',
  districtCode: '110105',
  districtName: '朝阳区',
  streetCode: null,
  districtSource: 'location',
  confidence: 0.9,
  matchedKeywords: ['噪音'],
  classifierVersion: 'keyword-v1+rules.1',
};

describe('end to end: returns, disputes and extensions (issue 7 §2, §5)', () => {
  // Two returns make the third decision arbitration's; one extension per case.
  const stack = new E2eStack({ DISPUTE_ARBITRATION_AFTER_RETURNS: '2', EXTENSION_MAX_PER_CASE: '1' });
  let dispatcher: Record<string, string>;
  let arbitrator: Record<string, string>;
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    deadLetters = await watchDeadLetters();
    await Promise.all([stack.start('dispatch'), stack.start('execution'), stack.start('audit')]);
    dispatcher = await actAs('dispatcher');
    arbitrator = await actAs('arbitrator');
  }, 240_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await stack.stopAll();
  }, 60_000);

  const execution = (path: string) => `${stack.url('execution')}${path}`;
  const dispatch = (path: string) => `${stack.url('dispatch')}${path}`;

  async function aCaseDispatchedToTheStreet(): Promise<{ caseId: string; deadline: string }> {
    const received = aCaseEvent('case.received', aReceivedPayload({ title: '夜间施工噪音' }), { producer: 'intake' });
    const classified = aCaseEvent('case.classified', noiseInChaoyang, { caseId: received.caseId, producer: 'classification', cause: received });
    await publishCaseEvents([received, classified]);
    const item = await queued(STREET, received.caseId, 'dispatched');
    return { caseId: received.caseId, deadline: item.deadline };
  }

  const queued = (agencyId: string, caseId: string, status: string) =>
    expectEventually(async () => {
      const { body } = await httpJson<{ items: QueueItem[] }>('GET', execution(`/v1/agencies/${agencyId}/cases`), undefined, dispatcher);
      const item = body.items.find((candidate) => candidate.caseId === caseId);
      expect(item?.status).toBe(status);
      return item!;
    }, within);

  // Every service took every event of the case: nothing was dead-lettered.
  const expectNoDeadLetters = (caseId: string) => expect(deadLetters.received.filter((letter) => letter.key === caseId)).toEqual([]);

  const disputeOf = async (caseId: string, query: string) =>
    (await httpJson<{ items: Dispute[] }>('GET', dispatch(`/v1/disputes?${query}`), undefined, dispatcher)).body.items.find((item) => item.caseId === caseId);

  const pendingDispute = (caseId: string) =>
    expectEventually(async () => {
      const dispute = await disputeOf(caseId, 'status=pending');
      expect(dispute).toBeDefined();
      return dispute!;
    }, within);

  it('redispatches a returned case, sends the second return to arbitration, and the timeline shows who held it', async () => {
    const { caseId } = await aCaseDispatchedToTheStreet();
    const street = await actAsUnit(STREET);
    const returned = await httpJson('POST', execution(`/v1/cases/${caseId}/return`), { reason: 'not_in_remit', note: '施工噪音由城管执法负责' }, street);
    expect(returned.status).toBe(200);
    expect(await pendingDispute(caseId)).toMatchObject({ agencyId: STREET, returnNumber: 1, requiresArbitration: false });

    const toSameUnit = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/redispatch`), { agencyId: STREET, note: '改派' }, dispatcher);
    expect([toSameUnit.status, toSameUnit.body.error.code]).toEqual([409, 'DISPUTE.SAME_AGENCY']);
    const toNobody = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/redispatch`), { agencyId: 'no-such-unit', note: '改派' }, dispatcher);
    expect([toNobody.status, toNobody.body.error.details?.issues.map((issue) => issue.path)]).toEqual([400, ['agencyId']]);
    const empty = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/redispatch`), {}, dispatcher);
    expect([empty.status, empty.body.error.details?.issues.map((issue) => issue.path).sort()]).toEqual([400, ['agencyId', 'note']]);
    const byUnit = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/redispatch`), { agencyId: CITY_UNIT, note: '改派' }, street);
    expect([byUnit.status, byUnit.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);

    const redispatched = await httpJson<Dispute>('POST', dispatch(`/v1/cases/${caseId}/redispatch`), { agencyId: CITY_UNIT, note: '属城管执法职责，改派' }, dispatcher);
    expect(redispatched.status).toBe(200);
    expect(redispatched.body).toMatchObject({ status: 'redispatched', decidedAs: 'dispatcher', redispatchedTo: CITY_UNIT });
    const twice = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/reject-return`), { note: '驳回' }, dispatcher);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    // The upheld return is what counts against the street office's return rate.
    expect(await disputeOf(caseId, `status=redispatched&agencyId=${STREET}`)).toMatchObject({ redispatchedTo: CITY_UNIT });

    const atCity = await queued(CITY_UNIT, caseId, 'dispatched');
    expect(atCity.round).toBe(2);
    const city = await actAsUnit(CITY_UNIT);
    const streetAgain = await httpJson<ErrorBody>('POST', execution(`/v1/cases/${caseId}/return`), { reason: 'wrong_area', note: '再退' }, street);
    expect(streetAgain.status).toBe(404);
    expect((await httpJson('POST', execution(`/v1/cases/${caseId}/return`), { reason: 'overlapping_duties', note: '与街道职能交叉' }, city)).status).toBe(200);
    expect(await pendingDispute(caseId)).toMatchObject({ agencyId: CITY_UNIT, returnNumber: 2, requiresArbitration: true });

    for (const [path, body] of [['redispatch', { agencyId: STREET, note: '改回街道' }], ['reject-return', { note: '驳回' }]] as const) {
      const refused = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/${path}`), body, dispatcher);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'DISPUTE.ARBITRATION_REQUIRED']);
    }
    expect(await disputeOf(caseId, 'status=pending')).toMatchObject({ returnNumber: 2 });
    const arbitrated = await httpJson<Dispute>('POST', dispatch(`/v1/cases/${caseId}/reject-return`), { note: '仲裁：由市城管委承办' }, arbitrator);
    expect(arbitrated.status).toBe(200);
    expect(arbitrated.body).toMatchObject({ status: 'rejected', decidedAs: 'arbitration' });
    const kept = await queued(CITY_UNIT, caseId, 'signed');
    expect(kept.deadline).toBe(atCity.deadline);

    const timeline = await expectEventually(async () => {
      const { body } = await httpJson<Timeline>('GET', `${stack.url('audit')}/v1/cases/${caseId}/timeline`, undefined, dispatcher);
      expect(body.events.map((event) => event.type)).toContain('case.dispute_rejected');
      return body;
    }, within);
    expect(timeline.holders).toEqual([
      expect.objectContaining({ agencyId: STREET, round: 1, endedBy: 'case.redispatched', until: expect.any(String), returnedAt: expect.any(String) }),
      expect.objectContaining({ agencyId: CITY_UNIT, round: 2, until: null, endedBy: null, returnedAt: expect.any(String) }),
    ]);
    expect(timeline.holders[0]!.until).toBe(timeline.holders[1]!.from);
    expect(timeline.events.map((event) => event.type).filter((type) => type !== 'case.received' && type !== 'case.classified')).toEqual([
      'case.dispatched',
      'case.dispute_raised',
      'case.redispatched',
      'case.dispute_raised',
      'case.dispute_rejected',
    ]);
    expectNoDeadLetters(caseId);
  });

  it('leaves a rejected return with its unit and deadline, then extends the deadline once, telling the citizen', async () => {
    const { caseId, deadline } = await aCaseDispatchedToTheStreet();
    const street = await actAsUnit(STREET);
    expect((await httpJson('POST', execution(`/v1/cases/${caseId}/return`), { reason: 'wrong_area', note: '工地不在本街道' }, street)).status).toBe(200);
    await pendingDispute(caseId);
    // Two dispatchers decide at once: one decision stands, the other is refused and changes nothing.
    const reject = async () => httpJson<Dispute>('POST', dispatch(`/v1/cases/${caseId}/reject-return`), { note: '属地无误，首接负责' }, dispatcher);
    const decisions = await Promise.all([reject(), reject()]);
    expect(decisions.map((decision) => decision.status).sort()).toEqual([200, 409]);
    const rejected = decisions.find((decision) => decision.status === 200)!;
    expect(rejected.body.decidedAs).toBe('dispatcher');
    expect((await queued(STREET, caseId, 'signed')).deadline).toBe(deadline);

    const ask = (requestedDeadline: string) => httpJson<ErrorBody>('POST', execution(`/v1/cases/${caseId}/extension`), { reason: '需协调施工单位调整工期', requestedDeadline }, street);
    const pendingExtension = () =>
      expectEventually(async () => {
        const { body } = await httpJson<{ items: Extension[] }>('GET', dispatch('/v1/extensions?status=pending'), undefined, dispatcher);
        expect(body.items.map((item) => item.caseId)).toContain(caseId);
      }, within);
    const later = (days: number) => new Date(new Date(deadline).getTime() + days * 24 * 3600 * 1000).toISOString();

    expect((await ask(later(3))).status).toBe(200);
    await pendingExtension();
    const noNote = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/extension/reject`), {}, dispatcher);
    expect([noNote.status, noNote.body.error.details?.issues.map((issue) => issue.path)]).toEqual([400, ['note']]);
    expect((await httpJson('POST', dispatch(`/v1/cases/${caseId}/extension/reject`), { note: '原时限内可办结' }, dispatcher)).status).toBe(200);
    expect((await queued(STREET, caseId, 'signed')).deadline).toBe(deadline);

    // A rejected request does not use up the one extension allowed.
    expect((await ask(later(5))).status).toBe(200);
    await pendingExtension();
    const approved = await httpJson<Extension>('POST', dispatch(`/v1/cases/${caseId}/extension/approve`), {}, dispatcher);
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
    const again = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${caseId}/extension/approve`), {}, dispatcher);
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    await expectEventually(async () => expect((await queued(STREET, caseId, 'signed')).deadline).toBe(later(5)), within);

    const beyond = await ask(later(9));
    expect([beyond.status, beyond.body.error.code]).toEqual([409, 'EXTENSION.LIMIT_REACHED']);
    const timeline = await expectEventually(async () => {
      const { body } = await httpJson<Timeline>('GET', `${stack.url('audit')}/v1/cases/${caseId}/timeline`, undefined, dispatcher);
      expect(body.events.map((event) => event.type)).toContain('case.extension_approved');
      return body;
    }, within);
    expect(timeline.events.filter((event) => event.type === 'case.dispute_rejected')).toHaveLength(1);
    const told = timeline.events.find((event) => event.type === 'case.extension_approved')!;
    expect(told.payload).toMatchObject({ agencyId: STREET, newDeadline: later(5), previousDeadline: deadline, reason: '需协调施工单位调整工期' });
    const view = await httpJson<{ deadline: string; status: string }>('GET', `${stack.url('audit')}/v1/cases/${caseId}`, undefined, dispatcher);
    expect(view.body).toMatchObject({ deadline: later(5), status: 'signed' });
    expectNoDeadLetters(caseId);
  });

  it('answers 404 for a case dispatch never saw and 400 for a malformed case id', async () => {
    const unknown = await httpJson<ErrorBody>('POST', dispatch(`/v1/cases/${randomUUID()}/extension/approve`), {}, dispatcher);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CASE.NOT_FOUND']);
    const malformed = await httpJson<ErrorBody>('POST', dispatch('/v1/cases/42/reject-return'), { note: '驳回' }, dispatcher);
    expect(malformed.status).toBe(400);
    const badQuery = await httpJson<ErrorBody>('GET', dispatch('/v1/disputes?status=open&limit=0'), undefined, dispatcher);
    expect([badQuery.status, badQuery.body.error.details?.issues.map((issue) => issue.path).sort()]).toEqual([400, ['limit', 'status']]);
  });
});
