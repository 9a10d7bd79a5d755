/**
 * One policy for both transports: a real
 * zaqar-server (composition root, plugins discovered from node_modules)
 * serving HTTP and websocket, with a policy.yaml next to zaqar.conf. Each
 * operation a rule denies is refused by both transports with HTTP's 403
 * texts; the default policy allows them; health needs the admin role on
 * both; an empty X-Project-ID is refused by both with HTTP's texts.
 */
import * as path from 'node:path';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { tempDir } from '../server/cli-process';
import { CLIENT_ID, WsClient } from './support/ws-client';

const REPO = path.resolve(__dirname, '../..');
const FORBIDDEN = { title: 'Not authorized', description: 'You are not authorized to complete this action.' };
const EMPTY_PROJECT = {
  title: 'Empty project header not allowed',
  description: 'X-PROJECT-ID cannot be an empty string. Specify the right header X-PROJECT-ID and retry.',
};
const DENYING_POLICY =
  '"queues:create": "role:creator"\n"messages:create": "role:creator"\n"claims:create": "role:creator"\n"subscription:create": "role:creator"\n';

interface Both {
  server: RunningServer;
  http: string;
  ws: string;
}

async function start(policy?: string): Promise<Both> {
  const t = tempDir('zaqar-ws-policy-');
  if (policy !== undefined) t.write('policy.yaml', policy);
  const db = `sqlite:///${t.dir}/zaqar.db`;
  const conf = t.write(
    'zaqar.conf',
    `[DEFAULT]\nadmin_mode = true\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi, websocket\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n` +
      `[drivers:transport:wsgi]\nport = 0\n[drivers:transport:websocket]\nport = 0\nnotification_bind = 127.0.0.1\nnotification_port = 0\n`,
  );
  const server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
  const address = (name: string) => server.addresses.find((a) => a.transport === name)!;
  return { server, http: `http://127.0.0.1:${address('wsgi').port}`, ws: `ws://127.0.0.1:${address('websocket').port}` };
}

/** The four creations, over HTTP (status and body of each). */
async function createOverHttp(base: string, project: string, queue: string, roles?: string): Promise<{ status: number; body: unknown }[]> {
  const headers: Record<string, string> = { 'Client-ID': CLIENT_ID, 'X-Project-ID': project, 'Content-Type': 'application/json' };
  if (roles) headers['X-Roles'] = roles;
  const calls: [string, string, unknown][] = [
    ['PUT', `/v2/queues/${queue}`, {}],
    ['POST', `/v2/queues/${queue}/messages`, { messages: [{ ttl: 300, body: 1 }] }],
    ['POST', `/v2/queues/${queue}/claims`, { ttl: 60, grace: 60 }],
    ['POST', `/v2/queues/${queue}/subscriptions`, { subscriber: 'http://example.com/hook', ttl: 3600 }],
  ];
  const results = [];
  for (const [method, route, body] of calls) {
    const res = await fetch(base + route, { method, headers, body: JSON.stringify(body) });
    const text = await res.text();
    results.push({ status: res.status, body: text === '' ? undefined : JSON.parse(text) });
  }
  return results;
}

/** The same four creations over websocket. */
async function createOverWs(client: WsClient, project: string, queue: string, roles?: string): Promise<{ status: number; body: unknown }[]> {
  const headers: Record<string, string> = { 'Client-ID': CLIENT_ID, 'X-Project-ID': project };
  if (roles) headers['X-Roles'] = roles;
  const calls: [string, unknown][] = [
    ['queue_create', { queue_name: queue }],
    ['message_post', { queue_name: queue, messages: [{ ttl: 300, body: 1 }] }],
    ['claim_create', { queue_name: queue, ttl: 60, grace: 60 }],
    ['subscription_create', { queue_name: queue, subscriber: 'http://example.com/hook', ttl: 3600 }],
  ];
  const results = [];
  for (const [action, body] of calls) {
    const res = await client.request(action, body, { headers });
    results.push({ status: res.headers.status, body: res.body });
  }
  return results;
}

describe('a policy.yaml denying creations', () => {
  let both: Both;
  let client: WsClient;
  beforeAll(async () => {
    both = await start(DENYING_POLICY);
    client = await WsClient.connect(both.ws, 'policy-project');
  });
  afterAll(async () => {
    await client?.close();
    await both?.server.stop(0);
  });

  it("refuses queue create, message post, claim create and subscription create on both transports with HTTP's 403", async () => {
    const http = await createOverHttp(both.http, 'policy-project', 'denied');
    expect(http).toEqual(Array(4).fill({ status: 403, body: FORBIDDEN }));
    const ws = await createOverWs(client, 'policy-project', 'denied');
    expect(ws).toEqual(Array(4).fill({ status: 403, body: { exception: FORBIDDEN.description, error: FORBIDDEN.title } }));
    // Nothing was created by either.
    expect((await client.request('queue_list', {})).body).toEqual({ queues: [] });
  });

  it('allows them to a role the rules name, on both transports (noauth: X-Roles as sent)', async () => {
    expect((await createOverHttp(both.http, 'policy-project', 'via-http', 'creator')).map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect((await createOverWs(client, 'policy-project', 'via-ws', 'member,Creator')).map((r) => r.status)).toEqual([201, 201, 201, 201]);
  });

  it('authorizes check_node_health like GET /v2/health: admin role only', async () => {
    const http = await fetch(`${both.http}/v2/health`, { headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': 'policy-project' } });
    expect([http.status, await http.json()]).toEqual([403, FORBIDDEN]);
    const ws = await client.request('check_node_health', undefined, { headers: {} });
    expect([ws.headers.status, ws.body]).toEqual([403, { exception: FORBIDDEN.description, error: FORBIDDEN.title }]);
    const admin = await client.request('check_node_health', undefined, { headers: { 'X-Roles': 'admin' } });
    expect(admin.headers.status).toBe(200);
    expect(admin.body.storage_reachable).toBe(true);
  });

  it("refuses an empty X-Project-ID on both transports with HTTP's texts", async () => {
    const http = await fetch(`${both.http}/v2/queues/empty`, { method: 'PUT', headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': '', 'X-Roles': 'creator' } });
    expect([http.status, await http.json()]).toEqual([400, EMPTY_PROJECT]);
    for (const [action, body] of [
      ['queue_create', { queue_name: 'empty' }],
      ['queue_list', {}],
      ['message_list', { queue_name: 'empty' }],
    ] as const) {
      const ws = await client.request(action, body, { headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': '', 'X-Roles': 'creator' } });
      expect([action, ws.headers.status, ws.body]).toEqual([action, 400, { exception: EMPTY_PROJECT.description, error: EMPTY_PROJECT.title }]);
    }
    expect((await client.request('ping_node', undefined, { headers: { 'X-Project-ID': '' } })).headers.status).toBe(400);
  });
});

describe('the default policy', () => {
  let both: Both;
  let client: WsClient;
  beforeAll(async () => {
    both = await start();
    client = await WsClient.connect(both.ws, 'default-project');
  });
  afterAll(async () => {
    await client?.close();
    await both?.server.stop(0);
  });

  it('allows the four creations on both transports without any role', async () => {
    expect((await createOverHttp(both.http, 'default-project', 'via-http')).map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect((await createOverWs(client, 'default-project', 'via-ws')).map((r) => r.status)).toEqual([201, 201, 201, 201]);
  });

  it('still keeps health to the admin role on both transports', async () => {
    expect((await client.request('check_node_health', undefined, { headers: {} })).headers.status).toBe(403);
    expect((await fetch(`${both.http}/v2/health`, { headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': 'p' } })).status).toBe(403);
  });
});
