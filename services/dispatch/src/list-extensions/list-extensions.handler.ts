import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ExtensionRequestRecord } from '../infrastructure/database/entities/extension-request.entity';
import { toExtensionRequestView, type ExtensionRequestView } from '../infrastructure/http/extension-request.view';
import type { ListExtensionsQuery } from './list-extensions.request';

@Injectable()
export class ListExtensionsHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Extension requests (延期申请) by status, the longest-waiting first. */
  async execute(query: ListExtensionsQuery): Promise<ExtensionRequestView[]> {
    const records = await this.dataSource.getRepository(ExtensionRequestRecord).find({
      where: { ...(query.status ? { status: query.status } : {}), ...(query.agencyId ? { agencyId: query.agencyId } : {}) },
      order: { requestedAt: 'ASC', caseId: 'ASC' },
      take: query.limit,
    });
    return records.map(toExtensionRequestView);
  }
}
