import { z } from 'zod';

const url = (protocols: readonly string[]) =>
  z
    .string()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.join(' or ')}//`);

/** Settings every service shares; a service extends this with its own. */
export const infrastructureEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** secret: may hold a password; never logged unredacted. */
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/hotline'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Repeated parameterised statements are prepared once per connection, so Postgres does not parse and
   * plan them again on every call. `false` behind a pooler that cannot keep them (PgBouncer in
   * transaction mode before 1.21).
   */
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** secret: may hold a password. */
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1)),
  KAFKA_CLIENT_ID_PREFIX: z.string().default('hotline'),
  /** The Kafka client library behind libs/messaging: kafkajs or @platformatic/kafka. */
  KAFKA_CLIENT: z.enum(['kafkajs', 'platformatic']).default('kafkajs'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Most case events a consumer handles in one database transaction. */
  CONSUMER_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  /**
   * A consumer's fetch is answered once this many bytes of records are ready, or after
   * CONSUMER_FETCH_MAX_WAIT_MS: fewer, fuller fetches, batches and transactions under load, for at most
   * that wait per hop when quiet. 1 answers as soon as one record is there. Chosen by measurement
   * (docs/performance-log.md, "Fetch sizing" and "A fetch wait of 100 ms"): 64 KiB or 100 ms. Below a
   * few hundred cases a second the wait, not the bytes, ends a fetch: at 20 ms the whole loop's eight
   * consumers each ran a transaction for every three or four events.
   */
  CONSUMER_FETCH_MIN_BYTES: z.coerce.number().int().min(1).max(16 * 2 ** 20).default(65_536),
  CONSUMER_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(30_000).default(100),
  /** Partitions a consumer handles at once. */
  CONSUMER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  /**
   * Group commit: the partitions' batches that are ready together share one transaction (up to
   * CONSUMER_MAX_BATCH_SIZE events); `false` gives each partition's batch its own, on its own connection.
   */
  CONSUMER_GROUP_COMMIT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /**
   * How long the group coordinator waits for a silent consumer before it hands the partitions to the
   * others: after a SIGKILL, that consumer's partitions wait this long. Lower recovers sooner, higher
   * tolerates longer stalls (the broker allows 6 s to 300 s by default).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** How often a consumer tells the coordinator it is alive; well under a third of the session timeout. */
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  /** How often consumed offsets are committed; a redelivery after a crash is skipped by the inbox. */
  KAFKA_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Largest request body accepted (JSON, form or text); a larger one answers 413 REQUEST.TOO_LARGE. */
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(50 * 1024 * 1024).default(128 * 1024),
  /** Prefix of every Redis key a service writes, so deployments (or a test run) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - only, at most 64').default('hotline'),
  /** Rate limits in Redis, per client (the authenticated principal, else the address) and per route. */
  RATE_LIMIT_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Requests per minute a client may make to one route, unless RATE_LIMIT_ROUTES says otherwise. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /** Per-route limits, as JSON: {"POST /v1/cases": 60000}; the route as declared, with its :params. */
  RATE_LIMIT_ROUTES: z
    .string()
    .default('{"POST /v1/cases":60000}')
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON object of "METHOD /path": requests per minute' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'each key must be "METHOD /path"'), z.number().int().min(1))),
  /**
   * Most points of a limit a replica takes from Redis in one command and then counts down in memory
   * (a lease is at most 1 % of the limit). 1 asks Redis on every request.
   */
  RATE_LIMIT_LEASE_MAX: z.coerce.number().int().min(1).max(100_000).default(50),
  /**
   * With Redis unreachable, `open` lets requests through without limits (or idempotency replays) and
   * `closed` refuses them with 503; either way the log and /health/ready say so.
   */
  RATE_LIMIT_FAIL_MODE: z.enum(['open', 'closed']).default('open'),
  /** A rate-limit or idempotency command slower than this counts as Redis being unavailable. */
  RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  OTEL_SERVICE_NAMESPACE: z.string().default('hotline'),
  /**
   * The standard OpenTelemetry sampler settings. Unset: parent-based, sampling 10 % of new traces when
   * an exporter is set and none without one (trace ids are still made and carried for the logs and
   * the audit timeline). A sampled case keeps one trace across every service.
   */
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** The standard switch: `true` starts no OpenTelemetry SDK (no spans, metrics or trace ids). */
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** The built-in sign-in's public key (PEM), against which every service verifies its bearer tokens. */
  AUTH_TOKEN_PUBLIC_KEY_FILE: z.string().min(1).default('.run/auth/token-signing.public.pem'),
  AUTH_TOKEN_ISSUER: z.string().min(1).default('hotline-intake'),
  AUTH_TOKEN_AUDIENCE: z.string().min(1).default('hotline'),
  /** How long a service trusts an API key it looked up: the longest a revocation takes to apply. */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /**
   * How long a service answers a bearer token it verified from memory (never past the token's expiry;
   * 0 verifies every request): the longest an OIDC provider's withdrawn signing key still admits its tokens.
   */
  BEARER_TOKEN_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
  /** An OpenID Connect provider whose tokens are accepted; unset: only the built-in sign-in's. */
  OIDC_ISSUER: url(['http:', 'https:']).optional(),
  OIDC_AUDIENCE: z.string().min(1).default('hotline'),
  /** Unset: `<OIDC_ISSUER>/.well-known/jwks.json`; set it to the provider's `jwks_uri` from its discovery document. */
  OIDC_JWKS_URI: url(['http:', 'https:']).optional(),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OIDC_AGENCY_CLAIM: z.string().min(1).default('agency_id'),
  OIDC_REGION_CLAIM: z.string().min(1).default('region_code'),
});
export type InfrastructureEnv = z.infer<typeof infrastructureEnvSchema>;

export const SECRET_ENV_KEYS = ['DATABASE_URL', 'REDIS_URL'] as const;
