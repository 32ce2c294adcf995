import type { EntityManager } from 'typeorm';
import type { WorkingCalendar } from '@hotline/case-lifecycle';
import type { SlaProfile } from '../domain/sla-profile';
import { CalendarRepository } from '../infrastructure/database/calendar.repository';
import { SlaProfileRepository } from '../infrastructure/database/sla-profile.repository';

/** The SLA profiles and the working calendar as one consistent, immutable read. */
export interface SupervisionReference {
  /** supervision.reference_data_version: moved by a trigger on every change to these tables. */
  readonly version: string;
  readonly profiles: readonly SlaProfile[];
  readonly calendar: WorkingCalendar;
}

/**
 * Supervision's reference data, held in memory for the clock handler, which needs it for every event.
 * At most every `ttlMs` one one-row query compares the version counter (moved by a trigger on any
 * change, whoever makes it, another replica included); the tables are read again only when it moved.
 * A change made through this process clears the cache at once (`invalidate`). Reads go through the
 * caller's transaction.
 */
export class SupervisionReferenceCache {
  private cached: SupervisionReference | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Moved by every `invalidate`: a read that overlapped a local change must not count as a fresh check. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async snapshot(manager: EntityManager): Promise<SupervisionReference> {
    const now = this.now();
    if (this.cached && now - this.checkedAt < this.ttlMs) return this.cached;
    const generation = this.generation;
    const [row] = await manager.query<Array<{ version: string }>>('SELECT version::text AS version FROM supervision.reference_data_version WHERE id = 1');
    const version = row?.version ?? '0';
    if (this.cached?.version !== version) {
      this.cached = { version, profiles: await new SlaProfileRepository(manager).all(), calendar: await new CalendarRepository(manager).calendar() };
    }
    // A local change that committed while this read ran (the timer worker reads every poll) may not be in
    // what it read: then the next snapshot checks the version again instead of trusting this one for ttlMs.
    if (generation === this.generation) this.checkedAt = now;
    return this.cached;
  }

  /** After a local change has committed: the next snapshot compares the version again. */
  invalidate(): void {
    this.generation += 1;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }
}
