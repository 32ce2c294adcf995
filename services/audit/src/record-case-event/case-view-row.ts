import type { EntityManager } from 'typeorm';
import type { CaseViewState } from '../domain/case-view-projection';
import type { CaseViewRecord } from '../infrastructure/database/entities/case-view.entity';

export interface LockedCaseView {
  view: CaseViewState;
  /** Position and hash of the case's last recorded event; 0 and null before its first. */
  chainPosition: number;
  chainHash: string | null;
}

/** The view and chain head held in a case_view row. */
export function fromRecord(record: CaseViewRecord): LockedCaseView {
  const { caseId: _caseId, chainPosition, chainHash, updatedAt: _updatedAt, ...view } = record;
  return { view, chainPosition, chainHash };
}

/** The case_view row holding `view` and the chain head after the event at `position` with `hash`. */
export function toRecord(record: CaseViewRecord, view: CaseViewState, position: number, hash: string): CaseViewRecord {
  return { ...record, ...view, chainPosition: position, chainHash: hash, updatedAt: new Date() };
}

/** The chain head read from the recorded events themselves: the repair path when the view's copy is behind. */
export async function chainHeadFromEvents(manager: EntityManager, caseId: string): Promise<Pick<LockedCaseView, 'chainPosition' | 'chainHash'>> {
  const [last] = await manager.query<{ position: number; hash: string }[]>(
    `SELECT position, hash FROM audit.case_events WHERE case_id = $1 ORDER BY position DESC LIMIT 1`,
    [caseId],
  );
  return { chainPosition: last?.position ?? 0, chainHash: last?.hash ?? null };
}
