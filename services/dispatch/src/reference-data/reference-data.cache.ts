import type { EntityManager } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
import type { SlaClock, SlaClockUnit } from '@hotline/case-lifecycle';
import type { CatalogueRule } from '../domain/catalogue-rule';
import { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import { CatalogueRuleRecord } from '../infrastructure/database/entities/catalogue-rule.entity';
import { CategoryRecord } from '../infrastructure/database/entities/category.entity';

export interface PublishedCatalogue {
  readonly version: number;
  /** In catalogue order: the first that matches wins. */
  readonly rules: readonly CatalogueRule[];
}

/** The published catalogue, category tree, handling units and SLA clocks as one consistent, immutable read. */
export interface ReferenceSnapshot {
  /** reference_data_version: moved by a trigger on every change to these tables. */
  readonly version: string;
  /** null when no catalogue version is published. */
  readonly catalogue: PublishedCatalogue | null;
  /** A category code → itself and its ancestors, top level first. */
  readonly categoryPaths: ReadonlyMap<string, readonly string[]>;
  readonly agencies: ReadonlyMap<string, AgencyRecord>;
  /** A district code → its district government (区政府). */
  readonly districtGovernments: ReadonlyMap<string, string>;
  /** Keyed `${profileId}/${urgency}`. */
  readonly slaClocks: ReadonlyMap<string, SlaClock>;
}

export const slaClockKey = (profileId: string, urgency: string): string => `${profileId}/${urgency}`;

export const toCatalogueRule = (r: CatalogueRuleRecord): CatalogueRule => ({
  ruleId: r.ruleId,
  name: r.name,
  requestTypes: r.requestTypes,
  category: r.category,
  districtCode: r.districtCode,
  streetCode: r.streetCode,
  gridCode: r.gridCode,
  keywords: r.keywords,
  agencyId: r.agencyId,
  coHandlerIds: r.coHandlerIds,
});

/** The path of a category up the tree; an unknown code is a path of its own (it matches rules naming it). */
export function categoryPathOf(categoryPaths: ReadonlyMap<string, readonly string[]>, category: string): readonly string[] {
  return categoryPaths.get(category) ?? [category];
}

function categoryPaths(categories: readonly CategoryRecord[]): Map<string, string[]> {
  const parentOf = new Map(categories.map((c) => [c.code, c.parentCode]));
  const paths = new Map<string, string[]>();
  for (const { code } of categories) {
    const path: string[] = [];
    // The depth bound stops a cycle an operator might write into the table.
    for (let at: string | null | undefined = code; at && path.length < 16; at = parentOf.get(at)) path.unshift(at);
    paths.set(code, path);
  }
  return paths;
}

/**
 * Dispatch's reference data, held in memory (`CheckedCache`): at most every `ttlMs` one one-row query
 * compares the version counter (moved by a trigger on any change, whoever makes it); the tables are read
 * again only when it moved. Reads go through the caller's transaction.
 */
export class ReferenceDataCache extends CheckedCache<ReferenceSnapshot, EntityManager> {
  constructor(ttlMs: number, now?: () => number) {
    super({ version: referenceDataVersion, load: readReferenceData }, { ttlMs, ...(now ? { now } : {}) });
  }
}

async function referenceDataVersion(manager: EntityManager): Promise<string> {
  const [row] = await manager.query<Array<{ version: string }>>('SELECT version::text AS version FROM reference_data_version WHERE id = 1');
  return row?.version ?? '0';
}

async function readReferenceData(manager: EntityManager, version: string): Promise<ReferenceSnapshot> {
  const [published] = await manager.query<Array<{ version: number }>>(`SELECT version FROM catalogues WHERE status = 'published'`);
  const rules = published
    ? await manager.getRepository(CatalogueRuleRecord).find({ where: { catalogueVersion: published.version }, order: { position: 'ASC' } })
    : [];
  const agencies = await manager.getRepository(AgencyRecord).find();
  const categories = await manager.getRepository(CategoryRecord).find();
  const clocks = await manager.query<Array<{ profile_id: string; urgency: string; amount: number; unit: SlaClockUnit }>>(
    'SELECT profile_id, urgency, amount, unit FROM sla_profiles',
  );
  const governments = agencies.flatMap((a) => (a.kind === 'district_government' && a.districtCode !== null ? [[a.districtCode, a.agencyId] as const] : []));
  return {
    version,
    catalogue: published ? { version: published.version, rules: rules.map(toCatalogueRule) } : null,
    categoryPaths: categoryPaths(categories),
    agencies: new Map(agencies.map((agency) => [agency.agencyId, agency])),
    districtGovernments: new Map(governments),
    slaClocks: new Map(clocks.map((clock) => [slaClockKey(clock.profile_id, clock.urgency), { amount: clock.amount, unit: clock.unit }])),
  };
}
