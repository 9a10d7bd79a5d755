/**
 * trust+http notifications against a real Keystone (semantics §19.9): a
 * subscription created with a user's token stores a trust; a posted message
 * is POSTed to the URL without `trust+`, with `X-Auth-Token` a trust-scoped
 * token that Keystone accepts as acting for the trustor in the trustor's project.
 */
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { tempDir } from '../server/cli-process';
import { waitFor } from '../support/wait-for';
import { CLIENT_ID } from '../websocket/support/ws-client';
import { issueToken, keystone, keystoneServerConf, REPO, trusteeSection } from './support/keystone';

const ks = keystone();
const describeKeystone = ks ? describe : describe.skip;

describeKeystone('trust+http webhook with a real Keystone', () => {
  const env = ks!;
  let server: RunningServer;
  let receiver: Receiver;
  let http: string;
  let demo: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const t = tempDir('zaqar-trust-hook-');
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\nauth_strategy = keystone\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nport = 0\n` +
        `[storage]\nmessage_pipeline = zaqar.notification.notifier\n` +
        keystoneServerConf(env, t.dir) +
        trusteeSection(env),
    );
    server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
    http = `http://127.0.0.1:${server.addresses.find((a) => a.transport === 'wsgi')!.port}`;
    demo = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
  }, 60_000);
  afterAll(async () => {
    await server?.stop(0);
    await receiver?.close();
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const headers = { 'Client-ID': CLIENT_ID, 'X-Project-ID': env.KEYSTONE_DEMO_PROJECT_ID, 'X-Auth-Token': demo, 'Content-Type': 'application/json' };
    const res = await fetch(http + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  it('delivers with X-Auth-Token: a trust-scoped token of the trustor, in the trustor project', async () => {
    const created = await call('POST', '/v2/queues/tq/subscriptions', {
      subscriber: `trust+${receiver.url}/hook`,
      ttl: 3600,
      options: { post_headers: { 'X-Extra': 'yes' } },
    });
    expect(created.status).toBe(201);
    expect((await call('POST', '/v2/queues/tq/messages', { messages: [{ ttl: 300, body: { event: 'trusted' } }] })).status).toBe(201);
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 15_000, what: 'the trust webhook' });
    const [request] = receiver.received;
    expect(request.path).toBe('/hook');
    expect(request.body).toBe('{"ttl": 300, "body": {"event": "trusted"}, "Message_Type": "Notification", "queue_name": "tq"}');
    expect(request.rawHeaders.slice(0, 2)).toEqual(['Content-Type', 'application/json']);
    expect(request.headers['x-extra']).toBe('yes');
    const token = request.headers['x-auth-token'] as string;
    expect(token).toBeTruthy();
    // Keystone validates it: scoped to the trust, acting as demo (impersonation) in demo's project.
    const service = await issueToken(env, env.KEYSTONE_SERVICE_USER, env.KEYSTONE_SERVICE_PASSWORD, env.KEYSTONE_SERVICE_PROJECT);
    const checked = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, { headers: { 'X-Auth-Token': service, 'X-Subject-Token': token } });
    expect(checked.status).toBe(200);
    const body = (await checked.json()) as { token: { user: { id: string }; project: { id: string }; 'OS-TRUST:trust'?: { id: string } } };
    expect(body.token.user.id).toBe(env.KEYSTONE_DEMO_USER_ID);
    expect(body.token.project.id).toBe(env.KEYSTONE_DEMO_PROJECT_ID);
    expect(body.token['OS-TRUST:trust']?.id).toMatch(/^[0-9a-f]{32}$/);
  }, 30_000);
});
