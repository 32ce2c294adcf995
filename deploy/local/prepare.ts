import 'reflect-metadata';
import { z } from 'zod';
import { ensureSigningKeyFiles } from '@hotline/access';
import { ensurePersonalDataKeyFile, personalDataEnvShape } from '@hotline/personal-data';
import { infrastructureEnvSchema, loadConfig, redactUrl } from '@hotline/config';
import { TOPIC_SPECS } from '@hotline/contracts';
import { createKafka, ensureTopics } from '@hotline/messaging';
import { createLogger } from '@hotline/observability';
import { ensureDatabase, migrateSchema } from '@hotline/persistence';
import { DEMO_CITY_DIR, importCity } from './import-city';
import { loadDataSourceModule, selectedServices } from './services';

const prepareEnvSchema = infrastructureEnvSchema.extend({
  SEED_DEMO_CITY: z.enum(['true', 'false']).default('true'),
  AUTH_TOKEN_PRIVATE_KEY_FILE: z.string().min(1).default('.run/auth/token-signing.private.pem'),
  PERSONAL_DATA_KEYS_FILE: personalDataEnvShape.PERSONAL_DATA_KEYS_FILE,
});

/**
 * Creates the database, migrates every service schema, creates the topics and imports the demo city
 * (deploy/cities/beijing-demo, through the same import as any city) with its demo principals. Locally, also the token-signing key pair under .run/auth/ and the
 * personal-data key under .run/personal-data/.
 */
async function main(): Promise<void> {
  const config = loadConfig(prepareEnvSchema, process.env);
  const keys = ensureSigningKeyFiles({ privateKeyFile: config.AUTH_TOKEN_PRIVATE_KEY_FILE, publicKeyFile: config.AUTH_TOKEN_PUBLIC_KEY_FILE });
  console.log(`token-signing keys ${config.AUTH_TOKEN_PUBLIC_KEY_FILE}: ${keys}`);
  console.log(`personal-data keys ${config.PERSONAL_DATA_KEYS_FILE}: ${ensurePersonalDataKeyFile(config.PERSONAL_DATA_KEYS_FILE)}`);
  const logger = createLogger('prepare', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const database = await ensureDatabase(config.DATABASE_URL);
  console.log(`database ${redactUrl(config.DATABASE_URL)}: ${database}`);
  const services = selectedServices();
  for (const service of services) {
    const module = loadDataSourceModule(service);
    const dataSource = module.dataSource(config.DATABASE_URL);
    await dataSource.initialize();
    try {
      const applied = await migrateSchema(dataSource, module.schema);
      console.log(`${service.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
    } finally {
      await dataSource.destroy();
    }
  }
  // The import writes to dispatch, classification and intake at once: only with all three migrated.
  const isWholeStack = ['dispatch', 'classification', 'intake'].every((name) => services.some((service) => service.name === name));
  if (config.SEED_DEMO_CITY === 'true' && isWholeStack) {
    const imported = await importCity({ databaseUrl: config.DATABASE_URL, dir: DEMO_CITY_DIR, importedBy: 'prepare (demo city)' });
    if (!imported.ok) throw new Error(`the demo city package ${DEMO_CITY_DIR} is invalid:\n${imported.problems.join('\n')}`);
    for (const line of imported.lines) console.log(line);
    for (const service of services) {
      const module = loadDataSourceModule(service);
      if (!module.seed) continue;
      const dataSource = module.dataSource(config.DATABASE_URL);
      await dataSource.initialize();
      try {
        console.log(`${service.name}: ${await module.seed(dataSource, imported.city.units.map((unit) => unit.unitId))}`);
      } finally {
        await dataSource.destroy();
      }
    }
  }
  const created = await ensureTopics(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'hotline-prepare', logger }), TOPIC_SPECS);
  console.log(`kafka topics: ${created.length ? `created ${created.join(', ')}` : 'all present'}`);
}

main().catch((err: unknown) => {
  console.error(`prepare failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
