import { randomUUID } from 'node:crypto';
import { E2eStack, aCaseRequest, actAs, actAsUnit, expectEventually, httpJson, watchDeadLetters, type DeadLetterWatch } from '@hotline/testing';

interface CaseView {
  caseId: string;
  trackingNumber: string;
  status: string;
  agencyId: string | null;
  mergedInto: { caseId: string; trackingNumber: string | null; status: string | null; agencyId: string | null } | null;
}
interface Timeline {
  holders: { agencyId: string; endedBy: string | null }[];
  events: { eventId: string; type: string; producer: string; payload: Record<string, unknown> }[];
}
interface Clocks {
  clocks: { clock: string; stoppedAt: string | null; stopReason: string | null; isOverdue: boolean }[];
}
interface Open311Request {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  agency_responsible: string | null;
}

const within = { timeoutMs: 90_000 };

// 并案 confirmed by a dispatcher, over HTTP with the services as processes: a repeat classification only
// flagged is dispatched and signed, then a dispatcher confirms it as a merge.
describe('end to end: a dispatcher confirms a flagged duplicate as a merge', () => {
  // Automatic merging off (no score reaches 1): every repeat within the window is flagged instead.
  const stack = new E2eStack({ MERGE_WINDOW_HOURS: '72', MERGE_THRESHOLD: '1' });
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    deadLetters = await watchDeadLetters();
    await Promise.all((['intake', 'classification', 'dispatch', 'execution', 'supervision', 'feedback', 'audit'] as const).map((name) => stack.start(name)));
  }, 300_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await stack.stopAll();
  }, 60_000);

  const post = async (description: string) => {
    const response = await httpJson<{ caseId: string; trackingNumber: string }>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest({ description }));
    expect(response.status).toBe(202);
    return response.body;
  };
  const viewOf = async (caseId: string) => (await httpJson<CaseView>('GET', `${stack.url('audit')}/v1/cases/${caseId}`)).body;
  const statusOf = (caseId: string, status: string) =>
    expectEventually(async () => {
      const view = await viewOf(caseId);
      expect(view?.status).toBe(status);
      return view;
    }, within);
  const queueOf = async (agencyId: string) =>
    (await httpJson<{ items: { caseId: string; status: string }[] }>('GET', `${stack.url('execution')}/v1/agencies/${agencyId}/cases?limit=500`, undefined, await actAsUnit(agencyId))).body.items;
  const clocksOf = async (caseId: string) => (await httpJson<Clocks>('GET', `${stack.url('supervision')}/v1/cases/${caseId}/clocks`)).body.clocks ?? [];
  const open311 = async (id: string) => (await httpJson<Open311Request[]>('GET', `${stack.url('intake')}/open311/v2/requests/${id}.json`)).body[0];

  it('ends the repeat as merged, withdraws it from the unit, stops its clocks and shows the parent in audit and Open311', async () => {
    const text = `朝阳区建国路88号门口的路灯坏了一周，晚上很黑（${randomUUID()}）`;
    const parent = await post(text);
    const { agencyId } = await statusOf(parent.caseId, 'dispatched');
    const repeat = await post(`${text}，请尽快修。`);
    await statusOf(repeat.caseId, 'dispatched');
    const dispatcher = await actAs('dispatcher');
    const flag = await expectEventually(async () => {
      const { body } = await httpJson<{ items: { caseId: string; duplicateOfCaseId: string }[] }>('GET', `${stack.url('dispatch')}/v1/possible-duplicates?limit=1000`, undefined, dispatcher);
      const found = body.items.find((item) => item.caseId === repeat.caseId);
      expect(found).toBeDefined();
      return found!;
    }, within);
    expect(flag.duplicateOfCaseId).toBe(parent.caseId);

    // The unit already holds and signed both; the parent's signing is what the repeat's reporter will see.
    const repeatAgencyId = (await viewOf(repeat.caseId)).agencyId!;
    const unit = await actAsUnit(repeatAgencyId);
    await expectEventually(async () => expect((await queueOf(repeatAgencyId)).map((item) => item.caseId)).toContain(repeat.caseId), within);
    await expectEventually(async () => expect((await queueOf(agencyId!)).map((item) => item.caseId)).toContain(parent.caseId), within);
    expect((await httpJson('POST', `${stack.url('execution')}/v1/cases/${repeat.caseId}/sign`, {}, unit)).status).toBe(200);
    expect((await httpJson('POST', `${stack.url('execution')}/v1/cases/${parent.caseId}/sign`, {}, await actAsUnit(agencyId!))).status).toBe(200);
    await statusOf(repeat.caseId, 'signed');
    await statusOf(parent.caseId, 'signed');
    await expectEventually(async () => {
      const clocks = await clocksOf(repeat.caseId);
      expect(clocks.map((clock) => [clock.clock, clock.stopReason])).toEqual([['sign', 'case.signed'], ['first_contact', null], ['feedback', null]]);
    }, within);

    const merge = (body: unknown) => httpJson<Record<string, unknown>>('POST', `${stack.url('dispatch')}/v1/possible-duplicates/${repeat.caseId}/merge`, body, dispatcher);
    const confirmed = await merge({ note: '同一盏路灯' });
    expect(confirmed).toMatchObject({ status: 200, body: { caseId: repeat.caseId, status: 'merged', mergedIntoCaseId: parent.caseId, decidedBy: 'user:test-dispatcher' } });
    expect((await merge({ note: '同一盏路灯' })).body).toEqual(confirmed.body);
    const notFlagged = await httpJson<{ error: { code: string } }>('POST', `${stack.url('dispatch')}/v1/possible-duplicates/${parent.caseId}/merge`, {}, dispatcher);
    expect([notFlagged.status, notFlagged.body.error.code]).toEqual([409, 'MERGE.NOT_FLAGGED']);

    // Audit: merged, the parent's progress on the repeat, who confirmed it, and the unit's holding ended by the merge.
    const merged = await statusOf(repeat.caseId, 'merged');
    expect(merged.mergedInto).toMatchObject({ caseId: parent.caseId, trackingNumber: parent.trackingNumber, status: 'signed', agencyId });
    const timeline = (await httpJson<Timeline>('GET', `${stack.url('audit')}/v1/cases/${repeat.caseId}/timeline`)).body;
    const mergedEvent = timeline.events.find((event) => event.type === 'case.merged');
    expect(mergedEvent).toMatchObject({ producer: 'dispatch', payload: { intoCaseId: parent.caseId, confirmedBy: 'user:test-dispatcher', note: '同一盏路灯' } });
    expect(timeline.holders).toEqual([expect.objectContaining({ agencyId: repeatAgencyId, endedBy: 'case.merged' })]);

    // Execution: out of the unit's queue, and no longer the unit's to answer.
    await expectEventually(async () => expect((await queueOf(repeatAgencyId)).map((item) => item.caseId)).not.toContain(repeat.caseId), within);
    expect((await queueOf(agencyId!)).map((item) => item.caseId)).toContain(parent.caseId);
    const feedback = await httpJson<{ error: { code: string } }>('POST', `${stack.url('execution')}/v1/cases/${repeat.caseId}/feedback`, { outcome: 'resolved', reply: '已修复' }, unit);
    expect([feedback.status, feedback.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);

    // Supervision: every clock stopped, none overdue.
    await expectEventually(async () => {
      const clocks = await clocksOf(repeat.caseId);
      expect(clocks.map((clock) => [clock.clock, clock.stopReason, clock.isOverdue])).toEqual([
        ['sign', 'case.signed', false],
        ['first_contact', 'case.merged', false],
        ['feedback', 'case.merged', false],
      ]);
    }, within);

    // Open311: the repeat shows the parent's status and note, as for an automatic merge.
    const shown = await expectEventually(async () => {
      const request = await open311(repeat.trackingNumber);
      expect(request?.status_notes).toMatch(new RegExp(`^与已有工单合并办理.*；${parent.trackingNumber}：承办单位已签收`));
      return request!;
    }, within);
    expect(shown).toMatchObject({ service_request_id: repeat.trackingNumber, status: 'open', agency_responsible: (await open311(parent.trackingNumber))?.agency_responsible });

    // No consumer refused the merge of a signed case.
    expect(deadLetters.received.filter((letter) => letter.value.includes(mergedEvent!.eventId))).toEqual([]);
  });
});
