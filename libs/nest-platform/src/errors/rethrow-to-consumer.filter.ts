import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a Kafka handler's error back to the consumer untouched, so that it can tell a transient
 * failure (retry) from a permanent one (dead-letter topic). Nest's default RPC filter would replace
 * it with a generic "Internal server error" object.
 */
@Catch()
export class RethrowToConsumerFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
