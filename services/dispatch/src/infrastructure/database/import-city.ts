import type { EntityManager } from 'typeorm';
import { URGENCIES, type CityPackage, type Unit } from '@hotline/city-package';

// Parents first, so a street office's district government exists when the office row refers to it.
function parentsFirst(units: readonly Unit[]): Unit[] {
  const byId = new Map(units.map((unit) => [unit.unitId, unit]));
  const depth = (unit: Unit): number => {
    let levels = 0;
    for (let parent = unit.parentUnitId; parent !== null && levels <= units.length; parent = byId.get(parent)?.parentUnitId ?? null) levels += 1;
    return levels;
  };
  return [...units].sort((a, b) => depth(a) - depth(b));
}

async function upsertUnits(manager: EntityManager, schema: string, units: readonly Unit[]): Promise<void> {
  for (const unit of parentsFirst(units)) {
    await manager.query(
      `INSERT INTO "${schema}".agencies (agency_id, name, kind, district_code, parent_agency_id, street_code)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code,
         parent_agency_id = EXCLUDED.parent_agency_id, street_code = EXCLUDED.street_code`,
      [unit.unitId, unit.name, unit.kind, unit.districtCode, unit.parentUnitId, unit.streetCode],
    );
  }
}

async function upsertCategories(manager: EntityManager, schema: string, city: CityPackage): Promise<void> {
  // Parents precede their children in a taxonomy file (the reader checks every parent exists); insert
  // without parents first, then set them, so any order works.
  for (const category of city.categories) {
    await manager.query(
      `INSERT INTO "${schema}".categories (code, parent_code, name) VALUES ($1, NULL, $2)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`,
      [category.code, category.name],
    );
  }
  for (const category of city.categories) {
    await manager.query(`UPDATE "${schema}".categories SET parent_code = $2 WHERE code = $1 AND parent_code IS DISTINCT FROM $2`, [category.code, category.parentCode]);
  }
}

async function upsertSlaProfiles(manager: EntityManager, schema: string, city: CityPackage): Promise<void> {
  for (const profile of city.slaProfiles) {
    for (const urgency of URGENCIES) {
      const { amount, unit } = profile.byUrgency[urgency];
      await manager.query(
        `INSERT INTO "${schema}".sla_profiles (profile_id, urgency, amount, unit) VALUES ($1, $2, $3, $4)
         ON CONFLICT (profile_id, urgency) DO UPDATE SET amount = EXCLUDED.amount, unit = EXCLUDED.unit`,
        [profile.profileId, urgency, amount, unit],
      );
    }
  }
}

/**
 * The package's catalogue becomes a new published version when its rules differ from the published
 * one (a dispatcher's later edits are drafts on top of it, as ever); the same rules change nothing.
 */
async function publishCatalogue(manager: EntityManager, schema: string, city: CityPackage): Promise<{ version: number; isNew: boolean }> {
  const wanted = city.catalogue.map((rule) => [rule.ruleId, rule.category, rule.districtCode, rule.unitId]);
  const [published] = await manager.query<Array<{ version: number }>>(`SELECT version FROM "${schema}".catalogues WHERE status = 'published' FOR UPDATE`);
  if (published) {
    const current = await manager.query<Array<{ rule_id: string; category: string; district_code: string | null; agency_id: string }>>(
      `SELECT rule_id, category, district_code, agency_id FROM "${schema}".catalogue_rules WHERE catalogue_version = $1 ORDER BY position`,
      [published.version],
    );
    const currentRules = current.map((rule) => [rule.rule_id, rule.category, rule.district_code, rule.agency_id]);
    if (JSON.stringify(currentRules) === JSON.stringify(wanted)) return { version: published.version, isNew: false };
    await manager.query(`UPDATE "${schema}".catalogues SET status = 'superseded' WHERE version = $1`, [published.version]);
  }
  const [{ next }] = await manager.query<[{ next: number }]>(`SELECT coalesce(max(version), 0) + 1 AS next FROM "${schema}".catalogues`);
  await manager.query(
    `INSERT INTO "${schema}".catalogues (version, status, based_on, note, created_by, published_by, published_at)
     VALUES ($1, 'published', $2, $3, 'city:import', 'city:import', now())`,
    [next, published?.version ?? null, `${city.manifest.name} (${city.manifest.cityId}), edition ${city.manifest.edition}`],
  );
  for (const [index, rule] of city.catalogue.entries()) {
    await manager.query(
      `INSERT INTO "${schema}".catalogue_rules (catalogue_version, position, rule_id, category, district_code, agency_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [next, index + 1, rule.ruleId, rule.category, rule.districtCode, rule.unitId],
    );
  }
  return { version: next, isNew: true };
}

/**
 * Dispatch's part of a city import, inside the import's one transaction: units, the category tree,
 * SLA profiles, the catalogue (a new published version when it changed) and the city version itself.
 * Units and categories a new version no longer lists stay (cases refer to them); the catalogue no
 * longer routes to them. The same content as the latest version changes nothing, here or in the other
 * services (the import stops there), so an operator's later switches survive a repeated import.
 */
export async function importCityIntoDispatch(
  manager: EntityManager,
  schema: string,
  city: CityPackage,
  importedBy: string,
): Promise<{ isUnchanged: boolean; summary: string }> {
  await manager.query(`LOCK TABLE "${schema}".city_versions IN SHARE ROW EXCLUSIVE MODE`);
  const [latest] = await manager.query<Array<{ version: number; digest: string; city_id: string }>>(
    `SELECT version, digest, city_id FROM "${schema}".city_versions ORDER BY version DESC LIMIT 1`,
  );
  if (latest?.digest === city.digest) return { isUnchanged: true, summary: `city ${city.manifest.cityId} version ${latest.version}: unchanged` };
  await upsertUnits(manager, schema, city.units);
  await upsertCategories(manager, schema, city);
  await upsertSlaProfiles(manager, schema, city);
  const catalogue = await publishCatalogue(manager, schema, city);
  const version = (latest?.version ?? 0) + 1;
  const summary = { units: city.units.length, categories: city.categories.length, rules: city.catalogue.length, slaProfiles: city.slaProfiles.length };
  await manager.query(
    `INSERT INTO "${schema}".city_versions (version, city_id, edition, digest, catalogue_version, summary, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [version, city.manifest.cityId, city.manifest.edition, city.digest, catalogue.version, JSON.stringify(summary), importedBy],
  );
  const replaced = latest && latest.city_id !== city.manifest.cityId ? ` (was ${latest.city_id})` : '';
  return {
    isUnchanged: false,
    summary: `city ${city.manifest.cityId} version ${version}${replaced}: ${summary.units} units, ${summary.categories} categories, catalogue version ${catalogue.version}${catalogue.isNew ? ' published' : ' unchanged'}, ${summary.slaProfiles} SLA profile(s)`,
  };
}
