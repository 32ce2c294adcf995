import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { BearerTokenVerifier } from './bearer-token.verifier';
import { ensureSigningKeyFiles } from './signing-keys';
import { TokenIssuer } from './token-issuer';

jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
const jwtVerify = jest.mocked(jose.jwtVerify);

const unitOperator = { id: 'user:unit-a', kind: 'user' as const, roles: ['unit_operator' as const], agencyId: 'street-a' };

describe('BearerTokenVerifier', () => {
  let directory: string;
  let issuer: TokenIssuer;
  const verifierWith = (ttlMs: number) =>
    new BearerTokenVerifier({ publicKeyFile: join(directory, 'public.pem'), issuer: 'hotline-intake', audience: 'hotline', tokenCache: { ttlMs } });

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'bearer-'));
    ensureSigningKeyFiles({ privateKeyFile: join(directory, 'private.pem'), publicKeyFile: join(directory, 'public.pem') });
    issuer = new TokenIssuer({ privateKeyFile: join(directory, 'private.pem'), issuer: 'hotline-intake', audience: 'hotline' });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  beforeEach(() => jwtVerify.mockClear());
  afterEach(() => jest.useRealTimers());

  it('verifies a token once and answers it from memory after that', async () => {
    const verifier = verifierWith(60_000);
    const { token } = await issuer.issue(unitOperator, 3_600);
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(first).toEqual({ ok: true, principal: unitOperator });
    expect(again).toEqual(first);
    expect(jwtVerify).toHaveBeenCalledTimes(1);
  });

  it('verifies every request with the cache off', async () => {
    const verifier = verifierWith(0);
    const { token } = await issuer.issue(unitOperator, 3_600);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('refuses a token altered in its signature although the original was verified', async () => {
    const verifier = verifierWith(60_000);
    const { token } = await issuer.issue(unitOperator, 3_600);
    expect((await verifier.verify(token)).ok).toBe(true);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(await verifier.verify(altered)).toMatchObject({ ok: false, reason: expect.stringContaining('bearer token rejected') });
  });

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.now() });
    const verifier = verifierWith(600_000);
    const { token } = await issuer.issue(unitOperator, 60);
    expect((await verifier.verify(token)).ok).toBe(true);
    jest.setSystemTime(Date.now() + 30_000);
    expect((await verifier.verify(token)).ok).toBe(true);
    expect(jwtVerify).toHaveBeenCalledTimes(1);
    jest.setSystemTime(Date.now() + 31_000);
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'bearer token rejected: ERR_JWT_EXPIRED' });
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('verifies a remembered token again once the cache time has passed', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.now() });
    const verifier = verifierWith(1_000);
    const { token } = await issuer.issue(unitOperator, 3_600);
    await verifier.verify(token);
    jest.setSystemTime(Date.now() + 1_001);
    expect((await verifier.verify(token)).ok).toBe(true);
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });
});
