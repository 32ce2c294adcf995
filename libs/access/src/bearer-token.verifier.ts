import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, decodeJwt, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { isRole, type Principal } from './principal';
import { TOKEN_ALGORITHM } from './signing-keys';

export interface BearerTokenSettings {
  /** The built-in sign-in's public key (PEM), its issuer and audience. */
  publicKeyFile: string;
  issuer: string;
  audience: string;
  /** An OpenID Connect provider the city runs; unset disables it. */
  oidc?: {
    issuer: string;
    audience: string;
    jwksUri: string;
    rolesClaim: string;
    agencyClaim: string;
    regionClaim: string;
  };
}

export type VerifiedToken = { ok: true; principal: Principal } | { ok: false; reason: string };

const stringClaim = (payload: JWTPayload, claim: string): string | undefined => {
  const value = payload[claim];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

const rolesClaim = (payload: JWTPayload, claim: string) => {
  const value = payload[claim];
  const list = Array.isArray(value) ? (value as unknown[]) : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.filter(isRole);
};

/**
 * Verifies bearer tokens locally, with no call to another service per request: the built-in sign-in's
 * tokens against its public key, OIDC tokens against the provider's JWKS (fetched and cached by jose).
 */
export class BearerTokenVerifier {
  private localKey: Promise<CryptoKey> | undefined;
  private readonly remoteKeys: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly settings: BearerTokenSettings) {
    this.remoteKeys = settings.oidc ? createRemoteJWKSet(new URL(settings.oidc.jwksUri), { cooldownDuration: 30_000 }) : undefined;
  }

  async verify(token: string): Promise<VerifiedToken> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed bearer token' };
    }
    try {
      if (issuer === this.settings.issuer) return { ok: true, principal: await this.verifyLocal(token) };
      const { oidc } = this.settings;
      if (oidc && this.remoteKeys && issuer === oidc.issuer) {
        const { payload } = await jwtVerify(token, this.remoteKeys, { issuer: oidc.issuer, audience: oidc.audience });
        return { ok: true, principal: toPrincipal(payload, `oidc:${payload.sub ?? ''}`, oidc) };
      }
      return { ok: false, reason: 'bearer token from an unknown issuer' };
    } catch (err) {
      return { ok: false, reason: `bearer token rejected: ${(err as { code?: string }).code ?? (err as Error).message}` };
    }
  }

  private async verifyLocal(token: string): Promise<Principal> {
    this.localKey ??= importSPKI(readFileSync(this.settings.publicKeyFile, 'utf8'), TOKEN_ALGORITHM);
    const { payload } = await jwtVerify(token, await this.localKey, {
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      algorithms: [TOKEN_ALGORITHM],
    });
    return toPrincipal(payload, payload.sub ?? '', { rolesClaim: 'roles', agencyClaim: 'agency_id', regionClaim: 'region_code' });
  }
}

function toPrincipal(payload: JWTPayload, id: string, claims: { rolesClaim: string; agencyClaim: string; regionClaim: string }): Principal {
  const agencyId = stringClaim(payload, claims.agencyClaim);
  const regionCode = stringClaim(payload, claims.regionClaim);
  return {
    id,
    kind: payload['kind'] === 'client' ? 'client' : 'user',
    roles: rolesClaim(payload, claims.rolesClaim),
    ...(agencyId ? { agencyId } : {}),
    ...(regionCode ? { regionCode } : {}),
  };
}
