import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockCatalogues, readCatalogue } from '../infrastructure/database/catalogue-store';
import { CatalogueRecord, type CatalogueStatus } from '../infrastructure/database/entities/catalogue.entity';
import type { CatalogueView } from '../infrastructure/http/catalogue.contract';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';

export type PublishResult =
  | { status: 'published'; catalogue: CatalogueView; superseded: number | null }
  | { status: 'not_found' }
  | { status: 'not_a_draft'; current: CatalogueStatus };

@Injectable()
export class PublishCatalogueHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /**
   * Publishes a draft; the version published until now is superseded. Cases already dispatched keep the
   * version and rule recorded with them: only dispatches from now on route by the new version, in this
   * process from the next dispatch on (the cache is told once the transaction has committed).
   */
  async execute(version: number, publishedBy: string): Promise<PublishResult> {
    const result = await this.dataSource.transaction(async (manager): Promise<PublishResult> => {
      await lockCatalogues(manager);
      const catalogues = manager.getRepository(CatalogueRecord);
      const draft = await catalogues.findOneBy({ version });
      if (!draft) return { status: 'not_found' };
      if (draft.status !== 'draft') return { status: 'not_a_draft', current: draft.status };
      const previous = await catalogues.findOneBy({ status: 'published' });
      if (previous) await catalogues.update({ version: previous.version, status: 'published' }, { status: 'superseded' });
      await catalogues.update({ version, status: 'draft' }, { status: 'published', publishedBy, publishedAt: new Date() });
      return { status: 'published', catalogue: (await readCatalogue(manager, version))!, superseded: previous?.version ?? null };
    });
    if (result.status === 'published') this.referenceData.invalidate();
    return result;
  }
}
