import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hotspotsOf, type Hotspot } from '../domain/hotspots';
import { addMonths } from '../domain/month';
import { CaseCountsRepository } from '../infrastructure/database/case-counts.repository';

@Injectable()
export class HotspotsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Category × street hotspots of the month, with last month's counts for the trend. */
  async execute(month: string, limit: number): Promise<Hotspot[]> {
    const previousMonth = addMonths(month, -1);
    const counts = await new CaseCountsRepository(this.dataSource.manager).byCategoryAndStreet([month, previousMonth]);
    return hotspotsOf(
      counts.filter((row) => row.month === month),
      counts.filter((row) => row.month === previousMonth),
    ).slice(0, limit);
  }
}
