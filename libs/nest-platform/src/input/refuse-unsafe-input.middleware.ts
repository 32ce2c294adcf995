import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { MAX_INPUT_DEPTH, findUnsafeInput } from './unsafe-input';

// %00 anywhere in the target would put NUL into a path parameter or a query value.
const ENCODED_NUL = /%00/;
const MESSAGES = {
  nul_character: 'must not contain the NUL character (U+0000)',
  lone_surrogate: 'must be well-formed Unicode (a lone UTF-16 surrogate is not a character)',
} as const;

const invalidText = (what: string, path: string, problem: keyof typeof MESSAGES): AppError =>
  new AppError('VALIDATION.FAILED', `The ${what} is invalid: ${path} ${MESSAGES[problem]}`, { issues: [{ path, message: MESSAGES[problem] }] });

/**
 * Express middleware after the body parsers, before any guard, interceptor or handler: refuses a body
 * nested deeper than MAX_INPUT_DEPTH (400 REQUEST.TOO_DEEP), and NUL in the URL or the body or a lone
 * surrogate in the body (400 VALIDATION.FAILED), which PostgreSQL cannot store: they answered 500.
 */
export function refuseUnsafeInput(request: Request, _response: Response, next: NextFunction): void {
  if (ENCODED_NUL.test(request.originalUrl)) {
    next(invalidText('request URL', 'URL', 'nul_character'));
    return;
  }
  const found = findUnsafeInput(request.body as unknown);
  if (found?.problem === 'too_deep') {
    next(new AppError('REQUEST.TOO_DEEP', `The request body is nested deeper than ${MAX_INPUT_DEPTH} levels.`));
    return;
  }
  next(found ? invalidText('request body', found.path, found.problem) : undefined);
}
