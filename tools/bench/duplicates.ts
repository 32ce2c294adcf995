import 'reflect-metadata';
import { z } from 'zod';
import { infrastructureEnvSchema, loadConfig } from '@hotline/config';
import { findDuplicate, textSimilarity, type NewRequest, type OpenCase } from '../../services/classification/src/domain/triage/repeat-request';
import { OpenCasesRepository } from '../../services/classification/src/infrastructure/database/open-cases.repository';
import { LatencyRecorder, formatMs } from './shared/latency';
import { machineLine, withThrowawayDatabase } from './shared/throwaway-database';

const settingsSchema = infrastructureEnvSchema.extend({
  /** Open reports at one spot, one run each. */
  BENCH_DUPLICATE_OPEN: z
    .string()
    .default('200,1000,5000')
    .transform((value) => value.split(',').map(Number)),
  BENCH_DUPLICATE_SEARCHES: z.coerce.number().int().min(1).default(100),
  MERGE_MAX_CANDIDATES: z.coerce.number().int().min(1).default(200),
});

const SPOT = { lat: 39.9087, lon: 116.4605 };
const TEXT = '路灯不亮 朝阳区建国路88号小区门口的路灯已经坏了一周，晚上很黑，请尽快维修。';
const SETTINGS = { windowHours: 72, radiusMetres: 100 };
const THRESHOLDS = { merge: 0.85, flag: 0.6 };

/** What findDuplicate cost before the request's text was prepared once: both texts' bigrams per candidate. */
function scoreEachPairAfresh(request: NewRequest, candidates: readonly OpenCase[]): number {
  let best = 0;
  for (const open of candidates) best = Math.max(best, textSimilarity(request.text, open.text));
  return best;
}

/**
 * 并案's search at a spot that drew many open reports (a burst main, a festival): N open cases of one category
 * within the radius, in a throwaway database. For each N, one classification's search (read the candidates,
 * score them) with no cap and with MERGE_MAX_CANDIDATES, and the scoring alone as it was (each pair's bigrams
 * made afresh) and as it is (the request's made once).
 */
async function main(): Promise<void> {
  const settings = loadConfig(settingsSchema, process.env);
  await withThrowawayDatabase(settings.DATABASE_URL, 'duplicates', async (db, url) => {
    console.log(await machineLine(db));
    console.log(`settings: open reports at one spot ${settings.BENCH_DUPLICATE_OPEN.join(', ')}; ${settings.BENCH_DUPLICATE_SEARCHES} searches each; cap MERGE_MAX_CANDIDATES=${settings.MERGE_MAX_CANDIDATES}`);
    // The table and its indexes as classification's migrations make them.
    const { classificationDataSource } = await import('../../services/classification/src/infrastructure/database/data-source');
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    const dataSource = classificationDataSource(url);
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS classification');
    await dataSource.runMigrations();

    try {
      // The service's own repository, on the data source's manager as a batch's would be.
      const repository = new OpenCasesRepository(dataSource.manager);
      console.log('open   cap    candidates   search p50   p95        scoring afresh p50   prepared p50');
      for (const open of settings.BENCH_DUPLICATE_OPEN) {
        await db.query('TRUNCATE classification.open_cases');
        await db.query(
          `INSERT INTO classification.open_cases (case_id, category, district_code, lat, lon, text, received_at)
           SELECT gen_random_uuid(), 'street_light', '110105', $2 + (i % 50) * 1e-6, $3 + (i % 40) * 1e-6, $4 || ' ' || i, now() - i * interval '1 second'
             FROM generate_series(1, $1) AS i`,
          [open, SPOT.lat, SPOT.lon, TEXT],
        );
        await db.query('ANALYZE classification.open_cases');
        const request: NewRequest = { category: 'street_light', districtCode: '110105', position: SPOT, text: `${TEXT}！`, receivedAt: new Date() };
        for (const cap of new Set([open, Math.min(open, settings.MERGE_MAX_CANDIDATES)])) {
          const search = new LatencyRecorder();
          const afresh = new LatencyRecorder();
          const prepared = new LatencyRecorder();
          let candidates = 0;
          for (let i = 0; i < settings.BENCH_DUPLICATE_SEARCHES; i += 1) {
            const started = performance.now();
            const found = await repository.candidatesFor('00000000-0000-0000-0000-000000000000', request, SETTINGS, cap);
            findDuplicate(request, found, SETTINGS, THRESHOLDS);
            search.record(performance.now() - started);
            candidates = found.length;
            let at = performance.now();
            scoreEachPairAfresh(request, found);
            afresh.record(performance.now() - at);
            at = performance.now();
            findDuplicate(request, found, SETTINGS, THRESHOLDS);
            prepared.record(performance.now() - at);
          }
          const [s, a, p] = [search.percentiles(), afresh.percentiles(), prepared.percentiles()];
          console.log(
            `${String(open).padEnd(6)} ${String(cap === open ? 'none' : cap).padEnd(6)} ${String(candidates).padEnd(12)} ${formatMs(s.p50).padEnd(12)} ${formatMs(s.p95).padEnd(10)} ${formatMs(a.p50).padEnd(20)} ${formatMs(p.p50)}`,
          );
        }
      }
    } finally {
      await dataSource.destroy();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
