import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Authenticator } from '@hotline/access';
import type { InfrastructureEnv } from '@hotline/config';
import { AccessGuard } from '../access/access.guard';
import { createEventBus, createKafka } from '@hotline/messaging';
import { stopTelemetry } from '@hotline/observability';
import { serviceDataSourceOptions } from '@hotline/persistence';
import { HealthController } from '../health/health.controller';
import { IdempotencyInterceptor } from '../limits/idempotency.interceptor';
import { LimitsStore } from '../limits/limits-store';
import { RateLimitInterceptor } from '../limits/rate-limit.interceptor';
import { OpenApiController } from '../openapi/openapi.controller';
import { OutboxRelayHost } from './outbox-relay.host';
import type { PlatformOptions } from './platform-options';
import { APP_LOGGER, AUTHENTICATOR, EVENT_BUS, KAFKA, PLATFORM_OPTIONS, REDIS } from './tokens';

// An Open311 client may send its key as `?api_key=`: keep it out of the request log.
const withoutApiKey = (url: string): string => url.replace(/([?&]api_key=)[^&]*/gi, '$1[redacted]');

function authenticatorSettings(config: InfrastructureEnv) {
  return {
    publicKeyFile: config.AUTH_TOKEN_PUBLIC_KEY_FILE,
    issuer: config.AUTH_TOKEN_ISSUER,
    audience: config.AUTH_TOKEN_AUDIENCE,
    apiKeyCacheTtlMs: config.API_KEY_CACHE_TTL_MS,
    tokenCache: { ttlMs: config.BEARER_TOKEN_CACHE_TTL_MS },
    ...(config.OIDC_ISSUER
      ? {
          oidc: {
            issuer: config.OIDC_ISSUER,
            audience: config.OIDC_AUDIENCE,
            jwksUri: config.OIDC_JWKS_URI ?? `${config.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`,
            rolesClaim: config.OIDC_ROLES_CLAIM,
            agencyClaim: config.OIDC_AGENCY_CLAIM,
            regionClaim: config.OIDC_REGION_CLAIM,
          },
        }
      : {}),
  };
}

const LIMITS_CONNECT_WAIT_MS = 3_000;

/** What every service runs on: logging, Postgres, Redis, Kafka, the outbox relay, health checks and its API document. */
@Module({})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly limits: LimitsStore,
  ) {}

  static forService(options: PlatformOptions): DynamicModule {
    const { config, logger, service } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
            serializers: {
              req: (request: { method: string; url: string; id: unknown }) => ({ id: request.id, method: request.method, url: withoutApiKey(request.url) }),
            },
          },
        }),
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: options.schema,
            entities: options.entities,
            migrations: options.migrations,
            poolSize: config.DATABASE_POOL_SIZE,
            preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            applicationName: `hotline-${service}`,
          }),
        ),
        TerminusModule.forRoot({ logger: false }),
        DiscoveryModule,
      ],
      controllers: [HealthController, OpenApiController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: APP_LOGGER, useValue: logger },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 5_000, connectionName: `hotline-${service}` }),
        },
        {
          // The readiness probe's admin client; it only asks the broker for its metadata.
          provide: KAFKA,
          useFactory: () => createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID_PREFIX}-${service}`, logger }),
        },
        {
          provide: EVENT_BUS,
          useFactory: () =>
            createEventBus({ client: config.KAFKA_CLIENT, brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID_PREFIX}-${service}`, logger }),
        },
        OutboxRelayHost,
        {
          // Reads the shared access tables through the service's own pool (read-only queries).
          provide: AUTHENTICATOR,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new Authenticator(dataSource, authenticatorSettings(config)),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        {
          provide: LimitsStore,
          useFactory: () => new LimitsStore({ redisUrl: config.REDIS_URL, service, failMode: config.RATE_LIMIT_FAIL_MODE, logger, commandTimeoutMs: config.RATE_LIMIT_REDIS_TIMEOUT_MS }),
        },
        // Global interceptors run in this order, after the guards: count the request, then replay it.
        ...(config.RATE_LIMIT_ENABLED
          ? [
              {
                provide: APP_INTERCEPTOR,
                inject: [LimitsStore],
                useFactory: (store: LimitsStore) =>
                  new RateLimitInterceptor(store, `${config.REDIS_KEY_PREFIX}:${service}`, {
                    perMinute: config.RATE_LIMIT_PER_MINUTE,
                    routes: config.RATE_LIMIT_ROUTES,
                    leaseMax: config.RATE_LIMIT_LEASE_MAX,
                  }),
              },
            ]
          : []),
        {
          provide: APP_INTERCEPTOR,
          inject: [LimitsStore, Reflector],
          useFactory: (store: LimitsStore, reflector: Reflector) => new IdempotencyInterceptor(store, `${config.REDIS_KEY_PREFIX}:${service}`, reflector),
        },
      ],
      exports: [PLATFORM_OPTIONS, APP_LOGGER, REDIS, KAFKA, EVENT_BUS, OutboxRelayHost, AUTHENTICATOR, LimitsStore],
    };
  }

  /**
   * The limits' Redis connection has no offline queue: a request served before it is up would skip its
   * rate limit and idempotency check. Wait for it (briefly: with Redis down, the fail mode applies).
   */
  async onModuleInit(): Promise<void> {
    await this.limits.whenConnected(LIMITS_CONNECT_WAIT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
    await this.limits.close();
    // Flush the spans and metrics still buffered before the process exits.
    await stopTelemetry().catch(() => undefined);
  }
}
