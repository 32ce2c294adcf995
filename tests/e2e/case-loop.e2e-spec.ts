import { E2eStack, OtlpReceiver, aCaseRequest, actAsUnit, expectEventually, httpJson } from '@hotline/testing';

interface CaseView {
  caseId: string;
  trackingNumber: string;
  status: string;
  category: string | null;
  urgency: string | null;
  districtCode: string | null;
  agencyId: string | null;
  deadline: string | null;
}
interface Timeline {
  events: { type: string; producer: string; traceId: string | null; occurredAt: string }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe('end to end: one case through the whole loop, over HTTP, with every service as a process', () => {
  const receiver = new OtlpReceiver();
  let stack: E2eStack;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    // Every new trace sampled: the test follows one case's trace through all seven services.
    stack = new E2eStack({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '1' });
    await stack.startAll();
  }, 240_000);

  afterAll(async () => {
    await stack?.stopAll();
    await receiver.stop();
  });

  const audit = (caseId: string) => httpJson<CaseView>('GET', `${stack.url('audit')}/v1/cases/${caseId}`);

  async function reportCase(): Promise<{ caseId: string; trackingNumber: string }> {
    const response = await httpJson<{ caseId: string; trackingNumber: string }>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest());
    expect(response.status).toBe(202);
    return response.body;
  }

  async function waitForStatus(caseId: string, status: string): Promise<CaseView> {
    return expectEventually(async () => {
      const view = await audit(caseId);
      expect(view.body?.status).toBe(status);
      return view.body;
    }, { timeoutMs: 60_000 });
  }

  // Audit and execution consume case.dispatched each in their own time: the unit's queue has the case
  // only once execution has handled it.
  async function waitForQueue(agencyId: string, caseId: string): Promise<{ caseId: string }[]> {
    return expectEventually(async () => {
      const { body } = await httpJson<{ items: { caseId: string }[] }>('GET', `${stack.url('execution')}/v1/agencies/${agencyId}/cases?status=dispatched`);
      const { items } = body;
      expect(items.map((item) => item.caseId)).toContain(caseId);
      return items;
    }, { timeoutMs: 60_000 });
  }

  it('receives, classifies, dispatches, signs, feeds back, follows up and closes a case, traceably', async () => {
    const { caseId, trackingNumber } = await reportCase();

    const dispatched = await waitForStatus(caseId, 'dispatched');
    expect(dispatched).toMatchObject({ trackingNumber, category: 'street_light', districtCode: '110105' });
    expect(dispatched.agencyId).toBeTruthy();
    expect(new Date(dispatched.deadline!).getTime()).toBeGreaterThan(Date.now());
    const agencyId = dispatched.agencyId!;
    expect((await httpJson<CaseView>('GET', `${stack.url('audit')}/v1/cases/${trackingNumber}`)).body.caseId).toBe(caseId);

    const queue = await waitForQueue(agencyId, caseId);
    expect(queue.length).toBeGreaterThan(0);

    const unit = await actAsUnit(agencyId);
    const signed = await httpJson('POST', `${stack.url('execution')}/v1/cases/${caseId}/sign`, {}, unit);
    expect(signed.status).toBe(200);
    const feedback = await httpJson('POST', `${stack.url('execution')}/v1/cases/${caseId}/feedback`, {
      outcome: 'resolved',
      reply: '已更换灯泡，路灯恢复照明。',
    }, unit);
    expect(feedback.status).toBe(200);

    await expectEventually(async () => {
      const { body } = await httpJson<{ items: { caseId: string }[] }>('GET', `${stack.url('feedback')}/v1/follow-ups?status=pending&caseId=${caseId}`);
      const { items } = body;
      expect(items.map((item) => item.caseId)).toContain(caseId);
    }, { timeoutMs: 60_000 });
    const followUp = await httpJson('POST', `${stack.url('feedback')}/v1/cases/${caseId}/follow-up`, {
      reached: true,
      resolved: true,
      satisfaction: 'satisfied',
      note: '市民表示满意',
    });
    expect(followUp.status).toBe(200);

    await waitForStatus(caseId, 'closed');
    const timeline = await httpJson<Timeline>('GET', `${stack.url('audit')}/v1/cases/${caseId}/timeline`);
    expect(timeline.body.events.map((event) => event.type)).toEqual([
      'case.received',
      'case.classified',
      'case.dispatched',
      'case.signed',
      'case.feedback_submitted',
      // The SMS survey link, issued as the follow-up call became due.
      'case.survey_issued',
      'case.closed',
    ]);
    expect(timeline.body.events.map((event) => event.producer)).toEqual(['intake', 'classification', 'dispatch', 'execution', 'execution', 'feedback', 'feedback']);
    expect((await httpJson<{ isIntact: boolean }>('GET', `${stack.url('audit')}/v1/cases/${caseId}/verify`)).body.isIntact).toBe(true);

    // One trace from the intake request through the relay, the Kafka hops and every consumer.
    const intakeTraceId = timeline.body.events[0]?.traceId;
    expect(intakeTraceId).toMatch(/^[\da-f]{32}$/);
    expect(timeline.body.events.slice(0, 3).map((event) => event.traceId)).toEqual([intakeTraceId, intakeTraceId, intakeTraceId]);
    await expectEventually(() => {
      const trip = receiver.spans.filter((span) => span.traceId === intakeTraceId);
      const services = new Set(trip.map((span) => span.serviceName));
      expect([...services].sort()).toEqual(['audit', 'classification', 'dispatch', 'execution', 'feedback', 'intake', 'supervision', 'assessment'].sort());
      // The HTTP server span is named after the route that matched (see nameHttpRoute).
      const intakeServerSpans = trip.filter((span) => span.serviceName === 'intake' && span.kind === 2 /* SERVER */);
      expect(intakeServerSpans.map((span) => [span.name, span.attributes['http.route']])).toContainEqual(['POST /v1/cases', '/v1/cases']);
      expect(trip.filter((span) => span.name.endsWith('publish')).length).toBeGreaterThanOrEqual(3);
      // Spans arrive when each service's batch exporter flushes, after its consumer got to the events: on
      // a loaded 2-core machine supervision's took longer than 15 s once (CI), as long as the other waits here.
    }, { timeoutMs: 60_000 });
  });

  it("refuses actions the case status does not allow with 409, another unit with 404, and changes nothing", async () => {
    const { caseId } = await reportCase();
    const { agencyId } = await waitForStatus(caseId, 'dispatched');
    // Else "another unit" and "not signed yet" would both be answered 404 because execution has not seen the case.
    await waitForQueue(agencyId!, caseId);

    const followUpTooEarly = await httpJson<ErrorBody>('POST', `${stack.url('feedback')}/v1/cases/${caseId}/follow-up`, {
      reached: true,
      resolved: true,
      satisfaction: 'satisfied',
    });
    expect(followUpTooEarly.status).toBe(409);
    expect(followUpTooEarly.body.error.code).toBeTruthy();

    const otherUnit = await actAsUnit('utility-gas' === agencyId ? 'utility-water' : 'utility-gas');
    const wrongUnit = await httpJson<ErrorBody>('POST', `${stack.url('execution')}/v1/cases/${caseId}/sign`, {}, otherUnit);
    expect(wrongUnit.status).toBe(404);
    expect(wrongUnit.body.error.code).toBe('CASE.NOT_FOUND');

    const feedbackBeforeSigning = await httpJson<ErrorBody>(
      'POST',
      `${stack.url('execution')}/v1/cases/${caseId}/feedback`,
      { outcome: 'resolved', reply: '已处理' },
      await actAsUnit(agencyId!),
    );
    expect(feedbackBeforeSigning.status).toBe(409);
    expect(feedbackBeforeSigning.body.error.code).toBe('CASE.ILLEGAL_TRANSITION');

    expect((await audit(caseId)).body.status).toBe('dispatched');
  });
});
