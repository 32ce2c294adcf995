import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clock carries its own unfired timers (`pending_timers`, in firing order) and when the first of them is
 * due (`next_fire_at`), written in the same statement as the clock itself. Every start, stop, pause or move
 * of a clock used to delete its unfired timer rows and insert the new plan's: some ten rows per case,
 * written and deleted again, with three indexes each. `supervision.timers` now holds what fired, once per
 * clock, kind and fraction (`timers_once`), which is what keeps a timer from firing twice.
 */
export class TimersOnClocks1769900000000 implements MigrationInterface {
  name = 'TimersOnClocks1769900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE supervision.clocks
        ADD COLUMN pending_timers jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN next_fire_at timestamptz`);
    await runner.query(`
      UPDATE supervision.clocks AS c SET pending_timers = t.pending, next_fire_at = t.next_fire_at
        FROM (SELECT case_id, round, clock, min(fire_at) AS next_fire_at,
                     jsonb_agg(jsonb_build_object('kind', kind, 'fraction', fraction, 'fireAt', fire_at) ORDER BY fire_at, kind, fraction) AS pending
                FROM supervision.timers WHERE fired_at IS NULL GROUP BY case_id, round, clock) AS t
       WHERE (c.case_id, c.round, c.clock) = (t.case_id, t.round, t.clock)`);
    await runner.query(`DELETE FROM supervision.timers WHERE fired_at IS NULL`);
    await runner.query(`DROP INDEX supervision.timers_due`);
    await runner.query(`ALTER TABLE supervision.timers ALTER COLUMN fired_at SET NOT NULL`);
    // The due-timer claim reads clocks in next_fire_at order; clocks with nothing left to fire are not in it.
    await runner.query(`CREATE INDEX clocks_next_fire ON supervision.clocks (next_fire_at) WHERE next_fire_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX supervision.clocks_next_fire`);
    await runner.query(`ALTER TABLE supervision.timers ALTER COLUMN fired_at DROP NOT NULL`);
    await runner.query(`CREATE INDEX timers_due ON supervision.timers (fire_at) WHERE fired_at IS NULL`);
    await runner.query(`
      INSERT INTO supervision.timers (case_id, round, clock, kind, fraction, fire_at)
      SELECT c.case_id, c.round, c.clock, p->>'kind', (p->>'fraction')::float8, (p->>'fireAt')::timestamptz
        FROM supervision.clocks c, jsonb_array_elements(c.pending_timers) AS p
      ON CONFLICT ON CONSTRAINT timers_once DO NOTHING`);
    await runner.query(`ALTER TABLE supervision.clocks DROP COLUMN pending_timers, DROP COLUMN next_fire_at`);
  }
}
