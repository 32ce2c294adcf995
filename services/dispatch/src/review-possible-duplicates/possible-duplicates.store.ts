import type { EntityManager } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';

export type PossibleDuplicateStatus = 'open' | 'dismissed' | 'merged';

export interface PossibleDuplicateView {
  caseId: string;
  duplicateOfCaseId: string;
  score: number;
  category: string;
  districtCode: string | null;
  streetCode: string | null;
  flaggedAt: string;
  status: PossibleDuplicateStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  /** 并案 confirmed: the case it was merged into (the flagged one, or another a dispatcher named). */
  mergedIntoCaseId: string | null;
}

type Row = {
  case_id: string;
  duplicate_of_case_id: string;
  score: number;
  category: string;
  district_code: string | null;
  street_code: string | null;
  flagged_at: Date;
  status: PossibleDuplicateStatus;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
  merged_into_case_id: string | null;
};

const COLUMNS = 'case_id, duplicate_of_case_id, score, category, district_code, street_code, flagged_at, status, decided_by, decided_at, note, merged_into_case_id';

const toView = (row: Row): PossibleDuplicateView => ({
  caseId: row.case_id,
  duplicateOfCaseId: row.duplicate_of_case_id,
  score: row.score,
  category: row.category,
  districtCode: row.district_code,
  streetCode: row.street_code,
  flaggedAt: row.flagged_at.toISOString(),
  status: row.status,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at?.toISOString() ?? null,
  note: row.note,
  mergedIntoCaseId: row.merged_into_case_id,
});

/** 并案 candidates classification flagged: one row per flagged case, open until a dispatcher decides. */
export class PossibleDuplicatesStore {
  constructor(private readonly manager: EntityManager) {}

  /** Records the flag a case.classified carries (if any); a redelivery changes nothing. */
  async recordFlag(event: CaseEventOf<'case.classified'>, flaggedAt: Date): Promise<void> {
    const flag = event.payload.possibleDuplicateOf;
    if (!flag) return;
    await this.manager.query(
      `INSERT INTO dispatch.possible_duplicates (case_id, duplicate_of_case_id, score, category, district_code, street_code, flagged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO NOTHING`,
      [event.caseId, flag.caseId, flag.score, event.payload.category, event.payload.districtCode, event.payload.streetCode, flaggedAt],
    );
  }

  async list(filter: { status: PossibleDuplicateStatus; limit: number }): Promise<PossibleDuplicateView[]> {
    const rows = await this.manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM dispatch.possible_duplicates WHERE status = $1 ORDER BY flagged_at, case_id LIMIT $2`,
      [filter.status, filter.limit],
    );
    return rows.map(toView);
  }

  /** One flag; `lock` holds it until the transaction ends, so two decisions on it run one after the other. */
  async find(caseId: string, options: { lock?: boolean } = {}): Promise<PossibleDuplicateView | null> {
    const [row] = await this.manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM dispatch.possible_duplicates WHERE case_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [caseId],
    );
    return row ? toView(row) : null;
  }

  /** Compare-and-set: only an open flag is dismissed; null when it was not open. */
  async dismiss(caseId: string, decision: { decidedBy: string; note: string | null; decidedAt: Date }): Promise<PossibleDuplicateView | null> {
    const [rows] = await this.manager.query<[Row[], number]>(
      `UPDATE dispatch.possible_duplicates SET status = 'dismissed', decided_by = $2, decided_at = $3, note = $4
        WHERE case_id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
      [caseId, decision.decidedBy, decision.decidedAt, decision.note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Compare-and-set: only an open flag is confirmed as a merge; null when it was not open. */
  async markMerged(
    caseId: string,
    decision: { intoCaseId: string; decidedBy: string; note: string | null; decidedAt: Date },
  ): Promise<PossibleDuplicateView | null> {
    const [rows] = await this.manager.query<[Row[], number]>(
      `UPDATE dispatch.possible_duplicates SET status = 'merged', merged_into_case_id = $2, decided_by = $3, decided_at = $4, note = $5
        WHERE case_id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
      [caseId, decision.intoCaseId, decision.decidedBy, decision.decidedAt, decision.note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }
}
