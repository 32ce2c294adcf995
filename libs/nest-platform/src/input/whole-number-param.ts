import { z } from 'zod';

/**
 * A whole number from a query string (`?limit=20`, `?offset=40`), with a message for each way it can be wrong.
 * zod takes the schema's own `error` for every check that has none, so `z.coerce.number({ error: 'must be a
 * number' }).min(1)` answered `?limit=0` with "limit must be a number".
 */
export function wholeNumberParam(range: { min: number; max?: number }) {
  const number = z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(range.min, `must be at least ${range.min}`);
  return range.max === undefined ? number : number.max(range.max, `must be at most ${range.max}`);
}
