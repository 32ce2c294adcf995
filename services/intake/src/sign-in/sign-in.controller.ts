import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { signInResponseSchema } from './sign-in.contract';
import { SignInHandler } from './sign-in.handler';
import { signInRequestSchema, type SignInRequest } from './sign-in.request';

export interface SignInResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  expiresIn: number;
}

@Controller('v1/auth')
export class SignInController {
  constructor(private readonly handler: SignInHandler) {}

  @ApiContract({ summary: 'Sign in with a username and password (built-in accounts); returns a bearer token', body: signInRequestSchema, response: signInResponseSchema, errors: ['AUTH.UNAUTHENTICATED', 'AUTH.TOO_MANY_FAILURES', 'AUTH.UNAVAILABLE'] })
  @Post('token')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async signIn(@Body(new ZodPipe(signInRequestSchema)) body: SignInRequest, @Req() request: Request): Promise<SignInResponse> {
    const result = await this.handler.execute(body, request.ip ?? request.socket.remoteAddress ?? 'unknown');
    switch (result.status) {
      case 'locked_out':
        throw new AppError(
          'AUTH.TOO_MANY_FAILURES',
          `Too many failed sign-ins for this username; try again in ${result.retryAfterSeconds} s, or ask an administrator.`,
          { retryAfterSeconds: result.retryAfterSeconds },
        );
      case 'lockout_unavailable':
        throw new AppError('AUTH.UNAVAILABLE', 'Sign-in is unavailable: failed attempts cannot be counted (Redis is down) and this service fails closed; retry shortly.', {
          retryAfterSeconds: 5,
        });
      case 'refused':
        // The same answer for an unknown user, a wrong password and a disabled account.
        throw AppError.denied('AUTH.UNAUTHENTICATED', 'Wrong username or password.', 'sign-in refused');
      case 'signed_in':
        return {
          accessToken: result.token,
          tokenType: 'Bearer',
          expiresAt: result.expiresAt.toISOString(),
          expiresIn: Math.round((result.expiresAt.getTime() - Date.now()) / 1000),
        };
    }
  }
}
