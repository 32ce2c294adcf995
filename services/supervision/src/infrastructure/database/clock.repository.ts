import type { EntityManager } from 'typeorm';
import type { SlaClockUnit } from '@hotline/case-lifecycle';
import type { SlaClockName } from '@hotline/contracts';
import type { PlannedTimer } from '../../domain/clock-plan';

export interface ClockRecord {
  caseId: string;
  round: number;
  clock: SlaClockName;
  agencyId: string;
  unit: SlaClockUnit;
  startedAt: Date;
  allowedMs: number | null;
  consumedMs: number;
  runningSince: Date | null;
  pausedAt: Date | null;
  pausedMs: number;
  deadline: Date | null;
  stoppedAt: Date | null;
  stopReason: string | null;
  calendarError: string | null;
  warningFractions: number[];
  escalateAfterMs: number | null;
}

interface ClockRow {
  case_id: string;
  round: number;
  clock: SlaClockName;
  agency_id: string;
  unit: SlaClockUnit;
  started_at: Date;
  allowed_ms: string | null;
  consumed_ms: string;
  running_since: Date | null;
  paused_at: Date | null;
  paused_ms: string;
  deadline: Date | null;
  stopped_at: Date | null;
  stop_reason: string | null;
  calendar_error: string | null;
  warning_fractions: number[];
  escalate_after_ms: string | null;
}

/** The columns a `ClockRecord` is read from: not the plan (`pending_timers`), which only the timer worker reads. */
const CLOCK_COLUMNS = [
  'case_id', 'round', 'clock', 'agency_id', 'unit', 'started_at', 'allowed_ms', 'consumed_ms', 'running_since', 'paused_at', 'paused_ms',
  'deadline', 'stopped_at', 'stop_reason', 'calendar_error', 'warning_fractions', 'escalate_after_ms',
] as const satisfies ReadonlyArray<keyof ClockRow>;
const columnsOf = (alias?: string): string => CLOCK_COLUMNS.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');

const toRecord = (row: ClockRow): ClockRecord => ({
  caseId: row.case_id,
  round: row.round,
  clock: row.clock,
  agencyId: row.agency_id,
  unit: row.unit,
  startedAt: row.started_at,
  allowedMs: row.allowed_ms === null ? null : Number(row.allowed_ms),
  consumedMs: Number(row.consumed_ms),
  runningSince: row.running_since,
  pausedAt: row.paused_at,
  pausedMs: Number(row.paused_ms),
  deadline: row.deadline,
  stoppedAt: row.stopped_at,
  stopReason: row.stop_reason,
  calendarError: row.calendar_error,
  warningFractions: row.warning_fractions,
  escalateAfterMs: row.escalate_after_ms === null ? null : Number(row.escalate_after_ms),
});

/** A clock as it is to be written, with the timers planned for it (a stopped or paused clock plans none). */
export interface PlannedClock {
  clock: ClockRecord;
  timers: readonly PlannedTimer[];
}

/** A clock's `pending_timers` as stored: in firing order. */
export interface PendingTimerJson {
  kind: PlannedTimer['kind'];
  fraction: number;
  fireAt: string;
}

/** The pending_timers and next_fire_at columns of a plan. */
function pendingColumns(timers: readonly PlannedTimer[]): { json: string; nextFireAt: Date | null } {
  const inOrder = [...timers].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  const json: PendingTimerJson[] = inOrder.map((timer) => ({ kind: timer.kind, fraction: timer.fraction, fireAt: timer.fireAt.toISOString() }));
  return { json: JSON.stringify(json), nextFireAt: inOrder[0]?.fireAt ?? null };
}

export interface FiredTimer {
  kind: PlannedTimer['kind'];
  fraction: number;
  firedAt: Date;
}

export class ClockRepository {
  constructor(private readonly manager: EntityManager) {}

  async ofCase(caseId: string): Promise<ClockRecord[]> {
    const rows: ClockRow[] = await this.manager.query(
      `SELECT ${columnsOf()} FROM supervision.clocks WHERE case_id = $1 ORDER BY round, array_position(ARRAY['sign','first_contact','feedback'], clock)`,
      [caseId],
    );
    return rows.map(toRecord);
  }

  /** The clocks of every round of the given cases, locked, in key order (so two batches never wait in a cycle). */
  async lockOfCases(caseIds: readonly string[]): Promise<ClockRecord[]> {
    if (caseIds.length === 0) return [];
    const rows: ClockRow[] = await this.manager.query(
      `SELECT ${columnsOf()} FROM supervision.clocks WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, round, clock FOR UPDATE`,
      [[...new Set(caseIds)].sort()],
    );
    return rows.map(toRecord);
  }

  /** Inserts clocks with their planned timers in one statement; one already there is left as it is. */
  async insertAll(planned: readonly PlannedClock[]): Promise<void> {
    if (planned.length === 0) return;
    const clocks = planned.map(({ clock }) => clock);
    const pending = planned.map(({ timers }) => pendingColumns(timers));
    const column = <T>(pick: (clock: ClockRecord) => T): T[] => clocks.map(pick);
    await this.manager.query(
      `INSERT INTO supervision.clocks (case_id, round, clock, agency_id, unit, started_at, allowed_ms, consumed_ms, running_since,
         paused_at, paused_ms, deadline, stopped_at, stop_reason, calendar_error, warning_fractions, escalate_after_ms, pending_timers, next_fire_at)
       SELECT c.case_id, c.round, c.clock, c.agency_id, c.unit, c.started_at, c.allowed_ms, c.consumed_ms, c.running_since, c.paused_at,
              c.paused_ms, c.deadline, c.stopped_at, c.stop_reason, c.calendar_error,
              ARRAY(SELECT jsonb_array_elements_text(c.warning_fractions)::float8), c.escalate_after_ms, c.pending_timers, c.next_fire_at
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[], $8::bigint[],
                     $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[],
                     $16::jsonb[], $17::bigint[], $18::jsonb[], $19::timestamptz[])
           AS c(case_id, round, clock, agency_id, unit, started_at, allowed_ms, consumed_ms, running_since, paused_at, paused_ms,
                deadline, stopped_at, stop_reason, calendar_error, warning_fractions, escalate_after_ms, pending_timers, next_fire_at)
       ON CONFLICT (case_id, round, clock) DO NOTHING`,
      [
        column((c) => c.caseId), column((c) => c.round), column((c) => c.clock), column((c) => c.agencyId), column((c) => c.unit),
        column((c) => c.startedAt), column((c) => c.allowedMs), column((c) => c.consumedMs), column((c) => c.runningSince),
        column((c) => c.pausedAt), column((c) => c.pausedMs), column((c) => c.deadline), column((c) => c.stoppedAt),
        column((c) => c.stopReason), column((c) => c.calendarError), column((c) => JSON.stringify(c.warningFractions)),
        column((c) => c.escalateAfterMs), pending.map((p) => p.json), pending.map((p) => p.nextFireAt),
      ],
    );
  }

  /**
   * Writes the changed clocks in one statement: their progress, deadline, stop and unit (the key and the
   * profile's warnings stay), and their planned timers, which replace the unfired ones.
   */
  async updateAll(planned: readonly PlannedClock[]): Promise<void> {
    if (planned.length === 0) return;
    const clocks = planned.map(({ clock }) => clock);
    const pending = planned.map(({ timers }) => pendingColumns(timers));
    const column = <T>(pick: (clock: ClockRecord) => T): T[] => clocks.map(pick);
    await this.manager.query(
      `UPDATE supervision.clocks AS c SET allowed_ms = v.allowed_ms, consumed_ms = v.consumed_ms, running_since = v.running_since,
         paused_at = v.paused_at, paused_ms = v.paused_ms, deadline = v.deadline, stopped_at = v.stopped_at, stop_reason = v.stop_reason,
         calendar_error = v.calendar_error, agency_id = v.agency_id, pending_timers = v.pending_timers, next_fire_at = v.next_fire_at
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::bigint[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::timestamptz[])
           AS v(case_id, round, clock, allowed_ms, consumed_ms, running_since, paused_at, paused_ms, deadline, stopped_at, stop_reason,
                calendar_error, agency_id, pending_timers, next_fire_at)
        WHERE (c.case_id, c.round, c.clock) = (v.case_id, v.round, v.clock)`,
      [
        column((c) => c.caseId), column((c) => c.round), column((c) => c.clock), column((c) => c.allowedMs), column((c) => c.consumedMs),
        column((c) => c.runningSince), column((c) => c.pausedAt), column((c) => c.pausedMs), column((c) => c.deadline),
        column((c) => c.stoppedAt), column((c) => c.stopReason), column((c) => c.calendarError), column((c) => c.agencyId),
        pending.map((p) => p.json), pending.map((p) => p.nextFireAt),
      ],
    );
  }

  async firedTimers(caseId: string, round: number): Promise<Map<SlaClockName, FiredTimer[]>> {
    const rows: Array<{ clock: SlaClockName; kind: PlannedTimer['kind']; fraction: number; fired_at: Date }> = await this.manager.query(
      `SELECT clock, kind, fraction, fired_at FROM supervision.timers WHERE case_id = $1 AND round = $2 AND fired_at IS NOT NULL ORDER BY fired_at`,
      [caseId, round],
    );
    const byClock = new Map<SlaClockName, FiredTimer[]>();
    for (const row of rows) {
      byClock.set(row.clock, [...(byClock.get(row.clock) ?? []), { kind: row.kind, fraction: row.fraction, firedAt: row.fired_at }]);
    }
    return byClock;
  }

  /** Open clocks the calendar could not place, with their case's profile, locked for rescheduling. */
  async unplaced(): Promise<Array<{ clock: ClockRecord; profileId: string | null }>> {
    const rows: Array<ClockRow & { profile_id: string | null }> = await this.manager.query(
      `SELECT ${columnsOf('c')}, s.profile_id FROM supervision.clocks c JOIN supervision.cases s USING (case_id)
        WHERE c.calendar_error IS NOT NULL AND c.stopped_at IS NULL FOR UPDATE OF c`,
    );
    return rows.map((row) => ({ clock: toRecord(row), profileId: row.profile_id }));
  }

  /** A unit's open clocks past their deadline, most overdue first. */
  async overdueOf(agencyId: string, now: Date, limit: number): Promise<ClockRecord[]> {
    const rows: ClockRow[] = await this.manager.query(
      `SELECT ${columnsOf()} FROM supervision.clocks WHERE agency_id = $1 AND stopped_at IS NULL AND deadline < $2 ORDER BY deadline, case_id LIMIT $3`,
      [agencyId, now, limit],
    );
    return rows.map(toRecord);
  }
}
