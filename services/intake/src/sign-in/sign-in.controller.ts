import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
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

  @ApiContract({ summary: 'Sign in with a username and password (built-in accounts); returns a bearer token', body: signInRequestSchema, response: signInResponseSchema, errors: ['AUTH.UNAUTHENTICATED'] })
  @Post('token')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async signIn(@Body(new ZodPipe(signInRequestSchema)) body: SignInRequest): Promise<SignInResponse> {
    const result = await this.handler.execute(body);
    switch (result.status) {
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
