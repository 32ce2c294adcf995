import type { EntityManager } from 'typeorm';
import type { SlaClock, SlaClockUnit } from '@hotline/case-lifecycle';
import type { RouteRule } from '../domain/resolve-route';
import { AgencyRecord } from '../infrastructure/database/entities/agency.entity';

/** The routing catalogue, handling units and SLA clocks as one consistent, immutable read. */
export interface ReferenceSnapshot {
  /** reference_data_version: moved by a trigger on every change to these tables. */
  readonly version: string;
  /** null when no catalogue version is active. */
  readonly catalogueVersion: string | null;
  /** The active catalogue's rules, in catalogue order. */
  readonly rules: readonly RouteRule[];
  readonly agencies: ReadonlyMap<string, AgencyRecord>;
  /** Keyed `${profileId}/${urgency}`. */
  readonly slaClocks: ReadonlyMap<string, SlaClock>;
}

export const slaClockKey = (profileId: string, urgency: string): string => `${profileId}/${urgency}`;

/**
 * Dispatch's reference data, held in memory. At most every `ttlMs` one one-row query compares the
 * version counter (moved by a trigger on any change, whoever makes it); the tables are read again
 * only when it moved. Reads go through the caller's transaction.
 */
export class ReferenceDataCache {
  private cached: ReferenceSnapshot | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async snapshot(manager: EntityManager): Promise<ReferenceSnapshot> {
    const now = this.now();
    if (this.cached && now - this.checkedAt < this.ttlMs) return this.cached;
    const [row] = await manager.query<Array<{ version: string }>>('SELECT version::text AS version FROM reference_data_version WHERE id = 1');
    const version = row?.version ?? '0';
    if (this.cached?.version !== version) this.cached = await this.load(manager, version);
    this.checkedAt = now;
    return this.cached;
  }

  private async load(manager: EntityManager, version: string): Promise<ReferenceSnapshot> {
    const [active] = await manager.query<Array<{ version: string }>>('SELECT version FROM routing_catalogues WHERE is_active');
    const rules = active
      ? await manager.query<Array<{ rule_id: string; category: string | null; district_code: string | null; agency_id: string; priority: number }>>(
          `SELECT rule_id, category, district_code, agency_id, priority FROM routing_rules
            WHERE catalogue_version = $1 ORDER BY position, rule_id`,
          [active.version],
        )
      : [];
    const agencies = await manager.getRepository(AgencyRecord).find();
    const clocks = await manager.query<Array<{ profile_id: string; urgency: string; amount: number; unit: SlaClockUnit }>>(
      'SELECT profile_id, urgency, amount, unit FROM sla_profiles',
    );
    return {
      version,
      catalogueVersion: active?.version ?? null,
      rules: rules.map((r) => ({ ruleId: r.rule_id, category: r.category, districtCode: r.district_code, agencyId: r.agency_id, priority: r.priority })),
      agencies: new Map(agencies.map((agency) => [agency.agencyId, agency])),
      slaClocks: new Map(clocks.map((clock) => [slaClockKey(clock.profile_id, clock.urgency), { amount: clock.amount, unit: clock.unit }])),
    };
  }
}
