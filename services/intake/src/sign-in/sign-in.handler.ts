import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findUser, verifyPassword, type TokenIssuer } from '@hotline/access';
import type { SignInRequest } from './sign-in.request';

export const TOKEN_ISSUER = Symbol('TOKEN_ISSUER');
export const TOKEN_TTL_SECONDS = Symbol('TOKEN_TTL_SECONDS');

export type SignInResult = { status: 'signed_in'; token: string; expiresAt: Date } | { status: 'refused' };

@Injectable()
export class SignInHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TOKEN_ISSUER) private readonly issuer: TokenIssuer,
    @Inject(TOKEN_TTL_SECONDS) private readonly ttlSeconds: number,
  ) {}

  /** The built-in sign-in for small deployments: username and password for a signed bearer token. */
  async execute(request: SignInRequest): Promise<SignInResult> {
    const user = await findUser(this.dataSource, request.username);
    const isPasswordRight = await verifyPassword(user?.passwordHash ?? null, request.password);
    if (!user || !isPasswordRight || user.isDisabled) return { status: 'refused' };
    const { token, expiresAt } = await this.issuer.issue(
      {
        id: `user:${user.username}`,
        kind: 'user',
        roles: user.roles,
        ...(user.agencyId ? { agencyId: user.agencyId } : {}),
        ...(user.regionCode ? { regionCode: user.regionCode } : {}),
      },
      this.ttlSeconds,
    );
    return { status: 'signed_in', token, expiresAt };
  }
}
