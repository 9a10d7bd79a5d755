/**
 * The composition root, in process: what the container holds, pipelines in
 * front of the stores, shutdown, and the garbage collector.
 */
import { ConfigError, resolveToken, TOKENS, createLogger, type Logger } from '@zaqarjs/core';
import { RequestApi } from '@zaqarjs/core/api';
import { GarbageCollector, startServer, type RunningServer } from '@zaqarjs/server';
import { fixtureConf, tempDir } from './cli-process';

const silent = createLogger({ level: 'silent' });

async function start(extra = ''): Promise<RunningServer> {
  const t = tempDir('zaqar-compose-');
  return startServer({
    appRoot: t.dir,
    configFiles: [t.write('zaqar.conf', fixtureConf(`[DEFAULT]\ndata_dir = ${t.dir}/data\n${extra}`))],
    env: {},
    home: t.dir,
    logger: silent,
  });
}

describe('composition root', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
  });

  it('registers configuration, logger, stores, notifiers and the request layer', async () => {
    server = await start();
    const { container } = server;
    expect(resolveToken(container, TOKENS.CONF)).toBe(server.conf);
    expect(resolveToken(container, TOKENS.LOGGER)).toBe(server.logger);
    const data = resolveToken(container, TOKENS.MESSAGE_STORE);
    const control = resolveToken(container, TOKENS.MANAGEMENT_STORE);
    expect(await data.isAlive()).toBe(true);
    expect(await control.isAlive()).toBe(true);
    const api = resolveToken(container, TOKENS.REQUEST_API);
    expect(api).toBeInstanceOf(RequestApi);
    expect(api.deps.data).toBe(data);
    expect(api.deps.control).toBe(control);
    expect(resolveToken(container, TOKENS.NOTIFIERS).size).toBe(0);
  });

  it('registers the policy enforcer with policy.yaml found next to zaqar.conf', async () => {
    const t = tempDir('zaqar-policy-');
    t.write('policy.yaml', '"queues:delete": "role:admin"\n');
    server = await startServer({
      appRoot: t.dir,
      configFiles: [t.write('zaqar.conf', fixtureConf(`[DEFAULT]\ndata_dir = ${t.dir}/data\n`))],
      env: {},
      home: t.dir,
      logger: silent,
    });
    const policy = resolveToken(server.container, TOKENS.POLICY);
    const ctx = (roles: string[]) => ({ project: 'p', clientId: 'c', roles, requestId: 'req-1' });
    expect(policy.authorize('queues:delete', ctx([]))).toBe(false);
    expect(policy.authorize('queues:delete', ctx(['admin']))).toBe(true);
    expect(policy.authorize('queues:create', ctx([]))).toBe(true);
  });

  it('stops on a policy file that is not YAML, before listening', async () => {
    const t = tempDir('zaqar-policy-');
    t.write('policy.yaml', '"queues:delete": [unclosed\n');
    const starting = startServer({
      appRoot: t.dir,
      configFiles: [t.write('zaqar.conf', fixtureConf(`[DEFAULT]\ndata_dir = ${t.dir}/data\n`))],
      env: {},
      home: t.dir,
      logger: silent,
    });
    server = await starting.catch(() => undefined);
    await expect(starting).rejects.toThrow(ConfigError);
  });

  it('serves through the transport it created, and reports where it listens', async () => {
    server = await start();
    expect(server.addresses).toEqual([{ transport: 'fixture-http', host: '127.0.0.1', port: expect.any(Number) }]);
    const res = await fetch(`http://127.0.0.1:${server.addresses[0].port}/v2/ping`);
    expect(res.status).toBe(204);
  });

  it('puts [storage] pipeline stages in front of the stores, in order', async () => {
    server = await start('[storage]\nmessage_pipeline = fixture-tag\nqueue_pipeline = fixture-tag\n');
    const base = `http://127.0.0.1:${server.addresses[0].port}`;
    expect((await fetch(`${base}/fixture/queues/q1`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${base}/fixture/messages/q1`, { method: 'POST', body: JSON.stringify([{ n: 1 }]) })).status).toBe(201);
    const listed = (await (await fetch(`${base}/fixture/messages/q1`)).json()) as { items: { body: unknown }[] };
    expect(listed.items.map((m) => m.body)).toEqual([{ tagged: true, original: { n: 1 } }]);
    // Members and methods no stage hooks still reach the store itself.
    const data = resolveToken(server.container, TOKENS.MESSAGE_STORE);
    expect(data.capabilities).toEqual(['FIFO']);
    expect(await data.messages.stats('fixture-project', 'q1')).toMatchObject({ total: 1 });
  });

  it('fails on an unknown stage name, listing the available stages', async () => {
    await expect(start('[storage]\nclaim_pipeline = nosuch.stage\n')).rejects.toThrow(
      'Unknown [storage] claim_pipeline "nosuch.stage"; available: fixture-tag',
    );
  });

  it('closes the stores on stop and stops listening', async () => {
    const running = await start();
    const data = resolveToken(running.container, TOKENS.MESSAGE_STORE);
    const port = running.addresses[0].port;
    await running.stop(0);
    await running.stop(0);
    expect(await data.isAlive()).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/v2/ping`)).rejects.toThrow();
  });
});

describe('GarbageCollector', () => {
  const logs: unknown[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (o: unknown) => logs.push(o),
    error: () => undefined,
    child: () => logger,
  } as unknown as Logger;

  it('calls collectGarbage on each run and never overlaps runs', async () => {
    let calls = 0;
    let release!: () => void;
    const store = { collectGarbage: () => new Promise<number>((resolve) => ((calls += 1), (release = () => resolve(3)), calls > 1 && resolve(0))) };
    const gc = new GarbageCollector(store, logger);
    const first = gc.collect();
    const second = gc.collect();
    expect(calls).toBe(1);
    release();
    await Promise.all([first, second]);
    await gc.collect();
    expect(calls).toBe(2);
  });

  it('survives a failing store', async () => {
    const gc = new GarbageCollector({ collectGarbage: () => Promise.reject(new Error('db down')) }, logger);
    await expect(gc.collect()).resolves.toBeUndefined();
  });

  it('runs on its interval until stopped', async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const gc = new GarbageCollector({ collectGarbage: async () => ((calls += 1), 0) }, logger, 60_000);
      gc.start();
      await jest.advanceTimersByTimeAsync(60_000 * 3);
      expect(calls).toBe(3);
      await gc.stop();
      await jest.advanceTimersByTimeAsync(60_000 * 3);
      expect(calls).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
