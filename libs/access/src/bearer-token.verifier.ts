import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, decodeJwt, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { isRole, type Principal } from './principal';
import { TOKEN_ALGORITHM } from './signing-keys';
import { ExpiringMap, type ExpiringMapSettings } from './expiring-map';

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
  /** Verified tokens answered from memory (by their exact text) until their expiry or this TTL; unset: none. */
  tokenCache?: ExpiringMapSettings;
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
 * A token verified once is answered from memory until it expires or `tokenCache.ttlMs` passes, so a
 * provider's withdrawn signing key stops admitting its tokens at most that long later.
 */
export class BearerTokenVerifier {
  private localKey: Promise<CryptoKey> | undefined;
  private readonly remoteKeys: ReturnType<typeof createRemoteJWKSet> | undefined;
  /** Verified tokens by their exact text; a token that failed is never kept. */
  private readonly verified: ExpiringMap<Principal>;

  constructor(private readonly settings: BearerTokenSettings) {
    this.remoteKeys = settings.oidc ? createRemoteJWKSet(new URL(settings.oidc.jwksUri), { cooldownDuration: 30_000 }) : undefined;
    this.verified = new ExpiringMap<Principal>(settings.tokenCache ?? { ttlMs: 0 });
  }

  async verify(token: string): Promise<VerifiedToken> {
    // A console sends the same token with every request; its ES256 signature costs ~0.2 ms of CPU to verify.
    const known = this.verified.find(token);
    if (known) return { ok: true, principal: known.value };
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed bearer token' };
    }
    try {
      const verified = await this.verifySignedBy(issuer, token);
      if (!verified) return { ok: false, reason: 'bearer token from an unknown issuer' };
      this.verified.set(token, verified.principal, verified.payload.exp === undefined ? undefined : verified.payload.exp * 1000);
      return { ok: true, principal: verified.principal };
    } catch (err) {
      return { ok: false, reason: `bearer token rejected: ${(err as { code?: string }).code ?? (err as Error).message}` };
    }
  }

  private async verifySignedBy(issuer: string | undefined, token: string): Promise<{ principal: Principal; payload: JWTPayload } | undefined> {
    if (issuer === this.settings.issuer) {
      this.localKey ??= importSPKI(readFileSync(this.settings.publicKeyFile, 'utf8'), TOKEN_ALGORITHM);
      const { payload } = await jwtVerify(token, await this.localKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [TOKEN_ALGORITHM],
      });
      return { payload, principal: toPrincipal(payload, payload.sub ?? '', { rolesClaim: 'roles', agencyClaim: 'agency_id', regionClaim: 'region_code' }) };
    }
    const { oidc } = this.settings;
    if (oidc && this.remoteKeys && issuer === oidc.issuer) {
      const { payload } = await jwtVerify(token, this.remoteKeys, { issuer: oidc.issuer, audience: oidc.audience });
      return { payload, principal: toPrincipal(payload, `oidc:${payload.sub ?? ''}`, oidc) };
    }
    return undefined;
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
