import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { createLogger } from '@hotline/observability';
import { startInProcess, testServiceEnv, type InProcessService } from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadFeedbackConfig } from '../src/config/feedback-config';

/**
 * A city's OpenID Connect provider, as a real HTTP server: discovery and a JWKS with the key it signs
 * with. The service under test fetches the JWKS itself (jose's remote key set), as it would in a city.
 */
async function startProvider(): Promise<{ issuer: string; sign: (claims: Record<string, unknown>, options?: SignOptions) => Promise<string>; close: () => Promise<void>; jwksRequests: () => number }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'city-idp-1', alg: 'RS256', use: 'sig' };
  let jwksRequests = 0;
  let issuer = '';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/city`;
  // The realm path is part of the issuer, as Keycloak's is; the server answers under it.
  server.on('request', (request, response) => {
    const path = (request.url ?? '').replace('/realms/city', '');
    if (path === '/.well-known/openid-configuration') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` }));
    } else if (path === '/protocol/openid-connect/certs') {
      jwksRequests += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return {
    issuer,
    sign: (claims, options = {}) => signWith(options.key ?? privateKey, { issuer, ...options }, claims),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    jwksRequests: () => jwksRequests,
  };
}

interface SignOptions {
  key?: CryptoKey;
  issuer?: string;
  audience?: string;
  expiresIn?: string;
}

function signWith(key: CryptoKey, options: SignOptions, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'city-idp-1' })
    .setIssuer(options.issuer ?? '')
    .setAudience(options.audience ?? 'hotline')
    .setSubject('zhang.wei@city.example')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(key);
}

describe('OpenID Connect: tokens from the city provider, verified against its JWKS', () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let service: InProcessService;

  beforeAll(async () => {
    provider = await startProvider();
    const config = loadFeedbackConfig(
      testServiceEnv({ OIDC_ISSUER: provider.issuer, OIDC_JWKS_URI: `${provider.issuer}/protocol/openid-connect/certs`, OIDC_ROLES_CLAIM: 'hotline_roles' }),
    );
    // No consumer: only the HTTP side and its access guard are under test.
    service = await startInProcess({ service: 'feedback', appModule: AppModule.register(config, createLogger('feedback', 'fatal')) });
  });

  afterAll(async () => {
    await service?.close();
    await provider?.close();
  });

  const listFollowUps = (token: string) => fetch(`${service.url}/v1/follow-ups?status=pending&limit=1`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts a token the provider signed, with roles from the configured claim', async () => {
    const response = await listFollowUps(await provider.sign({ hotline_roles: ['dispatcher'] }));
    expect(response.status).toBe(200);
    expect(provider.jwksRequests()).toBeGreaterThanOrEqual(1);
  });

  it('answers 403 when the provider grants no role the route allows', async () => {
    const response = await listFollowUps(await provider.sign({ hotline_roles: ['inspector'] }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('answers 401 for a token signed by a key not in the JWKS, expired, for another audience, or from another issuer', async () => {
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const refused = [
      await provider.sign({ hotline_roles: ['dispatcher'] }, { key: stranger }),
      await provider.sign({ hotline_roles: ['dispatcher'] }, { expiresIn: '-1m' }),
      await provider.sign({ hotline_roles: ['dispatcher'] }, { audience: 'another-app' }),
      await provider.sign({ hotline_roles: ['dispatcher'] }, { issuer: 'http://127.0.0.1:1/realms/elsewhere' }),
    ];
    for (const token of refused) {
      const response = await listFollowUps(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({ error: { code: 'AUTH.UNAUTHENTICATED' } });
    }
  });
});
