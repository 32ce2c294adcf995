import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CHINESE_DAYS_COVERED_YEARS, WorkingCalendar } from '@hotline/case-lifecycle';
import { CalendarRepository, type CalendarSettings } from '../infrastructure/database/calendar.repository';
import { SupervisionReferenceCache } from '../reference-data/reference-data.cache';
import { rescheduleUnplacedClocks } from '../run-clocks/reschedule-clocks';
import type { CalendarView } from './calendar-overrides.contract';

@Injectable()
export class CalendarOverridesHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: SupervisionReferenceCache,
  ) {}

  async read(now = new Date()): Promise<CalendarView> {
    return viewOf(await new CalendarRepository(this.dataSource.manager).settings(), now);
  }

  async replace(settings: CalendarSettings, now = new Date()): Promise<CalendarView> {
    const rescheduled = await this.dataSource.transaction(async (manager) => {
      const calendar = new CalendarRepository(manager);
      await calendar.replace(settings);
      return rescheduleUnplacedClocks(manager, await calendar.calendar());
    });
    this.referenceData.invalidate();
    return { ...(await this.read(now)), rescheduledClocks: rescheduled };
  }
}

function viewOf(settings: CalendarSettings, now: Date): CalendarView {
  const calendar = new WorkingCalendar({ overrides: settings.overrides, extraCoveredYears: settings.declaredYears });
  const thisYear = Number(calendar.localDateOf(now).slice(0, 4));
  return {
    ...settings,
    library: { name: 'chinese-days', firstYear: CHINESE_DAYS_COVERED_YEARS.first, lastYear: CHINESE_DAYS_COVERED_YEARS.last },
    yearsWithoutData: [thisYear, thisYear + 1].filter((year) => !calendar.isYearCovered(year)),
    rescheduledClocks: 0,
  };
}
