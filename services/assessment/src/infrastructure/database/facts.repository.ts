import type { EntityManager } from 'typeorm';
import type { CheckInFact, HandlingFact } from '../../domain/scoring';
import { returnedRows } from './returned-rows';

/** Where a month's facts are read from: the live tables, or the copy made when it closed. */
export type FactSource = 'live' | 'closed';

/** The handling round an event changed: which month and unit it counts for. */
export interface TouchedRow {
  month: string;
  agencyId: string;
}

/** A handling round's row as the events of its case change it (all but when it was dispatched and last written). */
export interface HandlingRound {
  case_id: string;
  round: number;
  agency_id: string;
  month: string;
  deadline: Date;
  signed_at: Date | null;
  is_sign_breached: boolean;
  returned_at: Date | null;
  is_return_upheld: boolean;
  feedback_at: Date | null;
  rework_count: number;
  is_follow_up_reached: boolean;
  is_resolved: boolean | null;
  satisfaction: HandlingFact['satisfaction'];
  concluded_as: HandlingFact['concludedAs'];
  is_excluded: boolean;
  is_withdrawn: boolean;
}

const ROUND_COLUMNS = [
  'case_id',
  'round',
  'agency_id',
  'month',
  'deadline',
  'signed_at',
  'is_sign_breached',
  'returned_at',
  'is_return_upheld',
  'feedback_at',
  'rework_count',
  'is_follow_up_reached',
  'is_resolved',
  'satisfaction',
  'concluded_as',
  'is_excluded',
  'is_withdrawn',
] as const satisfies readonly (keyof HandlingRound)[];

interface HandlingRow extends HandlingRound {
  dispatched_at: Date;
}

interface CheckInRow {
  case_id: string;
  whistle_id: string;
  agency_id: string;
  arrive_by: Date;
  checked_in_at: Date | null;
  is_late: boolean;
  is_missed: boolean;
}

/** A unit as a dispatch names it. */
export interface UnitOnFile {
  agencyId: string;
  name: string;
  kind: string;
}

/** A handling round a dispatch opens. */
export interface NewHandling {
  caseId: string;
  round: number;
  agencyId: string;
  month: string;
  dispatchedAt: Date;
  deadline: Date;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** Writes and reads assessment's own facts: agencies, cases, handling rounds and check-ins. */
export class FactsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Puts units on file with the names dispatches gave them (each unit once: the statement cannot touch a row twice). */
  async upsertAgencies(units: readonly UnitOnFile[]): Promise<void> {
    if (units.length === 0) return;
    const sorted = [...units].sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1));
    // Nearly every dispatch names a unit already on file unchanged: the NOT EXISTS leaves the row alone
    // then. ON CONFLICT DO UPDATE locks the row it meets even when its WHERE is false, and with one row
    // per unit that lock queued every concurrent batch dispatching to the same unit (71 ms a statement).
    // Rows are taken in key order, so two batches never wait for each other in a cycle.
    await this.manager.query(
      `INSERT INTO assessment.agencies (agency_id, name, kind)
       SELECT u.agency_id, u.name, u.kind FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (agency_id, name, kind, n)
        WHERE NOT EXISTS (SELECT 1 FROM assessment.agencies a WHERE a.agency_id = u.agency_id AND a.name = u.name AND a.kind = u.kind)
        ORDER BY u.n
       ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()
       WHERE assessment.agencies.name IS DISTINCT FROM EXCLUDED.name OR assessment.agencies.kind IS DISTINCT FROM EXCLUDED.kind`,
      [sorted.map((u) => u.agencyId), sorted.map((u) => u.name), sorted.map((u) => u.kind)],
    );
  }

  /** A unit known only as a summoned department keeps its id as its name until a dispatch names it. */
  async ensureAgency(agency: { agencyId: string; kind: string }): Promise<void> {
    await this.manager.query(`INSERT INTO assessment.agencies (agency_id, name, kind) VALUES ($1, $1, $2) ON CONFLICT DO NOTHING`, [agency.agencyId, agency.kind]);
  }

  /**
   * Sets the named columns of many cases in one statement (each case once, with a value for each name); a
   * case's row is created by whichever of its events comes first. Rows are taken in key order, so two
   * batches never wait for each other in a cycle.
   */
  async updateCases(names: readonly string[], changes: readonly { caseId: string; fields: Record<string, unknown> }[]): Promise<void> {
    if (changes.length === 0) return;
    const rows = [...changes].sort((a, b) => (a.caseId < b.caseId ? -1 : 1)).map(({ caseId, fields }) => ({ ...fields, case_id: caseId }));
    await this.manager.query(
      `INSERT INTO assessment.cases (case_id, ${names.join(', ')})
       SELECT r.case_id, ${names.map((name) => `r.${name}`).join(', ')} FROM jsonb_populate_recordset(NULL::assessment.cases, $1::jsonb) AS r
       ON CONFLICT (case_id) DO UPDATE SET ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  /** Opens handling rounds in one statement; a round already there stays as it is. Answers the rounds it inserted, as the table's defaults made them. */
  async insertHandlings(rows: readonly NewHandling[]): Promise<HandlingRound[]> {
    if (rows.length === 0) return [];
    return this.manager.query<HandlingRound[]>(
      `INSERT INTO assessment.handlings (case_id, round, agency_id, month, dispatched_at, deadline)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (case_id, round) DO NOTHING
       RETURNING ${ROUND_COLUMNS.join(', ')}`,
      [rows.map((r) => r.caseId), rows.map((r) => r.round), rows.map((r) => r.agencyId), rows.map((r) => r.month), rows.map((r) => r.dispatchedAt), rows.map((r) => r.deadline)],
    );
  }

  /** The handling rounds of these cases, locked, in key order (case, then round). */
  async lockRounds(caseIds: readonly string[]): Promise<HandlingRound[]> {
    if (caseIds.length === 0) return [];
    return this.manager.query<HandlingRound[]>(
      `SELECT ${ROUND_COLUMNS.join(', ')} FROM assessment.handlings WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, round FOR UPDATE`,
      [[...new Set(caseIds)]],
    );
  }

  /** Writes rounds read by `lockRounds` and changed since, in one statement. */
  async writeRounds(rounds: readonly HandlingRound[]): Promise<void> {
    if (rounds.length === 0) return;
    // The key, and what the dispatch fixed (the unit and the month the round counts for), stay as they are.
    const changing = ROUND_COLUMNS.filter((column) => !['case_id', 'round', 'agency_id', 'month'].includes(column));
    // The cases again as an array, for the key's index: joined to a function's rows (taken for 100), the
    // rounds were read by a scan of the whole table (BatchedRows.flush says more).
    await this.manager.query(
      `UPDATE assessment.handlings h SET ${changing.map((column) => `${column} = v.${column}`).join(', ')}, updated_at = now()
         FROM jsonb_populate_recordset(NULL::assessment.handlings, $1::jsonb) AS v
        WHERE (h.case_id, h.round) = (v.case_id, v.round) AND h.case_id = ANY($2::uuid[])`,
      [JSON.stringify(rounds), [...new Set(rounds.map((round) => round.case_id))]],
    );
  }

  async insertCheckIn(row: { whistleId: string; agencyId: string; caseId: string; month: string; arriveBy: Date }): Promise<void> {
    await this.manager.query(
      `INSERT INTO assessment.check_ins (whistle_id, agency_id, case_id, month, arrive_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [row.whistleId, row.agencyId, row.caseId, row.month, row.arriveBy],
    );
  }

  async updateCheckIn(key: { whistleId: string; agencyId: string }, set: string, values: readonly unknown[]): Promise<TouchedRow | undefined> {
    const rows = returnedRows<{ month: string; agency_id: string }>(await this.manager.query(
      `UPDATE assessment.check_ins SET ${set} WHERE whistle_id = $1 AND agency_id = $2 RETURNING month, agency_id`,
      [key.whistleId, key.agencyId, ...values],
    ));
    const row = rows[0];
    return row ? { month: row.month, agencyId: row.agency_id } : undefined;
  }

  /** A month's rounds: as they are now, or as they were copied when the month closed. */
  async handlingsOf(month: string, source: FactSource = 'live'): Promise<HandlingFact[]> {
    const table = source === 'live' ? 'assessment.handlings' : 'assessment.closed_handlings';
    const rows: HandlingRow[] = await this.manager.query(`SELECT * FROM ${table} WHERE month = $1 ORDER BY agency_id, case_id, round`, [month]);
    return rows.map((row) => ({
      caseId: row.case_id,
      round: row.round,
      agencyId: row.agency_id,
      dispatchedAt: row.dispatched_at.toISOString(),
      deadline: row.deadline.toISOString(),
      signedAt: iso(row.signed_at),
      isSignBreached: row.is_sign_breached,
      returnedAt: iso(row.returned_at),
      isReturnUpheld: row.is_return_upheld,
      feedbackAt: iso(row.feedback_at),
      reworkCount: row.rework_count,
      isFollowUpReached: row.is_follow_up_reached,
      isResolved: row.is_resolved,
      satisfaction: row.satisfaction,
      concludedAs: row.concluded_as,
      isExcluded: row.is_excluded,
      isWithdrawn: row.is_withdrawn,
    }));
  }

  async checkInsOf(month: string, source: FactSource = 'live'): Promise<CheckInFact[]> {
    const table = source === 'live' ? 'assessment.check_ins' : 'assessment.closed_check_ins';
    const rows: CheckInRow[] = await this.manager.query(`SELECT * FROM ${table} WHERE month = $1 ORDER BY agency_id, arrive_by`, [month]);
    return rows.map((row) => ({
      caseId: row.case_id,
      whistleId: row.whistle_id,
      agencyId: row.agency_id,
      arriveBy: row.arrive_by.toISOString(),
      checkedInAt: iso(row.checked_in_at),
      isLate: row.is_late,
      isMissed: row.is_missed,
    }));
  }

  /** Copies a month's facts as they are into the closed_* tables (done once, when the month closes). */
  async copyToClosed(month: string): Promise<void> {
    await this.manager.query(`INSERT INTO assessment.closed_handlings SELECT * FROM assessment.handlings WHERE month = $1`, [month]);
    await this.manager.query(`INSERT INTO assessment.closed_check_ins SELECT * FROM assessment.check_ins WHERE month = $1`, [month]);
  }

  async agencies(agencyIds: readonly string[]): Promise<Array<{ agencyId: string; name: string; kind: string }>> {
    if (agencyIds.length === 0) return [];
    const rows: Array<{ agency_id: string; name: string; kind: string }> = await this.manager.query(
      `SELECT agency_id, name, kind FROM assessment.agencies WHERE agency_id = ANY($1)`,
      [agencyIds],
    );
    return rows.map((row) => ({ agencyId: row.agency_id, name: row.name, kind: row.kind }));
  }
}
