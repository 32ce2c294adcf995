import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { issueApiKey } from '@hotline/access';
import { formatProblem, readCityPackage } from '@hotline/city-package';
import { createLogger } from '@hotline/observability';
import { aCaseEvent, expectEventually, publishCaseEvents, startInProcess, testServiceEnv, type InProcessService } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import { importCityIntoIntake } from '../src/infrastructure/database/import-city';
import { INTAKE_CONSUMER } from '../src/infrastructure/messaging/intake-consumer';
import { expectOpen311 } from './open311-spec-check';

const FORMATS = ['xml', 'json'] as const;
type Row = Record<string, unknown>;

/** GeoReport v2 conformance: every endpoint, in XML and JSON, each answer checked against the spec's shapes. */
describe('intake: Open311 GeoReport v2 conformance', () => {
  let intake: InProcessService;
  let apiKey: string;
  let phoneOnlyKey: string;

  beforeAll(async () => {
    const config = loadIntakeConfig(testServiceEnv());
    intake = await startInProcess({
      service: 'intake',
      appModule: AppModule.register(config, createLogger('intake', 'warn')),
      consumer: INTAKE_CONSUMER,
    });
    const dataSource = intake.app.get(DataSource);
    // The demo city's services, as its import leaves them (another suite may have changed them since).
    const demo = readCityPackage(resolve(__dirname, '../../../deploy/cities/beijing-demo'));
    if (!demo.ok) throw new Error(demo.problems.map(formatProblem).join('\n'));
    await dataSource.transaction((manager) => importCityIntoIntake(manager, 'intake', demo.city));
    const scopes = (channels: string[]) => ({ operations: ['cases.create'], channels });
    apiKey = (await issueApiKey(dataSource, { clientId: `open311-test-${randomUUID()}`, roles: ['hotline_client'], scopes: scopes(['web', 'app']) })).apiKey;
    phoneOnlyKey = (await issueApiKey(dataSource, { clientId: `open311-phone-${randomUUID()}`, roles: ['hotline_client'], scopes: scopes(['phone']) })).apiKey;
  });

  afterAll(async () => {
    await intake?.close();
  });

  const url = (path: string) => `${intake.url}/open311/v2/${path}`;
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
    return body;
  };
  const postForm = (format: string, fields: Record<string, string | string[]>, query = '') =>
    fetch(url(`requests.${format}${query}`), { method: 'POST', body: form(fields) });
  const aStreetLight = (extra: Record<string, string | string[]> = {}) => ({
    api_key: apiKey,
    service_code: 'street_light',
    lat: '39.9087',
    long: '116.4605',
    'attribute[light_state]': 'off',
    description: '建国路88号门口路灯不亮',
    first_name: '王',
    last_name: '女士',
    phone: '13800000000',
    email: 'citizen@example.org',
    ...extra,
  });
  const submit = async (format: 'xml' | 'json', extra: Record<string, string | string[]> = {}) => {
    const body = (await expectOpen311(await postForm(format, aStreetLight(extra)), { format, resource: 'created', status: 200 })) as Row[];
    return body[0] as { service_request_id: string; token: string };
  };

  it.each(FORMATS)('answers discovery, the services and a service definition with typed attributes (%s)', async (format) => {
    const discovery = (await expectOpen311(await fetch(url(`discovery.${format}`)), { format, resource: 'discovery', status: 200 })) as { endpoints: Row[] };
    expect(discovery.endpoints[0]?.['url']).toBe(url(''));
    const services = (await expectOpen311(await fetch(url(`services.${format}`)), { format, resource: 'services', status: 200 })) as Row[];
    expect(services.map((service) => service['service_code'])).toEqual(expect.arrayContaining(['street_light', 'road_damage', 'noise', 'other']));
    expect(services.find((service) => service['service_code'] === 'street_light')?.['metadata']).toBe(format === 'json' ? true : 'true');
    const definition = (await expectOpen311(await fetch(url(`services/road_damage.${format}`)), { format, resource: 'serviceDefinition', status: 200 })) as { attributes: Row[] };
    expect(definition.attributes.map((attribute) => attribute['datatype'])).toEqual(['number', 'multivaluelist']);
    const noise = (await expectOpen311(await fetch(url(`services/noise.${format}`)), { format, resource: 'serviceDefinition', status: 200 })) as { attributes: Row[] };
    expect(noise.attributes.map((attribute) => attribute['datatype'])).toEqual(['datetime', 'text']);
    await expectOpen311(await fetch(url(`services/other.${format}`)), { format, resource: 'serviceDefinition', status: 200 });
  });

  it.each(FORMATS)('takes a form-encoded request with api_key and answers it by id, by token and in the list (%s)', async (format) => {
    const created = await submit(format);
    expect(created.service_request_id).toMatch(/^\d{6}-[0-9A-Z]{6}$/);
    const byToken = (await expectOpen311(await fetch(url(`tokens/${created.token}.${format}`)), { format, resource: 'tokens', status: 200 })) as Row[];
    expect(byToken[0]?.['service_request_id']).toBe(created.service_request_id);
    const one = (await expectOpen311(await fetch(url(`requests/${created.service_request_id}.${format}`)), { format, resource: 'requests', status: 200 })) as Row[];
    expect(one[0]).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'street_light' });
    expect(String(one[0]?.['description'])).toContain('路灯状态 What is wrong with the light: 不亮 Off');
    const listed = (await expectOpen311(await fetch(url(`requests.${format}?service_code=street_light&status=open`)), { format, resource: 'requests', status: 200 })) as Row[];
    expect(listed.map((request) => request['service_request_id'])).toContain(created.service_request_id);
  });

  it('takes a multipart request with a photo part, the key in the X-API-Key header and an Idempotency-Key', async () => {
    const body = new FormData();
    for (const [key, value] of Object.entries(aStreetLight({ api_key: '', lat: '#NOTPINPOINTED#', long: '#NOTPINPOINTED#', address_string: '北京市朝阳区建国路88号' }))) {
      for (const item of [value].flat()) body.append(key, item);
    }
    body.append('media', new Blob([new Uint8Array(2048)], { type: 'image/jpeg' }), 'lamp.jpg');
    const headers = { 'X-API-Key': apiKey, 'Idempotency-Key': `open311-${randomUUID()}` };
    const first = (await expectOpen311(await fetch(url('requests.json'), { method: 'POST', body, headers }), { format: 'json', resource: 'created', status: 200 })) as Row[];
    const again = (await expectOpen311(await fetch(url('requests.json'), { method: 'POST', body, headers }), { format: 'json', resource: 'created', status: 200 })) as Row[];
    expect(again[0]?.['service_request_id']).toBe(first[0]?.['service_request_id']);
    const one = (await expectOpen311(await fetch(url(`requests/${String(first[0]?.['service_request_id'])}.json`)), { format: 'json', resource: 'requests', status: 200 })) as Row[];
    expect(one[0]).toMatchObject({ address: '北京市朝阳区建国路88号', lat: null, long: null });
  });

  it('is tolerant: string booleans, repeated attribute keys, device_id, numeric values, #NOTPINPOINTED# with an address_id', async () => {
    const response = await postForm('json', {
      api_key: apiKey,
      service_code: 'ROAD_DAMAGE',
      lat: '#NOTPINPOINTED#',
      long: '#NOTPINPOINTED#',
      address_id: '110105-0042',
      'attribute[surface]': ['sidewalk', 'manhole'],
      'attribute[hole_depth_cm]': '12',
      deviceid: 'ios-1234',
      confidential: 'TRUE',
    });
    const created = (await expectOpen311(response, { format: 'json', resource: 'created', status: 200 })) as Row[];
    const id = String(created[0]?.['service_request_id']);
    const one = (await expectOpen311(await fetch(url(`requests/${id}.json?extensions=1`)), { format: 'json', resource: 'requests', status: 200 })) as Row[];
    expect(one[0]).toMatchObject({ service_code: 'road_damage', address_id: '110105-0042' });
    expect(String(one[0]?.['description'])).toContain('人行道 Sidewalk, 井盖 Manhole cover');
    expect(one[0]?.['extended_attributes']).toMatchObject({ tracking_number: id });
  });

  it.each(FORMATS)('fills status, agency_responsible, expected_datetime and status_notes from the case events, and reports updates (%s)', async (format) => {
    // Only what happened from here on: earlier tests (the crash test closes hundreds of cases) would
    // push this request past the first page of an older window.
    const startedAt = encodeURIComponent(new Date(Date.now() - 1_000).toISOString());
    const created = await submit(format);
    const { caseId } = (await fetchCaseId(created.service_request_id)) as { caseId: string };
    const deadline = '2026-12-09T18:00:00+08:00';
    const dispatched = aCaseEvent(
      'case.dispatched',
      { agencyId: 'street-110105001', agencyName: '朝阳区建外街道办事处', copiedToAgencyIds: [], deadline, slaClock: { amount: 7, unit: 'natural_days' }, catalogueVersion: 't', ruleId: 't', round: 1 },
      { caseId, producer: 'dispatch' },
    );
    const classified = aCaseEvent(
      'case.classified',
      { category: 'street_light', categoryName: '路灯', urgency: 'normal', districtCode: '110105', districtName: '朝阳区', streetCode: null, districtSource: 'location', confidence: 1, matchedKeywords: [], classifierVersion: 't' },
      { caseId, producer: 'classification' },
    );
    const signed = aCaseEvent('case.signed', { agencyId: 'street-110105001', signedBy: null }, { caseId, producer: 'execution' });
    const feedback = aCaseEvent('case.feedback_submitted', { agencyId: 'street-110105001', outcome: 'resolved', reply: '已更换灯泡，路灯恢复照明。' }, { caseId, producer: 'execution' });
    const closed = aCaseEvent(
      'case.closed',
      { followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: null }, agencyId: 'street-110105001' },
      { caseId, producer: 'feedback' },
    );
    await publishCaseEvents([classified, dispatched, signed, feedback, closed]);
    const one = await expectEventually(
      async () => {
        const body = (await expectOpen311(await fetch(url(`requests/${created.service_request_id}.${format}?extensions=true`)), { format, resource: 'requests', status: 200 })) as Row[];
        expect(body[0]?.['status']).toBe('closed');
        return body[0] as Row & { extended_attributes: { notes: Row[] } };
      },
      // The projection may first work through the events earlier tests left on the topic.
      { timeoutMs: 90_000 },
    );
    expect(one).toMatchObject({ agency_responsible: '朝阳区建外街道办事处', expected_datetime: '2026-12-09T10:00:00Z', status_notes: '回访完成，工单办结 Closed after the follow-up call' });
    expect(one.extended_attributes.notes.map((note) => note['description'])).toEqual(expect.arrayContaining(['已更换灯泡，路灯恢复照明。']));
    const closedOnly = (await expectOpen311(await fetch(url(`requests.${format}?status=closed&updated_after=${startedAt}&page=1&page_size=50`)), { format, resource: 'requests', status: 200 })) as Row[];
    expect(closedOnly.map((request) => request['service_request_id'])).toContain(created.service_request_id);
    const since = startedAt;
    const updates = (await expectOpen311(await fetch(url(`servicerequestupdates.${format}?start_date=${since}`)), { format, resource: 'updates', status: 200 })) as Row[];
    expect(updates.filter((update) => update['service_request_id'] === created.service_request_id).map((update) => update['update_id'])).toEqual(
      expect.arrayContaining([feedback.eventId, closed.eventId]),
    );
  });

  it('shows a merged request (并案) with the progress of the request it joined, up to its closing', async () => {
    const parent = await submit('json');
    const repeat = await submit('json');
    const [{ caseId: parentId }, { caseId: repeatId }] = (await Promise.all([fetchCaseId(parent.service_request_id), fetchCaseId(repeat.service_request_id)])) as Array<{ caseId: string }>;
    // Built in the order they happen: the view keeps the note of the latest event by time.
    const classified = aCaseEvent(
      'case.classified',
      { category: 'street_light', categoryName: '路灯', urgency: 'normal', districtCode: '110105', districtName: '朝阳区', streetCode: null, districtSource: 'location', confidence: 1, matchedKeywords: [], classifierVersion: 't' },
      { caseId: parentId, producer: 'classification' },
    );
    const dispatched = aCaseEvent(
      'case.dispatched',
      { agencyId: 'street-110105001', agencyName: '朝阳区建外街道办事处', copiedToAgencyIds: [], deadline: '2026-12-09T18:00:00+08:00', slaClock: { amount: 7, unit: 'natural_days' }, catalogueVersion: 't', ruleId: 't', round: 1 },
      { caseId: parentId, producer: 'dispatch' },
    );
    const merged = aCaseEvent('case.merged', { intoCaseId: parentId, reason: '重复诉求' }, { caseId: repeatId, producer: 'classification' });
    await publishCaseEvents([classified, dispatched, merged]);
    const viewOf = async () => ((await expectOpen311(await fetch(url(`requests/${repeat.service_request_id}.json`)), { format: 'json', resource: 'requests', status: 200 })) as Row[])[0]!;
    const open = await expectEventually(
      async () => {
        const view = await viewOf();
        expect(view['agency_responsible']).toBe('朝阳区建外街道办事处');
        return view;
      },
      { timeoutMs: 90_000 },
    );
    expect(open).toMatchObject({ status: 'open', expected_datetime: '2026-12-09T10:00:00Z', service_code: 'street_light' });
    expect(String(open['status_notes'])).toMatch(new RegExp(`^与已有工单合并办理.*；${parent.service_request_id}：已派 朝阳区建外街道办事处`));

    const signed = aCaseEvent('case.signed', { agencyId: 'street-110105001', signedBy: null }, { caseId: parentId, producer: 'execution' });
    const feedback = aCaseEvent('case.feedback_submitted', { agencyId: 'street-110105001', outcome: 'resolved', reply: '已更换灯泡。' }, { caseId: parentId, producer: 'execution' });
    const closed = aCaseEvent(
      'case.closed',
      { followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: null }, agencyId: 'street-110105001' },
      { caseId: parentId, producer: 'feedback' },
    );
    await publishCaseEvents([signed, feedback, closed]);
    await expectEventually(async () => expect(String((await viewOf())['status_notes'])).toContain('回访完成，工单办结'), { timeoutMs: 90_000 });
    expect((await viewOf())['status']).toBe('closed');
  });

  it.each(FORMATS)('refuses in the spec\'s error format: 400 bad input, 403 bad or unscoped key, 404 unknown (%s)', async (format) => {
    const errors = (path: string, status: number, init?: RequestInit) => fetch(url(path), init).then((response) => expectOpen311(response, { format, resource: 'errors', status }));
    const post = (fields: Record<string, string>) => ({ method: 'POST', body: form(fields) });
    await errors(`requests.${format}`, 400, post({ api_key: apiKey, service_code: 'street_light', 'attribute[light_state]': 'off' }));
    await errors(`requests.${format}`, 400, post({ api_key: apiKey, service_code: 'street_light', lat: '39.9', long: '116.4', 'attribute[light_state]': 'exploded' }));
    await errors(`requests.${format}`, 400, post({ api_key: apiKey, service_code: 'no_such_service', lat: '39.9', long: '116.4' }));
    await errors(`requests.${format}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, 400);
    await errors(`requests.${format}?status=pending`, 400);
    await errors(`requests.${format}`, 403, post({ service_code: 'street_light', lat: '39.9', long: '116.4' }));
    await errors(`requests.${format}`, 403, post({ api_key: 'hk_0000000000000000_nope', service_code: 'street_light', lat: '39.9', long: '116.4' }));
    await errors(`requests.${format}`, 403, post({ api_key: phoneOnlyKey, service_code: 'street_light', lat: '39.9', long: '116.4', 'attribute[light_state]': 'off' }));
    await errors(`services/no_such_service.${format}`, 404);
    await errors(`requests/000000-NOSUCH.${format}`, 404);
    await errors(`tokens/${randomUUID()}.${format}`, 404);
    await errors(`no-such-resource.${format}`, 404);
  });

  it('answers an unknown format with a 404 in XML', async () => {
    await expectOpen311(await fetch(url('services.csv')), { format: 'xml', resource: 'errors', status: 404 });
  });

  // The case id is not part of Open311: the test reads it from intake's own table.
  async function fetchCaseId(trackingNumber: string) {
    const rows = await intake.app.get(DataSource).query<{ caseId: string }[]>(`SELECT case_id AS "caseId" FROM intake.open311_requests WHERE tracking_number = $1`, [trackingNumber]);
    return rows[0];
  }
});
