/**
 * Pooling beyond the HTTP admin API, on a real server in process: the
 * websocket pool_* / flavor_* actions (same request layer and policy rules as
 * /v2/pools and /v2/flavors), and /v2/health with pooling (per-pool health and
 * catalog_reachable; a pool that is down shows unreachable without stalling).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { freePort, startRedisServer, stopRedisServer } from '../../plugins/store-redis/test/redis-test-server';
import { FIXTURES, tempDir } from '../server/cli-process';
import { zaqarClientInstalled } from '../client/zaqarclient-session';
import { WsClient } from '../websocket/support/ws-client';

const REPO = path.resolve(__dirname, '../..');
const CLIENT = '3381af92-2b9e-11e3-b191-71861300734c';
const silent = createLogger({ level: 'silent' });

/** Pool and flavor rules open (pool delete only for project `ops`), so noauth websocket clients (no roles) pass. */
const POLICY = {
  'pools:get_all': '',
  'pools:create': '',
  'pools:get': '',
  'pools:update': '',
  'pools:delete': 'project_id:ops',
  'flavors:create': '',
  'flavors:update': '',
  'flavors:delete': '',
  'health:get': '',
};

async function start(dir: string, wsPort: number): Promise<RunningServer> {
  const db = `sqlite:///${dir}/catalog.db`;
  fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(POLICY));
  const conf = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(
    conf,
    `[DEFAULT]\nplugin_dirs = ${FIXTURES}\ndata_dir = ${dir}/data\nadmin_mode = True\npooling = True\n` +
      `[oslo_policy]\npolicy_file = ${path.join(dir, 'policy.json')}\n[drivers]\ntransport = wsgi, websocket\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n[drivers:transport:wsgi]\nport = 0\n` +
      `[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${wsPort}\nnotification_bind = 127.0.0.1\n`,
  );
  return startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: dir, logger: silent });
}

function http(server: RunningServer) {
  const { host, port } = server.addresses[0];
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`http://${host}:${port}${url}`, {
      method,
      headers: { 'Client-ID': CLIENT, 'X-Project-ID': 'p1', 'X-Roles': 'admin', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

const pythonClient = zaqarClientInstalled();
if (!pythonClient && process.env.CI === 'true') {
  throw new Error('python3-zaqarclient is not installed; .ci/run installs it (apt-get install python3-zaqarclient)');
}

/** Runs test/client/zaqarclient_pools.py without blocking this process (the server runs in it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function runPythonPools(url: string, project: string, uriA: string, uriB: string): Promise<any> {
  const script = path.join(REPO, 'test/client/zaqarclient_pools.py');
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/python3', [script, url, project, uriA, uriB], { encoding: 'utf8', timeout: 40_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop() as string)),
    ),
  );
}

describe('pooling over websocket and in health', () => {
  let dir: string;
  let server: RunningServer | undefined;
  let wsPort: number;
  const clients: WsClient[] = [];

  beforeEach(async () => {
    dir = tempDir('zaqar-pooling-ws-').dir;
    wsPort = await freePort();
    server = await start(dir, wsPort);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await server?.stop(0);
    server = undefined;
  });

  const connect = async (project = 'p1') => {
    const c = await WsClient.connect(`ws://127.0.0.1:${wsPort}`, project);
    clients.push(c);
    return c;
  };
  const sqlitePool = (name: string) => `sqlite:///${dir}/${name}.db`;

  it('serves pool_* and flavor_* actions through the admin request layer, with its policy rules', async () => {
    const ws = await connect();
    const status = async (action: string, body: unknown) => (await ws.request(action, body)).headers.status;
    expect(await ws.request('pool_create', { pool_name: 'a', uri: sqlitePool('a'), weight: 100, options: {} })).toMatchObject({
      headers: { status: 201 },
      body: 'Pool a created.',
    });
    expect(await status('pool_create', { pool_name: 'b', uri: sqlitePool('b'), weight: 50 })).toBe(201);
    // The HTTP API sees what the websocket registered.
    expect((await http(server!)('GET', '/v2/pools')).body.pools.map((p: { name: string }) => p.name)).toEqual(['a', 'b']);

    expect((await ws.request('pool_list', { pool_name: '', limit: 1, detailed: true })).body).toEqual({
      pools: [{ name: 'a', uri: sqlitePool('a'), weight: 100, flavor: null, options: {} }],
    });
    expect((await ws.request('pool_list', { pool_name: '', marker: 'a' })).body).toEqual({
      pools: [{ name: 'b', uri: sqlitePool('b'), weight: 50, flavor: null }],
    });
    expect((await ws.request('pool_get', { pool_name: 'b' })).body).toEqual({ name: 'b', uri: sqlitePool('b'), weight: 50, flavor: null });
    expect(await ws.request('pool_get', { pool_name: 'nope' })).toMatchObject({ headers: { status: 404 }, body: { exception: 'Pool nope does not exist' } });
    expect(await ws.request('pool_update', { pool_name: 'b', weight: 60 })).toMatchObject({
      headers: { status: 200 },
      body: { name: 'b', uri: sqlitePool('b'), weight: 60, flavor: null },
    });
    // The HTTP validation texts.
    expect(await ws.request('pool_update', { pool_name: 'b' })).toMatchObject({
      headers: { status: 400 },
      body: { exception: 'One of `uri`, `weight`, `flavor`, or `options` needs to be specified' },
    });
    expect(await ws.request('pool_create', { pool_name: 'down', uri: 'redis://127.0.0.1:1', weight: 1 })).toMatchObject({
      headers: { status: 400 },
      body: { exception: 'cannot connect to redis://127.0.0.1:1' },
    });
    expect((await ws.request('pool_create', { pool_name: 'x', weight: 1 })).headers.status).toBe(400);
    expect((await ws.request('pool_list', { limit: 1 })).headers.status).toBe(400); // the schema requires pool_name

    // Flavors: the schema's single pool_name, or HTTP's pool_list.
    expect(await ws.request('flavor_create', { flavor_name: 'gold', pool_name: 'a' })).toMatchObject({
      headers: { status: 201 },
      body: 'Flavor gold created.',
    });
    expect((await ws.request('flavor_get', { flavor_name: 'gold' })).body).toMatchObject({ name: 'gold', pool_list: ['a'] });
    expect(await ws.request('flavor_update', { flavor_name: 'gold', pool_list: ['a', 'b'] })).toMatchObject({
      headers: { status: 200 },
      body: { name: 'gold', pool_list: ['a', 'b'] },
    });
    expect((await ws.request('flavor_list', { flavor_name: '' })).body).toEqual({ flavors: [{ name: 'gold', pool_list: ['a', 'b'] }] });
    expect((await ws.request('pool_get', { pool_name: 'a' })).body.flavor).toBe('gold');
    expect(await ws.request('flavor_create', { flavor_name: 'tin', pool_name: 'none' })).toMatchObject({
      headers: { status: 400 },
      body: { exception: 'Flavor tin could not be created, error:Pool none does not exist' },
    });
    expect(await ws.request('flavor_get', { flavor_name: 'tin' })).toMatchObject({
      headers: { status: 404 },
      body: { exception: 'Flavor tin does not exist' },
    });

    // Policy applies as over HTTP: pools:delete is for project ops only here.
    expect(await ws.request('pool_delete', { pool_name: 'b' })).toMatchObject({ headers: { status: 403 } });
    const ops = await connect('ops');
    expect(await ops.request('flavor_delete', { flavor_name: 'gold' })).toMatchObject({ headers: { status: 204 }, body: 'Flavor gold removed.' });
    expect(await ops.request('pool_delete', { pool_name: 'b' })).toMatchObject({ headers: { status: 204 }, body: 'Pool b removed.' });
    expect((await ws.request('pool_list', { pool_name: '' })).body.pools.map((p: { name: string }) => p.name)).toEqual(['a']);
  });

  it('reports every pool in /v2/health, and a pool that is down as unreachable without stalling', async () => {
    const port = await freePort();
    let redis = await startRedisServer(port, ['--save', '', '--appendonly', 'no']);
    try {
      const call = http(server!);
      expect((await call('GET', '/v2/health')).body).toEqual({ catalog_reachable: true });
      expect((await call('PUT', '/v2/pools/steady', { uri: sqlitePool('steady'), weight: 100 })).status).toBe(201);
      expect((await call('PUT', '/v2/pools/flaky', { uri: `redis://127.0.0.1:${port}`, weight: 100 })).status).toBe(201);
      let res = await call('GET', '/v2/health');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['catalog_reachable', 'flaky', 'steady']);
      expect(res.body.catalog_reachable).toBe(true);
      for (const pool of ['steady', 'flaky']) {
        expect(res.body[pool].storage_reachable).toBe(true);
        const steps = res.body[pool].operation_status;
        expect(Object.keys(steps).sort()).toEqual(
          [
            'bulk_delete_messages',
            'claim_messages',
            'create_queue',
            'delete_claim',
            'delete_messages',
            'delete_queue',
            'list_messages',
            'post_messages',
          ].sort(),
        );
        for (const step of Object.values(steps)) expect(step).toMatchObject({ succeeded: true, ref: null });
      }
      // The same report over websocket.
      const ws = await connect();
      const viaWs = await ws.request('check_node_health', undefined, { headers: {} });
      expect(viaWs.headers.status).toBe(200);
      expect(viaWs.body).toMatchObject({ catalog_reachable: true, steady: { storage_reachable: true }, flaky: { storage_reachable: true } });

      await stopRedisServer(redis);
      const started = Date.now();
      res = await call('GET', '/v2/health');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.status).toBe(200);
      expect(res.body.catalog_reachable).toBe(false);
      expect(res.body.flaky).toEqual({ storage_reachable: false, operation_status: {} });
      expect(res.body.steady.storage_reachable).toBe(true);
      expect(Object.values(res.body.steady.operation_status).every((s) => (s as { succeeded: boolean }).succeeded)).toBe(true);

      redis = await startRedisServer(port, ['--save', '', '--appendonly', 'no']);
      const deadline = Date.now() + 15_000;
      do {
        res = await call('GET', '/v2/health');
        if (res.body.catalog_reachable) break;
        await new Promise((r) => setTimeout(r, 300));
      } while (Date.now() < deadline);
      expect(res.body).toMatchObject({ catalog_reachable: true, flaky: { storage_reachable: true } });
    } finally {
      await stopRedisServer(redis);
    }
  });

  (pythonClient ? it : it.skip)(
    'serves python-zaqarclient pool, flavor and health calls',
    async () => {
      const { host, port } = server!.addresses[0];
      const seen = await runPythonPools(`http://${host}:${port}`, 'ops', sqlitePool('pya'), sqlitePool('pyb'));
      expect(seen.pool_names).toEqual(['pya', 'pyb']);
      expect(seen.pool_a).toEqual({ name: 'pya', uri: sqlitePool('pya'), weight: 100, flavor: null, href: '/v2/pools/pya' });
      expect(seen.pool_b).toMatchObject({ name: 'pyb', weight: 60 });
      expect(seen.pool_b_weight).toBe(60);
      expect(seen.flavor).toMatchObject({ name: 'pygold', pool_list: ['pya'], href: '/v2/flavors/pygold' });
      expect(seen.flavor_updated).toMatchObject({ name: 'pygold', pool_list: ['pya', 'pyb'] });
      expect(seen.flavor_names).toEqual(['pygold']);
      expect(seen.bodies).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      expect(seen.health).toMatchObject({ catalog_reachable: true, pya: { storage_reachable: true }, pyb: { storage_reachable: true } });
      expect(seen.flavor_names_after).toEqual([]);
      expect(seen.pool_names_after).toEqual([]);
    },
    45_000,
  );

  it('keeps a dead-letter queue on its source queue pool, and refuses one kept by another pool', async () => {
    const call = http(server!);
    await call('PUT', '/v2/pools/a', { uri: sqlitePool('a'), weight: 100 });
    await call('PUT', '/v2/pools/b', { uri: sqlitePool('b'), weight: 100 });
    const control = server!.container.resolve<any>(Symbol.for('zaqar.management_store')); // eslint-disable-line @typescript-eslint/no-explicit-any
    const poolOf = async (queue: string) => (await control.catalogue.get('p1', queue)).pool as string;
    // Source first: its dead-letter queue is mapped to the source's pool before it exists.
    for (let i = 0; i < 6; i++) {
      expect((await call('PUT', `/v2/queues/src${i}`, { _max_claim_count: 1, _dead_letter_queue: `dlq${i}` })).status).toBe(201);
      expect(await poolOf(`dlq${i}`)).toBe(await poolOf(`src${i}`));
      expect((await call('PUT', `/v2/queues/dlq${i}`)).status).toBe(201);
      expect(await poolOf(`dlq${i}`)).toBe(await poolOf(`src${i}`));
    }
    // Dead-letter queue first: the source is placed on its pool.
    for (let i = 0; i < 6; i++) {
      expect((await call('PUT', `/v2/queues/first${i}`)).status).toBe(201);
      expect((await call('PUT', `/v2/queues/later${i}`, { _max_claim_count: 1, _dead_letter_queue: `first${i}` })).status).toBe(201);
      expect(await poolOf(`later${i}`)).toBe(await poolOf(`first${i}`));
    }
    // Pointing an existing queue at a dead-letter queue on another pool: 400.
    const byPool: Record<string, string[]> = { a: [], b: [] };
    for (let i = 0; byPool.a.length === 0 || byPool.b.length === 0; i++) {
      await call('PUT', `/v2/queues/q${i}`);
      byPool[await poolOf(`q${i}`)].push(`q${i}`);
    }
    const res = await fetch(`http://${server!.addresses[0].host}:${server!.addresses[0].port}/v2/queues/${byPool.a[0]}`, {
      method: 'PATCH',
      headers: { 'Client-ID': CLIENT, 'X-Project-ID': 'p1', 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' },
      body: JSON.stringify([{ op: 'add', path: '/metadata/_dead_letter_queue', value: byPool.b[0] }]),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain(`The dead letter queue ${byPool.b[0]} is kept by another pool than queue ${byPool.a[0]}`);
  });
});
