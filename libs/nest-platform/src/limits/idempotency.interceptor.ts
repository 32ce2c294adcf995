import { HttpStatus, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, mergeMap, type Observable, of, catchError, throwError } from 'rxjs';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { clientKeyOf, routeKeyOf } from './client-key';
import type { LimitsStore } from './limits-store';

export const OWN_IDEMPOTENCY_METADATA = 'hotline:own-idempotency';
/** For a route that keeps its Idempotency-Key in its own transaction (intake's case creation). */
export const HandlesOwnIdempotency = () => SetMetadata(OWN_IDEMPOTENCY_METADATA, true);

export const REPLAY_OMITS_METADATA = 'hotline:idempotency-replay-omits';
/**
 * Top-level fields of the answer that are shown once and never kept for a replay (a signing secret):
 * a retry with the same key gets the answer without them, and Redis never holds them.
 */
export const ReplayOmits = (...fields: string[]) => SetMetadata(REPLAY_OMITS_METADATA, fields);

export const idempotencyKeyHeaderSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const REPLAY_TTL_SECONDS = 24 * 60 * 60;
/** A request still running after this long is taken to have died; its key may be used again. */
const PENDING_TTL_SECONDS = 60;

function withoutFields(body: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([name]) => !fields.includes(name)));
}

type Stored = { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; status: number; body: unknown };

/**
 * Idempotency-Key on every creating POST: the first request with a key runs and its answer is kept for
 * a day, per client and route; a retry with the same key and body gets that answer again (with
 * Idempotent-Replayed: true) and changes nothing; the same key with another body is 422; a retry while
 * the first still runs is 409. A failed request keeps nothing, so it can be retried with its key.
 * Kept in Redis beside the rate limits, under the same fail mode.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: LimitsStore,
    private readonly keyPrefix: string,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const rawKey = request.headers['idempotency-key'];
    const handlesOwn = this.reflector.getAllAndOverride<boolean | undefined>(OWN_IDEMPOTENCY_METADATA, [context.getHandler(), context.getClass()]);
    if (request.method !== 'POST' || rawKey === undefined || handlesOwn) return next.handle();
    const parsed = idempotencyKeyHeaderSchema.safeParse(Array.isArray(rawKey) ? rawKey.join(',') : rawKey);
    if (!parsed.success) {
      throw new AppError('VALIDATION.FAILED', `The Idempotency-Key header is invalid: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
        issues: [{ path: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'invalid' }],
      });
    }
    const response = context.switchToHttp().getResponse<Response>();
    const route = routeKeyOf(request);
    const redisKey = `${this.keyPrefix}:idem:${clientKeyOf(request)}|${route}|${parsed.data}`;
    const fingerprint = createHash('sha256').update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const status: number = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const omitted = this.reflector.get<string[] | undefined>(REPLAY_OMITS_METADATA, context.getHandler()) ?? [];

    return from(this.claim(redisKey, fingerprint)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          response.setHeader('Idempotent-Replayed', 'true');
          response.status(claim.status);
          return of(claim.body);
        }
        if (claim.kind === 'unavailable') return next.handle();
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.keep(redisKey, { state: 'done', fingerprint, status, body: withoutFields(body, omitted) });
            return body;
          }),
          catchError((err: unknown) => from(this.forget(redisKey)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
  }

  private async claim(redisKey: string, fingerprint: string): Promise<{ kind: 'run' | 'unavailable' } | { kind: 'replay'; status: number; body: unknown }> {
    let existing: string | null;
    try {
      const pending: Stored = { state: 'pending', fingerprint };
      const isClaimed = await this.store.redis.set(redisKey, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
      this.store.recordSuccess();
      if (isClaimed === 'OK') return { kind: 'run' };
      existing = await this.store.redis.get(redisKey);
    } catch (err) {
      this.store.recordFailure(err as Error);
      if (this.store.failMode === 'closed') {
        throw new AppError('IDEMPOTENCY.UNAVAILABLE', 'Idempotency keys cannot be checked (Redis is unavailable) and this service fails closed; retry shortly.', {
          retryAfterSeconds: 5,
        });
      }
      return { kind: 'unavailable' };
    }
    // The first request finished or expired between the two commands: one more claim decides.
    if (existing === null) return this.claim(redisKey, fingerprint);
    const stored = JSON.parse(existing) as Stored;
    if (stored.fingerprint !== fingerprint) {
      throw new AppError('IDEMPOTENCY.MISMATCH', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
    }
    if (stored.state === 'pending') {
      throw new AppError('IDEMPOTENCY.CONFLICT', 'A request with this Idempotency-Key is still being handled; retry after it finishes.');
    }
    return { kind: 'replay', status: stored.status, body: stored.body };
  }

  private async keep(redisKey: string, stored: Stored): Promise<void> {
    await this.store.redis.set(redisKey, JSON.stringify(stored), 'EX', REPLAY_TTL_SECONDS).then(
      () => this.store.recordSuccess(),
      (err: Error) => this.store.recordFailure(err),
    );
  }

  private async forget(redisKey: string): Promise<void> {
    await this.store.redis.del(redisKey).then(
      () => undefined,
      (err: Error) => this.store.recordFailure(err),
    );
  }
}
