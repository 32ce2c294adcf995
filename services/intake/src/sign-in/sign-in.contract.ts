import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { SignInResponse } from './sign-in.controller';

export const signInResponseSchema = responseSchemaFor<SignInResponse>()(
  z.object({
    accessToken: z.string().describe('An ES256 JWT; send it as Authorization: Bearer <token> to every service'),
    tokenType: z.literal('Bearer'),
    expiresAt: z.iso.datetime(),
    expiresIn: z.number().int().describe('Seconds until the token expires'),
  }),
);
