import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { fileableCategories, type Boundary, type CityPackage, type KnowledgeEntry } from '@hotline/city-package';
import { replaceGeography, type CityGeography } from '../../geography/load-geography';
import { DEFAULT_SEGMENTER, searchTerms } from '../../domain/knowledge/segmenters';
import { searchVectorParameters, searchVectorSql } from '../../knowledge/knowledge-search.sql';

async function importKeywordRules(manager: EntityManager, schema: string, city: CityPackage): Promise<string> {
  // Serialises concurrent imports so two of them cannot hand out the same version.
  await manager.query(`LOCK TABLE "${schema}".keyword_rules IN SHARE ROW EXCLUSIVE MODE`);
  const [{ next }] = await manager.query<[{ next: number }]>(`SELECT coalesce(max(version), 0) + 1 AS next FROM "${schema}".keyword_rules`);
  const categories = fileableCategories(city.categories);
  let changed = 0;
  for (const [position, category] of categories.entries()) {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO "${schema}".keyword_rules AS r (category, name, name_en, urgency, keywords, position, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (category) DO UPDATE
         SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, urgency = EXCLUDED.urgency, keywords = EXCLUDED.keywords,
             position = EXCLUDED.position, enabled = true, version = EXCLUDED.version, updated_at = now()
         WHERE (r.name, r.name_en, r.urgency, r.keywords, r.position, r.enabled)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.urgency, EXCLUDED.keywords, EXCLUDED.position, true)
       RETURNING category`,
      [category.code, category.name, category.nameEn, category.urgency, [...category.keywords], position, next],
    );
    changed += rows.length;
  }
  // A category the new version no longer has is switched off, not deleted: classifications refer to it.
  const [{ retired }] = await manager.query<[{ retired: number }]>(
    `WITH retired AS (
       UPDATE "${schema}".keyword_rules SET enabled = false, version = $2, updated_at = now() WHERE enabled AND NOT (category = ANY($1::text[])) RETURNING 1
     ) SELECT count(*)::int AS retired FROM retired`,
    [categories.map((category) => category.code), next],
  );
  const version = changed + retired > 0 ? next : next - 1;
  return `keyword rules: ${categories.length} categories, ${changed} inserted or changed, ${retired} switched off, catalogue version ${version}`;
}

/** An entry without its own id gets one from the city and its question, so importing again adds nothing twice. */
function entryIdOf(cityId: string, entry: KnowledgeEntry): string {
  if (entry.entryId) return entry.entryId;
  const hex = createHash('sha256').update(`${cityId}\0${entry.question}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Adds the city's knowledge entries that are missing; an entry a unit has edited since is left alone.
 * Cut with the default segmenter: the service re-cuts them at boot if configured otherwise.
 */
async function importKnowledge(manager: EntityManager, schema: string, city: CityPackage): Promise<string> {
  let added = 0;
  const terms = (text: string) => searchTerms(text, DEFAULT_SEGMENTER);
  for (const entry of city.knowledge) {
    const vector = searchVectorParameters({ primary: [...terms(entry.question), ...entry.keywords.flatMap(terms)], secondary: terms(entry.answer) });
    const rows = await manager.query<unknown[]>(
      `INSERT INTO "${schema}".knowledge_entries
         (entry_id, agency_id, question, answer, category, keywords, segmenter, search_vector, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${searchVectorSql(8)}, 'city:import', 'city:import')
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entryIdOf(city.manifest.cityId, entry), entry.unitId, entry.question, entry.answer, entry.category, [...entry.keywords], DEFAULT_SEGMENTER, ...vector],
    );
    added += rows.length;
  }
  return `knowledge entries: ${city.knowledge.length} in the city, ${added} added`;
}

/** The package's places as the geography loader takes them (codes nest by prefix: DOMAIN.md §5). */
export function geographyOf(city: CityPackage): CityGeography {
  const at = (level: Boundary['level']) => city.boundaries.filter((boundary) => boundary.level === level);
  const point = (position: readonly [number, number]) => ({ type: 'Point', coordinates: [position[0], position[1]] });
  return {
    datum: city.manifest.datum,
    source: `${city.manifest.cityId} ${city.manifest.edition} (${city.digest.slice(0, 12)}): ${city.manifest.source}`,
    districts: at('district').map(({ code, name, geometry }) => ({ code, name, geometry: geometry ?? { type: 'MultiPolygon', coordinates: [] } })),
    streets: at('street').map(({ code, name }) => ({ code, name, districtCode: code.slice(0, 6) })),
    communities: at('community').map(({ code, name }) => ({ code, name, streetCode: code.slice(0, 9), districtCode: code.slice(0, 6) })),
    grids: at('grid').flatMap(({ code, geometry }) =>
      geometry ? [{ code, communityCode: code.slice(0, 12), streetCode: code.slice(0, 9), districtCode: code.slice(0, 6), geometry }] : [],
    ),
    gazetteer: city.gazetteer.map((entry) => ({
      name: entry.name,
      kind: entry.kind,
      full: entry.isFullName,
      geometry: entry.position ? point(entry.position) : null,
      districtCode: entry.districtCode,
      streetCode: entry.streetCode,
      communityCode: entry.communityCode,
    })),
    components: city.components.map((component) => ({
      code: component.code,
      majorClass: component.majorClass,
      minorClass: component.minorClass,
      ownerAgencyId: component.ownerUnitId,
      name: component.name,
      geometry: point(component.position),
    })),
  };
}

/** Classification's part of a city import, inside the import's one transaction: categories, knowledge, places. */
export async function importCityIntoClassification(manager: EntityManager, schema: string, city: CityPackage): Promise<string> {
  const started = Date.now();
  const places = await replaceGeography(manager, geographyOf(city), { componentCodeWidths: city.manifest.componentCodeWidths });
  const placesLine = `places (${city.manifest.datum}): ${places.districts} districts, ${places.streets} streets, ${places.grids} unit grids in ${places.communities} communities, ${places.gazetteer} gazetteer names, ${places.components} components in ${Date.now() - started} ms`;
  return `${await importKeywordRules(manager, schema, city)}; ${await importKnowledge(manager, schema, city)}; ${placesLine}`;
}
