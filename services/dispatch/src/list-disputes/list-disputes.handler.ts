import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DisputeRecord } from '../infrastructure/database/entities/dispute.entity';
import { toDisputeView, type DisputeView } from '../infrastructure/http/dispute.view';
import type { ListDisputesQuery } from './list-disputes.request';

@Injectable()
export class ListDisputesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns (退单) by status, the longest-waiting first. */
  async execute(query: ListDisputesQuery): Promise<DisputeView[]> {
    const records = await this.dataSource.getRepository(DisputeRecord).find({
      where: { ...(query.status ? { status: query.status } : {}), ...(query.agencyId ? { agencyId: query.agencyId } : {}) },
      order: { raisedAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
    return records.map(toDisputeView);
  }
}
