import type { EntityManager } from 'typeorm';
import type { RouteQuery, RouteRule } from '../domain/resolve-route';

export interface ActiveRouteRules {
  /** null when no catalogue version is active. */
  readonly catalogueVersion: string | null;
  /** The active version's rules that could match the query, in catalogue order. */
  readonly rules: readonly RouteRule[];
}

/** Reads from Postgres only the rules of the active catalogue that could match this category and district. */
export async function loadActiveRouteRules(manager: EntityManager, query: RouteQuery): Promise<ActiveRouteRules> {
  const [active] = await manager.query<Array<{ version: string }>>('SELECT version FROM routing_catalogues WHERE is_active');
  if (!active) return { catalogueVersion: null, rules: [] };
  const rows = await manager.query<Array<{ rule_id: string; category: string | null; district_code: string | null; agency_id: string; priority: number }>>(
    `SELECT rule_id, category, district_code, agency_id, priority FROM routing_rules
     WHERE catalogue_version = $1 AND (category = $2 OR category IS NULL) AND (district_code = $3 OR district_code IS NULL)
     ORDER BY position, rule_id`,
    [active.version, query.category, query.districtCode],
  );
  return {
    catalogueVersion: active.version,
    rules: rows.map((r) => ({ ruleId: r.rule_id, category: r.category, districtCode: r.district_code, agencyId: r.agency_id, priority: r.priority })),
  };
}
