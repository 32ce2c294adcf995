import type { DataSource } from 'typeorm';
import type { SealedColumns } from '@hotline/personal-data';
import { SERVICE_DEFINITIONS, type ServiceDefinition } from '@hotline/local-stack';

interface DataSourceModule {
  dataSource: (url: string) => DataSource;
  schema: string;
  /** Seeds demo-only data (principals) for the units of the imported demo city; returns a one-line summary. Idempotent. */
  seed?: (dataSource: DataSource, unitIds: readonly string[]) => Promise<string>;
  /** Columns of sealed personal data, for personal-data:rotate. */
  sealedColumns: readonly SealedColumns[];
}

/**
 * How to migrate and seed each service. Loaded lazily so that `ONLY=<name>` works while a service is
 * being built. Each service's data-source.ts exports `<name>DataSource`, `<NAME>_SCHEMA` and, when it
 * has demo-only data, `seed<Name>`, and when it holds personal data, `<NAME>_SEALED_COLUMNS`.
 */
export function loadDataSourceModule(service: ServiceDefinition): DataSourceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(`../../services/${service.name}/src/infrastructure/database/data-source`) as Record<string, unknown>;
  const capitalised = service.name.charAt(0).toUpperCase() + service.name.slice(1);
  const dataSource = exported[`${service.name}DataSource`];
  const schema = exported[`${service.name.toUpperCase()}_SCHEMA`];
  const seed = exported[`seed${capitalised}`];
  const sealedColumns = exported[`${service.name.toUpperCase()}_SEALED_COLUMNS`];
  if (typeof dataSource !== 'function' || typeof schema !== 'string') {
    throw new Error(`services/${service.name} must export ${service.name}DataSource and ${service.name.toUpperCase()}_SCHEMA from data-source.ts`);
  }
  return {
    dataSource: dataSource as DataSourceModule['dataSource'],
    schema,
    sealedColumns: Array.isArray(sealedColumns) ? (sealedColumns as SealedColumns[]) : [],
    ...(typeof seed === 'function' ? { seed: seed as NonNullable<DataSourceModule['seed']> } : {}),
  };
}

export function selectedServices(): readonly ServiceDefinition[] {
  const only = process.env['ONLY']?.split(',').map((name) => name.trim());
  return SERVICE_DEFINITIONS.filter((service) => !only || only.includes(service.name));
}
