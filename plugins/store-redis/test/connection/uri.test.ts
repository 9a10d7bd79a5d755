import { parseRedisUri } from '../../src/connection/uri';

describe('parseRedisUri', () => {
  it('reads a TCP uri with the reference defaults', () => {
    expect(parseRedisUri('redis://127.0.0.1:6379')).toEqual({
      strategy: 'tcp',
      host: '127.0.0.1',
      port: 6379,
      db: 0,
      socketTimeout: 0.1,
      keyPrefix: 'zaqar:',
      username: undefined,
      password: undefined,
      sentinelUsername: undefined,
      sentinelPassword: undefined,
    });
    expect(parseRedisUri('redis://cache.example.com')).toMatchObject({ host: 'cache.example.com', port: 6379 });
    expect(parseRedisUri('redis://[::1]:6380')).toMatchObject({ strategy: 'tcp', host: '::1', port: 6380 });
  });

  it('reads credentials, dbid, socket_timeout and key_prefix', () => {
    expect(parseRedisUri('redis://:s3cret@db.local:6380?dbid=3&socket_timeout=2.5')).toMatchObject({
      host: 'db.local',
      port: 6380,
      username: undefined,
      password: 's3cret',
      db: 3,
      socketTimeout: 2.5,
    });
    expect(parseRedisUri('redis://zaqar:p%40ss@db.local')).toMatchObject({ username: 'zaqar', password: 'p@ss' });
    expect(parseRedisUri('redis://db.local?key_prefix=tenant-a:')).toMatchObject({ keyPrefix: 'tenant-a:' });
    expect(parseRedisUri('redis://db.local?key_prefix=')).toMatchObject({ keyPrefix: '' });
  });

  it('reads sentinel uris (default port 26379) with the master name and sentinel credentials', () => {
    expect(parseRedisUri('redis://s1:26380,s2?master=mymaster&sentinel_username=u&sentinel_password=p&dbid=2')).toMatchObject({
      strategy: 'sentinel',
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
      ],
      master: 'mymaster',
      sentinelUsername: 'u',
      sentinelPassword: 'p',
      db: 2,
    });
    expect(parseRedisUri('redis://:pw@s1?master=m')).toMatchObject({ strategy: 'sentinel', password: 'pw', sentinels: [{ host: 's1', port: 26379 }] });
  });

  it('reads unix socket uris, with or without a password', () => {
    expect(parseRedisUri('redis:///var/run/redis/redis.sock?dbid=1')).toMatchObject({ strategy: 'unix', path: '/var/run/redis/redis.sock', db: 1 });
    expect(parseRedisUri('redis://:pw@/tmp/redis.sock')).toMatchObject({ strategy: 'unix', path: '/tmp/redis.sock', password: 'pw' });
  });

  it.each([
    ['http://127.0.0.1:6379', 'Invalid scheme in Redis URI'],
    ['127.0.0.1:6379', 'Invalid scheme in Redis URI'],
    ['redis://[::1', 'Malformed Redis URI'],
    ['redis://user@host', 'Password should be set when username is set'],
    ['redis://user:@host', 'Password should be set when username is set'],
    ['redis://host:port', 'The Redis configuration URI contains an invalid port'],
    ['redis://host:99999', 'The Redis configuration URI contains an invalid port'],
    ['redis://s1:x,s2?master=m', 'The Redis configuration URI contains an invalid port'],
    ['redis://:pw@:6379', 'Missing host name in Redis URI'],
    ['redis://', 'Missing path in Redis URI'],
    ['redis://?dbid=1', 'Missing path in Redis URI'],
    ['redis://?master=m', 'The Redis configuration URI does not define any sentinel hosts'],
    ['redis://host?dbid=one', 'The Redis configuration URI contains an invalid dbid'],
    ['redis://host?socket_timeout=-1', 'The Redis configuration URI contains an invalid socket_timeout'],
  ])('refuses %s: %s', (uri, message) => {
    expect(() => parseRedisUri(uri)).toThrow(message);
  });

  it('refuses several hosts without a master, with the reference text', () => {
    expect(() => parseRedisUri('redis://h1:26379,h2:26379')).toThrow(
      'The Redis URI specifies multiple sentinel hosts, but is missing the "master" query string parameter. ' +
        'Please set "master" to the name of the Redis master server as specified in the sentinel configuration file.',
    );
  });

  it('never repeats the uri (which may hold a password) in an error', () => {
    expect(() => parseRedisUri('redis://admin:s3cret@host:bad')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});
