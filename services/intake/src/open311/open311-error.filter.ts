import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { APP_LOGGER, AppError, httpStatusFor } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { formatOfPath, sendOpen311, type Open311ErrorItem } from './open311-format';

/** An Open311 refusal: GeoReport v2 knows 400, 403 and 404, each a list of {code, description}. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions.join('; '));
    this.name = 'Open311Error';
  }
}

/**
 * Every error on an Open311 route, the guard's and the platform's included, as the spec's error
 * list, in the format the path asked for. A missing or bad API key is 403: the spec has no 401.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const [status, errors] = this.toErrors(exception, request);
    if (exception instanceof AppError && exception.denial) {
      this.logger.warn({ method: request.method, route: request.path, status, reason: exception.denial.reason }, 'open311 access denied');
    }
    const retryAfter = exception instanceof AppError ? exception.details?.['retryAfterSeconds'] : undefined;
    if (status === 429 || status === 503) response.setHeader('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : 1));
    sendOpen311(response, { format: formatOfPath(request.path), root: 'errors', body: errors.map((error) => ({ ...error })), status });
  }

  private toErrors(exception: unknown, request: Request): [number, Open311ErrorItem[]] {
    if (exception instanceof Open311Error) return [exception.status, exception.descriptions.map((description) => ({ code: exception.status, description }))];
    if (exception instanceof AppError) {
      const mapped = httpStatusFor(exception.code);
      const status = mapped === 401 ? 403 : mapped;
      const issues = exception.details?.issues ?? [];
      const descriptions = issues.length > 0 ? issues.map((issue) => `${issue.path}: ${issue.message}`) : [exception.message];
      if (status >= 500 && status !== 503) return this.unexpected(exception, request);
      return [status, descriptions.map((description) => ({ code: status, description }))];
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const description = status === 404 ? `no such resource: ${request.method} ${request.path}` : exception.message;
      return [status, [{ code: status, description }]];
    }
    const bodyError = exception as { expose?: unknown; status?: unknown; message?: unknown } | null;
    if (bodyError?.expose === true && typeof bodyError.status === 'number' && bodyError.status < 500) {
      return [bodyError.status, [{ code: bodyError.status, description: String(bodyError.message) }]];
    }
    return this.unexpected(exception, request);
  }

  private unexpected(exception: unknown, request: Request): [number, Open311ErrorItem[]] {
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, method: request.method, path: request.path }, 'unexpected error');
    return [500, [{ code: 500, description: `internal error ${errorId}` }]];
  }
}
