import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, migrateSchema } from '@hotline/persistence';
import { generateUnitGrids, type GeneratedGrid, type Position } from '@hotline/demo-city';
import { testInfrastructure } from '@hotline/testing';
import { scoreKeywords, type KeywordRule } from '../../services/classification/src/domain/keyword-scorer';
import { convertPosition } from '../../services/classification/src/geography/datum';
import { GazetteerCache } from '../../services/classification/src/geography/gazetteer';
import { PlaceResolver } from '../../services/classification/src/geography/place-resolver';
import { classificationDataSource } from '../../services/classification/src/infrastructure/database/data-source';
import type { CatalogueRule } from '../../services/dispatch/src/domain/catalogue-rule';
import { planRoute } from '../../services/dispatch/src/domain/plan-route';
import { dispatchDataSource } from '../../services/dispatch/src/infrastructure/database/data-source';
import { intakeDataSource } from '../../services/intake/src/infrastructure/database/data-source';
import { cityFrom311, readRequests311, writePackage } from '../../tools/city/city-from-311';
import { DEMO_CITY_DIR, importCity } from './import-city';

// A city is data: the demo city and a second, English one go through the same import, into a
// database of their own (so the shared test database keeps the demo city the other suites expect).
const url = new URL(testInfrastructure.databaseUrl);
url.pathname = `/${url.pathname.slice(1)}_city_import`;
const databaseUrl = url.toString();

/** A small English city: two districts, four units, its own categories, catalogue and time limits. */
function writeSecondCity(dir: string): void {
  const square = (x: number, y: number) => [[[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]];
  writeFileSync(
    join(dir, 'city.json'),
    JSON.stringify({ cityId: 'harbour-town', name: 'Harbour Town', edition: '2026.1', language: 'en', datum: 'WGS-84', timeZone: 'America/New_York', source: 'written for this test' }),
  );
  writeFileSync(
    join(dir, 'taxonomy.csv'),
    'code,parent_code,name,urgency,keywords\nstreets,,Streets,normal,\npothole,streets,Pothole,normal,pothole|road damage\nstreetlight_out,streets,Streetlight out,normal,streetlight|light out\nsewer,,Sewer and water,urgent,\nsewer_backup,sewer,Sewer backup,urgent,sewer|backup|overflow\n',
  );
  writeFileSync(
    join(dir, 'units.csv'),
    'unit_id,name,kind,district_code,street_code,parent_unit_id\ndpw,Department of Public Works,city_department,,,\nbge,Harbour Gas and Electric,utility,,,\nnorth-office,North District Office,district_government,900001,,\nsouth-office,South District Office,district_government,900002,,\n',
  );
  writeFileSync(join(dir, 'catalogue.csv'), 'rule_id,category,district_code,unit_id\npotholes-north,pothole,900001,north-office\npotholes,pothole,,dpw\nlights,Streets/Streetlight out,,bge\nsewers,sewer_backup,,dpw\n');
  writeFileSync(join(dir, 'sla-profiles.csv'), 'profile_id,name,clock,amount,unit\ndefault,Default,emergency,4,clock_hours\ndefault,Default,urgent,2,working_days\ndefault,Default,normal,10,working_days\ndefault,Default,complex,30,natural_days\n');
  writeFileSync(
    join(dir, 'boundaries', 'districts.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '900001', name: 'North' }, geometry: { type: 'Polygon', coordinates: square(-76.65, 39.3) } },
        { type: 'Feature', properties: { code: '900002', name: 'South' }, geometry: { type: 'Polygon', coordinates: square(-76.65, 39.25) } },
      ],
    }),
  );
}

describe('city:import: a city is data, imported from files in one transaction', () => {
  let db: Client;
  let dir: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: testInfrastructure.databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
    await ensureDatabase(databaseUrl);
    for (const [schema, create] of [['dispatch', dispatchDataSource], ['classification', classificationDataSource], ['intake', intakeDataSource]] as const) {
      const dataSource = create(databaseUrl);
      await dataSource.initialize();
      try {
        await migrateSchema(dataSource, schema);
      } finally {
        await dataSource.destroy();
      }
    }
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'city-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const counts = async () =>
    (
      await db.query<Record<string, number>>(`SELECT
        (SELECT count(*)::int FROM dispatch.agencies) AS agencies,
        (SELECT count(*)::int FROM dispatch.catalogues) AS catalogues,
        (SELECT count(*)::int FROM dispatch.city_versions) AS city_versions,
        (SELECT count(*)::int FROM classification.keyword_rules WHERE enabled) AS rules,
        (SELECT count(*)::int FROM intake.open311_services WHERE is_enabled) AS services`)
    ).rows[0];

  it('imports the demo city once, and the same content again is no new version', async () => {
    const first = await importCity({ databaseUrl, dir: DEMO_CITY_DIR, importedBy: 'test' });
    expect(first.ok).toBe(true);
    const after = await counts();
    expect(after).toMatchObject({ agencies: 91, catalogues: 1, city_versions: 1, rules: 24, services: 24 });

    const again = await importCity({ databaseUrl, dir: DEMO_CITY_DIR, importedBy: 'test' });
    expect(again.ok && again.lines.join()).toMatch(/version 1: unchanged/);
    expect(await counts()).toEqual(after);
  });

  it('refuses a package with problems, names them, and changes nothing', async () => {
    cpSync(DEMO_CITY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'units.csv'), `${readFileSync(join(dir, 'units.csv'), 'utf8')}bad unit,,mayor,12,,\n`);
    const before = await counts();
    const result = await importCity({ databaseUrl, dir, importedBy: 'test' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const line = readFileSync(join(dir, 'units.csv'), 'utf8').trimEnd().split('\n').length;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^units\\.csv:${line} unit_id: `)),
        `units.csv:${line} name: is required`,
        expect.stringMatching(new RegExp(`^units\\.csv:${line} kind: `)),
        `units.csv:${line} district_code: must be 6 digits`,
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('imports a second city, in English, as a new version: its units, categories and catalogue replace the demo\'s', async () => {
    cpSync(DEMO_CITY_DIR, dir, { recursive: true, filter: (path) => !/\.(csv|json|geojson)$/.test(path) });
    rmSync(join(dir, 'knowledge.csv'), { force: true });
    writeSecondCity(dir);
    const result = await importCity({ databaseUrl, dir, importedBy: 'test' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.lines[0]).toMatch(/city harbour-town version 2 \(was beijing-demo\): 4 units, 5 categories, catalogue version 2 published/);

    const { rows: catalogue } = await db.query(
      `SELECT c.version, c.status, r.rule_id, r.category, r.district_code, r.agency_id FROM dispatch.catalogues c
         JOIN dispatch.catalogue_rules r ON r.catalogue_version = c.version WHERE c.status = 'published' ORDER BY r.position`,
    );
    expect(catalogue).toEqual([
      { version: 2, status: 'published', rule_id: 'potholes-north', category: 'pothole', district_code: '900001', agency_id: 'north-office' },
      { version: 2, status: 'published', rule_id: 'potholes', category: 'pothole', district_code: null, agency_id: 'dpw' },
      { version: 2, status: 'published', rule_id: 'lights', category: 'streetlight_out', district_code: null, agency_id: 'bge' },
      { version: 2, status: 'published', rule_id: 'sewers', category: 'sewer_backup', district_code: null, agency_id: 'dpw' },
    ]);
    const { rows: rules } = await db.query(`SELECT category, name_en, urgency FROM classification.keyword_rules WHERE enabled ORDER BY position`);
    expect(rules).toEqual([
      { category: 'pothole', name_en: 'Pothole', urgency: 'normal' },
      { category: 'streetlight_out', name_en: 'Streetlight out', urgency: 'normal' },
      { category: 'sewer_backup', name_en: 'Sewer backup', urgency: 'urgent' },
    ]);
    const { rows: services } = await db.query(`SELECT service_code, group_name FROM intake.open311_services WHERE is_enabled ORDER BY position`);
    expect(services).toEqual([
      { service_code: 'pothole', group_name: 'streets' },
      { service_code: 'streetlight_out', group_name: 'streets' },
      { service_code: 'sewer_backup', group_name: 'sewer' },
    ]);
    const { rows: sla } = await db.query(`SELECT urgency, amount, unit FROM dispatch.sla_profiles WHERE profile_id = 'default' ORDER BY urgency`);
    expect(sla).toEqual([
      { urgency: 'emergency', amount: 4, unit: 'clock_hours' },
      { urgency: 'normal', amount: 10, unit: 'working_days' },
      { urgency: 'urgent', amount: 2, unit: 'working_days' },
    ]);

    // Back to the demo city: a third version, and its categories are switched on again.
    const back = await importCity({ databaseUrl, dir: DEMO_CITY_DIR, importedBy: 'test' });
    expect(back.ok && back.lines[0]).toMatch(/version 3 \(was harbour-town\)/);
    expect(await counts()).toMatchObject({ city_versions: 3, catalogues: 3, rules: 24, services: 24 });
  });

  it('follows a city re-imported in another datum at once: the running resolver converts to the datum now stored', async () => {
    // The westernmost 东城 grid of a middle row borders 西城; the datum offset (~500 m) decides the side.
    const dongcheng = generateUnitGrids({ districtCodes: ['110101', '110102'] }).grids.filter((g) => g.districtCode === '110101');
    const rows = [...new Set(dongcheng.map((g) => g.row))].sort((a, b) => a - b);
    const border = dongcheng.filter((g) => g.row === rows[Math.floor(rows.length / 2)]).sort((a, b) => a.col - b.col)[0] as GeneratedGrid;
    const [[w, s], , [e, n]] = border.ring as [Position, Position, Position];
    const centre: Position = [(w + e) / 2, (s + n) / 2];
    const [lng, lat] = convertPosition(centre, 'GCJ-02', 'WGS-84');
    const classification = classificationDataSource(databaseUrl);
    await classification.initialize();
    try {
      // One resolver for the whole test, as a running classification service holds it (gazetteer checked on every use).
      const places = new PlaceResolver({ componentToleranceM: 10 }, new GazetteerCache(classification, 0));
      const locate = (position: Position) =>
        places.locate(classification.manager, { location: { lng: position[0], lat: position[1], datum: 'WGS-84' }, address: null, title: null, description: '' });
      const demo = await importCity({ databaseUrl, dir: DEMO_CITY_DIR, importedBy: 'test' });
      if (!demo.ok) throw new Error(demo.problems.join('\n'));
      expect(await locate([lng, lat])).toMatchObject({ districtCode: '110101', gridCode: border.code });

      // The same places, now declared WGS-84: a GPS position is taken as it is, no longer converted.
      cpSync(DEMO_CITY_DIR, dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dir, 'city.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'city.json'), JSON.stringify({ ...manifest, datum: 'WGS-84', edition: 'wgs84' }));
      const moved = await importCity({ databaseUrl, dir, importedBy: 'test' });
      if (!moved.ok) throw new Error(moved.problems.join('\n'));
      expect(moved.lines.join('\n')).toMatch(/places \(WGS-84\)/);
      expect(await locate([lng, lat])).toMatchObject({ districtCode: '110102' });
      expect(await locate(centre)).toMatchObject({ districtCode: '110101', gridCode: border.code });
    } finally {
      await classification.destroy();
    }
  }, 120_000);

  const REQUESTS_311 = resolve(__dirname, '../../../shared/data/requests-311/baltimore-sf.csv');
  const it311 = existsSync(REQUESTS_311) ? it : it.skip;
  if (!existsSync(REQUESTS_311)) console.warn(`skipped the 311 city: ${REQUESTS_311} is absent (it lives in shared/data beside the repository)`);

  it311('builds a city from real 311 requests (Baltimore), imports it, and dispatches its requests from their coordinates and text', async () => {
    const city = cityFrom311(readRequests311(readFileSync(REQUESTS_311, 'utf8'), 'baltimore'), { cityId: 'baltimore-311', name: 'Baltimore (311 sample)', timeZone: 'America/New_York', topTypes: 12 });
    writePackage(dir, city.files);
    const imported = await importCity({ databaseUrl, dir, importedBy: 'test' });
    if (!imported.ok) throw new Error(imported.problems.join('\n'));

    // What the running services would read: places (PostGIS), keyword rules, the published catalogue.
    const classification = classificationDataSource(databaseUrl);
    await classification.initialize();
    try {
      const places = new PlaceResolver({ componentToleranceM: 10 }, new GazetteerCache(classification, 0));
      const { rows: ruleRows } = await db.query<{ category: string; name: string; urgency: KeywordRule['urgency']; keywords: string[] }>(
        'SELECT category, name, urgency, keywords FROM classification.keyword_rules WHERE enabled ORDER BY position',
      );
      const { rows: catalogueRows } = await db.query<{ version: number; rule_id: string; category: string; district_code: string | null; agency_id: string }>(
        `SELECT c.version, r.rule_id, r.category, r.district_code, r.agency_id FROM dispatch.catalogues c
           JOIN dispatch.catalogue_rules r ON r.catalogue_version = c.version WHERE c.status = 'published' ORDER BY r.position`,
      );
      const { rows: categoryRows } = await db.query<{ code: string; parent_code: string | null }>('SELECT code, parent_code FROM dispatch.categories');
      const parentOf = new Map(categoryRows.map((row) => [row.code, row.parent_code]));
      const rules: CatalogueRule[] = catalogueRows.map((row) => ({
        ruleId: row.rule_id, name: null, requestTypes: [], category: row.category, districtCode: row.district_code, streetCode: null, gridCode: null, keywords: [], agencyId: row.agency_id, coHandlerIds: [],
      }));
      const catalogue = { version: catalogueRows[0]?.version ?? 0, rules };

      // Every 16th request: a few hundred, spread over the data.
      const sample = city.requests.filter((_, index) => index % 16 === 0);
      let placed = 0;
      let classified = 0;
      let routed = 0;
      for (const request of sample) {
        // 311 rows carry no free text: the text is the request type a caller (or the web form) picks.
        const located = await places.locate(classification.manager, { location: { lat: request.lat, lng: request.lon, datum: 'WGS-84' }, address: null, title: null, description: request.category });
        if (located.districtCode === city.districtOf(request.lon, request.lat)) placed += 1;
        const score = scoreKeywords(request.category, ruleRows);
        if (score.category === city.categoryCodeOf(request.category)) classified += 1;
        const plan = planRoute({
          facts: { requestType: null, categoryPath: [parentOf.get(score.category) ?? '', score.category], districtCode: located.districtCode, streetCode: null, gridCode: null, text: request.category },
          confidence: score.confidence,
          minimumConfidence: 0,
          catalogue,
          districtGovernmentOf: (code) => `district-${code}`,
        });
        const agencyId = plan.basis === 'manual' ? null : plan.basis === 'rule' ? plan.rule.agencyId : plan.agencyId;
        if (agencyId === city.unitIdOf(request.agency)) routed += 1;
      }
      const share = (n: number) => n / sample.length;
      console.log(`311 city: ${sample.length} requests; district from coordinates ${(100 * share(placed)).toFixed(1)} %, category from text ${(100 * share(classified)).toFixed(1)} %, unit = the agency that handled it ${(100 * share(routed)).toFixed(1)} %`);
      expect(sample.length).toBeGreaterThan(200);
      // Inside the quadrants' extent a point's district is exact; the 4 % outside it has none in either.
      expect(share(placed)).toBeGreaterThan(0.9);
      expect(share(classified)).toBeGreaterThan(0.95);
      expect(share(routed)).toBeGreaterThan(0.9);
    } finally {
      await classification.destroy();
    }
  }, 120_000);
});
