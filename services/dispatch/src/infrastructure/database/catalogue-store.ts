import type { EntityManager } from 'typeorm';
import type { CatalogueRule } from '../../domain/catalogue-rule';
import { toCatalogueRule } from '../../reference-data/reference-data.cache';
import { toRuleView, type CatalogueSummaryView, type CatalogueView } from '../http/catalogue.contract';
import { CatalogueRuleRecord } from './entities/catalogue-rule.entity';
import { CatalogueRecord } from './entities/catalogue.entity';

// Creating and publishing versions take this lock: version numbers and the one published version never race.
const CATALOGUE_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('dispatch.catalogues'))`;

export const lockCatalogues = async (manager: EntityManager): Promise<void> => {
  await manager.query(CATALOGUE_LOCK_SQL);
};

const toSummary = (record: CatalogueRecord, ruleCount: number): CatalogueSummaryView => ({
  version: record.version,
  status: record.status,
  basedOn: record.basedOn,
  note: record.note,
  ruleCount,
  createdBy: record.createdBy,
  createdAt: record.createdAt.toISOString(),
  publishedBy: record.publishedBy,
  publishedAt: record.publishedAt?.toISOString() ?? null,
});

export async function listCatalogues(manager: EntityManager): Promise<CatalogueSummaryView[]> {
  const records = await manager.getRepository(CatalogueRecord).find({ order: { version: 'DESC' } });
  const counts = await manager.query<Array<{ version: number; n: number }>>(
    'SELECT catalogue_version AS version, count(*)::int AS n FROM catalogue_rules GROUP BY catalogue_version',
  );
  const countOf = new Map(counts.map((c) => [c.version, c.n]));
  return records.map((record) => toSummary(record, countOf.get(record.version) ?? 0));
}

export async function readCatalogueRules(manager: EntityManager, version: number): Promise<CatalogueRule[]> {
  const records = await manager.getRepository(CatalogueRuleRecord).find({ where: { catalogueVersion: version }, order: { position: 'ASC' } });
  return records.map(toCatalogueRule);
}

export async function readCatalogue(manager: EntityManager, version: number): Promise<CatalogueView | null> {
  const record = await manager.getRepository(CatalogueRecord).findOneBy({ version });
  if (!record) return null;
  const rules = await readCatalogueRules(manager, version);
  return { ...toSummary(record, rules.length), rules: rules.map(toRuleView) };
}

/** Writes a version's rules in order, positions from 1. */
export async function insertCatalogueRules(manager: EntityManager, version: number, rules: readonly CatalogueRule[]): Promise<void> {
  if (rules.length === 0) return;
  await manager.getRepository(CatalogueRuleRecord).insert(
    rules.map((rule, index) => ({
      catalogueVersion: version,
      position: index + 1,
      ruleId: rule.ruleId,
      name: rule.name,
      requestTypes: [...rule.requestTypes],
      category: rule.category,
      districtCode: rule.districtCode,
      streetCode: rule.streetCode,
      gridCode: rule.gridCode,
      keywords: [...rule.keywords],
      agencyId: rule.agencyId,
      coHandlerIds: [...rule.coHandlerIds],
    })),
  );
}
