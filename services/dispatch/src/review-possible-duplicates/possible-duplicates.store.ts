import type { EntityManager } from 'typeorm';
import { ENDED_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';

export type PossibleDuplicateStatus = 'open' | 'dismissed' | 'merged';

/**
 * What GET /v1/possible-duplicates lists: `open` flags still to decide (neither case has ended), `ended`
 * flags nobody decided before their case or the case it may repeat ended some other way (closed, merged,
 * answered …): nothing is left to decide on them, so they leave the open list but stay visible.
 */
export type PossibleDuplicateListStatus = PossibleDuplicateStatus | 'ended';

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
  /** The flagged case's and the other case's status as dispatch knows them (null: dispatch never saw it). */
  caseStatus: CaseStatus | null;
  duplicateOfStatus: CaseStatus | null;
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
  case_status: CaseStatus | null;
  duplicate_of_status: CaseStatus | null;
};

const COLUMNS = 'case_id, duplicate_of_case_id, score, category, district_code, street_code, flagged_at, status, decided_by, decided_at, note, merged_into_case_id';
// The flag (d) with the statuses of its case (c) and of the case it may repeat (p).
const VIEW_COLUMNS = `${COLUMNS.split(', ').map((column) => `d.${column}`).join(', ')}, c.status AS case_status, p.status AS duplicate_of_status`;
const viewFrom = (flags: string) => `${flags} d
  LEFT JOIN dispatch.case_states c ON c.case_id = d.case_id
  LEFT JOIN dispatch.case_states p ON p.case_id = d.duplicate_of_case_id`;
const VIEW_FROM = viewFrom('dispatch.possible_duplicates');
// A decision's UPDATE … RETURNING, read back with the statuses (a WITH query: it sees this transaction's status change).
const decidedView = (update: string) => `WITH decided AS (${update} RETURNING ${COLUMNS}) SELECT ${VIEW_COLUMNS} FROM ${viewFrom('decided')}`;

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
  caseStatus: row.case_status ?? null,
  duplicateOfStatus: row.duplicate_of_status ?? null,
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

  async list(filter: { status: PossibleDuplicateListStatus; limit: number }): Promise<PossibleDuplicateView[]> {
    // A case dispatch never saw (no status) has not ended: without COALESCE, NOT NULL would hide its flag.
    const hasEnded = '(COALESCE(c.status = ANY($2::text[]), false) OR COALESCE(p.status = ANY($2::text[]), false))';
    const [where, parameter] =
      filter.status === 'open' || filter.status === 'ended'
        ? [`d.status = 'open' AND ${filter.status === 'open' ? `NOT ${hasEnded}` : hasEnded}`, ENDED_STATUSES]
        : ['d.status = $2', filter.status];
    const rows = await this.manager.query<Row[]>(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE ${where} ORDER BY d.flagged_at, d.case_id LIMIT $1`,
      [filter.limit, parameter],
    );
    return rows.map(toView);
  }

  /** One flag; `lock` holds it until the transaction ends, so two decisions on it run one after the other. */
  async find(caseId: string, options: { lock?: boolean } = {}): Promise<PossibleDuplicateView | null> {
    const [row] = await this.manager.query<Row[]>(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE d.case_id = $1${options.lock ? ' FOR UPDATE OF d' : ''}`,
      [caseId],
    );
    return row ? toView(row) : null;
  }

  /** Compare-and-set: only an open flag is dismissed; null when it was not open. */
  async dismiss(caseId: string, decision: { decidedBy: string; note: string | null; decidedAt: Date }): Promise<PossibleDuplicateView | null> {
    const rows = await this.manager.query<Row[]>(
      decidedView(`UPDATE dispatch.possible_duplicates SET status = 'dismissed', decided_by = $2, decided_at = $3, note = $4
        WHERE case_id = $1 AND status = 'open'`),
      [caseId, decision.decidedBy, decision.decidedAt, decision.note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Compare-and-set: only an open flag is confirmed as a merge; null when it was not open. */
  async markMerged(
    caseId: string,
    decision: { intoCaseId: string; decidedBy: string; note: string | null; decidedAt: Date },
  ): Promise<PossibleDuplicateView | null> {
    const rows = await this.manager.query<Row[]>(
      decidedView(`UPDATE dispatch.possible_duplicates SET status = 'merged', merged_into_case_id = $2, decided_by = $3, decided_at = $4, note = $5
        WHERE case_id = $1 AND status = 'open'`),
      [caseId, decision.intoCaseId, decision.decidedBy, decision.decidedAt, decision.note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }
}
