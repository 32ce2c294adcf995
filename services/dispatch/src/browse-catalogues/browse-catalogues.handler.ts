import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { diffCatalogues } from '../domain/diff-catalogues';
import { listCatalogues, readCatalogue, readCatalogueRules } from '../infrastructure/database/catalogue-store';
import { toRuleView, type CatalogueDiffView, type CatalogueSummaryView, type CatalogueView } from '../infrastructure/http/catalogue.contract';

export type DiffResult = { status: 'compared'; diff: CatalogueDiffView } | { status: 'not_found'; version: number };

@Injectable()
export class BrowseCataloguesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every version of the dispatch catalogue, newest first. */
  list(): Promise<CatalogueSummaryView[]> {
    return listCatalogues(this.dataSource.manager);
  }

  get(version: number): Promise<CatalogueView | null> {
    return readCatalogue(this.dataSource.manager, version);
  }

  /** What changes from version `against` to `version`. */
  async diff(version: number, against: number): Promise<DiffResult> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager): Promise<DiffResult> => {
      const found = await manager.query<Array<{ version: number }>>('SELECT version FROM catalogues WHERE version = ANY($1::int[])', [[version, against]]);
      const missing = [version, against].find((v) => !found.some((row) => row.version === v));
      if (missing !== undefined) return { status: 'not_found', version: missing };
      const diff = diffCatalogues(await readCatalogueRules(manager, version), await readCatalogueRules(manager, against));
      return {
        status: 'compared',
        diff: {
          version,
          against,
          added: diff.added.map((a) => ({ position: a.position, rule: toRuleView(a.rule) })),
          removed: diff.removed.map((r) => ({ position: r.position, rule: toRuleView(r.rule) })),
          changed: diff.changed.map((c) => ({ ruleId: c.ruleId, fields: [...c.fields], before: toRuleView(c.before), after: toRuleView(c.after) })),
          moved: diff.moved,
        },
      };
    });
  }
}
