import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RequestWithPrincipal } from '@hotline/access';
import { randomUUID } from 'node:crypto';
import { isTransientError } from '@hotline/messaging';
import type { Logger } from '@hotline/observability';
import { AppError, httpStatusFor } from './app-error';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}

const NEST_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  404: 'ROUTE.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
};

/** The wait a 503 or 429 asks for: the AppError's `details.retryAfterSeconds`, else one second. */
function retryAfterSeconds(exception: unknown): number {
  const requested = exception instanceof AppError ? exception.details?.['retryAfterSeconds'] : undefined;
  return typeof requested === 'number' && requested > 0 ? Math.ceil(requested) : 1;
}

/**
 * body-parser's own errors (http-errors with `expose`), raised before Nest's pipeline: too large,
 * unparseable, or in a charset or encoding it cannot read.
 */
function bodyParserErrorOf(exception: unknown): [number, ErrorBody] | undefined {
  const candidate = exception as { expose?: unknown; status?: unknown; type?: unknown; message?: unknown } | null;
  // A body that does not inflate (a corrupt gzip or deflate body) is a zlib error body-parser marks with
  // expose and a 400 but no type.
  if (!candidate || candidate.expose !== true || typeof candidate.status !== 'number') return undefined;
  const status = candidate.status;
  if (status < 400 || status >= 500) return undefined;
  const message = typeof candidate.message === 'string' ? candidate.message : 'the body cannot be read';
  switch (candidate.type) {
    case 'entity.too.large':
      return [413, { error: { code: 'REQUEST.TOO_LARGE', message: `the body is larger than this service accepts: ${message}` } }];
    case 'entity.parse.failed':
      return [400, { error: { code: 'REQUEST.MALFORMED_JSON', message: `the body is not valid JSON: ${message}` } }];
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return [415, { error: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message } }];
    default:
      return [status, { error: { code: NEST_CODES[status] ?? 'REQUEST.INVALID', message: candidate.type === undefined ? `the body cannot be read: ${message}` : message } }];
  }
}
/** The route pattern (`/v1/cases/:caseId/sign`) rather than the path, which may carry ids or an api_key. */
const routeOf = (request: Request): string => (request.route as { path?: string } | undefined)?.path ?? request.path;

/** Maps every error leaving an HTTP handler to `{ error: { code, message } }`; a 500 carries an errorId. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & RequestWithPrincipal>();
    // A failed readiness check (terminus) answers 503 with the checks' own report.
    if (exception instanceof HttpException && exception.getStatus() === 503 && request.path.startsWith('/health')) {
      response.status(503).json(exception.getResponse());
      return;
    }
    const [status, body] = this.toBody(exception, request);
    if (status === 503 || status === 429) response.setHeader('Retry-After', String(retryAfterSeconds(exception)));
    if (exception instanceof AppError && exception.denial) {
      if (status === 401) response.setHeader('WWW-Authenticate', `Bearer realm="hotline"${exception.denial.wasPresented ? ', error="invalid_token"' : ''}`);
      // Every denial, with who asked and why; never the request body, so never a reporter's name or phone.
      const { principal } = request;
      this.logger.warn(
        { principalId: principal?.id ?? null, roles: principal?.roles ?? [], method: request.method, route: routeOf(request), status, reason: exception.denial.reason },
        'access denied',
      );
    }
    // Shedding load on purpose is expected under overload, not an error worth a log line per request.
    const isDeliberateRefusal = (status === 503 || status === 429) && exception instanceof AppError;
    if (status >= 500 && !isDeliberateRefusal) {
      this.logger.error({ err: exception, errorId: body.error.errorId, method: request.method, path: request.path }, 'unexpected error');
    }
    response.status(status).json(body);
  }

  private toBody(exception: unknown, request: Request): [number, ErrorBody] {
    if (exception instanceof AppError) {
      const status = httpStatusFor(exception.code);
      return [status, { error: { code: exception.code, message: exception.message, details: exception.details } }];
    }
    const parserError = bodyParserErrorOf(exception);
    if (parserError) return parserError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        const isBadJson = status === 400 && /JSON/i.test(exception.message);
        const code = isBadJson ? 'REQUEST.MALFORMED_JSON' : (NEST_CODES[status] ?? 'REQUEST.INVALID');
        const message =
          status === 404 ? `no route for ${request.method} ${request.path}` : isBadJson ? `the body is not valid JSON: ${exception.message}` : exception.message;
        return [status, { error: { code, message } }];
      }
    }
    const errorId = randomUUID();
    if (isTransientError(exception)) {
      // The database or broker is unavailable or saturated: the client may retry the same request.
      return [
        503,
        { error: { code: 'SERVICE.UNAVAILABLE', message: 'A dependency is unavailable or overloaded; retry shortly (with the same Idempotency-Key).', errorId } },
      ];
    }
    return [500, { error: { code: 'INTERNAL', message: 'An unexpected error occurred; quote the errorId when reporting it.', errorId } }];
  }
}
