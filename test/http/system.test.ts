/** Version list, home document, ping, health and policy enforcement with a policy file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPolicyEnforcer } from '@zaqarjs/core';
import type { Authorize } from '@zaqarjs/transport-wsgi';
import { buildConf, startServer, type TestServer } from '../support/server';

const OPERATIONS = [
  'create_queue',
  'post_messages',
  'claim_messages',
  'list_messages',
  'delete_messages',
  'delete_claim',
  'bulk_delete_messages',
  'delete_queue',
];

/** The policy engine the server registers, over a conf with these `[oslo_policy]` values. */
function enforcerFor(policy: Record<string, string> = {}): Authorize {
  const enforcer = createPolicyEnforcer(buildConf({ oslo_policy: { policy_dirs: '', ...policy } }, 'memory'));
  return (rule, ctx) => enforcer.authorize(rule, ctx);
}

describe('without admin_mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ authorize: enforcerFor() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET / lists the versions with 300 and needs no headers', async () => {
    for (const path of ['/', '/?x=1']) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(300);
      expect(await res.json()).toEqual({
        versions: [
          {
            id: '2',
            status: 'CURRENT',
            updated: '2014-9-24T04:06:47Z',
            'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.messaging-v2+json' }],
            links: [{ href: '/v2/', rel: 'self' }],
          },
        ],
      });
    }
  });

  it('GET /v2/ serves the JSON-home document; /v2 does not exist', async () => {
    const res = await server.request('GET', '/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json-home');
    expect(res.headers.get('cache-control')).toBe('max-age=86400');
    const rels = Object.keys(res.body.resources);
    expect(rels).toHaveLength(19);
    expect(rels).not.toContain('rel/health');
    expect(res.body.resources['rel/messages']).toEqual({
      'href-template': '/v2/queues/{queue_name}/messages{?marker,limit,echo,include_claimed}',
      'href-vars': {
        queue_name: 'param/queue_name',
        marker: 'param/marker',
        limit: 'param/messages_limit',
        echo: 'param/echo',
        include_claimed: 'param/include_claimed',
      },
      hints: { allow: ['GET'], formats: { 'application/json': {} } },
    });
    expect(res.body.resources['rel/queue_share'].hints['accept-post']).toEqual(['application/json']);
    expect((await server.request('GET', '/v2')).status).toBe(404);
  });

  it('GET /v2/ needs the Client-ID like every /v2 route', async () => {
    const res = await server.request('GET', '/v2/', { headers: { 'Client-ID': null } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ title: 'Missing header value', description: 'The "Client-Id" header is required.' });
  });

  it('ping answers 204 while the store is alive and 503 with no body otherwise; HEAD always 204', async () => {
    const get = await server.request('GET', '/v2/ping');
    expect(get.status).toBe(204);
    expect(get.text).toBe('');
    expect((await server.request('HEAD', '/v2/ping')).status).toBe(204);
    const data = server.stores.data;
    const isAlive = data.isAlive;
    data.isAlive = async () => false;
    try {
      const down = await server.request('GET', '/v2/ping');
      expect(down.status).toBe(503);
      expect(down.text).toBe('');
      expect((await server.request('HEAD', '/v2/ping')).status).toBe(204);
    } finally {
      data.isAlive = isAlive;
    }
  });

  it('has no /v2/health route', async () => {
    const res = await server.request('GET', '/v2/health', { headers: { 'X-Roles': 'admin' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ title: '404 Not Found' });
  });
});

describe('with admin_mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ conf: { DEFAULT: { admin_mode: 'True' } }, authorize: enforcerFor() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('advertises pools, flavors and health in the home document', async () => {
    const res = await server.request('GET', '/v2/');
    expect(Object.keys(res.body.resources)).toHaveLength(24);
    expect(res.body.resources['rel/health']).toEqual({ href: '/v2/health', hints: { allow: ['GET'], formats: { 'application/json': {} } } });
  });

  it('runs the storage self-test for admins and leaves nothing behind', async () => {
    const res = await server.request('GET', '/v2/health', { headers: { 'X-Roles': 'member,Admin' } });
    expect(res.status).toBe(200);
    expect(res.body.storage_reachable).toBe(true);
    expect(res.body.management_store_reachable).toBe(true);
    expect(Object.keys(res.body.operation_status)).toEqual(OPERATIONS);
    for (const op of OPERATIONS) expect(res.body.operation_status[op]).toEqual({ succeeded: true, seconds: expect.any(Number), ref: null });
    expect(server.errors).toEqual([]);
  });

  it('refuses health to non-admins (403)', async () => {
    const res = await server.request('GET', '/v2/health', { headers: { 'X-Roles': 'member' } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ title: 'Not authorized', description: 'You are not authorized to complete this action.' });
  });
});

describe('policy file overrides (oslo_policy)', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zaqar-policy-http-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, '"queues:delete": "role:admin"\n"ping:get": "not role:blocked"\n');
    server = await startServer({ authorize: enforcerFor({ policy_file: file }) });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('denies queue deletion without X-Roles: admin and allows it with', async () => {
    expect((await server.request('PUT', '/v2/queues/guarded')).status).toBe(201);
    const denied = await server.request('DELETE', '/v2/queues/guarded');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ title: 'Not authorized', description: 'You are not authorized to complete this action.' });
    expect((await server.request('GET', '/v2/queues')).body.queues.map((q: { name: string }) => q.name)).toEqual(['guarded']);
    expect((await server.request('DELETE', '/v2/queues/guarded', { headers: { 'X-Roles': 'admin' } })).status).toBe(204);
    expect((await server.request('GET', '/v2/queues')).body.queues).toEqual([]);
  });

  it('keeps the defaults for rules the file does not name, and evaluates not', async () => {
    expect((await server.request('PUT', '/v2/queues/open')).status).toBe(201);
    expect((await server.request('GET', '/v2/ping')).status).toBe(204);
    expect((await server.request('GET', '/v2/ping', { headers: { 'X-Roles': 'Blocked' } })).status).toBe(403);
  });
});
