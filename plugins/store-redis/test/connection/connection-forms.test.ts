/**
 * The three URI forms against real servers started for this file: a password-protected
 * redis-server reached over TCP (password alone, or ACL user + password) and over its
 * unix socket with a dbid, and a Sentinel naming its master.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { RedisControlDriver, RedisDataDriver } from '../../src';
import { describeWithRedisServer, freePort, startRedisServer, stopRedisServer } from '../redis-test-server';

const CLIENT = '3a5d7f6e-1c2b-4d8e-9f0a-112233445566';

/** Opens a data and a control store on `uri`, round-trips a queue and a message, closes them. */
async function roundTrip(uri: string): Promise<void> {
  const control = new RedisControlDriver({ uri });
  const data = new RedisDataDriver({ uri });
  await control.open();
  await data.open();
  try {
    expect(await control.queues.create('p', 'q', { via: uri.split('?')[0] })).toBe(true);
    const [id] = await data.messages.post('p', 'q', [{ body: 'hello', ttl: 60, delay: 0 }], CLIENT);
    expect((await data.messages.get('p', 'q', id)).body).toBe('hello');
    expect(await data.isAlive()).toBe(true);
  } finally {
    await data.close();
    await control.close();
  }
}

describeWithRedisServer('Redis uri forms on real servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zaqar-redis-forms-'));
  const socket = join(dir, 'redis.sock');
  const servers: ChildProcess[] = [];
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    servers.push(await startRedisServer(port, ['--requirepass', 's3cret', '--unixsocket', socket, '--unixsocketperm', '700'], 's3cret'));
  });

  afterAll(async () => {
    for (const server of servers) await stopRedisServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects over TCP with a password, or an ACL user and its password', async () => {
    await roundTrip(`redis://:s3cret@127.0.0.1:${port}?key_prefix=tcp:`);
    await roundTrip(`redis://default:s3cret@127.0.0.1:${port}?key_prefix=acl:`);
  });

  it('refuses to open with a wrong password (StorageUnavailable naming the cause)', async () => {
    const data = new RedisDataDriver({ uri: `redis://:wrong@127.0.0.1:${port}` });
    await expect(data.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE', message: expect.stringMatching(/WRONGPASS|invalid password/i) });
    await data.close();
  });

  it('connects over the unix socket and uses the dbid', async () => {
    await roundTrip(`redis://:s3cret@${socket}?dbid=3&key_prefix=unix:`);
    const raw = new Redis({ path: socket, password: 's3cret', db: 3 });
    try {
      expect(await raw.hexists('unix:queues:1:p:meta', 'q')).toBe(1);
      await raw.select(0);
      expect(await raw.exists('unix:queues:1:p:meta')).toBe(0);
    } finally {
      raw.disconnect();
    }
  });

  it('finds the master through Sentinel', async () => {
    const masterPort = await freePort();
    servers.push(await startRedisServer(masterPort));
    const sentinelPort = await freePort();
    const config = join(dir, `sentinel-${randomUUID()}.conf`);
    writeFileSync(config, `sentinel monitor zaqar-master 127.0.0.1 ${masterPort} 1\n`);
    servers.push(await startRedisServer(sentinelPort, [config, '--sentinel']));
    await roundTrip(`redis://127.0.0.1:${sentinelPort},127.0.0.1:${await freePort()}?master=zaqar-master&key_prefix=sentinel:`);
  });
});
