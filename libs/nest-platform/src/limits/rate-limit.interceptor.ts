import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { from, switchMap, throwError, type Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { clientKeyOf, routeKeyOf } from './client-key';
import { LeasedLimiter, RateLimitRefusal, leaseSizeFor, type Allowance } from './leased-limiter';
import type { LimitsStore } from './limits-store';

export interface RateLimitSettings {
  perMinute: number;
  /** Overrides per declared route, "METHOD /path" → requests per minute. */
  routes: Record<string, number>;
  /** Most points a replica takes from Redis at once (see LeasedLimiter); 1 counts every request there. */
  leaseMax: number;
}

const WINDOW_SECONDS = 60;

/**
 * 限流: requests per client per route per minute, counted in Redis so that every replica of a service
 * shares one count. Over the limit: 429 RATE_LIMIT.EXCEEDED with Retry-After. Every limited answer
 * carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. Health probes are not limited.
 * Runs after the guards, so an authenticated client is counted by its principal, not its address.
 * A replica takes up to 1 % of a limit from Redis at a time and counts it down in memory.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly limiters = new Map<number, LeasedLimiter>();

  constructor(
    private readonly store: LimitsStore,
    private readonly keyPrefix: string,
    private readonly settings: RateLimitSettings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (request.path.startsWith('/health')) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const route = routeKeyOf(request);
    const limiter = this.limiterFor(this.settings.routes[route] ?? this.settings.perMinute);
    const key = `${clientKeyOf(request)}|${route}`;
    const local = limiter.takeLocal(key);
    if (local === undefined) return from(this.takeShared(limiter, key, route, response)).pipe(switchMap(() => next.handle()));
    if (local instanceof RateLimitRefusal) return throwError(() => refusal(response, limiter.limit, route, local));
    setRateLimitHeaders(response, limiter.limit, local);
    return next.handle();
  }

  private async takeShared(limiter: LeasedLimiter, key: string, route: string, response: Response): Promise<void> {
    try {
      const allowance = await limiter.take(key);
      this.store.recordSuccess();
      setRateLimitHeaders(response, limiter.limit, allowance);
    } catch (outcome) {
      if (outcome instanceof RateLimitRefusal) {
        this.store.recordSuccess();
        throw refusal(response, limiter.limit, route, outcome);
      }
      this.store.recordFailure(outcome as Error);
      if (this.store.failMode === 'closed') {
        throw new AppError('RATE_LIMIT.UNAVAILABLE', 'Rate limits cannot be checked (Redis is unavailable) and this service fails closed; retry shortly.', {
          retryAfterSeconds: 5,
        });
      }
    }
  }

  private limiterFor(points: number): LeasedLimiter {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      const shared = new RateLimiterRedis({ storeClient: this.store.redis, keyPrefix: `${this.keyPrefix}:rl:${points}`, points, duration: WINDOW_SECONDS });
      limiter = new LeasedLimiter(shared, points, leaseSizeFor(points, this.settings.leaseMax));
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

function refusal(response: Response, limit: number, route: string, refused: RateLimitRefusal): AppError {
  setRateLimitHeaders(response, limit, { remaining: 0, msBeforeNext: refused.msBeforeNext });
  const retryAfterSeconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
  return new AppError('RATE_LIMIT.EXCEEDED', `Too many requests to ${route}: at most ${limit} a minute; retry after ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
    limitPerMinute: limit,
  });
}

function setRateLimitHeaders(response: Response, limit: number, allowance: Allowance): void {
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', String(Math.max(0, allowance.remaining)));
  response.setHeader('RateLimit-Reset', String(Math.ceil(allowance.msBeforeNext / 1000)));
}
