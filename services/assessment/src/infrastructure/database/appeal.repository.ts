import type { EntityManager } from 'typeorm';
import { returnedRows } from './returned-rows';

export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface AppealRecord {
  appealId: string;
  caseId: string;
  agencyId: string;
  round: number | null;
  reason: string;
  note: string | null;
  status: AppealStatus;
  filedAt: Date;
  decidedAt: Date | null;
  reviewerId: string | null;
  decisionNote: string | null;
}

interface AppealRow {
  appeal_id: string;
  case_id: string;
  agency_id: string;
  round: number | null;
  reason: string;
  note: string | null;
  status: AppealStatus;
  filed_at: Date;
  decided_at: Date | null;
  reviewer_id: string | null;
  decision_note: string | null;
}

const toRecord = (row: AppealRow): AppealRecord => ({
  appealId: row.appeal_id,
  caseId: row.case_id,
  agencyId: row.agency_id,
  round: row.round,
  reason: row.reason,
  note: row.note,
  status: row.status,
  filedAt: row.filed_at,
  decidedAt: row.decided_at,
  reviewerId: row.reviewer_id,
  decisionNote: row.decision_note,
});

export class AppealRepository {
  constructor(private readonly manager: EntityManager) {}

  async file(appeal: Pick<AppealRecord, 'appealId' | 'caseId' | 'agencyId' | 'round' | 'reason' | 'note' | 'filedAt'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO assessment.appeals (appeal_id, case_id, agency_id, round, reason, note, status, filed_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
       ON CONFLICT DO NOTHING`,
      [appeal.appealId, appeal.caseId, appeal.agencyId, appeal.round, appeal.reason, appeal.note, appeal.filedAt],
    );
  }

  async find(appealId: string, options: { lock?: boolean } = {}): Promise<AppealRecord | undefined> {
    const rows: AppealRow[] = await this.manager.query(
      `SELECT * FROM assessment.appeals WHERE appeal_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [appealId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async pendingOf(caseId: string): Promise<AppealRecord | undefined> {
    const rows: AppealRow[] = await this.manager.query(
      `SELECT * FROM assessment.appeals WHERE case_id = $1 AND status = 'pending' ORDER BY filed_at DESC LIMIT 1`,
      [caseId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(filter: { status?: AppealStatus; limit: number }): Promise<AppealRecord[]> {
    const rows: AppealRow[] = await this.manager.query(
      `SELECT * FROM assessment.appeals WHERE ($1::text IS NULL OR status = $1) ORDER BY filed_at, appeal_id LIMIT $2`,
      [filter.status ?? null, filter.limit],
    );
    return rows.map(toRecord);
  }

  /** Compare-and-set from pending: false when another decision came first. */
  async decide(appealId: string, decision: { isUpheld: boolean; reviewerId: string | null; note: string | null; decidedAt: Date }): Promise<boolean> {
    const rows = returnedRows<{ appeal_id: string }>(await this.manager.query(
      `UPDATE assessment.appeals SET status = $2, reviewer_id = $3, decision_note = $4, decided_at = $5
       WHERE appeal_id = $1 AND status = 'pending' RETURNING appeal_id`,
      [appealId, decision.isUpheld ? 'upheld' : 'rejected', decision.reviewerId, decision.note, decision.decidedAt],
    ));
    return rows.length > 0;
  }
}
