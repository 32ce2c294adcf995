// npm run bench:geo — places on PostGIS at scale: loads 100,000 unit grids (plus components) into a
// scratch database through the classification loader, then times the resolver's statements one at a time
// on one connection: point → grid → community → street → district, the same with the component-within-
// tolerance probe, a component by code and the gazetteer scan. EXPLAIN shows which indexes they use.
//
// Settings (env): GEO_BENCH_CELLS (100000), GEO_BENCH_POINTS (10000), GEO_BENCH_COMPONENTS (20000),
// GEO_BENCH_TOLERANCE_M (10), GEO_BENCH_KEEP=true keeps the scratch database <db>_geobench.
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { demoGeography, seededRandom, type Position } from '@hotline/demo-city';
import { loadGeography, type CityGeography } from '../../services/classification/src/geography/load-geography';
import { readGazetteer } from '../../services/classification/src/geography/gazetteer';
import { POINT_SQL, asStored, pointParameters } from '../../services/classification/src/geography/place-resolver';
import { CLASSIFICATION_SCHEMA, classificationDataSource } from '../../services/classification/src/infrastructure/database/data-source';
import { ensureDatabase, migrateSchema } from '@hotline/persistence';
import { LatencyRecorder, formatMs, formatNumber, formatPercentiles } from './shared/latency';
import { describeMachine } from './shared/machine';

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

const SETTINGS = {
  cells: env('GEO_BENCH_CELLS', 100_000),
  points: env('GEO_BENCH_POINTS', 10_000),
  components: env('GEO_BENCH_COMPONENTS', 20_000),
  toleranceM: env('GEO_BENCH_TOLERANCE_M', 10),
  // The largest districts first, so that 100,000 cells need only three of them.
  districts: ['110105', '110108', '110106', '110112', '110114', '110113'],
  seed: 42,
};

/** The statement the in-memory gazetteer replaced: every name that occurs in the text, by a scan. */
const NAMES_SQL = `
  SELECT g.name FROM classification.geo_gazetteer g JOIN classification.geo_districts d ON d.code = g.district_code
   WHERE strpos($1, g.name) > 0`;

const TEXTS = [
  '北京市朝阳区望京街道某小区门口路灯不亮',
  '海淀区中关村大街上有个大坑，路面破损严重',
  '丰台区卢沟桥附近垃圾没人清理',
  '小区楼下噪音太大，晚上睡不着',
  '建外第3社区的井盖丢了',
  '请问护照怎么办理',
];

async function timeEach<T>(inputs: readonly T[], run: (input: T) => Promise<void>): Promise<LatencyRecorder> {
  const recorder = new LatencyRecorder();
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    recorder.record(performance.now() - started);
  }
  return recorder;
}

async function main(): Promise<void> {
  const base = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline');
  const scratch = new URL(base);
  scratch.pathname = `${base.pathname.replace(/^\//, '')}_geobench`;
  await ensureDatabase(scratch.toString());
  const dataSource = classificationDataSource(scratch.toString());
  await dataSource.initialize();
  const client = new Client({ connectionString: scratch.toString(), options: `-c search_path=${CLASSIFICATION_SCHEMA},public` });
  try {
    await migrateSchema(dataSource, CLASSIFICATION_SCHEMA);
    const random = seededRandom(SETTINGS.seed);

    let started = performance.now();
    const demo = demoGeography({ districtCodes: SETTINGS.districts, maxCells: SETTINGS.cells });
    const generatedMs = performance.now() - started;
    const cells = demo.grids.map((g) => g.geometry.coordinates as Position[][]);
    const pickCell = () => (cells[Math.floor(random() * cells.length)])[0];
    const inside = (ring: Position[]): Position => {
      const [[w, s], , [e, n]] = ring as [Position, Position, Position];
      return [w + random() * (e - w), s + random() * (n - s)];
    };
    const components = Array.from({ length: SETTINGS.components }, (_, i) => {
      const ring = pickCell();
      const at = inside(ring);
      const district = demo.grids[0]?.districtCode ?? '110105';
      return {
        code: `${district}0101${String(i + 1).padStart(6, '0')}`,
        majorClass: '01',
        minorClass: '01',
        ownerAgencyId: 'utility-water',
        name: null,
        geometry: { type: 'Point', coordinates: at },
      };
    });
    const city: CityGeography = { ...demo, components, source: 'bench:geo' };

    started = performance.now();
    const loaded = await loadGeography(dataSource, city);
    const loadMs = performance.now() - started;

    await client.connect();
    const points = Array.from({ length: SETTINGS.points }, () => inside(pickCell()));
    const nearComponents = Array.from({ length: SETTINGS.points }, () => {
      const c = components[Math.floor(random() * components.length)]?.geometry.coordinates;
      // Up to ~7 m off: inside a 10 m tolerance.
      return [c[0] + (random() - 0.5) * 0.00012, c[1] + (random() - 0.5) * 0.00009] as Position;
    });
    const bbox = demo.grids.reduce(
      (b, g) => {
        const [[w, s], , [e, n]] = (g.geometry.coordinates as Position[][])[0] as [Position, Position, Position];
        return [Math.min(b[0], w), Math.min(b[1], s), Math.max(b[2], e), Math.max(b[3], n)];
      },
      [Infinity, Infinity, -Infinity, -Infinity],
    );
    // The points are drawn in the city's own datum.
    const pointAt = (p: Position, toleranceM: number) => pointParameters([{ positions: asStored(p), toleranceM }]);
    // Warm-up: the first statements plan and read the pages in.
    for (const p of points.slice(0, 200)) await client.query(POINT_SQL, pointAt(p, 0));

    let onGrid = 0;
    const pointOnly = await timeEach(points, async (p) => {
      const { rows } = await client.query<{ grid_code: string | null }>(POINT_SQL, pointAt(p, 0));
      if (rows[0]?.grid_code) onGrid++;
    });
    let found = 0;
    const withComponent = await timeEach(nearComponents, async (p) => {
      const { rows } = await client.query<{ component_code: string | null }>(POINT_SQL, pointAt(p, SETTINGS.toleranceM));
      if (rows[0]?.component_code) found++;
    });
    const anywhere = Array.from({ length: Math.min(2_000, SETTINGS.points) }, (): Position => [bbox[0] + random() * (bbox[2] - bbox[0]), bbox[1] + random() * (bbox[3] - bbox[1])]);
    const fallback = await timeEach(anywhere, async (p) => {
      await client.query(POINT_SQL, pointAt(p, SETTINGS.toleranceM));
    });
    const byCode = await timeEach(components.slice(0, 2_000), async (c) => {
      await client.query('SELECT code, owner_agency_id, ST_X(geom), ST_Y(geom) FROM classification.geo_components WHERE code = $1', [c.code]);
    });
    const texts = Array.from({ length: 1_000 }, (_, i) => TEXTS[i % TEXTS.length] ?? '');
    // The names as classification finds them: compiled once into an automaton held in memory.
    started = performance.now();
    const gazetteer = await readGazetteer(dataSource);
    const gazetteerLoadMs = performance.now() - started;
    const inMemory = await timeEach(texts, (text) => {
      gazetteer.namesIn(text);
      return Promise.resolve();
    });
    // What it replaced: a scan of every name with strpos, one statement per case.
    const names = await timeEach(texts, async (text) => {
      await client.query(NAMES_SQL, [text]);
    });
    // The alternative: every substring of 2–12 characters looked up by the btree on name (exact names, indexed).
    const substrings = (text: string) => {
      const out = new Set<string>();
      for (let i = 0; i < text.length; i++) for (let n = 2; n <= 12 && i + n <= text.length; n++) out.add(text.slice(i, i + n));
      return [...out];
    };
    const NAMES_BY_INDEX_SQL =
      'SELECT g.name FROM classification.geo_gazetteer g JOIN classification.geo_districts d ON d.code = g.district_code WHERE g.name = ANY($1::text[])';
    const namesByIndex = await timeEach(texts, async (text) => {
      await client.query(NAMES_BY_INDEX_SQL, [substrings(text)]);
    });
    const namesOf = async (sql: string, param: unknown) => (await client.query<{ name: string }>(sql, [param])).rows.map((r) => r.name).sort().join(',');
    let agree = 0;
    let agreeInMemory = 0;
    for (const text of TEXTS) {
      const scanned = await namesOf(NAMES_SQL, text);
      if (scanned === (await namesOf(NAMES_BY_INDEX_SQL, substrings(text)))) agree++;
      if (scanned === gazetteer.namesIn(text).map((n) => n.name).sort().join(',')) agreeInMemory++;
    }

    const explain = async (sql: string, params: unknown[]) =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    const [p0] = points as [Position];
    const [c0] = nearComponents as [Position];
    const pointPlan = await explain(POINT_SQL, pointAt(p0, SETTINGS.toleranceM));
    const componentPlan = await explain(POINT_SQL, pointAt(c0, SETTINGS.toleranceM));
    const namesPlan = await explain(NAMES_SQL, [TEXTS[0]]);
    const usesIndex = (plan: string, index: string) => (plan.includes(index) ? `uses ${index}` : `DOES NOT use ${index}`);

    const [{ version, postgis }] = (await client.query<{ version: string; postgis: string }>(
      "SELECT current_setting('server_version') AS version, postgis_lib_version() AS postgis",
    )).rows as [{ version: string; postgis: string }];
    const machine = describeMachine({ kafka: '-', postgres: version });
    const line = (label: string, recorder: LatencyRecorder) => `  ${label.padEnd(48)} ${formatPercentiles(recorder.percentiles(), ['p50', 'p95', 'p99', 'max'])}  (n=${formatNumber(recorder.count)})`;
    console.log(`
bench:geo: places on PostGIS
machine   ${machine.cores} × ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}, PostgreSQL ${version}, PostGIS ${postgis}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}
settings  ${formatNumber(loaded.grids)} unit grids (~${demo.generator.cellSizeM} m) in ${formatNumber(loaded.communities)} communities over districts ${demo.generator.districtCodes.join(', ')}; ${formatNumber(loaded.components)} components; tolerance ${SETTINGS.toleranceM} m; ${formatNumber(loaded.gazetteer)} gazetteer names; one connection, statements one at a time, seed ${SETTINGS.seed}
load      generate ${formatMs(generatedMs)}; load (one transaction, incl. community/street unions and ANALYZE) ${formatMs(loadMs)}

latency (client round trip, ms)
${line('point → grid → community → street → district', pointOnly)}  on a grid: ${formatNumber((onGrid / points.length) * 100, 1)}%
${line(`… plus nearest component within ${SETTINGS.toleranceM} m`, withComponent)}  found: ${formatNumber((found / nearComponents.length) * 100, 1)}%
${line('… anywhere in the bbox (some fall back to districts)', fallback)}
${line('component by 16-digit code', byCode)}
${line('gazetteer names in a text (in memory, Aho–Corasick)', inMemory)}  same names as the scan for ${agreeInMemory} of ${TEXTS.length} texts; read and compiled in ${formatMs(gazetteerLoadMs)}
${line('… by a scan in SQL (strpos), as before', names)}
${line('… by its 2–12 character substrings on the name index', namesByIndex)}  same names as the scan for ${agree} of ${TEXTS.length} texts

EXPLAIN: point query ${usesIndex(pointPlan, 'geo_unit_grids_geom')}, ${usesIndex(componentPlan, 'geo_components_geog')}; gazetteer: ${namesPlan.includes('Seq Scan on geo_gazetteer') ? 'sequential scan of the names' : 'no sequential scan'}
${pointPlan}
`);
    if (!pointPlan.includes('geo_unit_grids_geom') || !componentPlan.includes('geo_components_geog') || agreeInMemory !== TEXTS.length) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await dataSource.destroy();
    if (process.env['GEO_BENCH_KEEP'] !== 'true') {
      const admin = new URL(base);
      admin.pathname = '/postgres';
      const adminClient = new Client({ connectionString: admin.toString() });
      await adminClient.connect();
      await adminClient.query(`DROP DATABASE IF EXISTS "${decodeURIComponent(scratch.pathname.slice(1))}"`);
      await adminClient.end();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench:geo failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
