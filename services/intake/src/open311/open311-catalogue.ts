import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Open311ServiceAttributeRecord, Open311ServiceRecord } from '../infrastructure/database/entities/open311.entities';

export interface Open311Service {
  record: Open311ServiceRecord;
  attributes: Open311ServiceAttributeRecord[];
}

/** The services Open311 clients may request: intake's copy of the category catalogue. */
@Injectable()
export class Open311Catalogue {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<Open311Service[]> {
    const [services, attributes] = await Promise.all([
      this.dataSource.getRepository(Open311ServiceRecord).find({ where: { isEnabled: true }, order: { position: 'ASC' } }),
      this.dataSource.getRepository(Open311ServiceAttributeRecord).find({ order: { position: 'ASC' } }),
    ]);
    return services.map((record) => ({ record, attributes: attributes.filter((attribute) => attribute.serviceCode === record.serviceCode) }));
  }

  /** Codes are matched without regard to case: clients retype them. */
  async find(code: string): Promise<Open311Service | undefined> {
    const record = await this.dataSource
      .getRepository(Open311ServiceRecord)
      .createQueryBuilder('service')
      .where('lower(service.service_code) = lower(:code) AND service.is_enabled', { code })
      .getOne();
    if (!record) return undefined;
    const attributes = await this.dataSource.getRepository(Open311ServiceAttributeRecord).find({ where: { serviceCode: record.serviceCode }, order: { position: 'ASC' } });
    return { record, attributes };
  }
}
