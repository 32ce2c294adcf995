import { randomUUID } from 'node:crypto';
import { E2eStack, aCaseRequest, actAs, expectEventually, httpJson } from '@hotline/testing';

interface CaseView {
  caseId: string;
  status: string;
  agencyId: string | null;
  mergedInto: { caseId: string; status: string | null; agencyId: string | null } | null;
}
interface Timeline {
  events: { type: string; producer: string; payload: Record<string, unknown> }[];
}

// 分类处理 and 立案 over HTTP, with the services as processes: what a caller posts to intake, and what
// the audit record then shows.
describe('end to end: triage outcomes and grid filing', () => {
  // 并案 on (the shared test env turns it off): this test's texts are unique.
  const stack = new E2eStack({ MERGE_WINDOW_HOURS: '72' });

  beforeAll(async () => {
    await Promise.all((['intake', 'classification', 'dispatch', 'audit'] as const).map((name) => stack.start(name)));
  }, 240_000);

  afterAll(async () => {
    await stack.stopAll();
  }, 60_000);

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await httpJson<{ caseId: string }>('POST', `${stack.url('intake')}/v1/cases`, body, headers);
    expect(response.status).toBe(202);
    return response.body.caseId;
  };
  const statusOf = (caseId: string, status: string) =>
    expectEventually(async () => {
      const view = await httpJson<CaseView>('GET', `${stack.url('audit')}/v1/cases/${caseId}`);
      expect(view.body?.status).toBe(status);
      return view.body;
    }, { timeoutMs: 60_000 });
  const timelineOf = async (caseId: string) => (await httpJson<Timeline>('GET', `${stack.url('audit')}/v1/cases/${caseId}/timeline`)).body.events;

  it('answers a consultation from the knowledge base instead of dispatching it', async () => {
    const caseId = await post(aCaseRequest({ type: 'consultation', title: '供暖期', description: '请问本市集中供暖期从哪天开始，到哪天结束？' }));
    await statusOf(caseId, 'answered');
    const events = await timelineOf(caseId);
    expect(events.map((e) => e.type)).toEqual(['case.received', 'case.answered']);
    expect(events[1]?.payload).toMatchObject({ answer: expect.stringContaining('供暖'), knowledgeArticleId: expect.any(String) });
  });

  it('transfers a fire to 119 and dispatches a blocked fire lane', async () => {
    const fire = await post(aCaseRequest({ title: '着火了', description: `朝阳区建国路88号楼下餐馆着火了，浓烟很大 ${randomUUID()}` }));
    const fireLane = await post(aCaseRequest({ title: '消防通道被占', description: `朝阳区建国路88号小区消防通道被私家车长期占用 ${randomUUID()}` }));
    await statusOf(fire, 'transferred');
    expect((await timelineOf(fire)).find((e) => e.type === 'case.transferred')?.payload).toMatchObject({ transferredTo: '119' });
    await statusOf(fireLane, 'dispatched');
  });

  it('merges a repeat into the open case and shows that case\'s progress on the repeat', async () => {
    const text = `朝阳区建国路88号门口的路灯坏了一周，晚上很黑（${randomUUID()}）`;
    const first = await post(aCaseRequest({ title: '路灯不亮', description: text }));
    const parent = await statusOf(first, 'dispatched');
    const repeat = await post(aCaseRequest({ title: '路灯不亮', description: `${text}。` }));
    const merged = await statusOf(repeat, 'merged');
    expect(merged.mergedInto).toEqual(expect.objectContaining({ caseId: first, status: 'dispatched', agencyId: parent.agencyId }));
  });

  it('dispatches a grid report only once the centre files it', async () => {
    const report = aCaseRequest({ channel: 'grid', title: '井盖破损', description: `朝阳区建国路88号门口井盖破损 ${randomUUID()}` });
    const caseId = await post({ ...report, componentCode: '1101050101000001' }, await actAs('inspector'));
    await statusOf(caseId, 'received');
    const pending = await httpJson<{ items: { caseId: string }[] }>('GET', `${stack.url('intake')}/v1/filings?status=pending&limit=500`);
    expect(pending.body.items.map((item) => item.caseId)).toContain(caseId);
    expect((await timelineOf(caseId)).map((e) => e.type)).toEqual(['case.received']);

    const filed = await httpJson('POST', `${stack.url('intake')}/v1/cases/${caseId}/filing`, { decision: 'file', note: '核实属实' });
    expect(filed.status).toBe(200);
    await statusOf(caseId, 'dispatched');
    expect((await timelineOf(caseId)).map((e) => e.type).slice(0, 3)).toEqual(['case.received', 'case.filed', 'case.classified']);
  });
});
