import { isSecretMatch, parseApiKey } from './api-keys';
import { findApiKey, type ApiKeyRecord, type SqlRunner } from './access-store';
import { BearerTokenVerifier, type BearerTokenSettings } from './bearer-token.verifier';
import { ExpiringMap } from './expiring-map';
import type { Principal } from './principal';

export interface Credentials {
  apiKey?: string | undefined;
  authorization?: string | undefined;
}

export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: string; wasPresented: boolean };

export interface AuthenticatorSettings extends BearerTokenSettings {
  /** How long a service trusts a looked-up API key (and so how long a revocation takes to reach it). */
  apiKeyCacheTtlMs: number;
}

/**
 * Establishes the principal from `X-API-Key` or `Authorization: Bearer`. API keys are read from the
 * shared `access` tables (read-only) and cached in process briefly; tokens are verified locally.
 */
export class Authenticator {
  private readonly keyCache: ExpiringMap<ApiKeyRecord | undefined>;
  private readonly bearer: BearerTokenVerifier;

  constructor(
    private readonly database: SqlRunner,
    settings: AuthenticatorSettings,
  ) {
    this.bearer = new BearerTokenVerifier(settings);
    this.keyCache = new ExpiringMap({ ttlMs: settings.apiKeyCacheTtlMs });
  }

  async authenticate(credentials: Credentials): Promise<Authentication> {
    if (credentials.apiKey) return this.byApiKey(credentials.apiKey);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '')?.[1];
    if (bearer) {
      const verified = await this.bearer.verify(bearer);
      return verified.ok ? verified : { ...verified, wasPresented: true };
    }
    if (credentials.authorization) return { ok: false, reason: 'unsupported Authorization scheme', wasPresented: true };
    return { ok: false, reason: 'no credentials', wasPresented: false };
  }

  private async byApiKey(apiKey: string): Promise<Authentication> {
    const parsed = parseApiKey(apiKey);
    if (!parsed) return { ok: false, reason: 'malformed API key', wasPresented: true };
    const record = await this.lookUp(parsed.keyId);
    if (!record || !isSecretMatch(parsed.secret, record.secretHash)) return { ok: false, reason: 'unknown API key', wasPresented: true };
    const now = Date.now();
    if (record.revokedAt && record.revokedAt.getTime() <= now) return { ok: false, reason: `API key ${record.keyId} revoked`, wasPresented: true };
    if (record.expiresAt && record.expiresAt.getTime() <= now) return { ok: false, reason: `API key ${record.keyId} expired`, wasPresented: true };
    return {
      ok: true,
      principal: { id: `client:${record.clientId}`, kind: 'client', roles: record.roles, scopes: { operations: record.operations, channels: record.channels } },
    };
  }

  private async lookUp(keyId: string): Promise<ApiKeyRecord | undefined> {
    const cached = this.keyCache.find(keyId);
    if (cached) return cached.value;
    const record = await findApiKey(this.database, keyId);
    // Unknown ids are cached too, so guessing keys costs the database nothing more than a known one.
    this.keyCache.set(keyId, record);
    return record;
  }
}
