import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { from, switchMap, type Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { clientKeyOf, routeKeyOf } from './client-key';
import type { LimitsStore } from './limits-store';

export interface RateLimitSettings {
  perMinute: number;
  /** Overrides per declared route, "METHOD /path" → requests per minute. */
  routes: Record<string, number>;
}

const WINDOW_SECONDS = 60;

/**
 * 限流: requests per client per route per minute, counted in Redis so that every replica of a service
 * shares one count. Over the limit: 429 RATE_LIMIT.EXCEEDED with Retry-After. Every limited answer
 * carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. Health probes are not limited.
 * Runs after the guards, so an authenticated client is counted by its principal, not its address.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly limiters = new Map<number, RateLimiterRedis>();

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
    return from(this.consume(request, response)).pipe(switchMap(() => next.handle()));
  }

  private async consume(request: Request, response: Response): Promise<void> {
    const route = routeKeyOf(request);
    const limit = this.settings.routes[route] ?? this.settings.perMinute;
    try {
      const result = await this.limiterFor(limit).consume(`${clientKeyOf(request)}|${route}`);
      this.store.recordSuccess();
      setRateLimitHeaders(response, limit, result);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        this.store.recordSuccess();
        setRateLimitHeaders(response, limit, outcome);
        const retryAfterSeconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
        throw new AppError('RATE_LIMIT.EXCEEDED', `Too many requests to ${route}: at most ${limit} a minute; retry after ${retryAfterSeconds} s.`, {
          retryAfterSeconds,
          limitPerMinute: limit,
        });
      }
      this.store.recordFailure(outcome as Error);
      if (this.store.failMode === 'closed') {
        throw new AppError('RATE_LIMIT.UNAVAILABLE', 'Rate limits cannot be checked (Redis is unavailable) and this service fails closed; retry shortly.', {
          retryAfterSeconds: 5,
        });
      }
    }
  }

  private limiterFor(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: this.store.redis, keyPrefix: `${this.keyPrefix}:rl:${points}`, points, duration: WINDOW_SECONDS });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

function setRateLimitHeaders(response: Response, limit: number, result: RateLimiterRes): void {
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
  response.setHeader('RateLimit-Reset', String(Math.ceil(result.msBeforeNext / 1000)));
}
