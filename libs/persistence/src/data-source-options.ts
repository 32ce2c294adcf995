import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { PreparingClient } from './prepared-statements';

export interface ServiceDataSourceInput {
  url: string;
  /** The service's own Postgres schema; its tables, outbox, inbox and migrations table live there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize: number;
  applicationName: string;
  /** Repeated parameterised statements go as named prepared statements (see PreparingClient). */
  preparedStatements?: boolean;
}

export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    schema: input.schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    // Migrations run as an explicit step (npm start, CI, a k8s Job), never at boot of several replicas.
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    applicationName: input.applicationName,
    // search_path lets raw SQL name the service's tables without a schema prefix.
    extra: {
      max: input.poolSize,
      connectionTimeoutMillis: 5_000,
      options: `-c search_path=${input.schema},public`,
      ...(input.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  };
}
