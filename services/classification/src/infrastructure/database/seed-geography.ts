import type { DataSource } from 'typeorm';
import { demoGeography } from '@hotline/demo-city';
import { loadGeography } from '../../geography/load-geography';

const DEMO_SOURCE_PREFIX = 'demo-city:';

/**
 * Loads the demo city's places (districts, streets, generated communities and unit grids for the demo
 * districts, gazetteer, components) through the loader an importer uses. Skipped when the same demo data is
 * already loaded, and when a city was imported by other means (its source is not the demo's).
 */
export async function seedGeography(dataSource: DataSource): Promise<string> {
  const city = demoGeography();
  const { method, ...made } = city.generator;
  const source = `${DEMO_SOURCE_PREFIX} ${JSON.stringify({ ...made, method })}`;
  const [current] = await dataSource.query<Array<{ source: string }>>('SELECT source FROM classification.geo_city');
  if (current && !current.source.startsWith(DEMO_SOURCE_PREFIX)) return 'places: an imported city is loaded, demo places not seeded';
  if (current?.source === source) return 'places: demo places up to date';
  const started = Date.now();
  const loaded = await loadGeography(dataSource, { ...city, source });
  return `places (${city.datum}): ${loaded.districts} districts, ${loaded.grids} unit grids in ${loaded.communities} communities, ${loaded.gazetteer} gazetteer names, ${loaded.components} components in ${Date.now() - started} ms`;
}
