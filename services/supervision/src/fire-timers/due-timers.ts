import type { EntityManager } from 'typeorm';
import type { SlaClockName } from '@hotline/contracts';
import type { TimerKind } from '../domain/clock-plan';
import type { HandlerLevel } from '../domain/escalation';
import type { PendingTimerJson } from '../infrastructure/database/clock.repository';

/** A timer that fires now, with what its events say of the clock and the case. */
export interface DueTimer {
  caseId: string;
  round: number;
  clock: SlaClockName;
  kind: TimerKind;
  fraction: number;
  agencyId: string;
  deadline: Date;
  handlerLevel: HandlerLevel | null;
  districtCode: string | null;
}

interface DueClockRow {
  case_id: string;
  round: number;
  clock: SlaClockName;
  agency_id: string;
  deadline: Date;
  pending_timers: PendingTimerJson[];
  handler_level: HandlerLevel | null;
  district_code: string | null;
}

/**
 * Claims up to `limit` clocks with a timer due, for this transaction. SKIP LOCKED lets replicas share the
 * work without waiting; a claimed clock stays locked until the transaction that fires its timers commits
 * (the clock handler's batches lock the same rows, so a plan never changes under a firing). Exported for
 * the benchmark's EXPLAIN.
 */
export const DUE_CLOCKS_SQL = `
  SELECT c.case_id, c.round, c.clock, c.agency_id, c.deadline, c.pending_timers, s.handler_level, s.district_code
    FROM supervision.clocks c
    JOIN supervision.cases s USING (case_id)
   WHERE c.next_fire_at <= $1
   ORDER BY c.next_fire_at
   LIMIT $2
   FOR UPDATE OF c SKIP LOCKED`;

const timerKey = (timer: { case_id: string; round: number; clock: string; kind: string; fraction: number }): string =>
  `${timer.case_id}/${timer.round}/${timer.clock}/${timer.kind}/${timer.fraction}`;

/**
 * Fires the due timers of up to `limit` clocks in the caller's transaction, in three statements: claims
 * the clocks, records their due timers as fired, and leaves each clock the timers still to come (and
 * when the first of them is due). A timer that fired before under an earlier plan of the same clock (a
 * breach, then the deadline moved by an extension) is skipped by `timers_once`: nothing fires twice.
 * Returns how many clocks it claimed and the timers that fire now, for their events, in firing order.
 */
export async function fireDueTimers(manager: EntityManager, now: Date, limit: number): Promise<{ claimed: number; fired: DueTimer[] }> {
  const claimed: DueClockRow[] = await manager.query(DUE_CLOCKS_SQL, [now, limit]);
  if (claimed.length === 0) return { claimed: 0, fired: [] };
  const isDue = (timer: PendingTimerJson) => new Date(timer.fireAt).getTime() <= now.getTime();
  const due = claimed.flatMap((row) => row.pending_timers.filter(isDue).map((timer) => ({ row, timer })));
  const inserted: Array<{ case_id: string; round: number; clock: string; kind: string; fraction: number }> =
    due.length === 0
      ? []
      : await manager.query(
          `INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at, fired_at)
           SELECT t.*, $7::timestamptz FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[]) AS t
           ON CONFLICT ON CONSTRAINT timers_once DO NOTHING
           RETURNING case_id, round, clock, kind, fraction`,
          [
            due.map(({ row }) => row.case_id),
            due.map(({ row }) => row.round),
            due.map(({ row }) => row.clock),
            due.map(({ timer }) => timer.kind),
            due.map(({ timer }) => timer.fraction),
            due.map(({ timer }) => timer.fireAt),
            now,
          ],
        );
  const remaining = claimed.map((row) => row.pending_timers.filter((timer) => !isDue(timer)));
  await manager.query(
    `UPDATE supervision.clocks AS c SET pending_timers = v.pending_timers, next_fire_at = v.next_fire_at
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS v(case_id, round, clock, pending_timers, next_fire_at)
      WHERE (c.case_id, c.round, c.clock) = (v.case_id, v.round, v.clock)`,
    [
      claimed.map((row) => row.case_id),
      claimed.map((row) => row.round),
      claimed.map((row) => row.clock),
      remaining.map((timers) => JSON.stringify(timers)),
      remaining.map((timers) => timers[0]?.fireAt ?? null),
    ],
  );
  const firstTime = new Set(inserted.map(timerKey));
  const fired = due
    .filter(({ row, timer }) => firstTime.has(timerKey({ ...row, kind: timer.kind, fraction: timer.fraction })))
    .map(({ row, timer }) => ({
      caseId: row.case_id,
      round: row.round,
      clock: row.clock,
      kind: timer.kind,
      fraction: timer.fraction,
      agencyId: row.agency_id,
      deadline: row.deadline,
      handlerLevel: row.handler_level,
      districtCode: row.district_code,
    }));
  return { claimed: claimed.length, fired };
}
