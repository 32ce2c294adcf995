import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { createLogger } from '@hotline/observability';
import {
  aCaseEvent,
  aReceivedPayload,
  caseIdsOnOnePartition,
  watchStatements,
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
import { demoGeography } from '@hotline/demo-city';
import { AppModule } from '../src/app.module';
import { CLASSIFICATION_CONSUMER } from '../src/classify-case/classification-consumer';
import { ClassifiedCases } from '../src/classify-case/classified-cases';
import { DuplicateSettingsCache } from '../src/classify-case/duplicate-settings.cache';
import { loadClassificationConfig } from '../src/config/classification-config';
import { convertPosition } from '../src/geography/datum';

// The first test also waits for the consumer group to form (the project's testTimeout does not reach here).
jest.setTimeout(120_000);
const within = { timeoutMs: 60_000 };

describe('classification: case.received → case.classified', () => {
  let service: InProcessService;
  let db: Client;
  let deadLetters: DeadLetterWatch;

  beforeAll(async () => {
    const config = loadClassificationConfig(testServiceEnv());
    service = await startInProcess({
      service: 'classification',
      appModule: AppModule.register(config, createLogger('classification', 'warn')),
      consumer: CLASSIFICATION_CONSUMER,
    });
    db = await connectDatabase();
    deadLetters = await watchDeadLetters();
  }, 60_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await service?.close();
    await db?.end();
  }, 60_000);

  const classifiedEvents = async (caseId: string) =>
    (await outboxEvents(db, 'classification', caseId)).filter((e): e is CaseEventOf<'case.classified'> => e.type === 'case.classified');

  const eventuallyClassified = (caseId: string) =>
    expectEventually(async () => {
      const events = await classifiedEvents(caseId);
      expect(events).toHaveLength(1);
      return events[0];
    }, within);

  it('classifies a broken street light at a Chaoyang location and records it', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload());
    await publishCaseEvents([received]);

    const classified = await eventuallyClassified(received.caseId);
    expect(classified.payload).toMatchObject({
      category: 'street_light',
      categoryName: '路灯',
      urgency: 'normal',
      districtCode: '110105',
      districtName: '朝阳区',
      districtSource: 'location',
    });
    expect(classified.payload.classifierVersion).toMatch(/^keyword-v1\+rules\.\d+$/);
    expect(classified).toMatchObject({ producer: 'classification', causationId: received.eventId, correlationId: received.correlationId });

    const response = await testFetch(`${service.url}/v1/classifications/${received.caseId}`);
    expect(response.status).toBe(200);
    // 朝阳 has no unit grids in the demo city: the district outline only.
    expect(await response.json()).toMatchObject({
      caseId: received.caseId,
      category: 'street_light',
      districtCode: '110105',
      gridCode: null,
      communityCode: null,
      componentCode: null,
      componentOwnerId: null,
      matchedKeywords: expect.arrayContaining(['路灯']),
    });
  });

  it('finds the district and street in the text when the case has no location', async () => {
    const received = aCaseEvent(
      'case.received',
      aReceivedPayload({ title: null, description: '海淀区中关村大街上有个大坑，路面破损严重，骑车很危险', location: null, address: null }),
    );
    await publishCaseEvents([received]);

    const classified = await eventuallyClassified(received.caseId);
    expect(classified.payload).toMatchObject({ category: 'road_damage', urgency: 'emergency', districtCode: '110108', districtName: '海淀区', districtSource: 'text' });
    expect(classified.payload.streetCode).toMatch(/^110108\d{3}$/);
  });

  it('puts a GPS (WGS-84) position on its unit grid and on the street light standing there, for its owner', async () => {
    // The demo seed's street lights are GCJ-02 points at grid centres in 东城/西城; a phone reports WGS-84.
    const light = demoGeography().components.find((c) => c.name.startsWith('路灯')) as ReturnType<typeof demoGeography>['components'][number];
    const [lng, lat] = convertPosition(light.geometry.coordinates as [number, number], 'GCJ-02', 'WGS-84');
    const received = aCaseEvent('case.received', aReceivedPayload({ title: null, description: '门口的路灯不亮了', address: null, location: { lat, lng } }));
    await publishCaseEvents([received]);

    const classified = await eventuallyClassified(received.caseId);
    expect(classified.payload).toMatchObject({
      category: 'street_light',
      districtCode: light.code.slice(0, 6),
      districtSource: 'location',
      gridCode: expect.stringMatching(new RegExp(`^${light.code.slice(0, 6)}\\d{9}$`)),
      componentCode: light.code,
      componentOwnerId: 'city-urban-management',
    });
    expect(classified.payload.gridCode?.slice(0, 12)).toBe(classified.payload.communityCode);
    expect(classified.payload.gridCode?.slice(0, 9)).toBe(classified.payload.streetCode);

    // The record keeps where place resolution put the case.
    const response = await testFetch(`${service.url}/v1/classifications/${received.caseId}`);
    expect(await response.json()).toMatchObject({
      districtCode: classified.payload.districtCode,
      streetCode: classified.payload.streetCode,
      communityCode: classified.payload.communityCode,
      gridCode: classified.payload.gridCode,
      componentCode: light.code,
      componentOwnerId: 'city-urban-management',
    });
  });

  it("places a filed grid report on the component it names, the centre's filing winning over the inspector's", async () => {
    const [cover, gasCover] = ['上水井盖', '燃气井盖'].map((name) => demoGeography().components.find((c) => c.name.startsWith(name))) as Array<
      ReturnType<typeof demoGeography>['components'][number]
    >;
    const report = { channel: 'grid' as const, inspectorId: 'user:inspector-1', title: '井盖破损', description: `井盖破损 ${randomUUID()}`, location: null, address: null };
    const asReported = aCaseEvent('case.received', aReceivedPayload({ ...report, componentCode: cover?.code }));
    const corrected = aCaseEvent('case.received', aReceivedPayload({ ...report, componentCode: cover?.code }));
    await publishCaseEvents([asReported, corrected]);
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM classification.grid_reports WHERE case_id = ANY($1)', [[asReported.caseId, corrected.caseId]]);
      expect(rows[0]?.n).toBe(2);
    }, within);
    const filing = (componentCode: string | null) => ({ verifierId: 'user:dispatcher', eventClass: null, componentCode, note: null });
    await publishCaseEvents([
      aCaseEvent('case.filed', filing(null), { caseId: asReported.caseId }),
      aCaseEvent('case.filed', filing(gasCover?.code ?? null), { caseId: corrected.caseId }),
    ]);

    const kept = await eventuallyClassified(asReported.caseId);
    expect(kept.payload).toMatchObject({ componentCode: cover?.code, componentOwnerId: 'utility-water', districtCode: cover?.code.slice(0, 6), districtSource: 'location' });
    expect(kept.payload.gridCode).toMatch(/^\d{15}$/);
    const changed = await eventuallyClassified(corrected.caseId);
    expect(changed.payload).toMatchObject({ componentCode: gasCover?.code, componentOwnerId: 'utility-gas' });
  });

  it('files a message with no keyword under other, with low confidence and no district', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload({ title: null, description: '请问护照怎么办理', location: null, address: null }));
    await publishCaseEvents([received]);
    const classified = await eventuallyClassified(received.caseId);
    expect(classified.payload).toMatchObject({ category: 'other', districtCode: null, districtSource: null, matchedKeywords: [] });
    expect(classified.payload.confidence).toBeLessThan(0.2);
  });

  it('handles a redelivered event once', async () => {
    const received = aCaseEvent('case.received', aReceivedPayload({ title: '停水', description: '我家从早上开始停水' }));
    await publishCaseEvents([received, received]);
    const later = aCaseEvent('case.received', aReceivedPayload(), { caseId: randomUUID() });
    await publishCaseEvents([received, later]);

    await eventuallyClassified(later.caseId);
    const events = await classifiedEvents(received.caseId);
    expect(events.map((e) => e.payload.category)).toEqual(['water_supply']);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM classification.inbox WHERE event_id = $1', [received.eventId]);
    expect(rows[0]?.n).toBe(1);
  });

  it('dead-letters a second, different case.received for a classified case and keeps the first classification', async () => {
    const first = aCaseEvent('case.received', aReceivedPayload({ title: '噪音扰民', description: '楼下广场舞噪音扰民' }));
    const second = aCaseEvent('case.received', aReceivedPayload({ title: '燃气泄漏', description: '闻到燃气味' }), { caseId: first.caseId });
    await publishCaseEvents([first, second]);

    await expectEventually(() => {
      const letter = deadLetters.received.find((l) => l.value.includes(second.eventId));
      expect(letter).toMatchObject({ consumer: 'classification' });
      expect(letter?.reason).toContain('case.received is not allowed when the case is classified');
    }, within);
    expect((await classifiedEvents(first.caseId)).map((e) => e.payload.category)).toEqual(['noise']);
  });

  it("writes a batch's classification records and open cases in one statement each", async () => {
    const caseIds = await caseIdsOnOnePartition(3);
    const texts = ['路灯不亮', '楼下广场舞噪音扰民', '我家从早上开始停水'];
    const events = caseIds.map((caseId, i) => aCaseEvent('case.received', aReceivedPayload({ title: null, description: texts[i] ?? '' }), { caseId }));
    const watch = await watchStatements(db, ['classification.classifications', 'classification.open_cases']);
    try {
      // One produce request, one partition: one batch.
      await publishCaseEvents(events);
      for (const caseId of caseIds) await eventuallyClassified(caseId);
      const written = (await watch.writing(caseIds)).map((statement) => ({ table: statement.table, cases: [...statement.caseIds].sort() }));
      expect(written.sort((x, y) => x.table.localeCompare(y.table))).toEqual([
        { table: 'classification.classifications', cases: [...caseIds].sort() },
        { table: 'classification.open_cases', cases: [...caseIds].sort() },
      ]);
    } finally {
      await watch.stop();
    }
  });

  it("closes and reopens a batch's open cases in one statement, each case ending as its last event left it", async () => {
    const caseIds = await caseIdsOnOnePartition(3);
    const texts = ['路灯不亮', '楼下广场舞噪音扰民', '我家从早上开始停水'];
    await publishCaseEvents(caseIds.map((caseId, i) => aCaseEvent('case.received', aReceivedPayload({ title: null, description: texts[i] ?? '' }), { caseId })));
    for (const caseId of caseIds) await eventuallyClassified(caseId);
    const [closed, alsoClosed, reopened] = caseIds as [string, string, string];
    const followUp = { reached: true, resolved: true, satisfaction: 'satisfied' as const, note: null, operatorId: 'user:desk' };
    const closing = (caseId: string) => aCaseEvent('case.closed', { followUp, agencyId: 'street-110105001', closedAs: 'follow_up' }, { caseId, producer: 'feedback' });
    const events = [
      closing(closed),
      closing(reopened),
      closing(alsoClosed),
      aCaseEvent('case.reopened', { followUp: null, agencyId: null, reason: 'citizen_called_again' }, { caseId: reopened, producer: 'feedback' }),
    ];
    const watch = await watchStatements(db, ['classification.open_cases'], 'UPDATE');
    try {
      // One produce request, one partition: one batch.
      await publishCaseEvents(events);
      await expectEventually(async () => {
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM classification.inbox WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.eventId)]);
        expect(rows[0]?.n).toBe(events.length);
      }, within);
      expect((await watch.writing(caseIds)).map((statement) => [...statement.caseIds].sort())).toEqual([[...caseIds].sort()]);
      const { rows } = await db.query<{ case_id: string; closed_at: Date | null }>('SELECT case_id, closed_at FROM classification.open_cases WHERE case_id = ANY($1::uuid[])', [caseIds]);
      const closedAt = new Map(rows.map((row) => [row.case_id, row.closed_at]));
      expect(closedAt.get(closed)).toEqual(new Date(events[0]!.occurredAt));
      expect(closedAt.get(alsoClosed)).toEqual(new Date(events[2]!.occurredAt));
      expect(closedAt.get(reopened)).toBeNull();
    } finally {
      await watch.stop();
    }
  });

  it("reads where a batch's cases stand in one statement, and keeps what the batch decides over it", async () => {
    const [classified, triaged, held, unseen] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO classification.classifications (case_id, category, urgency, confidence, matched_keywords, classifier_version) VALUES ($1, 'noise', 'normal', 0.9, '{}', 'test')`,
      [classified],
    );
    await db.query(`INSERT INTO classification.triage_outcomes (case_id, outcome, detail) VALUES ($1, 'answered', '{}')`, [triaged]);
    await db.query(`INSERT INTO classification.grid_reports (case_id, received) VALUES ($1, '{}')`, [held]);
    const dataSource = service.app.get(DataSource);
    await dataSource.transaction(async (manager) => {
      const cases = new ClassifiedCases(manager, [classified, triaged, held, unseen]);
      const query = jest.spyOn(manager, 'query');
      expect(await cases.statusOf(classified)).toBe('classified');
      expect(await cases.statusOf(triaged)).toBe('answered');
      expect(await cases.statusOf(held)).toBe('received');
      expect(await cases.statusOf(unseen)).toBeNull();
      expect(query).toHaveBeenCalledTimes(1);
      cases.decide(unseen, 'declined');
      expect(await cases.statusOf(unseen)).toBe('declined');
      expect(query).toHaveBeenCalledTimes(1);
      query.mockRestore();
    });
  });

  it('reads the 并案 settings again when a row is added, changed or removed, and keeps them while nothing changed', async () => {
    const cache = new DuplicateSettingsCache(service.app.get(DataSource), 0);
    const category = `it_${randomUUID().slice(0, 8)}`;
    const before = await cache.current();
    expect(before.get('street_light')).toEqual({ radiusMetres: 50, windowHours: 72 });
    expect(await cache.current()).toBe(before);
    try {
      await db.query('INSERT INTO classification.duplicate_settings (category, radius_metres, window_hours) VALUES ($1, 30, 12)', [category]);
      expect((await cache.current()).get(category)).toEqual({ radiusMetres: 30, windowHours: 12 });
      await db.query('UPDATE classification.duplicate_settings SET window_hours = 6 WHERE category = $1', [category]);
      expect((await cache.current()).get(category)).toEqual({ radiusMetres: 30, windowHours: 6 });
    } finally {
      await db.query('DELETE FROM classification.duplicate_settings WHERE category = $1', [category]);
    }
    expect((await cache.current()).has(category)).toBe(false);
  });

  it('dead-letters poison messages and goes on with the next event', async () => {
    const broken = { ...aCaseEvent('case.received', aReceivedPayload()), payload: { description: 42 } };
    const next = aCaseEvent('case.received', aReceivedPayload());
    await publishCaseEvents([], ['{"not json', JSON.stringify(broken)]);
    await publishCaseEvents([next]);

    await eventuallyClassified(next.caseId);
    await expectEventually(() => {
      expect(deadLetters.received.some((l) => l.value === '{"not json')).toBe(true);
      expect(deadLetters.received.some((l) => l.value.includes(broken.eventId) && l.reason.startsWith('EVENT.INVALID_PAYLOAD'))).toBe(true);
    }, within);
    expect(await classifiedEvents(broken.caseId)).toEqual([]);
  });

  it('lists the active category catalogue', async () => {
    const response = await testFetch(`${service.url}/v1/categories`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { version: number; items: { code: string }[] };
    expect(body.version).toBeGreaterThanOrEqual(1);
    expect(body.items.length).toBeGreaterThanOrEqual(20);
    expect(body.items).toContainEqual({ code: 'water_supply', name: '供水', nameEn: 'Water supply', urgency: 'urgent' });
    expect(body.items.map((c) => c.code)).toContain('other');
  });

  it('answers 404 for an unknown case and 400 for a malformed case id', async () => {
    const unknown = await testFetch(`${service.url}/v1/classifications/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'CLASSIFICATION.NOT_FOUND' } });
    const malformed = await testFetch(`${service.url}/v1/classifications/not-a-uuid`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'VALIDATION.FAILED' } });
  });
});
