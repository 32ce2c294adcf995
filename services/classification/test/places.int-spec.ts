import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { DataSource } from 'typeorm';
import { formatProblem, readCityPackage } from '@hotline/city-package';
import { newCaseEvent } from '@hotline/contracts';
import { runInBatchScope, type BatchScope } from '@hotline/messaging';
import { demoGeography, generateUnitGrids, type GeneratedGrid, type Position } from '@hotline/demo-city';
import { convertPosition } from '../src/geography/datum';
import { loadGeography } from '../src/geography/load-geography';
import { GazetteerCache } from '../src/geography/gazetteer';
import { POINT_SQL, PlaceResolver } from '../src/geography/place-resolver';
import { classificationDataSource } from '../src/infrastructure/database/data-source';
import { geographyOf } from '../src/infrastructure/database/import-city';

// Real Postgres + PostGIS: the demo places (as `npm start` imports them) and the resolver's SQL.
const TOLERANCE_M = 10;
const centreOf = (grid: GeneratedGrid): Position => {
  const [[w, s], , [e, n]] = grid.ring as [Position, Position, Position];
  return [(w + e) / 2, (s + n) / 2];
};
const gridUnder = (grids: readonly GeneratedGrid[], at: Position) => grids.find((g) => booleanPointInPolygon(at, { type: 'Polygon', coordinates: [g.ring as Position[]] }));
/** Moves [lng, lat] by metres east and north. */
const shifted = ([lng, lat]: Position, east: number, north: number): Position => [lng + east / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + north / 111_320];

describe('places on PostGIS: point → unit grid → community → street → district, gazetteer, components', () => {
  let dataSource: DataSource;
  let places: PlaceResolver;
  let packaged: ReturnType<typeof geographyOf>;
  const demo = demoGeography();
  const { grids } = generateUnitGrids({ districtCodes: ['110101', '110102'] });
  const locate = (location: { lng: number; lat: number; datum?: 'WGS-84' | 'GCJ-02' } | null, text: Partial<{ address: string; description: string; componentCode: string }> = {}) =>
    places.locate(dataSource.manager, { location, address: text.address ?? null, title: null, description: text.description ?? '', componentCode: text.componentCode });

  beforeAll(async () => {
    dataSource = classificationDataSource(process.env['DATABASE_URL'] ?? '');
    await dataSource.initialize();
    // Checked on every use: a load below is seen by the next case.
    places = new PlaceResolver({ componentToleranceM: TOLERANCE_M }, new GazetteerCache(dataSource, 0));
    // The demo city's places as its package holds them (a test below loads others in between).
    const city = readCityPackage(resolve(__dirname, '../../../deploy/cities/beijing-demo'));
    if (!city.ok) throw new Error(city.problems.map(formatProblem).join('\n'));
    packaged = geographyOf(city.city);
    await loadGeography(dataSource, packaged);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('resolves a point inside a unit grid to the grid, its community, street and district', async () => {
    const grid = grids[Math.floor(grids.length / 2)] as GeneratedGrid;
    const [lng, lat] = centreOf(grid);
    expect(await locate({ lng, lat, datum: 'GCJ-02' })).toEqual({
      districtCode: grid.districtCode,
      districtName: grid.districtCode === '110101' ? '东城区' : '西城区',
      streetCode: grid.streetCode,
      districtSource: 'location',
      gridCode: grid.code,
      communityCode: grid.communityCode,
    });
    expect(grid.code).toMatch(new RegExp(`^${grid.communityCode}\\d{3}$`));
  });

  it('falls back to the district outline where no grid covers the point', async () => {
    // 朝阳区's seat: the demo seeds grids for 东城 and 西城 only.
    const chaoyang = demo.districts.find((d) => d.code === '110105');
    expect(chaoyang).toBeDefined();
    const located = await locate({ lng: 116.443108, lat: 39.92147, datum: 'GCJ-02' });
    expect(located).toEqual({ districtCode: '110105', districtName: '朝阳区', streetCode: null, districtSource: 'location' });
  });

  it('converts a WGS-84 position to the stored GCJ-02 before the lookup, which moves a point near a border into the right unit', async () => {
    // The westernmost 东城 grid of a middle row borders 西城; its WGS-84 position lies ~500 m west (in 西城).
    const dongcheng = grids.filter((g) => g.districtCode === '110101');
    const rows = [...new Set(dongcheng.map((g) => g.row))].sort((a, b) => a - b);
    const row = rows[Math.floor(rows.length / 2)];
    const border = dongcheng.filter((g) => g.row === row).sort((a, b) => a.col - b.col)[0] as GeneratedGrid;
    const [lng, lat] = convertPosition(centreOf(border), 'GCJ-02', 'WGS-84');

    const misread = await locate({ lng, lat, datum: 'GCJ-02' });
    expect(misread.districtCode).toBe('110102');
    expect(await locate({ lng, lat, datum: 'WGS-84' })).toMatchObject({ districtCode: '110101', gridCode: border.code, communityCode: border.communityCode });
    // No datum: taken as WGS-84 (GPS, Open311).
    expect(await locate({ lng, lat })).toMatchObject({ gridCode: border.code });
  });

  it('resolves an address without coordinates through the gazetteer: district, street, landmark and community names', async () => {
    const lane = demo.gazetteer.find((g) => g.name === '南锣鼓巷');
    const laneGrid = gridUnder(grids, (lane?.geometry?.coordinates ?? [0, 0]) as Position) as GeneratedGrid;
    expect(await locate(null, { address: '北京市东城区南锣鼓巷附近' })).toEqual({
      districtCode: '110101',
      districtName: '东城区',
      streetCode: laneGrid.streetCode,
      districtSource: 'text',
      communityCode: laneGrid.communityCode,
    });
    const community = demo.communities.find((c) => c.districtCode === '110102') as { code: string; name: string; streetCode: string };
    expect(await locate(null, { description: `${community.name}门口的垃圾没人清` })).toMatchObject({
      districtCode: '110102',
      streetCode: community.streetCode,
      communityCode: community.code,
      districtSource: 'text',
    });
    expect(await locate(null, { address: '海淀区中关村大街1号' })).toMatchObject({ districtCode: '110108', districtSource: 'text' });
    expect(await locate(null, { description: '没有提到任何地点' })).toEqual({ districtCode: null, districtName: null, streetCode: null, districtSource: null });
  });

  it('finds a named component with its owner and place, and one within the tolerance of the position', async () => {
    const component = demo.components.find((c) => c.ownerAgencyId === 'utility-gas') as (typeof demo.components)[number];
    const at = component.geometry.coordinates as Position;
    const grid = gridUnder(grids, at) as GeneratedGrid;
    expect(await locate(null, { componentCode: component.code })).toMatchObject({
      componentCode: component.code,
      componentOwnerId: 'utility-gas',
      gridCode: grid.code,
      districtSource: 'location',
    });
    const [nearLng, nearLat] = shifted(at, 4, -5);
    expect(await locate({ lng: nearLng, lat: nearLat, datum: 'GCJ-02' })).toMatchObject({ componentCode: component.code, componentOwnerId: 'utility-gas' });
    const [farLng, farLat] = shifted(at, 12, 0);
    const far = await locate({ lng: farLng, lat: farLat, datum: 'GCJ-02' });
    expect(far.componentCode).toBeUndefined();
    expect(far.districtCode).toBe(grid.districtCode);
    expect(await locate(null, { componentCode: '1101019999999999' })).not.toHaveProperty('componentCode');
  });

  it('loads a city in one transaction: codes that do not nest are refused, and a failure half-way keeps the places loaded before', async () => {
    const gridCount = async () => Number((await dataSource.query<Array<{ n: string }>>('SELECT count(*) AS n FROM classification.geo_unit_grids'))[0]?.n);
    const before = await gridCount();
    expect(before).toBe(grids.length);
    const [first, ...rest] = demo.grids;
    const source = 'test: broken';
    const misnumbered = { ...demo, source, grids: [{ ...first, code: `${first?.communityCode ?? ''}1234` }, ...rest] } as typeof demo & { source: string };
    await expect(loadGeography(dataSource, misnumbered)).rejects.toThrow(/unit grid \d+1234: not 15 digits/);
    // Codes that nest but name a community the city lacks: the database refuses it after the old rows are gone.
    const orphan = { ...demo, source, grids: [...demo.grids, { ...first, code: '110101999999001', communityCode: '110101999999', streetCode: '110101999' }] } as typeof demo & { source: string };
    await expect(loadGeography(dataSource, orphan)).rejects.toThrow(/foreign key/);
    expect(await gridCount()).toBe(before);
    const [city] = await dataSource.query<Array<{ source: string }>>('SELECT source FROM classification.geo_city');
    expect(city?.source).toMatch(/^beijing-demo /);
  });

  it('holds the gazetteer in memory: no statement per case, and the names of places loaded again are read after the check interval', async () => {
    let clock = 0;
    const cached = new PlaceResolver({ componentToleranceM: TOLERANCE_M }, new GazetteerCache(dataSource, 30_000, () => clock));
    const lane = { location: null, address: null, title: null, description: '南锣鼓巷附近路灯不亮' };
    const renamed = { ...lane, description: '南锣新巷附近路灯不亮' };
    expect(await cached.locate(dataSource.manager, lane)).toMatchObject({ districtCode: '110101', districtSource: 'text' });
    const queries = jest.spyOn(dataSource, 'query');
    try {
      expect(await cached.locate(dataSource.manager, lane)).toMatchObject({ districtCode: '110101' });
      expect(queries).not.toHaveBeenCalled();
      // The city's places are loaded again with the lane renamed: trusted until the interval has passed…
      const gazetteer = packaged.gazetteer.map((g) => (g.name === '南锣鼓巷' ? { ...g, name: '南锣新巷' } : g));
      await loadGeography(dataSource, { ...packaged, gazetteer, source: `${packaged.source} (renamed lane)` });
      queries.mockClear();
      expect(await cached.locate(dataSource.manager, renamed)).toMatchObject({ districtCode: null });
      // …then the load time has changed, and the names are read again.
      clock += 30_000;
      expect(await cached.locate(dataSource.manager, renamed)).toMatchObject({ districtCode: '110101', districtSource: 'text' });
      expect(await cached.locate(dataSource.manager, lane)).toMatchObject({ districtCode: null });
      expect(queries).toHaveBeenCalledTimes(2);
    } finally {
      queries.mockRestore();
      await loadGeography(dataSource, packaged);
    }
  }, 60_000);

  it('locates the received cases of a consumer batch in one statement, with the answers it gives one case at a time', async () => {
    // Grids of both districts, a point off every grid (朝阳's seat), one near a component, and one position twice.
    const component = demo.components.find((c) => c.ownerAgencyId === 'utility-gas') as (typeof demo.components)[number];
    const positions: Position[] = [
      ...grids.filter((_, index) => index % Math.ceil(grids.length / 5) === 0).map(centreOf),
      [116.443108, 39.92147],
      shifted(component.geometry.coordinates as Position, 4, -5),
    ];
    positions.push(positions[0] as Position);
    const events = positions.map(([lng, lat], index) => receivedAt({ lng, lat, datum: 'GCJ-02' }, index));
    const inputOf = (event: (typeof events)[number]) => ({ location: event.payload.location, address: null, title: null, description: '', componentCode: undefined });
    const alone: Located[] = [];
    for (const event of events) alone.push(await places.locate(dataSource.manager, inputOf(event)));
    expect(new Set(alone.map((place) => place.gridCode ?? null)).size).toBeGreaterThan(4);
    expect(alone.some((place) => place.componentCode === component.code)).toBe(true);

    await dataSource.transaction(async (manager) => {
      const queries = jest.spyOn(manager, 'query');
      const scope: BatchScope = { dataSource, manager, consumer: 'classification', claimed: new Set(), outbox: [], events, work: new Map() };
      const together = await runInBatchScope(scope, async () => {
        const located: Located[] = [];
        for (const event of events) located.push(await places.locate(manager, inputOf(event)));
        // A position none of the batch's events gave (a component's, say) is read alone.
        located.push(await places.locate(manager, { location: { lng: 116.4, lat: 39.9, datum: 'GCJ-02' }, address: null, title: null, description: '' }));
        return located;
      });
      expect(together.slice(0, events.length)).toEqual(alone);
      expect(together[events.length]).toEqual(await places.locate(dataSource.manager, { location: { lng: 116.4, lat: 39.9, datum: 'GCJ-02' }, address: null, title: null, description: '' }));
      expect(queries.mock.calls.filter(([sql]) => sql === POINT_SQL)).toHaveLength(2);
    });
  });
});

type Located = Awaited<ReturnType<PlaceResolver['locate']>>;

/** A hotline case received at a position, as intake publishes it. */
function receivedAt(location: { lng: number; lat: number; datum: 'GCJ-02' }, index: number) {
  return newCaseEvent({
    type: 'case.received',
    caseId: randomUUID(),
    producer: 'intake',
    payload: {
      trackingNumber: `261205-PLACE${index}`,
      type: 'complaint',
      channel: 'phone',
      title: null,
      description: '路灯不亮',
      location,
      address: null,
      reporter: null,
      externalId: null,
      reportedAt: new Date().toISOString(),
    },
  });
}
