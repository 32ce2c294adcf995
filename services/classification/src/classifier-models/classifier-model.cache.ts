import type { DataSource } from 'typeorm';
import { activeModelVersion, loadModel, type PublishedModel } from './classifier-model.store';

/**
 * The newest active trained model, held in memory. After `ttlMs` its version number is checked with
 * one small query; a newly published version is loaded then, so classification swaps models without a
 * restart. No published model: null, and the keyword rules classify.
 */
export class ClassifierModelCache {
  private cached: { published: PublishedModel | null; version: number; checkedAt: number } | undefined;
  private loading: Promise<PublishedModel | null> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<PublishedModel | null> {
    const checkedAt = this.now();
    if (this.cached && checkedAt - this.cached.checkedAt < this.ttlMs) return this.cached.published;
    // One load at a time: a model is megabytes, concurrent cases must not each read it.
    this.loading ??= this.refresh(checkedAt).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async refresh(checkedAt: number): Promise<PublishedModel | null> {
    const version = await activeModelVersion(this.dataSource);
    if (this.cached?.version === version) {
      this.cached.checkedAt = checkedAt;
      return this.cached.published;
    }
    const published = version === 0 ? null : await loadModel(this.dataSource, version);
    this.cached = { published, version, checkedAt };
    return published;
  }
}
