import type { EntityManager } from 'typeorm';

export interface AppealRecord {
  appealId: string;
  caseId: string;
  round: number;
  agencyId: string;
  reason: string;
  note: string | null;
  status: 'pending' | 'upheld' | 'rejected';
  filedAt: Date;
  decidedAt: Date | null;
}

/** The unit's appeals (申诉), one per case and round. */
export class AppealRepository {
  constructor(private readonly manager: EntityManager) {}

  async existsFor(caseId: string, round: number): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM execution.appeals WHERE case_id = $1 AND round = $2`, [caseId, round]);
    return rows.length > 0;
  }

  async insert(appeal: AppealRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO execution.appeals (appeal_id, case_id, round, agency_id, reason, note, status, filed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [appeal.appealId, appeal.caseId, appeal.round, appeal.agencyId, appeal.reason, appeal.note, appeal.status, appeal.filedAt],
    );
  }

  async decide(input: { caseId: string; appealId: string | undefined; isUpheld: boolean; decidedAt: Date }): Promise<void> {
    await this.manager.query(
      `UPDATE execution.appeals SET status = $3, decided_at = $4
       WHERE case_id = $1 AND status = 'pending' AND ($2::uuid IS NULL OR appeal_id = $2)`,
      [input.caseId, input.appealId ?? null, input.isUpheld ? 'upheld' : 'rejected', input.decidedAt],
    );
  }
}
