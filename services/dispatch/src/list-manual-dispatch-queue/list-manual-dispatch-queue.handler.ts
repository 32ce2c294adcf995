import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Urgency } from '@hotline/contracts';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';

export interface ManualDispatchView {
  caseId: string;
  category: string | null;
  urgency: Urgency;
  districtCode: string | null;
  streetCode: string | null;
  reason: string;
  queuedAt: string;
}

@Injectable()
export class ListManualDispatchQueueHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Cases waiting for a dispatcher (派单员), the longest-waiting first. */
  async execute(limit: number): Promise<ManualDispatchView[]> {
    const records = await this.dataSource.getRepository(ManualDispatchRecord).find({ order: { queuedAt: 'ASC', caseId: 'ASC' }, take: limit });
    return records.map((r) => ({
      caseId: r.caseId,
      category: r.category,
      urgency: r.urgency,
      districtCode: r.districtCode,
      streetCode: r.streetCode,
      reason: r.reason,
      queuedAt: r.queuedAt.toISOString(),
    }));
  }
}
