import type { EntityManager } from 'typeorm';
import type { CaseViewState } from '../domain/case-view-projection';

/** The view's columns in the order the append statement passes them, after its 14 event parameters. */
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

const FIRST_VIEW_PARAMETER = 15;
export const VIEW_ASSIGNMENTS = VIEW_COLUMNS.map(([, column], i) => `${column} = $${FIRST_VIEW_PARAMETER + i}`).join(', ');
const SELECTED = [...VIEW_COLUMNS.map(([, column]) => column), 'chain_position', 'chain_hash'].join(', ');

export interface LockedCaseView {
  view: CaseViewState;
  /** Position and hash of the case's last recorded event; 0 and null before its first. */
  chainPosition: number;
  chainHash: string | null;
}

/**
 * Reads the case's view row and locks it until the transaction ends; inserts it (locked, as the
 * inserter) for a case's first event. A concurrent first insert that committed in between is read again.
 */
export async function lockCaseView(manager: EntityManager, caseId: string): Promise<LockedCaseView> {
  for (;;) {
    const [existing] = await manager.query<Row[]>(`SELECT ${SELECTED} FROM audit.case_view WHERE case_id = $1 FOR UPDATE`, [caseId]);
    if (existing) return fromRow(existing);
    const [inserted] = await manager.query<Row[]>(
      `INSERT INTO audit.case_view (case_id) VALUES ($1) ON CONFLICT (case_id) DO NOTHING RETURNING ${SELECTED}`,
      [caseId],
    );
    if (inserted) return fromRow(inserted);
  }
}

type Row = Record<string, unknown>;

function fromRow(row: Row): LockedCaseView {
  const view = {} as Record<keyof CaseViewState, unknown>;
  for (const [field, column] of VIEW_COLUMNS) view[field] = row[column];
  return { view: view as unknown as CaseViewState, chainPosition: row.chain_position as number, chainHash: row.chain_hash as string | null };
}

/** The chain head read from the recorded events themselves: the repair path when the view's copy is behind. */
export async function chainHeadFromEvents(manager: EntityManager, caseId: string): Promise<Pick<LockedCaseView, 'chainPosition' | 'chainHash'>> {
  const [last] = await manager.query<{ position: number; hash: string }[]>(
    `SELECT position, hash FROM audit.case_events WHERE case_id = $1 ORDER BY position DESC LIMIT 1`,
    [caseId],
  );
  return { chainPosition: last?.position ?? 0, chainHash: last?.hash ?? null };
}
