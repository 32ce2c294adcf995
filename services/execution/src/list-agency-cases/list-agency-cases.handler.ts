import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { ListAgencyCasesQuery } from './list-agency-cases.request';

@Injectable()
export class ListAgencyCasesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A unit's queue, newest dispatch first (orders it was only copied on are not its to answer). */
  async execute(agencyId: string, query: ListAgencyCasesQuery): Promise<AssignmentRecord[]> {
    return this.dataSource.getRepository(AssignmentRecord).find({
      where: query.status ? { agencyId, status: query.status } : { agencyId },
      order: { dispatchedAt: 'DESC', caseId: 'ASC' },
      take: query.limit,
    });
  }
}
