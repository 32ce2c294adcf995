import { z } from 'zod';

/** A handling unit's id as the dispatch catalogue spells it, e.g. `street-110105001`, `utility-water`. */
export const agencyIdSchema = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons');
