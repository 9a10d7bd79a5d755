/**
 * Pooling on a real server in process (semantics.md §18, http-api-v2.md §12–§13):
 * the admin API, pools on several SQLite files and Redis databases at once,
 * weighted placement, flavors, the catalogue surviving a restart, and a pool
 * that goes down failing only its own queues.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { dropPrefix, freePort, startRedisServer, stopRedisServer, testPrefix, TEST_REDIS_URI } from '../../plugins/store-redis/test/redis-test-server';
import { waitFor } from '../support/wait-for';
import { FIXTURES, tempDir } from '../server/cli-process';

const REPO = path.resolve(__dirname, '../..');
const CLIENT = '3381af92-2b9e-11e3-b191-71861300734c';
const silent = createLogger({ level: 'silent' });

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

function client(server: RunningServer, project = 'p1') {
  const { host, port } = server.addresses[0];
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`http://${host}:${port}${url}`, {
      method,
      headers: { 'Client-ID': CLIENT, 'X-Project-ID': project, 'X-Roles': 'admin', 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

function start(dir: string, extra = ''): Promise<RunningServer> {
  const db = `sqlite:///${dir}/catalog.db`;
  const conf = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(
    conf,
    `[DEFAULT]\nplugin_dirs = ${FIXTURES}\ndata_dir = ${dir}/data\nadmin_mode = True\npooling = True\n${extra}\n[drivers]\ntransport = wsgi\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n[drivers:transport:wsgi]\nport = 0\n`,
  );
  return startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: dir, logger: silent });
}

const sqlitePool = (dir: string, name: string) => `sqlite:///${dir}/${name}.db`;

describe('pooling', () => {
  let dir: string;
  let server: RunningServer | undefined;
  const prefixes: string[] = [];

  beforeEach(() => {
    dir = tempDir('zaqar-pooling-').dir;
  });
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
    for (const prefix of prefixes.splice(0)) {
      await dropPrefix(prefix, `${TEST_REDIS_URI.replace(/\?.*$/, '')}/5`);
      await dropPrefix(prefix, `${TEST_REDIS_URI.replace(/\?.*$/, '')}/6`);
    }
  });

  const redisPool = (db: number) => {
    const prefix = testPrefix('pool');
    prefixes.push(prefix);
    return `${TEST_REDIS_URI.replace(/\?.*$/, '')}?dbid=${db}&key_prefix=${encodeURIComponent(prefix)}`;
  };

  it('serves the pool admin API with the reference bodies and texts', async () => {
    server = await start(dir);
    const call = client(server);
    expect((await call('GET', '/v2/pools')).body).toEqual({ links: [], pools: [] });
    const uri = sqlitePool(dir, 'a');
    let res = await call('PUT', '/v2/pools/pool1', { uri, weight: 100, options: {} });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v2/pools/pool1');
    expect((await call('PUT', '/v2/pools/pool2', { uri: sqlitePool(dir, 'b'), weight: 50 })).status).toBe(201);
    res = await call('GET', '/v2/pools?detailed=true&limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-location')).toBe('/v2/pools?detailed=true&limit=1');
    expect(res.body).toEqual({
      links: [{ rel: 'next', href: '/v2/pools?limit=1&detailed=true&marker=pool1' }],
      pools: [{ name: 'pool1', uri, weight: 100, flavor: null, options: {}, href: '/v2/pools/pool1' }],
    });
    expect((await call('GET', '/v2/pools/pool1')).body).toEqual({ name: 'pool1', uri, weight: 100, flavor: null, href: '/v2/pools/pool1' });
    expect((await call('GET', '/v2/pools/nope')).body).toEqual({ title: 'Not found', description: 'Pool nope does not exist' });
    expect((await call('PATCH', '/v2/pools/pool1', { weight: 60 })).body).toEqual({ name: 'pool1', uri, weight: 60, flavor: null, href: '/v2/pools/pool1' });
    res = await call('PATCH', '/v2/pools/pool1', {});
    expect(res.body).toEqual({ title: 'Invalid request body', description: 'One of `uri`, `weight`, `flavor`, or `options` needs to be specified' });
    res = await call('PUT', '/v2/pools/bad', { weight: 1 });
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('Invalid request body');
    res = await call('PUT', '/v2/pools/down', { uri: 'redis://127.0.0.1:1', weight: 1 });
    expect(res.body).toEqual({ title: 'Invalid request body', description: 'cannot connect to redis://127.0.0.1:1' });
    res = await call('PUT', '/v2/pools/odd', { uri: 'nosuch://x', weight: 1 });
    expect(res.body).toEqual({ title: 'Invalid request body', description: 'cannot connect to nosuch://x' });
    expect((await call('GET', '/v2/pools?limit=21')).body).toEqual({
      title: 'Invalid API request',
      description: 'Limit must be at least 1 and no greater than 20.',
    });
    expect((await call('GET', '/v2/pools', undefined, { 'X-Roles': '' })).status).toBe(403);
    expect((await call('DELETE', '/v2/pools/pool2')).status).toBe(204);
    expect((await call('DELETE', '/v2/pools/pool2')).status).toBe(204);
    expect((await call('GET', '/v2/pools')).body.pools.map((p: { name: string }) => p.name)).toEqual(['pool1']);
  });

  it('answers 404 for pools without pooling', async () => {
    const conf = path.join(dir, 'off.conf');
    fs.writeFileSync(
      conf,
      `[DEFAULT]\nadmin_mode = True\ndata_dir = ${dir}/data\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = sqlite:///${dir}/off.db\n[drivers:management_store:sqlalchemy]\nuri = sqlite:///${dir}/off.db\n`,
    );
    server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: dir, logger: silent });
    expect((await client(server)('GET', '/v2/pools')).status).toBe(404);
  });

  it('places queues over SQLite files and Redis databases and routes every operation to the queue pool', async () => {
    server = await start(dir);
    let call = client(server);
    const pools = { s1: sqlitePool(dir, 's1'), s2: sqlitePool(dir, 's2'), r5: redisPool(5), r6: redisPool(6) };
    for (const [name, uri] of Object.entries(pools)) expect((await call('PUT', `/v2/pools/${name}`, { uri, weight: 100 })).status).toBe(201);
    const queues = Array.from({ length: 24 }, (_, i) => `q${i}`);
    for (const q of queues) {
      expect((await call('PUT', `/v2/queues/${q}`)).status).toBe(201);
      expect((await call('POST', `/v2/queues/${q}/messages`, { messages: [{ ttl: 300, body: { q } }] })).status).toBe(201);
      expect((await call('POST', `/v2/queues/${q}/subscriptions`, { subscriber: 'mailto:a@example.com', ttl: 3600 })).status).toBe(201);
    }
    const control = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    const placed = new Map<string, string>();
    for (const q of queues) placed.set(q, (await control.catalogue.get('p1', q)).pool);
    expect(new Set(placed.values()).size).toBeGreaterThanOrEqual(3);
    for (const q of queues) {
      const claim = await call('POST', `/v2/queues/${q}/claims`, { ttl: 60, grace: 60 });
      expect(claim.status).toBe(201);
      expect(claim.body.messages.map((m: { body: unknown }) => m.body)).toEqual([{ q }]);
      expect((await call('GET', `/v2/queues/${q}/stats`)).body.messages.claimed).toBe(1);
      expect((await call('GET', `/v2/queues/${q}/subscriptions`)).body.subscriptions).toHaveLength(1);
    }
    // The catalogue survives a restart: every queue still finds its messages.
    await server.stop(0);
    server = await start(dir);
    call = client(server);
    const restartedControl = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const q of queues) {
      expect((await restartedControl.catalogue.get('p1', q)).pool).toBe(placed.get(q));
      expect((await call('GET', `/v2/queues/${q}/stats`)).body.messages.total).toBe(1);
    }
    // Queue delete removes data, catalogue entry and record.
    expect((await call('DELETE', '/v2/queues/q0')).status).toBe(204);
    expect(await restartedControl.catalogue.exists('p1', 'q0')).toBe(false);
    expect((await call('GET', '/v2/queues')).body.queues.map((q: { name: string }) => q.name)).not.toContain('q0');
  });

  it('places by weight (1:3 within ±0.07 over 400 queues) and never on weight 0', async () => {
    server = await start(dir);
    const call = client(server);
    await call('PUT', '/v2/pools/light', { uri: sqlitePool(dir, 'light'), weight: 25 });
    await call('PUT', '/v2/pools/heavy', { uri: sqlitePool(dir, 'heavy'), weight: 75 });
    await call('PUT', '/v2/pools/zero', { uri: sqlitePool(dir, 'zero'), weight: 0 });
    const control = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    const counts: Record<string, number> = { light: 0, heavy: 0, zero: 0 };
    const n = 400;
    for (let i = 0; i < n; i++) {
      await control.queues.create('p1', `w${i}`, {});
      counts[(await control.catalogue.get('p1', `w${i}`)).pool]++;
    }
    expect(counts.zero).toBe(0);
    // Binomial(400, 0.25): sd ≈ 0.022, so ±0.07 is over 3 sd.
    expect(Math.abs(counts.light / n - 0.25)).toBeLessThan(0.07);
  });

  it('answers 503 creating a queue with no pool, and uses the virtual pool when enabled', async () => {
    server = await start(dir);
    let call = client(server);
    expect((await call('PUT', '/v2/queues/nowhere')).status).toBe(503);
    await server.stop(0);
    server = await start(dir, '[pooling:catalog]\nenable_virtual_pool = True');
    call = client(server);
    expect((await call('PUT', '/v2/queues/virtual')).status).toBe(201);
    expect((await call('POST', '/v2/queues/virtual/messages', { messages: [{ ttl: 300, body: 1 }] })).status).toBe(201);
    expect((await call('GET', '/v2/queues/virtual/stats')).body.messages.total).toBe(1);
    // Reads of queues that do not exist answer as without pooling.
    expect((await call('GET', '/v2/queues/none/messages')).status).toBe(200);
  });

  it('serves flavors: placement by _flavor, capabilities, refused flavor change, pool delete rules', async () => {
    server = await start(dir);
    const call = client(server);
    await call('PUT', '/v2/pools/plain', { uri: sqlitePool(dir, 'plain'), weight: 10 });
    await call('PUT', '/v2/pools/fast', { uri: redisPool(5), weight: 10 });
    expect((await call('PUT', '/v2/flavors/fl1', { pool_list: [] })).body).toEqual({ title: 'Unable to create', description: 'Bad Request' });
    expect((await call('PUT', '/v2/flavors/fl1', { pool_list: ['nope'] })).body).toEqual({
      title: 'Unable to create',
      description: 'Flavor fl1 could not be created, error:Pool nope does not exist',
    });
    expect((await call('PUT', '/v2/flavors/fl1', {})).status).toBe(400);
    expect((await call('PUT', '/v2/flavors/fl1', { pool_list: ['fast'] })).status).toBe(201);
    expect((await call('GET', '/v2/flavors/fl1')).body).toEqual({
      name: 'fl1',
      pool_list: ['fast'],
      capabilities: ['FIFO', 'CLAIMS', 'AOD', 'HIGH_THROUGHPUT'],
      href: '/v2/flavors/fl1',
    });
    expect((await call('GET', '/v2/flavors?detailed=true')).body).toEqual({
      links: [{ rel: 'next', href: '/v2/flavors?detailed=true&marker=fl1' }],
      flavors: [{ name: 'fl1', href: '/v2/flavors/fl1', pool_list: ['fast'], capabilities: ['FIFO', 'CLAIMS', 'AOD', 'HIGH_THROUGHPUT'] }],
    });
    expect((await call('GET', '/v2/pools/fast')).body.flavor).toBe('fl1');
    // A pool of other capabilities cannot join the flavor.
    expect((await call('PATCH', '/v2/pools/plain', { flavor: 'fl1' })).body).toEqual({
      title: 'Unable to create pool',
      description: 'The pool being added does not support the minimum set of capabilities',
    });
    const control = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await call('PUT', '/v2/queues/fq', { _flavor: 'fl1' })).status).toBe(201);
    expect((await control.catalogue.get('p1', 'fq')).pool).toBe('fast');
    expect((await call('PUT', '/v2/queues/pq')).status).toBe(201);
    expect((await control.catalogue.get('p1', 'pq')).pool).toBe('plain');
    expect((await call('PUT', '/v2/queues/bad', { _flavor: 'nosuch' })).status).toBe(400);
    const patch = await call('PATCH', '/v2/queues/fq', [{ op: 'replace', path: '/metadata/_flavor', value: 'other' }], {
      'Content-Type': 'application/openstack-messaging-v2.0-json-patch',
    });
    expect(patch.status).toBe(400);
    expect(patch.body.description).toMatch(/flavor of queue fq cannot be changed/);
    expect((await call('DELETE', '/v2/pools/fast')).body).toEqual({
      title: 'Unable to delete',
      description: 'This pool is used by flavors fl1; It cannot be deleted.',
    });
    const updated = await call('PATCH', '/v2/flavors/fl1', { pool_list: ['fast'] });
    expect(updated.body).toEqual({ name: 'fl1', capabilities: ['FIFO', 'CLAIMS', 'AOD', 'HIGH_THROUGHPUT'], pool_list: ['fast'], href: '/v2/flavors/fl1' });
    expect((await call('PATCH', '/v2/flavors/nope', { pool_list: ['fast'] })).body).toEqual({ title: 'Not found', description: 'Flavor nope does not exist' });
    expect((await call('DELETE', '/v2/flavors/fl1')).status).toBe(204);
    expect((await call('GET', '/v2/pools/fast')).body.flavor).toBeNull();
  });

  it('replaces a pool of a flavor by another and drains it (README operator story)', async () => {
    server = await start(dir);
    const call = client(server);
    const control = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await call('PUT', '/v2/pools/old', { uri: sqlitePool(dir, 'old'), weight: 100 })).status).toBe(201);
    expect((await call('PUT', '/v2/flavors/gold', { pool_list: ['old'] })).status).toBe(201);
    for (const q of ['kept', 'left']) expect((await call('PUT', `/v2/queues/${q}`, { _flavor: 'gold' })).status).toBe(201);
    const post = (q: string) => call('POST', `/v2/queues/${q}/messages`, { messages: [{ ttl: 300, body: q }] });
    expect((await post('kept')).status).toBe(201);
    // The new pool joins the flavor; the old one gets weight 0: new gold queues land on the new one only.
    expect((await call('PUT', '/v2/pools/new', { uri: sqlitePool(dir, 'new'), weight: 100, flavor: 'gold' })).status).toBe(201);
    expect((await call('PATCH', '/v2/pools/old', { weight: 0 })).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      expect((await call('PUT', `/v2/queues/later${i}`, { _flavor: 'gold' })).status).toBe(201);
      expect((await control.catalogue.get('p1', `later${i}`)).pool).toBe('new');
    }
    // The old pool's queues keep working until they are deleted.
    expect((await post('kept')).status).toBe(201);
    expect((await call('GET', '/v2/queues/kept/messages?echo=true')).body.messages).toHaveLength(2);
    expect((await call('DELETE', '/v2/queues/kept')).status).toBe(204);
    // Not the last pool of its flavor: it can be deleted (the last one cannot).
    expect((await call('DELETE', '/v2/pools/new')).status).toBe(204);
    expect((await call('DELETE', '/v2/pools/old')).status).toBe(403);
    expect((await call('PUT', '/v2/pools/new', { uri: sqlitePool(dir, 'new'), weight: 100, flavor: 'gold' })).status).toBe(201);
    expect((await call('DELETE', '/v2/pools/old')).status).toBe(204);
    // The delete dropped the catalogue entries of its queues (as the reference does): a queue left on it has lost its messages, posting answers 404.
    await expect(control.catalogue.get('p1', 'left')).rejects.toThrow();
    expect((await post('left')).status).toBe(404);
    expect((await call('GET', '/v2/queues?limit=20')).body.queues.map((q: { name: string }) => q.name)).toContain('left');
  });

  it('fails only the queues of a pool that is down, quickly, and recovers when it returns', async () => {
    const port = await freePort();
    let redis = await startRedisServer(port, ['--save', '', '--appendonly', 'no']);
    try {
      server = await start(dir);
      const call = client(server);
      await call('PUT', '/v2/pools/steady', { uri: sqlitePool(dir, 'steady'), weight: 100 });
      await call('PUT', '/v2/pools/flaky', { uri: `redis://127.0.0.1:${port}`, weight: 100 });
      const control = server.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
      const byPool: Record<string, string[]> = { steady: [], flaky: [] };
      for (let i = 0; byPool.steady.length < 2 || byPool.flaky.length < 2; i++) {
        expect((await call('PUT', `/v2/queues/d${i}`)).status).toBe(201);
        byPool[(await control.catalogue.get('p1', `d${i}`)).pool].push(`d${i}`);
      }
      const post = (q: string) => call('POST', `/v2/queues/${q}/messages`, { messages: [{ ttl: 300, body: q }] });
      for (const q of [...byPool.steady, ...byPool.flaky]) expect((await post(q)).status).toBe(201);
      await stopRedisServer(redis);
      const started = Date.now();
      const down = await post(byPool.flaky[0]);
      expect(down.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3000);
      for (const q of byPool.steady) expect((await post(q)).status).toBe(201);
      // New queues keep being created (some land on the pool that is down: they are mapped, their data waits).
      expect((await call('PUT', '/v2/queues/created-meanwhile')).status).toBe(201);
      redis = await startRedisServer(port, ['--save', '', '--appendonly', 'no']);
      await waitFor(async () => (await post(byPool.flaky[1])).status === 201, { timeoutMs: 15_000, intervalMs: 200 });
    } finally {
      await stopRedisServer(redis);
    }
  });
});
