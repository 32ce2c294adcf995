import type { EntityManager } from 'typeorm';
import type { SlaClockName } from '@hotline/contracts';
import type { TimerKind } from '../domain/clock-plan';
import type { HandlerLevel } from '../domain/escalation';

export interface DueTimer {
  timerId: string;
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

/**
 * Claims up to `limit` due timers for this transaction. SKIP LOCKED lets replicas share the work
 * without waiting; a claimed row stays locked until the transaction that fires it commits, and the
 * fired_at it sets keeps it from ever being claimed again. Exported for the benchmark's EXPLAIN.
 */
export const DUE_TIMERS_SQL = `
  SELECT t.timer_id, t.case_id, t.round, t.clock, t.kind, t.fraction, c.agency_id, c.deadline, s.handler_level, s.district_code
    FROM (SELECT timer_id FROM supervision.timers
           WHERE fired_at IS NULL AND fire_at <= $1
           ORDER BY fire_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED) AS due
    JOIN supervision.timers t USING (timer_id)
    JOIN supervision.clocks c ON (c.case_id, c.round, c.clock) = (t.case_id, t.round, t.clock)
    JOIN supervision.cases s ON s.case_id = t.case_id`;

export async function claimDueTimers(manager: EntityManager, now: Date, limit: number): Promise<DueTimer[]> {
  const rows: Array<{
    timer_id: string;
    case_id: string;
    round: number;
    clock: SlaClockName;
    kind: TimerKind;
    fraction: number;
    agency_id: string;
    deadline: Date;
    handler_level: HandlerLevel | null;
    district_code: string | null;
  }> = await manager.query(DUE_TIMERS_SQL, [now, limit]);
  return rows.map((row) => ({
    timerId: row.timer_id,
    caseId: row.case_id,
    round: row.round,
    clock: row.clock,
    kind: row.kind,
    fraction: row.fraction,
    agencyId: row.agency_id,
    deadline: row.deadline,
    handlerLevel: row.handler_level,
    districtCode: row.district_code,
  }));
}

export async function markFired(manager: EntityManager, timerIds: readonly string[], firedAt: Date): Promise<number> {
  const result: [unknown[], number] = await manager.query(
    `UPDATE supervision.timers SET fired_at = $2 WHERE timer_id = ANY($1::bigint[]) AND fired_at IS NULL`,
    [timerIds, firedAt],
  );
  return result[1];
}
