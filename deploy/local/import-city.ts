import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { formatProblem, readCityPackage, type CityPackage } from '@hotline/city-package';
import { redactUrl } from '@hotline/config';
import { importCityIntoClassification } from '../../services/classification/src/infrastructure/database/import-city';
import { importCityIntoDispatch } from '../../services/dispatch/src/infrastructure/database/import-city';
import { importCityIntoIntake } from '../../services/intake/src/infrastructure/database/import-city';

/** The demo city, a city package like any customer's (written by tools/demo-city/write-package.ts). */
export const DEMO_CITY_DIR = resolve(__dirname, /[\\/]dist[\\/]deploy[\\/]local$/.test(__dirname) ? '../../..' : '../..', 'deploy/cities/beijing-demo');

export type ImportCityResult = { ok: true; city: CityPackage; lines: string[] } | { ok: false; problems: string[] };

/**
 * Reads and validates the city package in `dir`, then loads it into each service's own tables in ONE
 * transaction: a package with any problem, or a failure half-way, changes nothing. Each service's part
 * lives with the service (infrastructure/database/import-city.ts); running services pick the new
 * reference data up without a restart (their caches follow a version the tables move).
 */
export async function importCity(options: { databaseUrl: string; dir: string; importedBy: string; dryRun?: boolean }): Promise<ImportCityResult> {
  const read = readCityPackage(options.dir);
  if (!read.ok) return { ok: false, problems: read.problems.map(formatProblem) };
  const { city } = read;
  if (options.dryRun) return { ok: true, city, lines: [`${city.manifest.cityId}: valid (dry run, nothing imported)`] };
  const dataSource = new DataSource({ type: 'postgres', url: options.databaseUrl, applicationName: 'hotline-city-import', poolSize: 1 });
  await dataSource.initialize();
  try {
    const lines = await dataSource.transaction(async (manager) => {
      const dispatch = await importCityIntoDispatch(manager, 'dispatch', city, options.importedBy);
      if (dispatch.isUnchanged) return [`${dispatch.summary} (the same content as the latest version: nothing to do)`];
      return [
        `dispatch: ${dispatch.summary}`,
        `classification: ${await importCityIntoClassification(manager, 'classification', city)}`,
        `intake: ${await importCityIntoIntake(manager, 'intake', city)}`,
      ];
    });
    return { ok: true, city, lines };
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help || !values.dir) {
    console.log('usage: npm run city:import -- --dir DIR [--dry-run]\n  DIR holds city.json, taxonomy.csv, units.csv, catalogue.csv|json, sla-profiles.csv, boundaries/*.geojson, and optionally components.csv, gazetteer.csv, knowledge.csv, open311-attributes.json (see README, "A city is data")');
    process.exit(values.help ? 0 : 2);
  }
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline';
  const dir = resolve(values.dir);
  console.log(`city:import ${dir} → ${redactUrl(databaseUrl)}`);
  const result = await importCity({ databaseUrl, dir, importedBy: `city:import (${process.env['USER'] ?? 'unknown'})`, dryRun: values['dry-run'] });
  if (!result.ok) {
    console.error(`city:import: ${result.problems.length} problem(s); nothing was imported:\n${result.problems.map((problem) => `  ${problem}`).join('\n')}`);
    process.exit(1);
  }
  for (const line of result.lines) console.log(line);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`city:import failed; nothing was imported: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  });
}
