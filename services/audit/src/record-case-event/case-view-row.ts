import type { EntityManager } from 'typeorm';
import type { CaseViewState } from '../domain/case-view-projection';

/** The view's fields and the case_view columns that hold them. */
export const VIEW_COLUMNS: readonly (readonly [keyof CaseViewState, string])[] = [
  ['trackingNumber', 'tracking_number'],
  ['status', 'status'],
  ['type', 'type'],
  ['channel', 'channel'],
  ['category', 'category'],
  ['categoryName', 'category_name'],
  ['urgency', 'urgency'],
  ['districtCode', 'district_code'],
  ['districtName', 'district_name'],
  ['streetCode', 'street_code'],
  ['agencyId', 'agency_id'],
  ['agencyName', 'agency_name'],
  ['deadline', 'deadline'],
  ['receivedAt', 'received_at'],
  ['dispatchedAt', 'dispatched_at'],
  ['signedAt', 'signed_at'],
  ['feedbackAt', 'feedback_at'],
  ['closedAt', 'closed_at'],
  ['lastEventType', 'last_event_type'],
  ['lastEventAt', 'last_event_at'],
  ['eventCount', 'event_count'],
  ['anomalies', 'anomalies'],
  ['lastAnomaly', 'last_anomaly'],
  ['mergedIntoCaseId', 'merged_into_case_id'],
];

export interface LockedCaseView {
  view: CaseViewState;
  /** Position and hash of the case's last recorded event; 0 and null before its first. */
  chainPosition: number;
  chainHash: string | null;
}

type Row = Record<string, unknown>;

/** The view and chain head held in a case_view row. */
export function fromRow(row: Row): LockedCaseView {
  const view = {} as Record<keyof CaseViewState, unknown>;
  for (const [field, column] of VIEW_COLUMNS) view[field] = row[column];
  return { view: view as unknown as CaseViewState, chainPosition: row.chain_position as number, chainHash: row.chain_hash as string | null };
}

/** The case_view row holding `view` and the chain head after the event at `position` with `hash`. */
export function toRow(row: Row, view: CaseViewState, position: number, hash: string): Row {
  const next: Row = { ...row, chain_position: position, chain_hash: hash, updated_at: new Date() };
  for (const [field, column] of VIEW_COLUMNS) next[column] = view[field];
  return next;
}

/** The chain head read from the recorded events themselves: the repair path when the view's copy is behind. */
export async function chainHeadFromEvents(manager: EntityManager, caseId: string): Promise<Pick<LockedCaseView, 'chainPosition' | 'chainHash'>> {
  const [last] = await manager.query<{ position: number; hash: string }[]>(
    `SELECT position, hash FROM audit.case_events WHERE case_id = $1 ORDER BY position DESC LIMIT 1`,
    [caseId],
  );
  return { chainPosition: last?.position ?? 0, chainHash: last?.hash ?? null };
}
