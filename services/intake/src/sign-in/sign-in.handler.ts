import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findUser, verifyPassword, type TokenIssuer } from '@hotline/access';
import { SIGN_IN_LOCKOUT, type SignInLockout } from './sign-in-lockout';
import type { SignInRequest } from './sign-in.request';

export const TOKEN_ISSUER = Symbol('TOKEN_ISSUER');
export const TOKEN_TTL_SECONDS = Symbol('TOKEN_TTL_SECONDS');

export type SignInResult =
  | { status: 'signed_in'; token: string; expiresAt: Date }
  | { status: 'refused' }
  | { status: 'locked_out'; retryAfterSeconds: number }
  | { status: 'lockout_unavailable' };

@Injectable()
export class SignInHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TOKEN_ISSUER) private readonly issuer: TokenIssuer,
    @Inject(TOKEN_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(SIGN_IN_LOCKOUT) private readonly lockout: SignInLockout,
  ) {}

  /**
   * The built-in sign-in for small deployments: username and password for a signed bearer token. A
   * username with too many recent failures (from this address, or from all) is refused before its
   * password is even checked.
   */
  async execute(request: SignInRequest, address: string): Promise<SignInResult> {
    const lock = await this.lockout.check(request.username, address);
    if (lock.isLocked === true) return { status: 'locked_out', retryAfterSeconds: lock.retryAfterSeconds };
    if (lock.isLocked === 'unknown' && this.lockout.failMode === 'closed') return { status: 'lockout_unavailable' };
    const user = await findUser(this.dataSource, request.username);
    const isPasswordRight = await verifyPassword(user?.passwordHash ?? null, request.password);
    if (!user || !isPasswordRight || user.isDisabled) {
      await this.lockout.recordFailure(request.username, address);
      return { status: 'refused' };
    }
    await this.lockout.recordSuccess(request.username, address);
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
