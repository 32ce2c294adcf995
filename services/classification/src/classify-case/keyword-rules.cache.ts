import type { DataSource } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
import type { KeywordRule } from '../domain/keyword-scorer';
import { KeywordRuleRecord } from '../infrastructure/database/entities/keyword-rule.entity';

export interface KeywordCatalogue {
  /** The highest rule version: it changes with every edit of the catalogue. */
  readonly version: number;
  readonly rules: readonly KeywordRule[];
}

/**
 * The enabled keyword rules, held in memory (`CheckedCache`). After `ttlMs` the catalogue's version is
 * checked with one small query, and the rules are read again only when it changed.
 */
export class KeywordRulesCache extends CheckedCache<KeywordCatalogue> {
  constructor(dataSource: DataSource, ttlMs: number, now?: () => number) {
    super({ version: () => keywordRulesVersion(dataSource), load: () => readKeywordRules(dataSource) }, { ttlMs, ...(now ? { now } : {}) });
  }
}

async function keywordRulesVersion(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query<Array<{ version: number; enabled: string }>>(
    'SELECT coalesce(max(version), 0) AS version, count(*) FILTER (WHERE enabled) AS enabled FROM keyword_rules',
  );
  return `${row?.version ?? 0}/${row?.enabled ?? 0}`;
}

async function readKeywordRules(dataSource: DataSource): Promise<KeywordCatalogue> {
  const records = await dataSource.getRepository(KeywordRuleRecord).find({ order: { position: 'ASC', category: 'ASC' } });
  const version = records.reduce((max, r) => Math.max(max, r.version), 0);
  const rules = records
    .filter((r) => r.enabled)
    .map((r): KeywordRule => ({ category: r.category, name: r.name, urgency: r.urgency, keywords: r.keywords }));
  return { version, rules };
}
