import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { AppError } from '@hotline/nest-platform';

export interface InFlightLimitOptions {
  maxInFlight: number;
  retryAfterSeconds: number;
}

export const IN_FLIGHT_LIMIT_OPTIONS = Symbol('IN_FLIGHT_LIMIT_OPTIONS');

/**
 * Load shedding for intake: beyond `maxInFlight` requests at once, a request is refused with
 * 503 INTAKE.OVERLOADED and Retry-After before validation or any database work, so a refusal leaves
 * nothing half-done and the client retries with the same Idempotency-Key. Waiting requests would
 * otherwise queue for a database connection until the pool times out.
 */
@Injectable()
export class InFlightLimitInterceptor implements NestInterceptor {
  private inFlight = 0;

  constructor(@Inject(IN_FLIGHT_LIMIT_OPTIONS) private readonly options: InFlightLimitOptions) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.inFlight >= this.options.maxInFlight) {
      throw new AppError('INTAKE.OVERLOADED', 'Intake is at capacity; retry after the Retry-After delay with the same Idempotency-Key.', {
        retryAfterSeconds: this.options.retryAfterSeconds,
      });
    }
    this.inFlight += 1;
    return next.handle().pipe(finalize(() => (this.inFlight -= 1)));
  }
}
