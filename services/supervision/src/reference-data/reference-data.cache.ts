import type { EntityManager } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
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
 * Supervision's reference data, held in memory for the clock handler, which needs it for every event
 * (`CheckedCache`): at most every `ttlMs` one one-row query compares the version counter (moved by a trigger
 * on any change, whoever makes it, another replica included); the tables are read again only when it moved.
 * A change made through this process calls `invalidate`, and a read that overlapped it (the timer worker
 * reads every poll) is not trusted for `ttlMs`. Reads go through the caller's transaction.
 */
export class SupervisionReferenceCache extends CheckedCache<SupervisionReference, EntityManager> {
  constructor(ttlMs: number, now?: () => number) {
    super({ version: referenceDataVersion, load: readReferenceData }, { ttlMs, ...(now ? { now } : {}) });
  }
}

async function referenceDataVersion(manager: EntityManager): Promise<string> {
  const [row] = await manager.query<Array<{ version: string }>>('SELECT version::text AS version FROM supervision.reference_data_version WHERE id = 1');
  return row?.version ?? '0';
}

async function readReferenceData(manager: EntityManager, version: string): Promise<SupervisionReference> {
  return { version, profiles: await new SlaProfileRepository(manager).all(), calendar: await new CalendarRepository(manager).calendar() };
}
