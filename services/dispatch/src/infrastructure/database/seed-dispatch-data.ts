import type { EntityManager } from 'typeorm';
import { AGENCIES, DEFAULT_SLA_PROFILE, ROUTING_CATALOGUE, URGENCIES, type Agency } from '@hotline/demo-city';

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

/** Returns whether the demo catalogue is the active one. */
async function upsertRoutingCatalogue(manager: EntityManager, schema: string): Promise<boolean> {
  const { version, rules } = ROUTING_CATALOGUE;
  // Activated only when no other version is: an operator's newer catalogue stays in force.
  await manager.query(
    `INSERT INTO "${schema}".routing_catalogues (version, is_active)
     VALUES ($1, NOT EXISTS (SELECT 1 FROM "${schema}".routing_catalogues WHERE is_active))
     ON CONFLICT (version) DO NOTHING`,
    [version],
  );
  for (const [position, r] of rules.entries()) {
    await manager.query(
      `INSERT INTO "${schema}".routing_rules (catalogue_version, rule_id, category, district_code, agency_id, priority, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (catalogue_version, rule_id) DO UPDATE SET category = EXCLUDED.category, district_code = EXCLUDED.district_code,
         agency_id = EXCLUDED.agency_id, priority = EXCLUDED.priority, position = EXCLUDED.position`,
      [version, r.ruleId, r.category, r.districtCode, r.agencyId, r.priority, position],
    );
  }
  const [row] = await manager.query<Array<{ is_active: boolean }>>(`SELECT is_active FROM "${schema}".routing_catalogues WHERE version = $1`, [version]);
  return row?.is_active ?? false;
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

/** Upserts the demo city's agencies, its routing catalogue and the default SLA profile; idempotent. */
export async function seedDispatchData(manager: EntityManager, schema: string): Promise<string> {
  await upsertAgencies(manager, schema);
  const isActive = await upsertRoutingCatalogue(manager, schema);
  await upsertSlaProfile(manager, schema);
  const catalogue = `${ROUTING_CATALOGUE.rules.length} routing rules (catalogue ${ROUTING_CATALOGUE.version}${isActive ? ', active' : ', not active'})`;
  return `${AGENCIES.length} agencies, ${catalogue}, SLA profile ${DEFAULT_SLA_PROFILE.profileId} (${URGENCIES.length} clocks)`;
}
