import { ConfigError, NoAuthAuthenticator, authenticatorFor, credentialsOf, coreOptionGroups, OptionRegistry, TypedConf } from '../../src';

const confWith = (auth_strategy: string) => new TypedConf(new OptionRegistry().register(...coreOptionGroups), { DEFAULT: { auth_strategy } });

describe('noauth', () => {
  it('reads the identity from the headers, as the reference does without Keystone', () => {
    const headers = credentialsOf({
      'x-project-id': 'p',
      'X-Roles': 'admin, member',
      'X-User-ID': 'u',
      'X-Domain-ID': 'd',
      'X-User-Domain-ID': 'ud',
      'X-Project-Domain-ID': 'pd',
      other: 1,
    });
    expect(new NoAuthAuthenticator().authenticate(headers)).toEqual({
      identity: { project: 'p', userId: 'u', roles: ['admin', 'member'], domain: 'd', userDomain: 'ud', projectDomain: 'pd' },
    });
  });

  it('falls back to the legacy tenant headers and keeps an empty project empty (the transports refuse it)', () => {
    const auth = new NoAuthAuthenticator();
    expect(auth.authenticate(credentialsOf({ 'X-Tenant-Id': 't' })).identity?.project).toBe('t');
    expect(auth.authenticate(credentialsOf({ 'X-Project-ID': '', 'X-Tenant': 't' })).identity?.project).toBe('');
    expect(auth.authenticate(credentialsOf({ 'X-Project-ID': 5 })).identity).toMatchObject({ project: undefined, roles: [] });
  });

  it('is what a transport built without an authenticator gets, only when the configuration asks for none', () => {
    expect(authenticatorFor(confWith(''))).toBeInstanceOf(NoAuthAuthenticator);
    expect(authenticatorFor(confWith('noauth'))).toBeInstanceOf(NoAuthAuthenticator);
    expect(() => authenticatorFor(confWith('keystone'))).toThrow(ConfigError);
    const given = { trustsHeaders: false, authenticate: () => ({ refusal: { status: 401, title: 'no' } }) };
    expect(authenticatorFor(confWith('keystone'), given)).toBe(given);
  });
});
