import { clientOptions, MAX_RECONNECT_DELAY_MS, reconnectDelay } from '../../src/connection/client';
import { parseRedisUri } from '../../src/connection/uri';
import { compareVersions, versionFromInfo } from '../../src/connection/version';

describe('reconnection back-off', () => {
  it('starts at reconnect_sleep and doubles max_reconnect_attempts times', () => {
    const policy = { maxAttempts: 3, sleep: 0.1 };
    expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(n, policy))).toEqual([100, 200, 400, 800, 800, 800]);
  });

  it('never waits longer than 1 s and never gives up', () => {
    const policy = { maxAttempts: 10, sleep: 1 };
    expect(reconnectDelay(1, policy)).toBe(1000);
    expect(reconnectDelay(50, policy)).toBe(MAX_RECONNECT_DELAY_MS);
    expect(typeof reconnectDelay(10_000, policy)).toBe('number');
  });
});

describe('client options', () => {
  const policy = { maxAttempts: 10, sleep: 1 };

  it('fails commands at once while disconnected instead of queueing them', () => {
    const options = clientOptions(parseRedisUri('redis://h:6379?dbid=4'), policy);
    expect(options).toMatchObject({ host: 'h', port: 6379, db: 4, enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    expect(options.autoResendUnfulfilledCommands).toBe(false);
  });

  it("raises the reference's 0.1 s socket_timeout to a 1 s deadline, and keeps longer ones", () => {
    expect(clientOptions(parseRedisUri('redis://h'), policy)).toMatchObject({ connectTimeout: 1000, commandTimeout: 1000 });
    expect(clientOptions(parseRedisUri('redis://h?socket_timeout=5'), policy)).toMatchObject({ connectTimeout: 5000, commandTimeout: 5000 });
  });

  it('maps sentinel and unix socket targets', () => {
    expect(clientOptions(parseRedisUri('redis://:pw@s1,s2:26380?master=mm'), policy)).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'mm',
      password: 'pw',
    });
    expect(clientOptions(parseRedisUri('redis:///tmp/r.sock'), policy)).toMatchObject({ path: '/tmp/r.sock' });
  });
});

describe('server version check', () => {
  it('reads redis_version from INFO and compares numerically', () => {
    expect(versionFromInfo('# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n')).toBe('7.0.15');
    expect(versionFromInfo('nothing')).toBeUndefined();
    expect(compareVersions('2.8.9', '2.8.9')).toBe(0);
    expect(compareVersions('2.10.0', '2.8.9')).toBeGreaterThan(0);
    expect(compareVersions('2.6', '2.8.9')).toBeLessThan(0);
    expect(compareVersions('7.0.15', '2.8.9')).toBeGreaterThan(0);
  });
});
