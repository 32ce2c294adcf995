import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CatalogueRule } from '../domain/catalogue-rule';
import { catalogueRuleIssues, type RuleIssue } from '../domain/catalogue-rule-issues';
import { insertCatalogueRules, lockCatalogues, readCatalogue, readCatalogueRules } from '../infrastructure/database/catalogue-store';
import { AgencyRecord } from '../infrastructure/database/entities/agency.entity';
import { CatalogueRecord } from '../infrastructure/database/entities/catalogue.entity';
import { CategoryRecord } from '../infrastructure/database/entities/category.entity';
import type { CatalogueView } from '../infrastructure/http/catalogue.contract';

export type CreateDraftResult =
  | { status: 'created'; catalogue: CatalogueView }
  | { status: 'invalid'; issues: RuleIssue[] }
  | { status: 'nothing_published' };

export interface CreateDraftInput {
  readonly note: string | null;
  /** null: copy the published version. */
  readonly rules: readonly CatalogueRule[] | null;
  readonly createdBy: string;
}

@Injectable()
export class CreateCatalogueDraftHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new draft version, numbered after the newest; nothing routes by it until it is published. */
  async execute(input: CreateDraftInput): Promise<CreateDraftResult> {
    return this.dataSource.transaction(async (manager): Promise<CreateDraftResult> => {
      await lockCatalogues(manager);
      const [published] = await manager.query<Array<{ version: number }>>(`SELECT version FROM catalogues WHERE status = 'published'`);
      if (input.rules === null && !published) return { status: 'nothing_published' };
      const rules = input.rules ?? (await readCatalogueRules(manager, published.version));
      const issues = catalogueRuleIssues(rules, await this.knownReferenceData(manager));
      if (issues.length > 0) return { status: 'invalid', issues };
      const [{ next }] = await manager.query<[{ next: number }]>('SELECT coalesce(max(version), 0) + 1 AS next FROM catalogues');
      await manager.getRepository(CatalogueRecord).insert({
        version: next,
        status: 'draft',
        basedOn: input.rules === null ? published.version : null,
        note: input.note,
        createdBy: input.createdBy,
        createdAt: new Date(),
        publishedBy: null,
        publishedAt: null,
      });
      await insertCatalogueRules(manager, next, rules);
      return { status: 'created', catalogue: (await readCatalogue(manager, next))! };
    });
  }

  private async knownReferenceData(manager: EntityManager) {
    const agencies = new Set((await manager.getRepository(AgencyRecord).find({ select: { agencyId: true } })).map((a) => a.agencyId));
    const categories = new Set((await manager.getRepository(CategoryRecord).find({ select: { code: true } })).map((c) => c.code));
    return { isAgency: (agencyId: string) => agencies.has(agencyId), isCategory: (code: string) => categories.has(code) };
  }
}
