import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { defer, finalize, from, switchMap, type Observable } from 'rxjs';
import { AppError } from '@hotline/nest-platform';
import { AdmissionQueue } from './admission-queue';

export const ADMISSION_QUEUE = Symbol('ADMISSION_QUEUE');

/**
 * Load shedding for intake: a request waits for its turn in the admission queue, or is refused with
 * 503 INTAKE.OVERLOADED and Retry-After before validation or any database work, so a refusal leaves
 * nothing half-done and the client retries with the same Idempotency-Key.
 */
@Injectable()
export class AdmissionInterceptor implements NestInterceptor {
  constructor(@Inject(ADMISSION_QUEUE) private readonly queue: AdmissionQueue) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.queue.admit()).pipe(
      switchMap((admission) => {
        if (!admission.isAdmitted) {
          const message =
            admission.reason === 'queue_full'
              ? 'Intake is at capacity and its queue is full; retry after the Retry-After delay with the same Idempotency-Key.'
              : 'Intake could not take this request in time; retry after the Retry-After delay with the same Idempotency-Key.';
          throw new AppError('INTAKE.OVERLOADED', message, { retryAfterSeconds: admission.retryAfterSeconds });
        }
        return defer(() => next.handle()).pipe(finalize(admission.release));
      }),
    );
  }
}
