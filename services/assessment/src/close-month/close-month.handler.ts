import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addMonths, monthOf } from '../domain/month';
import { FactsRepository } from '../infrastructure/database/facts.repository';
import { MonthClosingRepository } from '../infrastructure/database/month-closing.repository';
import { AssessmentReader } from '../read-assessments/assessment-reader';
import { ASSESSMENT_SETTINGS, type AssessmentSettings } from '../read-assessments/assessment-settings';

export type CloseMonthResult = { status: 'closed' } | { status: 'already_closed' } | { status: 'not_ended' };

@Injectable()
export class CloseMonthHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: AssessmentReader,
    @Inject(ASSESSMENT_SETTINGS) private readonly settings: AssessmentSettings,
  ) {}

  /** Freezes the month's facts and settings: its figures are computed from this snapshot from now on. */
  async execute(month: string, closedBy: string, now = new Date()): Promise<CloseMonthResult> {
    const currentMonth = monthOf(now, this.settings.monthUtcOffsetMinutes);
    if (month > addMonths(currentMonth, -1)) return { status: 'not_ended' };
    return this.dataSource.transaction(async (manager): Promise<CloseMonthResult> => {
      const closings = new MonthClosingRepository(manager);
      // Waits for the events being recorded for the month, and holds back new ones until the close commits:
      // each then lands either in the snapshot or in the month's adjustments.
      await closings.lockMonth(month, 'exclusive');
      const snapshot = await this.reader.liveSnapshot(month, manager);
      if (!(await closings.insert({ month, closedAt: now, closedBy, snapshot }))) return { status: 'already_closed' };
      await new FactsRepository(manager).copyToClosed(month);
      return { status: 'closed' };
    });
  }
}
