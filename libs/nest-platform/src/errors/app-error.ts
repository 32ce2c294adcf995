export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * An error with a stable code that a client can act on. Thrown only at the transport boundary: use
 * cases return failures as values; controllers turn them into an AppError.
 */
export class AppError extends Error {
  /** Why access was refused, for the log only (the response never says more than its message). */
  denial?: { reason: string; wasPresented?: boolean };

  constructor(
    readonly code: string,
    message: string,
    readonly details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }

  /**
   * A refusal on access grounds: 401/403 from the guard, or a 404 for a case outside the caller's
   * unit or region. The HTTP filter logs it with the principal.
   */
  static denied(code: string, message: string, reason: string, extra: { wasPresented?: boolean } = {}): AppError {
    const error = new AppError(code, message);
    error.denial = { reason, ...extra };
    return error;
  }
}

/** One place that maps error codes to HTTP statuses. */
export function httpStatusFor(code: string): number {
  if (code === 'REQUEST.HEADERS_TOO_LARGE') return 431;
  if (code === 'REQUEST.TIMEOUT') return 408;
  if (code.endsWith('.TOO_LARGE')) return 413;
  if (code === 'REQUEST.UNSUPPORTED_MEDIA_TYPE') return 415;
  if (code === 'REQUEST.METHOD_NOT_ALLOWED') return 405;
  if (code.startsWith('VALIDATION.') || code.startsWith('REQUEST.')) return 400;
  if (code.endsWith('.UNAUTHORIZED') || code.endsWith('.UNAUTHENTICATED')) return 401;
  if (code.endsWith('.FORBIDDEN') || code.endsWith('.NOT_ASSIGNED')) return 403;
  if (code.endsWith('.NOT_FOUND')) return 404;
  if (code.endsWith('.ILLEGAL_TRANSITION') || code.endsWith('.WRONG_AGENCY') || code.endsWith('.CONFLICT') || code.endsWith('.ALREADY_EXISTS')) return 409;
  // Returns, disputes and extensions refused by the state of the case (window closed, limit reached …).
  if (code.startsWith('RETURN.') || code.startsWith('DISPUTE.') || code.startsWith('EXTENSION.')) return 409;
  // 并案 refused by the state of the case or of the case it would join (not flagged, already merged, parent not open …).
  if (code.startsWith('MERGE.')) return 409;
  // Review, on-site checks and follow-ups refused by the state of the case (not awaiting review, same inspector …).
  if (code.startsWith('REVIEW.') || code.startsWith('INSPECTION.') || code.startsWith('FOLLOW_UP.')) return 409;
  // A survey link that was used or has expired.
  if (code.endsWith('.GONE')) return 410;
  if (code.endsWith('.IDEMPOTENCY_MISMATCH') || code === 'IDEMPOTENCY.MISMATCH') return 422;
  if (code === 'RATE_LIMIT.EXCEEDED' || code.endsWith('.TOO_MANY_FAILURES')) return 429;
  // A dependency is down, or the service refuses work it cannot take now: the client retries later.
  if (code.endsWith('.UNAVAILABLE') || code.endsWith('.OVERLOADED')) return 503;
  return 500;
}
