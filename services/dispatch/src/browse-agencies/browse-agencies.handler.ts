import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgencyKind } from '@hotline/demo-city';
import { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import type { ListAgenciesQuery } from './browse-agencies.request';

export interface AgencyView {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  districtCode: string | null;
  parentAgencyId: string | null;
  streetCode: string | null;
}

const toView = (r: AgencyRecord): AgencyView => ({
  agencyId: r.agencyId,
  name: r.name,
  kind: r.kind,
  districtCode: r.districtCode,
  parentAgencyId: r.parentAgencyId,
  streetCode: r.streetCode,
});

@Injectable()
export class BrowseAgenciesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Handling units (承办单位), optionally of one district and/or kind, ordered by id. */
  async list(query: ListAgenciesQuery): Promise<AgencyView[]> {
    const records = await this.dataSource.getRepository(AgencyRecord).find({
      where: {
        ...(query.districtCode !== undefined ? { districtCode: query.districtCode } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
      },
      order: { agencyId: 'ASC' },
    });
    return records.map(toView);
  }

  async get(agencyId: string): Promise<AgencyView | null> {
    const record = await this.dataSource.getRepository(AgencyRecord).findOneBy({ agencyId });
    return record ? toView(record) : null;
  }
}
