import type { EntitySchema, MixedList } from 'typeorm';
import type { InfrastructureEnv } from '@hotline/config';
import type { Producer } from '@hotline/contracts';
import type { Logger } from '@hotline/observability';

export interface PlatformOptions {
  service: Producer;
  /** The service's Postgres schema (usually its name). */
  schema: string;
  config: InfrastructureEnv;
  logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Whether this service publishes events (runs an outbox relay). */
  isPublisher: boolean;
}
