import type { DataSource } from 'typeorm';
import type { KeywordRule } from '../domain/keyword-scorer';
import { KeywordRuleRecord } from '../infrastructure/database/entities/keyword-rule.entity';

export interface KeywordCatalogue {
  /** The highest rule version: it changes with every edit of the catalogue. */
  readonly version: number;
  readonly rules: readonly KeywordRule[];
}

interface Cached {
  readonly catalogue: KeywordCatalogue;
  readonly fingerprint: string;
  checkedAt: number;
}

/**
 * The enabled keyword rules, held in memory. After `ttlMs` the catalogue's version is checked with
 * one small query, and the rules are read again only when it changed.
 */
export class KeywordRulesCache {
  private cached: Cached | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<KeywordCatalogue> {
    const checkedAt = this.now();
    if (this.cached && checkedAt - this.cached.checkedAt < this.ttlMs) return this.cached.catalogue;
    const fingerprint = await this.fingerprint();
    if (this.cached?.fingerprint === fingerprint) {
      this.cached.checkedAt = checkedAt;
      return this.cached.catalogue;
    }
    const catalogue = await this.load();
    this.cached = { catalogue, fingerprint, checkedAt };
    return catalogue;
  }

  private async fingerprint(): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ version: number; enabled: string }>>(
      'SELECT coalesce(max(version), 0) AS version, count(*) FILTER (WHERE enabled) AS enabled FROM keyword_rules',
    );
    return `${row?.version ?? 0}/${row?.enabled ?? 0}`;
  }

  private async load(): Promise<KeywordCatalogue> {
    const records = await this.dataSource.getRepository(KeywordRuleRecord).find({ order: { position: 'ASC', category: 'ASC' } });
    const version = records.reduce((max, r) => Math.max(max, r.version), 0);
    const rules = records
      .filter((r) => r.enabled)
      .map((r): KeywordRule => ({ category: r.category, name: r.name, urgency: r.urgency, keywords: r.keywords }));
    return { version, rules };
  }
}
