import type { EntityManager } from 'typeorm';
import type { AgencyRef, CheckInFact, HandlingFact, ScoringSettings } from '../../domain/scoring';

/** What a month's figures are computed from (for a closed month, as it was at the close). */
export interface MonthSnapshot {
  settings: ScoringSettings;
  agencies: AgencyRef[];
  handlings: HandlingFact[];
  checkIns: CheckInFact[];
}

/** What the closing row keeps; the facts themselves are copied to the closed_* tables. */
export type ClosingSettings = Pick<MonthSnapshot, 'settings' | 'agencies'>;

export interface MonthClosing {
  month: string;
  closedAt: Date;
  closedBy: string;
  snapshot: ClosingSettings;
}

export interface Adjustment {
  agencyId: string;
  caseId: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
  description: string;
  recordedAt: string;
}

export class MonthClosingRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(month: string): Promise<MonthClosing | undefined> {
    const rows: Array<{ month: string; closed_at: Date; closed_by: string; snapshot: ClosingSettings }> = await this.manager.query(
      `SELECT month, closed_at, closed_by, snapshot FROM assessment.month_closings WHERE month = $1`,
      [month],
    );
    const row = rows[0];
    return row ? { month: row.month, closedAt: row.closed_at, closedBy: row.closed_by, snapshot: row.snapshot } : undefined;
  }

  /** A transaction lock on the month: the close takes it exclusively, recording an event into the month shares it. */
  async lockMonth(month: string, mode: 'exclusive' | 'shared'): Promise<void> {
    const lock = mode === 'exclusive' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
    await this.manager.query(`SELECT ${lock}(hashtext('assessment.month'), hashtext($1))`, [month]);
  }

  async isClosed(month: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM assessment.month_closings WHERE month = $1`, [month]);
    return rows.length > 0;
  }

  /** False when the month was already closed (the row is never replaced). */
  async insert(closing: MonthClosing): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO assessment.month_closings (month, closed_at, closed_by, snapshot) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING month`,
      [closing.month, closing.closedAt, closing.closedBy, JSON.stringify({ settings: closing.snapshot.settings, agencies: closing.snapshot.agencies })],
    );
    return rows.length > 0;
  }

  async addAdjustment(adjustment: Omit<Adjustment, 'recordedAt'> & { month: string }): Promise<void> {
    await this.manager.query(
      `INSERT INTO assessment.adjustments (month, agency_id, case_id, event_id, event_type, occurred_at, description) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [adjustment.month, adjustment.agencyId, adjustment.caseId, adjustment.eventId, adjustment.eventType, adjustment.occurredAt, adjustment.description],
    );
  }

  async adjustmentsOf(month: string): Promise<Adjustment[]> {
    const rows: Array<{ agency_id: string; case_id: string; event_id: string; event_type: string; occurred_at: Date; description: string; recorded_at: Date }> =
      await this.manager.query(`SELECT * FROM assessment.adjustments WHERE month = $1 ORDER BY adjustment_id`, [month]);
    return rows.map((row) => ({
      agencyId: row.agency_id,
      caseId: row.case_id,
      eventId: row.event_id,
      eventType: row.event_type,
      occurredAt: row.occurred_at.toISOString(),
      description: row.description,
      recordedAt: row.recorded_at.toISOString(),
    }));
  }
}
