/** The token cache and the identity of a token body, without Keystone. */
import { identityOf, KeystoneAuthenticator } from '../src/keystone-authenticator';
import { TokenCache } from '../src/token-cache';

describe('TokenCache', () => {
  it('shares one load between concurrent callers and keeps the value until the earlier of ttl and expiry', async () => {
    const cache = new TokenCache<string>(60_000);
    let loads = 0;
    const load = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++loads}`), 10));
    const [a, b] = await Promise.all([cache.load('k', load, () => undefined), cache.load('k', load, () => undefined)]);
    expect([a, b, loads]).toEqual(['v1', 'v1', 1]);
    expect(cache.get('k')).toBe('v1');
    expect(cache.get('k', Date.now() + 61_000)).toBeUndefined();
    await cache.load('short', load, () => Date.now() + 1000);
    expect(cache.get('short', Date.now() + 1500)).toBeUndefined();
  });

  it('keeps nothing with token_cache_time -1 and drops the oldest entries beyond its bound', async () => {
    const off = new TokenCache<number>(0);
    await off.load(
      'k',
      async () => 1,
      () => undefined,
    );
    expect(off.size).toBe(0);
    const bounded = new TokenCache<number>(60_000, 3);
    for (let i = 0; i < 5; i++)
      await bounded.load(
        `k${i}`,
        async () => i,
        () => undefined,
      );
    expect([bounded.size, bounded.get('k0'), bounded.get('k1'), bounded.get('k4')]).toEqual([3, undefined, undefined, 4]);
  });

  it('does not keep a failed load', async () => {
    const cache = new TokenCache<number>(60_000);
    await expect(
      cache.load(
        'k',
        () => Promise.reject(new Error('down')),
        () => undefined,
      ),
    ).rejects.toThrow('down');
    expect(
      await cache.load(
        'k',
        async () => 2,
        () => undefined,
      ),
    ).toBe(2);
  });
});

describe('identityOf', () => {
  it("reads the middleware's identity headers from a v3 token body", () => {
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const body = {
      expires_at: expires,
      user: { id: 'u', domain: { id: 'ud' } },
      project: { id: 'p', domain: { id: 'pd' } },
      roles: [
        { id: '1', name: 'member' },
        { id: '2', name: 'reader' },
      ],
    };
    expect(identityOf(body)).toEqual({
      project: 'p',
      userId: 'u',
      roles: ['member', 'reader'],
      domain: undefined,
      userDomain: 'ud',
      projectDomain: 'pd',
      expiresAt: Date.parse(expires),
    });
  });

  it('refuses an expired token', () => {
    expect(identityOf({ expires_at: new Date(Date.now() - 1000).toISOString(), project: { id: 'p' } })).toBeNull();
  });
});

describe('KeystoneAuthenticator', () => {
  /** Nothing listens at this auth_url. */
  const UNREACHABLE = { authUrl: 'http://127.0.0.1:9/v3', wwwAuthenticateUri: 'http://ks/v3', user: { id: 'u' }, password: 'p', cacheMs: 0 };

  it('refuses tokens no Keystone issues without calling it (nothing listens at auth_url)', () => {
    const settings = { ...UNREACHABLE, timeoutMs: 100, retries: 0 };
    const authenticator = new KeystoneAuthenticator(settings);
    for (const token of [undefined, '', ' ', 'a b', 'tok\u00e9n', 'x'.repeat(8193)]) {
      const outcome = authenticator.authenticate({ header: () => token });
      expect(outcome).toMatchObject({ refusal: { status: 401, headers: { 'WWW-Authenticate': 'Keystone uri="http://ks/v3"' } } });
    }
  });

  it('answers 503 when Keystone cannot be reached', async () => {
    const settings = { ...UNREACHABLE, timeoutMs: 1000, retries: 1 };
    const outcome = await new KeystoneAuthenticator(settings).authenticate({ header: () => 'gAAAAAtoken' });
    expect(outcome).toEqual({ refusal: { status: 503, title: 'Service Unavailable', description: 'The Keystone service is temporarily unavailable.' } });
  });
});
