import 'reflect-metadata';
import { z } from 'zod';
import { loadConfig, redactUrl } from '@hotline/config';
import { personalDataCipherFrom, personalDataEnvShape, reencryptColumns } from '@hotline/personal-data';
import { loadDataSourceModule, selectedServices } from '../../deploy/local/services';

const rotateEnvSchema = z.object({
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/hotline'),
  PERSONAL_DATA_ROTATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  ...personalDataEnvShape,
});

/**
 * npm run personal-data:rotate — re-encrypts every sealed column of every service (`<NAME>_SEALED_COLUMNS`:
 * reporters' contacts, execution's webhook signing secrets) to the active key (PERSONAL_DATA_ACTIVE_KEY_ID),
 * in batches. Idempotent and resumable: values already under
 * the active key are skipped, so run it again after an interruption. Values stored in clear before
 * encryption at rest are sealed. Retire an old key only after a run that re-encrypted nothing.
 */
async function main(): Promise<void> {
  const config = loadConfig(rotateEnvSchema, process.env);
  const cipher = personalDataCipherFrom(config);
  console.log(`personal-data:rotate: ${redactUrl(config.DATABASE_URL)}, active key ${cipher.activeKeyId}`);
  let total = 0;
  for (const service of selectedServices()) {
    const module = loadDataSourceModule(service);
    if (module.sealedColumns.length === 0) continue;
    const dataSource = module.dataSource(config.DATABASE_URL);
    await dataSource.initialize();
    try {
      for (const target of module.sealedColumns) {
        const { rows } = await reencryptColumns({
          query: (sql, parameters) => dataSource.query(sql, parameters),
          cipher,
          target,
          batchSize: config.PERSONAL_DATA_ROTATE_BATCH_SIZE,
        });
        total += rows;
        console.log(`${target.table}: re-encrypted ${rows} row(s)`);
      }
    } finally {
      await dataSource.destroy();
    }
  }
  console.log(`personal-data:rotate: done, ${total} row(s) re-encrypted`);
}

main().catch((err: unknown) => {
  console.error(`personal-data:rotate failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
