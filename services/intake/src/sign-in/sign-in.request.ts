import { z } from 'zod';

/** The body of POST /v1/auth/token. */
export const signInRequestSchema = z
  .object({
    username: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100),
    password: z.string({ error: 'is required' }).min(1, 'must not be empty').max(200),
  })
  .strict();
export type SignInRequest = z.infer<typeof signInRequestSchema>;
