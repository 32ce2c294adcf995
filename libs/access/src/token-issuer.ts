import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import type { Principal } from './principal';
import { TOKEN_ALGORITHM } from './signing-keys';

export interface TokenIssuerSettings {
  privateKeyFile: string;
  issuer: string;
  audience: string;
}

/** Signs the bearer tokens of the built-in sign-in (intake) and of the demo credentials. */
export class TokenIssuer {
  private key: Promise<CryptoKey> | undefined;

  constructor(private readonly settings: TokenIssuerSettings) {}

  async issue(principal: Omit<Principal, 'scopes'>, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
    this.key ??= importPKCS8(readFileSync(this.settings.privateKeyFile, 'utf8'), TOKEN_ALGORITHM);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const token = await new SignJWT({
      kind: principal.kind,
      roles: principal.roles,
      ...(principal.agencyId ? { agency_id: principal.agencyId } : {}),
      ...(principal.regionCode ? { region_code: principal.regionCode } : {}),
    })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
      .setSubject(principal.id)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, expiresAt };
  }
}
