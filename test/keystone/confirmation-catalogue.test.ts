/**
 * Confirmation messages with Keystone (semantics §19.7): when the catalogue
 * of the service user's token has services named `zaqar` and
 * `zaqar-websocket`, the SubscriptionConfirmation starts with
 * `WSGISubscribeURL` and `WebSocketSubscribeURL`, the confirm path joined to
 * each public endpoint. The test registers the two services in the real
 * Keystone (as an operator would) unless they exist, and removes what it added.
 */
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { tempDir } from '../server/cli-process';
import { waitFor } from '../support/wait-for';
import { CLIENT_ID } from '../websocket/support/ws-client';
import { issueToken, keystone, keystoneServerConf, REPO, type KeystoneEnv } from './support/keystone';

const ks = keystone();
const describeKeystone = ks ? describe : describe.skip;

/** Keystone's admin API, as the admin user. */
async function admin(env: KeystoneEnv, token: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${env.OS_AUTH_URL}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/** The public URL of the service named `name`, registered with `url` when there is none; the id of a service this created. */
async function ensureService(env: KeystoneEnv, token: string, name: string, type: string, url: string): Promise<{ url: string; created?: string }> {
  const { services } = (await admin(env, token, 'GET', `/services?name=${name}`)) as { services: { id: string; name: string }[] };
  const existing = services.find((s) => s.name === name);
  if (existing) {
    const { endpoints } = (await admin(env, token, 'GET', `/endpoints?service_id=${existing.id}&interface=public`)) as { endpoints: { url: string }[] };
    if (endpoints[0]) return { url: endpoints[0].url };
  }
  const id =
    existing?.id ?? ((await admin(env, token, 'POST', '/services', { service: { name, type, enabled: true } })) as { service: { id: string } }).service.id;
  await admin(env, token, 'POST', '/endpoints', { endpoint: { service_id: id, interface: 'public', url, region_id: 'RegionOne', enabled: true } });
  return { url, created: existing ? undefined : id };
}

describeKeystone('confirmation messages with the Keystone catalogue', () => {
  const env = ks!;
  let server: RunningServer;
  let receiver: Receiver;
  let http: string;
  let demo: string;
  let adminToken: string;
  const services: { wsgi?: { url: string; created?: string }; websocket?: { url: string; created?: string } } = {};

  beforeAll(async () => {
    adminToken = await issueToken(env, 'admin', env.KEYSTONE_ADMIN_PASSWORD, 'admin');
    services.wsgi = await ensureService(env, adminToken, 'zaqar', 'messaging', 'http://zaqar.example.test:8888');
    services.websocket = await ensureService(env, adminToken, 'zaqar-websocket', 'messaging-websocket', 'ws://zaqar.example.test:9000');
    receiver = await startReceiver();
    const t = tempDir('zaqar-confirm-catalogue-');
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\nauth_strategy = keystone\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nport = 0\n` +
        `[storage]\nmessage_pipeline = zaqar.notification.notifier\n[notification]\nrequire_confirmation = true\n[signed_url]\nsecret_key = test-key\n` +
        keystoneServerConf(env, t.dir),
    );
    server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
    http = `http://127.0.0.1:${server.addresses.find((a) => a.transport === 'wsgi')!.port}`;
    demo = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
  }, 60_000);
  afterAll(async () => {
    await server?.stop(0);
    await receiver?.close();
    for (const service of [services.wsgi, services.websocket]) {
      if (service?.created) await admin(env, adminToken, 'DELETE', `/services/${service.created}`);
    }
  });

  it('starts the SubscriptionConfirmation with WSGISubscribeURL and WebSocketSubscribeURL from the catalogue', async () => {
    const res = await fetch(`${http}/v2/queues/cq/subscriptions`, {
      method: 'POST',
      headers: { 'Client-ID': CLIENT_ID, 'X-Auth-Token': demo, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subscriber: `${receiver.url}/confirm-me`, ttl: 3600 }),
    });
    expect(res.status).toBe(201);
    const { subscription_id: id } = (await res.json()) as { subscription_id: string };
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 15_000, what: 'the confirmation POST' });
    const message = JSON.parse(receiver.received[0].body) as Record<string, unknown>;
    const path = `/v2/queues/cq/subscriptions/${id}/confirm`;
    expect(Object.keys(message).slice(0, 3)).toEqual(['WSGISubscribeURL', 'WebSocketSubscribeURL', 'Message_Type']);
    expect(message).toMatchObject({
      WSGISubscribeURL: new URL(path, services.wsgi!.url).href,
      WebSocketSubscribeURL: new URL(path, services.websocket!.url).href,
      Message_Type: 'SubscriptionConfirmation',
      'URL-Paths': path,
      'X-Project-ID': env.KEYSTONE_DEMO_PROJECT_ID,
      queue_name: 'cq',
    });
  }, 30_000);
});
