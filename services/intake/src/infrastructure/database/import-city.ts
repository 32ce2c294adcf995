import type { EntityManager } from 'typeorm';
import { fileableCategories, type Category, type CityPackage } from '@hotline/city-package';

/** The top of a category's branch: Open311's service group. */
function groupOf(category: Category, byCode: ReadonlyMap<string, Category>): string {
  let node = category;
  for (let parent = node.parentCode === null ? undefined : byCode.get(node.parentCode); parent; parent = parent.parentCode === null ? undefined : byCode.get(parent.parentCode)) node = parent;
  return node.code;
}

/**
 * Intake's part of a city import: the categories a citizen may choose become Open311 services (with
 * their attributes). Classification owns the categories; intake publishes them from its own table, so
 * that no service reads another's at run time. Services the new version lacks are disabled.
 */
export async function importCityIntoIntake(manager: EntityManager, schema: string, city: CityPackage): Promise<string> {
  const byCode = new Map(city.categories.map((category) => [category.code, category]));
  const services = fileableCategories(city.categories);
  for (const [position, category] of services.entries()) {
    await manager.query(
      `INSERT INTO "${schema}".open311_services (service_code, service_name, description, group_name, keywords, position, is_enabled)
       VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (service_code) DO UPDATE SET service_name = EXCLUDED.service_name, description = EXCLUDED.description,
         group_name = EXCLUDED.group_name, keywords = EXCLUDED.keywords, position = EXCLUDED.position, is_enabled = true`,
      [category.code, category.name, category.nameEn, groupOf(category, byCode), category.keywords.slice(0, 8), position],
    );
  }
  const [{ disabled }] = await manager.query<[{ disabled: number }]>(
    `WITH disabled AS (
       UPDATE "${schema}".open311_services SET is_enabled = false WHERE is_enabled AND NOT (service_code = ANY($1::text[])) RETURNING 1
     ) SELECT count(*)::int AS disabled FROM disabled`,
    [services.map((category) => category.code)],
  );
  await manager.query(`DELETE FROM "${schema}".open311_service_attributes`);
  for (const [position, attribute] of city.open311Attributes.entries()) {
    await manager.query(
      `INSERT INTO "${schema}".open311_service_attributes
         (service_code, code, datatype, is_required, is_variable, datatype_description, position, description, allowed_values)
       VALUES ($1, $2, $3, $4, true, $5, $6, $7, $8)`,
      [attribute.serviceCode, attribute.code, attribute.datatype, attribute.isRequired, attribute.datatypeDescription, position + 1, attribute.description, JSON.stringify(attribute.values)],
    );
  }
  return `open311: ${services.length} services (${disabled} disabled), ${city.open311Attributes.length} attributes`;
}
