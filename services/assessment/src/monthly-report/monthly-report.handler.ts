import { Inject, Injectable } from '@nestjs/common';
import type { MonthlyReport } from '../domain/monthly-report';
import { HotspotsHandler } from '../hotspots/hotspots.handler';
import { AssessmentReader } from '../read-assessments/assessment-reader';
import { ASSESSMENT_SETTINGS, type AssessmentSettings } from '../read-assessments/assessment-settings';

@Injectable()
export class MonthlyReportHandler {
  constructor(
    private readonly reader: AssessmentReader,
    private readonly hotspots: HotspotsHandler,
    @Inject(ASSESSMENT_SETTINGS) private readonly settings: AssessmentSettings,
  ) {}

  async execute(month: string): Promise<MonthlyReport> {
    const assessment = await this.reader.assessment(month);
    return {
      month,
      isClosed: assessment.isClosed,
      agencies: assessment.agencies,
      lastPlacedCount: this.settings.reportLastPlaced,
      topProblems: await this.hotspots.execute(month, this.settings.reportTopProblems),
      adjustmentCount: assessment.adjustments.length,
    };
  }
}
