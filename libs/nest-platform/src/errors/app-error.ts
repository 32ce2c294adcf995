export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * An error with a stable code that a client can act on. Thrown only at the transport boundary: use
 * cases return failures as values; controllers turn them into an AppError.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** One place that maps error codes to HTTP statuses. */
export function httpStatusFor(code: string): number {
  if (code.endsWith('.TOO_LARGE')) return 413;
  if (code === 'REQUEST.UNSUPPORTED_MEDIA_TYPE') return 415;
  if (code === 'REQUEST.METHOD_NOT_ALLOWED') return 405;
  if (code.startsWith('VALIDATION.') || code.startsWith('REQUEST.')) return 400;
  if (code.endsWith('.UNAUTHORIZED')) return 401;
  if (code.endsWith('.FORBIDDEN') || code.endsWith('.NOT_ASSIGNED')) return 403;
  if (code.endsWith('.NOT_FOUND')) return 404;
  if (code.endsWith('.ILLEGAL_TRANSITION') || code.endsWith('.WRONG_AGENCY') || code.endsWith('.CONFLICT') || code.endsWith('.ALREADY_EXISTS')) return 409;
  if (code.endsWith('.IDEMPOTENCY_MISMATCH') || code === 'IDEMPOTENCY.MISMATCH') return 422;
  if (code === 'RATE_LIMIT.EXCEEDED') return 429;
  // A dependency is down, or the service refuses work it cannot take now: the client retries later.
  if (code.endsWith('.UNAVAILABLE') || code.endsWith('.OVERLOADED')) return 503;
  return 500;
}
