import type { DataSource } from 'typeorm';
import { CheckedCache } from '@hotline/persistence';
import { activeModelVersion, loadModel, type PublishedModel } from './classifier-model.store';

/**
 * The newest active trained model, held in memory (`CheckedCache`). After `ttlMs` its version number is
 * checked with one small query; a newly published version is loaded then, so classification swaps models
 * without a restart. One check at a time: a model is megabytes, concurrent cases must not each read it.
 * No published model: null, and the keyword rules classify.
 */
export class ClassifierModelCache extends CheckedCache<PublishedModel | null> {
  constructor(dataSource: DataSource, ttlMs: number, now?: () => number) {
    super(
      {
        version: async () => String(await activeModelVersion(dataSource)),
        load: (_, version) => (version === '0' ? Promise.resolve(null) : loadModel(dataSource, Number(version))),
      },
      { ttlMs, shareChecks: true, ...(now ? { now } : {}) },
    );
  }
}
