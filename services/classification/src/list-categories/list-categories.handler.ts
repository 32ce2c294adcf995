import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Urgency } from '@hotline/contracts';
import { KeywordRuleRecord } from '../infrastructure/database/entities/keyword-rule.entity';

export interface CategoryView {
  code: string;
  name: string;
  nameEn: string;
  urgency: Urgency;
}

export interface CategoryCatalogueView {
  /** The keyword rules' version, as named in `classifierVersion`. */
  version: number;
  items: CategoryView[];
}

@Injectable()
export class ListCategoriesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The categories a case can be filed under now: the enabled rows of the keyword catalogue. */
  async execute(): Promise<CategoryCatalogueView> {
    const records = await this.dataSource.getRepository(KeywordRuleRecord).find({ order: { position: 'ASC', category: 'ASC' } });
    return {
      version: records.reduce((max, r) => Math.max(max, r.version), 0),
      items: records.filter((r) => r.enabled).map((r) => ({ code: r.category, name: r.name, nameEn: r.nameEn, urgency: r.urgency })),
    };
  }
}
