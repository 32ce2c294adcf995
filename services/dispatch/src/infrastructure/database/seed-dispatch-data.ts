import type { EntityManager } from 'typeorm';
import { AGENCIES, CATEGORIES, CATEGORY_GROUPS, DEFAULT_SLA_PROFILE, ROUTING_CATALOGUE, URGENCIES, type Agency } from '@hotline/demo-city';

// Parents first, so a street office's district government exists when the office row refers to it.
const parentsFirst = (agencies: readonly Agency[]): Agency[] =>
  [...agencies].sort((a, b) => Number(a.parentAgencyId !== null) - Number(b.parentAgencyId !== null));

async function upsertAgencies(manager: EntityManager, schema: string): Promise<void> {
  for (const a of parentsFirst(AGENCIES)) {
    await manager.query(
      `INSERT INTO "${schema}".agencies (agency_id, name, kind, district_code, parent_agency_id, street_code)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code,
         parent_agency_id = EXCLUDED.parent_agency_id, street_code = EXCLUDED.street_code`,
      [a.agencyId, a.name, a.kind, a.districtCode, a.parentAgencyId, a.streetCode],
    );
  }
}

async function upsertCategoryTree(manager: EntityManager, schema: string): Promise<void> {
  // A category named like its group (housing, other) is that group's own node.
  const isGroupItself = (category: (typeof CATEGORIES)[number]): boolean => category.code === category.group;
  const groupName = (group: string): string => CATEGORIES.find((c) => c.code === group)?.name ?? group;
  const rows = [
    ...CATEGORY_GROUPS.map((group) => ({ code: group, parentCode: null, name: groupName(group) })),
    ...CATEGORIES.filter((category) => !isGroupItself(category)).map((category) => ({ code: category.code, parentCode: category.group, name: category.name })),
  ];
  for (const row of rows) {
    await manager.query(
      `INSERT INTO "${schema}".categories (code, parent_code, name) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, name = EXCLUDED.name`,
      [row.code, row.parentCode, row.name],
    );
  }
}

/**
 * The demo city's routing becomes published catalogue version 1, once: when any version exists, the
 * catalogue belongs to the dispatchers and is left alone. Returns the published version.
 */
async function seedCatalogue(manager: EntityManager, schema: string): Promise<number | null> {
  const inserted = await manager.query<unknown[]>(
    `INSERT INTO "${schema}".catalogues (version, status, note, created_by, published_by, published_at)
     SELECT 1, 'published', $1, 'seed', 'seed', now() WHERE NOT EXISTS (SELECT 1 FROM "${schema}".catalogues)
     RETURNING version`,
    [`demo city routing, edition ${ROUTING_CATALOGUE.edition}`],
  );
  if (inserted.length > 0) {
    for (const [index, r] of ROUTING_CATALOGUE.rules.entries()) {
      await manager.query(
        `INSERT INTO "${schema}".catalogue_rules (catalogue_version, position, rule_id, category, district_code, agency_id)
         VALUES (1, $1, $2, $3, $4, $5)`,
        [index + 1, r.ruleId, r.category, r.districtCode, r.agencyId],
      );
    }
  }
  const [row] = await manager.query<Array<{ version: number }>>(`SELECT version FROM "${schema}".catalogues WHERE status = 'published'`);
  return row?.version ?? null;
}

async function upsertSlaProfile(manager: EntityManager, schema: string): Promise<void> {
  for (const urgency of URGENCIES) {
    const { amount, unit } = DEFAULT_SLA_PROFILE.byUrgency[urgency];
    await manager.query(
      `INSERT INTO "${schema}".sla_profiles (profile_id, urgency, amount, unit) VALUES ($1, $2, $3, $4)
       ON CONFLICT (profile_id, urgency) DO UPDATE SET amount = EXCLUDED.amount, unit = EXCLUDED.unit`,
      [DEFAULT_SLA_PROFILE.profileId, urgency, amount, unit],
    );
  }
}

/** Upserts the demo city's agencies, category tree and default SLA profile, and seeds catalogue version 1; idempotent. */
export async function seedDispatchData(manager: EntityManager, schema: string): Promise<string> {
  await upsertAgencies(manager, schema);
  await upsertCategoryTree(manager, schema);
  const published = await seedCatalogue(manager, schema);
  await upsertSlaProfile(manager, schema);
  const catalogue = `${CATEGORIES.length} categories, catalogue version ${published ?? 'none'} published`;
  return `${AGENCIES.length} agencies, ${catalogue}, SLA profile ${DEFAULT_SLA_PROFILE.profileId} (${URGENCIES.length} clocks)`;
}
