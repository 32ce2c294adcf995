import { Controller, Get, Inject, type OnApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { z } from 'zod';
import { Public } from '@hotline/access';
import { LimitsStore } from '../limits/limits-store';
import { ApiContract } from '../openapi/api-contract.decorator';
import { KAFKA } from '../runtime/tokens';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

const indicatorResultsSchema = z.record(z.string(), z.looseObject({ status: z.enum(['up', 'down']) }));
// Terminus's answer when every indicator is up.
const healthCheckResultSchema = z.object({
  status: z.enum(['ok', 'error', 'shutting_down']),
  info: indicatorResultsSchema.optional(),
  error: indicatorResultsSchema.optional(),
  details: indicatorResultsSchema,
});

@Controller('health')
@Public()
export class HealthController implements OnApplicationShutdown {
  private admin: Admin | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly limits: LimitsStore,
  ) {}

  /** The process runs; says nothing about its dependencies. */
  @ApiContract({ summary: 'Liveness: the process runs', response: z.object({ status: z.literal('ok') }) })
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Postgres and Kafka answer, and Redis does, or RATE_LIMIT_FAIL_MODE=open lets the service work
   * without it: then Redis shows as up with `degraded` and what it costs.
   */
  @ApiContract({ summary: 'Readiness: Postgres and Kafka answer, and Redis does (or limits fail open)', response: healthCheckResultSchema })
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2_000 }),
      () => this.checkRedis(),
      () => this.checkKafka(),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async checkRedis() {
    const indicator = this.indicators.check('redis');
    try {
      await withTimeout(this.limits.redis.ping(), 2_000);
      this.limits.recordSuccess();
      return indicator.up({ limits: 'enforced' });
    } catch (err) {
      this.limits.recordFailure(err as Error);
      const details = { message: (err as Error).message, since: this.limits.status().since, failMode: this.limits.failMode };
      if (this.limits.failMode === 'open') {
        return indicator.up({ ...details, degraded: true, limits: 'failing open: no rate limits or idempotency replays until Redis answers' });
      }
      return indicator.down({ ...details, limits: 'failing closed: rate-limited requests are refused' });
    }
  }

  private async checkKafka() {
    const indicator = this.indicators.check('kafka');
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await withTimeout(this.admin.connect(), 3_000);
      }
      const cluster = await withTimeout(this.admin.describeCluster(), 3_000);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (err) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return indicator.down({ message: (err as Error).message });
    }
  }
}
