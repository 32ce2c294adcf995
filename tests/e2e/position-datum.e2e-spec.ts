import { randomUUID } from 'node:crypto';
import gcoord from 'gcoord';
import type { Client } from 'pg';
import type { Datum } from '@hotline/contracts';
import { E2eStack, aCaseRequest, connectDatabase, expectEventually, httpJson } from '@hotline/testing';

interface ClassificationView {
  districtCode: string | null;
  gridCode: string | null;
  communityCode: string | null;
  componentCode: string | null;
}
interface ErrorBody {
  error: { code: string; details: { issues: { path: string; message: string }[] } };
}

const CRS = { 'WGS-84': gcoord.WGS84, 'GCJ-02': gcoord.GCJ02, 'BD-09': gcoord.BD09 } as const;

// A position names its datum at intake (POST /v1/cases location.datum); classification converts it to the
// datum the city's places are stored in (the demo city: GCJ-02), and its record keeps the grid it found.
describe('end to end: one place given in WGS-84, GCJ-02 or BD-09 resolves to the same unit grid', () => {
  const stack = new E2eStack();
  let db: Client;
  // A 东城 unit grid near the middle of the district (~100 m cells: the datum offsets, ~500 m and more, leave it).
  let grid: { code: string; communityCode: string; centre: [number, number]; datum: Datum };

  beforeAll(async () => {
    db = await connectDatabase();
    const { rows } = await db.query<{ code: string; community_code: string; lng: number; lat: number; datum: Datum }>(
      `WITH cells AS (SELECT code, community_code, ST_X(ST_Centroid(geom)) AS lng, ST_Y(ST_Centroid(geom)) AS lat
                        FROM classification.geo_unit_grids WHERE district_code = '110101')
       SELECT cells.*, (SELECT datum FROM classification.geo_city) AS datum FROM cells
        ORDER BY abs(lng - (SELECT avg(lng) FROM cells)) + abs(lat - (SELECT avg(lat) FROM cells)) LIMIT 1`,
    );
    const [row] = rows;
    if (!row) throw new Error('no unit grid in 东城: import the demo city first (npm start or prepare)');
    grid = { code: row.code.trim(), communityCode: row.community_code.trim(), centre: [row.lng, row.lat], datum: row.datum };
    await Promise.all((['intake', 'classification'] as const).map((name) => stack.start(name)));
  }, 240_000);

  afterAll(async () => {
    await stack.stopAll();
    await db?.end();
  }, 60_000);

  const report = async (location: { lng: number; lat: number; datum?: Datum }) => {
    const body = aCaseRequest({ title: '路灯不亮', description: `门口的路灯不亮了（${randomUUID()}）`, address: undefined, location });
    const response = await httpJson<{ caseId: string }>('POST', `${stack.url('intake')}/v1/cases`, body);
    expect(response.status).toBe(202);
    return response.body.caseId;
  };
  const classificationOf = (caseId: string) =>
    expectEventually(async () => {
      const response = await httpJson<ClassificationView>('GET', `${stack.url('classification')}/v1/classifications/${caseId}`);
      expect(response.status).toBe(200);
      return response.body;
    }, { timeoutMs: 60_000 });
  /** The grid's centre in `datum`. */
  const at = (datum: Datum) => {
    const [lng, lat] = gcoord.transform(grid.centre, CRS[grid.datum], CRS[datum]);
    return { lng, lat };
  };

  it('puts the same point on the same grid whichever datum names it, and the record shows the grid and community', async () => {
    const [gps, amap, baidu, unnamed] = await Promise.all([
      report({ ...at('WGS-84'), datum: 'WGS-84' }),
      report({ ...at('GCJ-02'), datum: 'GCJ-02' }),
      report({ ...at('BD-09'), datum: 'BD-09' }),
      // No datum: GPS's.
      report(at('WGS-84')),
    ]);
    const where = { districtCode: '110101', gridCode: grid.code, communityCode: grid.communityCode };
    for (const caseId of [gps, amap, baidu, unnamed]) expect(await classificationOf(caseId)).toMatchObject(where);
  });

  it('reads the coordinates in the datum they name: GPS coordinates called GCJ-02 lie ~500 m off, on another grid', async () => {
    const misnamed = await classificationOf(await report({ ...at('WGS-84'), datum: 'GCJ-02' }));
    expect(misnamed.gridCode).not.toBe(grid.code);
  });

  it('refuses an unknown datum with 400 VALIDATION.FAILED naming location.datum', async () => {
    const response = await httpJson<ErrorBody>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest({ location: { ...at('WGS-84'), datum: 'WGS84' } }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION.FAILED');
    expect(response.body.error.details.issues).toEqual([{ path: 'location.datum', message: 'must be one of WGS-84, GCJ-02, BD-09' }]);
  });
});
