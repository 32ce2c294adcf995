import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { CaseEventOf, PayloadOf, RequestType } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  actAs,
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
import { loadDispatchConfig } from '../src/config/dispatch-config';
import { DISPATCH_CONSUMER } from '../src/infrastructure/messaging/dispatch-consumer';
import type { CatalogueDiffView, CatalogueRuleView, CatalogueSummaryView, CatalogueView } from '../src/infrastructure/http/catalogue.contract';
import type { CaseDispatchesView } from '../src/get-dispatches/get-dispatches.handler';

jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };

type ErrorBody = { error: { code: string; details?: { issues?: { path: string }[] } } };

const aClassifiedPayload = (overrides: Partial<PayloadOf<'case.classified'>> = {}): PayloadOf<'case.classified'> => ({
  category: 'noise',
  categoryName: '噪声扰民',
  urgency: 'normal',
  districtCode: '110105',
  districtName: '朝阳区',
  streetCode: '110105001',
  districtSource: 'location',
  confidence: 0.8,
  matchedKeywords: ['噪音'],
  classifierVersion: 'keyword-v1+rules.1',
  ...overrides,
});

/** A case as intake and classification would send it: case.received, then case.classified, same key. */
function aCase(options: { text?: string; type?: RequestType; classified?: Partial<PayloadOf<'case.classified'>> } = {}) {
  const caseId = randomUUID();
  const received = aCaseEvent('case.received', aReceivedPayload({ type: options.type ?? 'complaint', title: null, description: options.text ?? '夜间施工噪音扰民' }), { caseId });
  const classified = aCaseEvent('case.classified', aClassifiedPayload(options.classified), { caseId, producer: 'classification', cause: received });
  return { caseId, events: [received, classified] };
}

describe('dispatch catalogue: versions, fallbacks and manual dispatch, through Kafka', () => {
  let service: InProcessService;
  let db: Client;
  let originallyPublished: CatalogueView;

  const url = (path: string) => `${service.url}${path}`;
  const get = <T>(path: string, headers?: Record<string, string>) => httpJson<T>('GET', url(path), undefined, headers);
  const post = <T>(path: string, body: unknown, headers?: Record<string, string>) => httpJson<T>('POST', url(path), body, headers);

  const publishedVersion = async (): Promise<CatalogueView> => {
    const { body } = await get<{ items: CatalogueSummaryView[] }>('/v1/catalogues');
    const published = body.items.find((item) => item.status === 'published')!;
    return (await get<CatalogueView>(`/v1/catalogues/${published.version}`)).body;
  };

  const createDraft = (body: unknown) => post<CatalogueView & ErrorBody>('/v1/catalogues', body);

  const dispatched = (caseId: string) =>
    expectEventually(async () => {
      const events = (await outboxEvents(db, 'dispatch', caseId)).filter((e): e is CaseEventOf<'case.dispatched'> => e.type === 'case.dispatched');
      expect(events).toHaveLength(1);
      return events[0]!;
    }, within);

  const queued = (caseId: string) =>
    expectEventually(async () => {
      const { body } = await get<CaseDispatchesView>(`/v1/dispatches/${caseId}`);
      expect(body.manualDispatch).toEqual({ reason: expect.any(String), queuedAt: expect.any(String) });
      return body.manualDispatch!;
    }, within);

  beforeAll(async () => {
    // A published version routes the very next classification although the cache would otherwise trust what
    // it read for ten minutes: publishing through the service invalidates it.
    const config = loadDispatchConfig(testServiceEnv({ REFERENCE_DATA_CACHE_TTL_MS: '600000' }));
    service = await startInProcess({ service: 'dispatch', appModule: AppModule.register(config, createLogger('dispatch', 'warn')), consumer: DISPATCH_CONSUMER });
    db = await connectDatabase();
    originallyPublished = await publishedVersion();
  }, 60_000);

  afterAll(async () => {
    // Versions are never rewritten: the routing the other tests expect comes back as a new version.
    if (originallyPublished && (await publishedVersion()).version !== originallyPublished.version) {
      const restored = await createDraft({ note: 'restores the routing before the catalogue tests', rules: originallyPublished.rules });
      await post(`/v1/catalogues/${restored.body.version}/publish`, {});
    }
    await service?.close();
    await db?.end();
  }, 60_000);

  it('shows the published version with its rules in order', async () => {
    expect(originallyPublished).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect(originallyPublished.rules.length).toBeGreaterThan(100);
    expect(originallyPublished.rules).toContainEqual(expect.objectContaining({ ruleId: 'street_light-any', agencyId: 'city-urban-management', districtCode: null }));
    const missing = await get<ErrorBody>('/v1/catalogues/999999');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'CATALOGUE.NOT_FOUND']);
  });

  it('copies the published version into a draft that changes nothing until published', async () => {
    const draft = await createDraft({ note: 'a copy' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', basedOn: originallyPublished.version, note: 'a copy', ruleCount: originallyPublished.rules.length, publishedAt: null });
    expect(draft.body.rules).toEqual(originallyPublished.rules);
    const diff = await get<CatalogueDiffView>(`/v1/catalogues/${draft.body.version}/diff?against=${originallyPublished.version}`);
    expect(diff.body).toEqual({ version: draft.body.version, against: originallyPublished.version, added: [], removed: [], changed: [], moved: [] });
    expect((await publishedVersion()).version).toBe(originallyPublished.version);
  });

  it('publishes a draft for new dispatches only: earlier cases keep the version and rule that chose their unit', async () => {
    const siteId = randomUUID().slice(0, 8);
    const token = `工地${siteId}`;
    const complaintsAboutTheSite: CatalogueRuleView = {
      ruleId: `site-${siteId}`,
      name: 'Complaints about one building site',
      requestTypes: ['complaint', 'report'],
      category: 'urban_management',
      districtCode: '110105',
      streetCode: null,
      gridCode: null,
      keywords: [token],
      agencyId: 'street-110105002',
      coHandlerIds: ['city-urban-management', 'city-housing'],
    };
    const before = aCase({ text: `${token}夜间施工` });
    await publishCaseEvents(before.events);
    const routedBefore = await dispatched(before.caseId);
    expect(routedBefore.payload).toMatchObject({ agencyId: 'street-110105001', ruleId: 'noise-110105', catalogueVersion: String(originallyPublished.version) });

    const draft = await createDraft({ note: 'one site goes to its own street office', rules: [complaintsAboutTheSite, ...originallyPublished.rules] });
    expect(draft.body).toMatchObject({ status: 'draft', basedOn: null, ruleCount: originallyPublished.rules.length + 1 });
    const diff = await get<CatalogueDiffView>(`/v1/catalogues/${draft.body.version}/diff?against=${originallyPublished.version}`);
    expect(diff.body).toMatchObject({ added: [{ position: 1, rule: complaintsAboutTheSite }], removed: [], changed: [], moved: [] });

    const published = await post<CatalogueView>(`/v1/catalogues/${draft.body.version}/publish`, {});
    expect([published.status, published.body.status]).toEqual([200, 'published']);
    expect((await get<CatalogueView>(`/v1/catalogues/${originallyPublished.version}`)).body.status).toBe('superseded');

    const after = aCase({ text: `${token}夜间施工` });
    const consultation = aCase({ text: `${token}什么时候停工`, type: 'consultation' });
    await publishCaseEvents([...after.events, ...consultation.events]);
    expect((await dispatched(after.caseId)).payload).toMatchObject({
      agencyId: 'street-110105002',
      coHandlerIds: ['city-urban-management', 'city-housing'],
      copiedToAgencyIds: ['gov-110105'],
      ruleId: complaintsAboutTheSite.ruleId,
      catalogueVersion: String(draft.body.version),
      routedBy: 'rule',
    });
    // The rule also asks for a complaint or a report: a consultation falls through to the next rule.
    expect((await dispatched(consultation.caseId)).payload).toMatchObject({ ruleId: 'noise-110105', catalogueVersion: String(draft.body.version) });

    const { body: record } = await get<CaseDispatchesView>(`/v1/dispatches/${before.caseId}`);
    expect(record.rounds).toEqual([expect.objectContaining({ ruleId: 'noise-110105', catalogueVersion: String(originallyPublished.version), routedBy: 'rule' })]);

    for (const version of [draft.body.version, originallyPublished.version]) {
      const again = await post<ErrorBody>(`/v1/catalogues/${version}/publish`, {});
      expect([again.status, again.body.error.code]).toEqual([409, 'CATALOGUE.ILLEGAL_TRANSITION']);
    }
  });

  it('refuses a catalogue with bad rules, listing every issue, and creates nothing', async () => {
    const countBefore = (await get<{ items: unknown[] }>('/v1/catalogues')).body.items.length;
    const shape = await createDraft({ rules: [{ ruleId: 'x', agencyId: 'Gov 1', districtCode: 'chaoyang', requestTypes: ['rant'], colour: 'red' }], extra: 1 });
    expect([shape.status, shape.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(shape.body.error.details?.issues?.map((i) => i.path).sort()).toEqual(['(root)', 'rules.0', 'rules.0.agencyId', 'rules.0.districtCode', 'rules.0.requestTypes.0']);
    const meaning = await createDraft({
      rules: [
        { ruleId: 'a', category: 'alien_landing', agencyId: 'street-999999999' },
        { ruleId: 'a', category: 'noise', agencyId: 'gov-110105', coHandlerIds: ['gov-110105'] },
      ],
    });
    expect([meaning.status, meaning.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(meaning.body.error.details?.issues?.map((i) => i.path)).toEqual(['rules.0.agencyId', 'rules.0.category', 'rules.1.ruleId', 'rules.1.coHandlerIds.0']);
    expect((await get<{ items: unknown[] }>('/v1/catalogues')).body.items).toHaveLength(countBefore);
  });

  it('sends a case no rule covers to its district government (兜底), and queues it when the district is unknown', async () => {
    // A database migrated from the old routing table keeps its per-district catch-all rules (district
    // only): without them, no rule covers an unknown category in a known district.
    const isCatchAll = (rule: CatalogueView['rules'][number]) => !rule.category && rule.keywords.length === 0 && rule.requestTypes.length === 0 && !rule.streetCode && !rule.gridCode;
    if (originallyPublished.rules.some(isCatchAll)) {
      const draft = await createDraft({ note: 'without catch-all rules', rules: originallyPublished.rules.filter((rule) => !isCatchAll(rule)) });
      expect((await post(`/v1/catalogues/${draft.body.version}/publish`, {})).status).toBe(200);
    }
    const known = aCase({ classified: { category: 'alien_landing', categoryName: '外星人', streetCode: null } });
    const unknown = aCase({ classified: { category: 'alien_landing', categoryName: '外星人', districtCode: null, districtName: null, streetCode: null, districtSource: null } });
    await publishCaseEvents([...known.events, ...unknown.events]);
    expect((await dispatched(known.caseId)).payload).toMatchObject({ agencyId: 'gov-110105', ruleId: 'district-fallback', routedBy: 'district_fallback', copiedToAgencyIds: [] });
    expect((await queued(unknown.caseId)).reason).toMatch(/^no_rule: /);
  });

  it('queues a classification below the confidence threshold even when a rule covers it', async () => {
    const unsure = aCase({ classified: { confidence: 0.1 } });
    await publishCaseEvents(unsure.events);
    expect((await queued(unsure.caseId)).reason).toMatch(/^low_confidence: /);
    expect((await outboxEvents(db, 'dispatch', unsure.caseId)).filter((e) => e.type === 'case.dispatched')).toEqual([]);
  });

  it('lets a dispatcher dispatch a queued case by hand, once, with co-handlers and a note', async () => {
    const waiting = aCase({ classified: { category: 'alien_landing', categoryName: '外星人', districtCode: null, districtName: null, streetCode: null, districtSource: null } });
    await publishCaseEvents(waiting.events);
    await queued(waiting.caseId);
    const dispatcher = await actAs('dispatcher');
    const path = `/v1/cases/${waiting.caseId}/dispatch`;

    const bad = await post<ErrorBody>(path, { agencyId: 'Street 1', coHandlerIds: 'all', colour: 'red' }, dispatcher);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(bad.body.error.details?.issues?.map((i) => i.path).sort()).toEqual(['(root)', 'agencyId', 'coHandlerIds', 'note']);
    const unknownUnit = await post<ErrorBody>(path, { agencyId: 'street-999999999', coHandlerIds: ['street-110105003'], note: '按属地' }, dispatcher);
    expect([unknownUnit.status, unknownUnit.body.error.details?.issues]).toEqual([400, [{ path: 'agencyId', message: 'no unit street-999999999' }]]);
    const unit = await post<ErrorBody>(path, { agencyId: 'street-110105001', note: '按属地' }, await actAsUnit('street-110105001'));
    expect([unit.status, unit.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);

    const done = await post<CaseDispatchesView>(path, { agencyId: 'street-110105001', coHandlerIds: ['city-urban-management'], note: '市民补充了地址：建外街道' }, dispatcher);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'dispatched', manualDispatch: null, rounds: [{ round: 1, agencyId: 'street-110105001', routedBy: 'manual', ruleId: 'manual', note: '市民补充了地址：建外街道', dispatchedBy: expect.stringContaining('dispatcher') }] });
    const event = await dispatched(waiting.caseId);
    expect(event.payload).toMatchObject({ agencyId: 'street-110105001', coHandlerIds: ['city-urban-management'], copiedToAgencyIds: ['gov-110105'], routedBy: 'manual', ruleId: 'manual' });
    expect(event.causationId).toBe(waiting.events[1]!.eventId);
    const { body: queue } = await get<{ items: { caseId: string }[] }>('/v1/manual-dispatch-queue?limit=1000');
    expect(queue.items.map((item) => item.caseId)).not.toContain(waiting.caseId);

    const again = await post<ErrorBody>(path, { agencyId: 'street-110105002', note: '再派一次' }, dispatcher);
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE.ILLEGAL_TRANSITION']);
    expect((await outboxEvents(db, 'dispatch', waiting.caseId)).filter((e) => e.type === 'case.dispatched')).toHaveLength(1);
    const nobody = await post<ErrorBody>(`/v1/cases/${randomUUID()}/dispatch`, { agencyId: 'street-110105002', note: '不存在' }, dispatcher);
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'DISPATCH.NOT_FOUND']);
  });

  it('lets the centre read the catalogue and only dispatchers and admins change it', async () => {
    const auditor = await actAs('auditor');
    expect((await get('/v1/catalogues', auditor)).status).toBe(200);
    expect((await post<ErrorBody>('/v1/catalogues', {}, auditor)).body.error.code).toBe('AUTH.FORBIDDEN');
    expect((await get<ErrorBody>('/v1/catalogues', await actAsUnit('street-110105001'))).body.error.code).toBe('AUTH.FORBIDDEN');
    expect((await post<ErrorBody>(`/v1/catalogues/${originallyPublished.version}/publish`, {}, auditor)).body.error.code).toBe('AUTH.FORBIDDEN');
  });
});
