import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { ROLES, issueApiKey, upsertUser, type Role } from '@hotline/access';
import { E2eStack, aCaseRequest, actAs, actAsUnit, connectDatabase, expectEventually, httpJson, type ServiceName } from '@hotline/testing';

type Caller = Role | 'anonymous';

interface Endpoint {
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT';
  path: (caseId: string) => string;
  body?: () => unknown;
  allowed: readonly Role[];
}

const UNIT = 'utility-water';
const everyone = ROLES;
const KNOWLEDGE_READERS: readonly Role[] = ['dispatcher', 'follow_up_operator', 'hotline_client', 'unit_operator', 'auditor', 'supervisor', 'admin'];

// Every endpoint of every service × every role. A case id nobody holds: an admitted caller gets past
// the guard (200/202/404), a refused one gets 403, an anonymous one 401.
const ENDPOINTS: readonly Endpoint[] = [
  { service: 'intake', method: 'POST', path: () => '/v1/cases', body: () => aCaseRequest(), allowed: ['hotline_client', 'dispatcher', 'inspector', 'admin'] },
  { service: 'classification', method: 'GET', path: () => '/v1/categories', allowed: everyone },
  { service: 'classification', method: 'GET', path: (id) => `/v1/classifications/${id}`, allowed: ['dispatcher', 'auditor', 'admin'] },
  // 知识库: the desk and units read and search; units (their own entries) and admins write. An empty body is a 400 past the guard.
  { service: 'classification', method: 'GET', path: () => '/v1/knowledge', allowed: KNOWLEDGE_READERS },
  { service: 'classification', method: 'GET', path: () => `/v1/knowledge/search?q=${encodeURIComponent('供暖期')}`, allowed: KNOWLEDGE_READERS },
  { service: 'classification', method: 'POST', path: () => '/v1/knowledge', body: () => ({}), allowed: ['unit_operator', 'admin'] },
  { service: 'classification', method: 'PUT', path: (id) => `/v1/knowledge/${id}`, body: () => ({}), allowed: ['unit_operator', 'admin'] },
  // 立案: the centre files grid reports; a case nobody holds is 404 past the guard.
  { service: 'intake', method: 'POST', path: (id) => `/v1/cases/${id}/filing`, body: () => ({ decision: 'file' }), allowed: ['dispatcher', 'admin'] },
  { service: 'intake', method: 'GET', path: () => '/v1/filings?status=pending', allowed: ['dispatcher', 'auditor', 'supervisor', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/agencies', allowed: everyone },
  { service: 'dispatch', method: 'GET', path: () => '/v1/agencies/gov-110105', allowed: everyone },
  { service: 'dispatch', method: 'GET', path: (id) => `/v1/dispatches/${id}`, allowed: ['dispatcher', 'auditor', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/manual-dispatch-queue', allowed: ['dispatcher', 'auditor', 'admin'] },
  // 退单 / 改派 / 仲裁 and 延期: dispatchers (arbitrators for disputes) decide; a case nobody holds is 404 past the guard.
  { service: 'dispatch', method: 'GET', path: () => '/v1/disputes?status=pending', allowed: ['dispatcher', 'arbitrator', 'auditor', 'admin'] },
  { service: 'dispatch', method: 'POST', path: (id) => `/v1/cases/${id}/redispatch`, body: () => ({ agencyId: 'utility-gas', note: '改派' }), allowed: ['dispatcher', 'arbitrator', 'admin'] },
  { service: 'dispatch', method: 'POST', path: (id) => `/v1/cases/${id}/reject-return`, body: () => ({ note: '驳回' }), allowed: ['dispatcher', 'arbitrator', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/extensions?status=pending', allowed: ['dispatcher', 'auditor', 'admin'] },
  { service: 'dispatch', method: 'POST', path: (id) => `/v1/cases/${id}/extension/approve`, body: () => ({}), allowed: ['dispatcher', 'admin'] },
  { service: 'dispatch', method: 'POST', path: (id) => `/v1/cases/${id}/extension/reject`, body: () => ({ note: '驳回' }), allowed: ['dispatcher', 'admin'] },
  // A case nobody holds is not in the manual queue (404); the body's unknown unit is never looked at.
  { service: 'dispatch', method: 'POST', path: (id) => `/v1/cases/${id}/dispatch`, body: () => ({ agencyId: 'gov-110105', note: '按属地派单' }), allowed: ['dispatcher', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/catalogues', allowed: ['dispatcher', 'auditor', 'supervisor', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/catalogues/1', allowed: ['dispatcher', 'auditor', 'supervisor', 'admin'] },
  { service: 'dispatch', method: 'GET', path: () => '/v1/catalogues/1/diff?against=1', allowed: ['dispatcher', 'auditor', 'supervisor', 'admin'] },
  // An invalid draft (400 once past the guard), so the matrix publishes and creates nothing; version 1 is never a draft again (409).
  { service: 'dispatch', method: 'POST', path: () => '/v1/catalogues', body: () => ({ rules: [{ ruleId: 'matrix', agencyId: 'no-such-unit' }] }), allowed: ['dispatcher', 'admin'] },
  { service: 'dispatch', method: 'POST', path: () => '/v1/catalogues/1/publish', body: () => ({}), allowed: ['dispatcher', 'admin'] },
  { service: 'execution', method: 'GET', path: () => `/v1/agencies/${UNIT}/cases`, allowed: ['unit_operator', 'dispatcher', 'auditor', 'admin'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/sign`, body: () => ({}), allowed: ['unit_operator'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/feedback`, body: () => ({ outcome: 'resolved', reply: '已处理' }), allowed: ['unit_operator'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/return`, body: () => ({ reason: 'wrong_area', note: '不在本辖区' }), allowed: ['unit_operator'] },
  {
    service: 'execution',
    method: 'POST',
    path: (id) => `/v1/cases/${id}/extension`,
    body: () => ({ reason: '需协调', requestedDeadline: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() }),
    allowed: ['unit_operator'],
  },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/co-handler-report`, body: () => ({ note: '已协办' }), allowed: ['unit_operator'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/whistle`, body: () => ({ agencyIds: ['city-urban-management'] }), allowed: ['unit_operator'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/check-in`, body: () => ({}), allowed: ['unit_operator'] },
  { service: 'execution', method: 'GET', path: (id) => `/v1/cases/${id}/whistles`, allowed: ['unit_operator'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/cases/${id}/appeal`, body: () => ({ reason: '诉求不合理' }), allowed: ['unit_operator'] },
  // A unit's own webhooks; the body's private host is refused (400) once past the guard, so nothing is registered.
  { service: 'execution', method: 'POST', path: () => '/v1/webhooks', body: () => ({ url: 'https://10.0.0.1/hook', eventTypes: ['case.dispatched'] }), allowed: ['unit_operator'] },
  { service: 'execution', method: 'GET', path: () => '/v1/webhooks', allowed: ['unit_operator'] },
  { service: 'execution', method: 'GET', path: () => '/v1/webhook-dead-letters', allowed: ['admin', 'auditor'] },
  { service: 'execution', method: 'POST', path: (id) => `/v1/webhook-dead-letters/${id}/replay`, body: () => ({}), allowed: ['admin'] },
  { service: 'feedback', method: 'GET', path: () => '/v1/follow-ups?status=pending', allowed: ['follow_up_operator', 'dispatcher', 'auditor', 'admin'] },
  {
    service: 'feedback',
    method: 'POST',
    path: (id) => `/v1/cases/${id}/follow-up`,
    body: () => ({ reached: true, resolved: true, satisfaction: 'satisfied' }),
    allowed: ['follow_up_operator', 'admin'],
  },
  { service: 'feedback', method: 'GET', path: (id) => `/v1/cases/${id}/reporter-contact`, allowed: ['follow_up_operator', 'admin'] },
  // 审核 and 核查: a case feedback does not know is 404 once past the guard, so nothing is decided.
  { service: 'feedback', method: 'GET', path: () => '/v1/reviews?status=pending', allowed: ['follow_up_operator', 'dispatcher', 'supervisor', 'admin'] },
  { service: 'feedback', method: 'POST', path: (id) => `/v1/cases/${id}/review`, body: () => ({ decision: 'approve' }), allowed: ['follow_up_operator', 'dispatcher', 'supervisor', 'admin'] },
  { service: 'feedback', method: 'POST', path: (id) => `/v1/cases/${id}/inspection`, body: () => ({ passed: true }), allowed: ['inspector'] },
  { service: 'audit', method: 'GET', path: (id) => `/v1/cases/${id}`, allowed: ['auditor', 'supervisor', 'inspector', 'dispatcher', 'hotline_client', 'admin'] },
  { service: 'audit', method: 'GET', path: (id) => `/v1/cases/${id}/timeline`, allowed: ['auditor', 'supervisor', 'dispatcher', 'admin'] },
  { service: 'audit', method: 'GET', path: (id) => `/v1/cases/${id}/verify`, allowed: ['auditor', 'supervisor', 'admin'] },
  // 考评: supervisors, auditors and admins read; a month not yet ended cannot be closed (409 past the guard), an empty topic is a 400.
  { service: 'assessment', method: 'GET', path: () => '/v1/assessments?month=2026-01', allowed: ['supervisor', 'auditor', 'admin'] },
  { service: 'assessment', method: 'GET', path: () => `/v1/assessments/2026-01/agencies/${UNIT}/cases?metric=response`, allowed: ['supervisor', 'auditor', 'admin'] },
  { service: 'assessment', method: 'GET', path: () => '/v1/assessments/2026-01/report?format=csv', allowed: ['supervisor', 'auditor', 'admin'] },
  // Closing a month and deciding appeals are the city's: the matrix's supervisor is bound to a district (403).
  { service: 'assessment', method: 'POST', path: () => '/v1/assessments/2999-01/close', body: () => ({}), allowed: ['admin'] },
  { service: 'assessment', method: 'GET', path: () => '/v1/appeals?status=pending', allowed: ['supervisor', 'auditor', 'admin'] },
  { service: 'assessment', method: 'POST', path: (id) => `/v1/appeals/${id}/decision`, body: () => ({ upheld: true }), allowed: ['admin'] },
  { service: 'assessment', method: 'GET', path: () => '/v1/hotspots?month=2026-01', allowed: ['supervisor', 'auditor', 'admin'] },
  { service: 'assessment', method: 'POST', path: () => '/v1/topics', body: () => ({}), allowed: ['supervisor', 'admin'] },
  { service: 'assessment', method: 'GET', path: (id) => `/v1/topics/${id}`, allowed: ['supervisor', 'auditor', 'admin'] },
  { service: 'supervision', method: 'GET', path: () => '/v1/sla-profiles', allowed: ['dispatcher', 'supervisor', 'auditor', 'admin'] },
  // An empty body is refused (400) once past the guard, so nothing is changed.
  { service: 'supervision', method: 'PUT', path: () => '/v1/sla-profiles/matrix-probe', body: () => ({}), allowed: ['admin'] },
  { service: 'supervision', method: 'GET', path: () => '/v1/calendar/overrides', allowed: ['dispatcher', 'supervisor', 'auditor', 'admin'] },
  { service: 'supervision', method: 'PUT', path: () => '/v1/calendar/overrides', body: () => ({}), allowed: ['admin'] },
  { service: 'supervision', method: 'GET', path: (id) => `/v1/cases/${id}/clocks`, allowed: ['unit_operator', 'dispatcher', 'supervisor', 'auditor', 'admin'] },
  { service: 'supervision', method: 'GET', path: () => `/v1/agencies/${UNIT}/overdue`, allowed: ['unit_operator', 'dispatcher', 'supervisor', 'auditor', 'admin'] },
];

const CALLERS: readonly Caller[] = [...ROLES, 'anonymous'];

describe('access: every endpoint × every role', () => {
  const stack = new E2eStack();
  let db: Client;
  const credentials = new Map<Caller, Record<string, string>>();

  beforeAll(async () => {
    db = await connectDatabase();
    const clientKey = await issueApiKey(db, {
      clientId: `matrix-${randomUUID().slice(0, 8)}`,
      roles: ['hotline_client'],
      scopes: { operations: ['cases.create', 'cases.read', 'categories.read', 'agencies.read', 'knowledge.read'], channels: ['phone'] },
    });
    for (const role of ROLES) {
      const binding = role === 'unit_operator' ? { agencyId: UNIT } : role === 'supervisor' ? { regionCode: '110105' } : {};
      credentials.set(role, role === 'hotline_client' ? { 'x-api-key': clientKey.apiKey } : await actAs(role, binding));
    }
    credentials.set('anonymous', { authorization: '' });
    await stack.startAll();
  }, 300_000);

  afterAll(async () => {
    await stack.stopAll();
    await db?.end();
  }, 60_000);

  const call = (endpoint: Endpoint, caller: Caller, caseId: string) =>
    httpJson<{ error?: { code: string } }>(endpoint.method, `${stack.url(endpoint.service)}${endpoint.path(caseId)}`, endpoint.body?.(), {
      ...credentials.get(caller),
      'idempotency-key': randomUUID(),
    });

  const cases = ENDPOINTS.flatMap((endpoint) => CALLERS.map((caller) => [`${endpoint.method} ${endpoint.service}${endpoint.path(':caseId')}`, caller, endpoint] as const));

  it.each(cases)('%s as %s', async (_route, caller, endpoint) => {
    const response = await call(endpoint, caller, randomUUID());
    if (caller === 'anonymous') {
      expect([response.status, response.body.error?.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    } else if (endpoint.allowed.includes(caller)) {
      expect([401, 403]).not.toContain(response.status);
    } else {
      expect([response.status, response.body.error?.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    }
  });

  it('answers 401 for a forged or unknown credential', async () => {
    const endpoint = ENDPOINTS[1]!;
    const forged: Record<string, string>[] = [{ authorization: 'Bearer not.a.token' }, { 'x-api-key': `hk_${'0'.repeat(16)}_${'A'.repeat(43)}` }];
    for (const headers of forged) {
      const response = await httpJson(endpoint.method, `${stack.url(endpoint.service)}${endpoint.path('')}`, undefined, headers);
      expect(response.status).toBe(401);
    }
  });

  it("keeps a client's key to its channels", async () => {
    const response = await httpJson('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest({ channel: 'web' }), credentials.get('hotline_client'));
    expect(response.status).toBe(403);
  });

  it('signs a person in with a password, and the token opens what the role may', async () => {
    const username = `matrix-auditor-${randomUUID().slice(0, 8)}`;
    await upsertUser(db, { username, password: 'correct horse battery', roles: ['auditor'] });
    const wrong = await httpJson('POST', `${stack.url('intake')}/v1/auth/token`, { username, password: 'wrong' }, { authorization: '' });
    expect(wrong.status).toBe(401);
    const signedIn = await httpJson<{ accessToken: string }>('POST', `${stack.url('intake')}/v1/auth/token`, { username, password: 'correct horse battery' }, { authorization: '' });
    expect(signedIn.status).toBe(200);
    const bearer = { authorization: `Bearer ${signedIn.body.accessToken}` };
    expect((await httpJson('GET', `${stack.url('dispatch')}/v1/manual-dispatch-queue`, undefined, bearer)).status).toBe(200);
    expect((await httpJson('GET', `${stack.url('feedback')}/v1/follow-ups`, undefined, bearer)).status).toBe(200);
    expect((await httpJson('GET', `${stack.url('feedback')}/v1/cases/${randomUUID()}/reporter-contact`, undefined, bearer)).status).toBe(403);
  });

  it('locks a username out after repeated wrong passwords, even against the right one, with Retry-After', async () => {
    const username = `matrix-locked-${randomUUID().slice(0, 8)}`;
    await upsertUser(db, { username, password: 'correct horse battery', roles: ['auditor'] });
    const signIn = (password: string) => httpJson<{ error: { code: string } }>('POST', `${stack.url('intake')}/v1/auth/token`, { username, password }, { authorization: '' });
    // SIGN_IN_MAX_FAILURES defaults to 5.
    for (let i = 0; i < 5; i += 1) expect((await signIn(`wrong-${i}`)).status).toBe(401);
    const locked = await signIn('correct horse battery');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('AUTH.TOO_MANY_FAILURES');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("shows a unit its own case and answers 404 to another unit and to a supervisor of another district", async () => {
    const posted = await httpJson<{ caseId: string }>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest(), { 'idempotency-key': randomUUID() });
    expect(posted.status).toBe(202);
    const { caseId } = posted.body;
    const view = await expectEventually(async () => {
      const { body } = await httpJson<{ status: string; agencyId: string; districtCode: string }>('GET', `${stack.url('audit')}/v1/cases/${caseId}`);
      expect(body.status).toBe('dispatched');
      return body;
    }, { timeoutMs: 60_000 });
    const otherUnit = await actAsUnit(view.agencyId === UNIT ? 'utility-gas' : UNIT);
    expect((await httpJson('POST', `${stack.url('execution')}/v1/cases/${caseId}/sign`, {}, otherUnit)).status).toBe(404);
    expect((await httpJson('POST', `${stack.url('execution')}/v1/cases/${caseId}/return`, { reason: 'wrong_area', note: '不在本辖区' }, otherUnit)).status).toBe(404);
    const extension = { reason: '需协调', requestedDeadline: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() };
    expect((await httpJson('POST', `${stack.url('execution')}/v1/cases/${caseId}/extension`, extension, otherUnit)).status).toBe(404);
    expect((await httpJson('GET', `${stack.url('execution')}/v1/agencies/${view.agencyId}/cases`, undefined, otherUnit)).status).toBe(404);
    expect((await httpJson('GET', `${stack.url('execution')}/v1/agencies/${view.agencyId}/cases`, undefined, await actAsUnit(view.agencyId))).status).toBe(200);

    const ownDistrict = await actAs('supervisor', { regionCode: view.districtCode });
    const otherDistrict = await actAs('supervisor', { regionCode: view.districtCode === '110108' ? '110105' : '110108' });
    expect((await httpJson('GET', `${stack.url('audit')}/v1/cases/${caseId}`, undefined, ownDistrict)).status).toBe(200);
    expect((await httpJson('GET', `${stack.url('audit')}/v1/cases/${caseId}/timeline`, undefined, otherDistrict)).status).toBe(404);
  });
});
