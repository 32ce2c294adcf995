import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { connectDatabase } from '@hotline/testing';
import { OpenCasesRepository } from '../src/infrastructure/database/open-cases.repository';
import type { NewRequest } from '../src/domain/triage/repeat-request';

// 并案's candidate query on the real table: a spot with many open reports gives at most the limit, the latest first.
describe('classification: the open cases a request is compared with', () => {
  let db: Client;
  // A category no other test writes, so the rows below are the only candidates.
  const category = `test_category_${randomUUID().slice(0, 8)}`;
  const spot = { lat: 39.9087, lon: 116.4605 };
  const now = new Date();
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const request: NewRequest = { category, districtCode: '110105', position: spot, text: '路灯不亮', receivedAt: now };
  const settings = { windowHours: 72, radiusMetres: 100 };

  beforeAll(async () => {
    db = await connectDatabase();
    await db.query('BEGIN');
  });

  afterAll(async () => {
    await db?.query('ROLLBACK');
    await db?.end();
  });

  const insert = (rows: { minutes: number; position: { lat: number; lon: number } | null; closed?: boolean }[]) =>
    db.query(
      `INSERT INTO classification.open_cases (case_id, category, district_code, lat, lon, text, received_at, closed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::timestamptz[], $8::timestamptz[])`,
      [
        rows.map(() => randomUUID()),
        rows.map(() => category),
        rows.map(() => '110105'),
        rows.map((row) => row.position?.lat ?? null),
        rows.map((row) => row.position?.lon ?? null),
        rows.map((row) => `路灯不亮 ${row.minutes}`),
        rows.map((row) => minutesAgo(row.minutes)),
        rows.map((row) => (row.closed ? now : null)),
      ],
    );
  // The repository runs on the batch's EntityManager; here, on the test's own transaction.
  const repository = () => new OpenCasesRepository({ query: async (sql: string, params: unknown[]): Promise<unknown[]> => (await db.query(sql, params)).rows as unknown[] } as unknown as EntityManager);

  it('gives at most the limit, the latest received first, from both the spot and the district without a position', async () => {
    // 300 reports at the spot an hour or more ago, 2 without a position in the district, 1 closed, 1 far away
    // (outside the radius, but in the district: a request without a position compares by district).
    await insert(Array.from({ length: 300 }, (_, index) => ({ minutes: 60 + index, position: spot })));
    await insert([
      { minutes: 5, position: null },
      { minutes: 500, position: null },
      { minutes: 1, position: spot, closed: true },
      { minutes: 2, position: { lat: 39.95, lon: 116.5 } },
    ]);

    const all = await repository().candidatesFor(randomUUID(), request, settings, 1_000);
    expect(all).toHaveLength(302);

    const latest = await repository().candidatesFor(randomUUID(), request, settings, 4);
    expect(latest.map((open) => open.text)).toEqual(['路灯不亮 5', '路灯不亮 60', '路灯不亮 61', '路灯不亮 62']);

    const withoutPosition = await repository().candidatesFor(randomUUID(), { ...request, position: null }, settings, 1);
    expect(withoutPosition.map((open) => open.text)).toEqual(['路灯不亮 2']);
  });
});
