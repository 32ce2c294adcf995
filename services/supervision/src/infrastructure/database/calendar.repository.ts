import type { EntityManager } from 'typeorm';
import { WorkingCalendar, type WorkdayOverride } from '@hotline/case-lifecycle';

export interface CalendarOverride extends WorkdayOverride {
  note: string | null;
}

export interface CalendarSettings {
  overrides: CalendarOverride[];
  declaredYears: number[];
}

/** The operators' calendar overrides, kept in Postgres; the official data comes from chinese-days. */
export class CalendarRepository {
  constructor(private readonly manager: EntityManager) {}

  async settings(): Promise<CalendarSettings> {
    const overrides: Array<{ date: string; is_workday: boolean; note: string | null }> = await this.manager.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, is_workday, note FROM supervision.calendar_overrides ORDER BY date`,
    );
    const years: Array<{ year: number }> = await this.manager.query(`SELECT year FROM supervision.calendar_declared_years ORDER BY year`);
    return {
      overrides: overrides.map((row) => ({ date: row.date, isWorkday: row.is_workday, note: row.note })),
      declaredYears: years.map((row) => row.year),
    };
  }

  async calendar(): Promise<WorkingCalendar> {
    const { overrides, declaredYears } = await this.settings();
    return new WorkingCalendar({ overrides, extraCoveredYears: declaredYears });
  }

  /** Replaces every override and declared year (PUT semantics), in the caller's transaction. */
  async replace(settings: CalendarSettings): Promise<void> {
    await this.manager.query(`LOCK TABLE supervision.calendar_overrides IN EXCLUSIVE MODE`);
    await this.manager.query(`DELETE FROM supervision.calendar_overrides`);
    await this.manager.query(`DELETE FROM supervision.calendar_declared_years`);
    if (settings.overrides.length > 0) {
      await this.manager.query(
        `INSERT INTO supervision.calendar_overrides (date, is_workday, note)
         SELECT (o->>'date')::date, (o->>'isWorkday')::boolean, o->>'note' FROM jsonb_array_elements($1::jsonb) AS o`,
        [JSON.stringify(settings.overrides)],
      );
    }
    if (settings.declaredYears.length > 0) {
      await this.manager.query(`INSERT INTO supervision.calendar_declared_years (year) SELECT unnest($1::int[])`, [settings.declaredYears]);
    }
  }
}
