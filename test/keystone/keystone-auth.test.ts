/**
 * `auth_strategy = keystone` against a real Keystone (support/keystone.ts):
 * a real zaqar-server serving HTTP and websocket, its `[keystone_authtoken]`
 * pointing at Keystone through a relay (without `/v3`: version discovery), so
 * Keystone can be cut off and restored. Tokens are users' real tokens: demo
 * (role member, project demo) and admin (role admin, project admin).
 */
import { createLogger, resolveToken, TOKENS } from '@zaqarjs/core';
import type { KeystoneAuthenticator } from '@zaqarjs/auth-keystone';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { tempDir } from '../server/cli-process';
import { expectKeystoneZaqarClientSession, zaqarClientInstalled } from '../client/zaqarclient-session';
import { CLIENT_ID, WsClient } from '../websocket/support/ws-client';
import { issueToken, keystone, KeystoneRelay, keystoneServerConf, REPO, revokeToken, trusteeSection } from './support/keystone';

const ks = keystone();
const describeKeystone = ks ? describe : describe.skip;

const UNAUTHORIZED = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } };
const WWW_AUTHENTICATE = 'Keystone uri="http://keystone.example.com:5000/v3"';
const FORBIDDEN = { title: 'Not authorized', description: 'You are not authorized to complete this action.' };
/** Seconds validated tokens are cached by the server under test. */
const CACHE_SECONDS = 2;

describeKeystone('auth_strategy = keystone with a real Keystone', () => {
  const env = ks!;
  const relay = KeystoneRelay.of(env);
  let server: RunningServer;
  let http: string;
  let ws: string;
  let demo: string;
  let admin: string;
  const open: WsClient[] = [];

  const call = async (method: string, route: string, token?: string, extra: Record<string, string> = {}, body?: unknown) => {
    const headers: Record<string, string> = { 'Client-ID': CLIENT_ID, 'X-Project-ID': env.KEYSTONE_DEMO_PROJECT_ID, ...extra };
    if (token !== undefined) headers['X-Auth-Token'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(http + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as any) }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const connect = async (project: string) => {
    const client = await WsClient.connect(ws, project);
    open.push(client);
    return client;
  };
  const authenticate = (client: WsClient, token: string, project: string) =>
    client.request('authenticate', undefined, { headers: { 'X-Project-ID': project, 'X-Auth-Token': token } });

  beforeAll(async () => {
    await relay.start();
    const t = tempDir('zaqar-keystone-');
    // A policy.yaml override, applied to the token's roles on both transports.
    t.write('policy.yaml', '"queues:purge": "role:admin"\n');
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\nadmin_mode = true\nauth_strategy = keystone\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi, websocket\n` +
        `[drivers:transport:wsgi]\nport = 0\n[drivers:transport:websocket]\nport = 0\nnotification_bind = 127.0.0.1\nnotification_port = 0\n` +
        `[signed_url]\nsecret_key = keystone-test-secret\n` +
        keystoneServerConf(env, t.dir, {
          authUrl: relay.url,
          authtoken: `www_authenticate_uri = http://keystone.example.com:5000/v3\ntoken_cache_time = ${CACHE_SECONDS}\nhttp_connect_timeout = 2\n`,
        }) +
        trusteeSection(env),
    );
    server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
    const port = (name: string) => server.addresses.find((a) => a.transport === name)!.port;
    http = `http://127.0.0.1:${port('wsgi')}`;
    ws = `ws://127.0.0.1:${port('websocket')}`;
    [demo, admin] = await Promise.all([
      issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT),
      issueToken(env, env.KEYSTONE_ADMIN_USER, env.KEYSTONE_ADMIN_PASSWORD, env.KEYSTONE_ADMIN_PROJECT),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await server?.stop(0);
    await relay.stop();
  });

  const FAMILIES: [string, string][] = [
    ['GET', '/v2/queues'],
    ['PUT', '/v2/queues/fam'],
    ['GET', '/v2/queues/fam/stats'],
    ['GET', '/v2/queues/fam/messages'],
    ['POST', '/v2/queues/fam/claims'],
    ['GET', '/v2/queues/fam/subscriptions'],
    // Admin-only or not served by every configuration: 401 before anything else all the same.
    ['GET', '/v2/pools'],
    ['GET', '/v2/flavors'],
    ['GET', '/v2/topics'],
    ['GET', '/v2/no/such/path'],
    ['GET', '/v2/health'],
    ['GET', '/v2/ping'],
    ['GET', '/v2/'],
  ];

  it.each(FAMILIES)('%s %s: 401 with the middleware body and WWW-Authenticate for no, malformed or unknown tokens', async (method, route) => {
    for (const token of [undefined, '', 'not-a-token', 'gAAAAA' + 'x'.repeat(180), demo.slice(0, -4) + 'AAAA']) {
      const res = await call(method, route, token);
      expect([token, res.status, res.body, res.headers.get('www-authenticate')]).toEqual([token, 401, UNAUTHORIZED, WWW_AUTHENTICATE]);
    }
  });

  it('answers 404 for a path it does not serve only to an authenticated caller', async () => {
    expect((await call('GET', '/v2/no/such/path', demo)).status).toBe(404);
  });

  it('serves GET / without a token; an empty URL-Signature or an Extra-Spec header bypasses nothing', async () => {
    expect((await fetch(`${http}/`)).status).toBe(300);
    const emptySignature = await call('GET', '/v2/queues/fam/messages', undefined, {
      'URL-Signature': '',
      'URL-Expires': '2099-01-01T00:00:00',
      'URL-Methods': 'GET',
      'URL-Paths': '/v2/queues/fam/messages',
    });
    expect([emptySignature.status, emptySignature.body]).toEqual([401, UNAUTHORIZED]);
    expect((await call('HEAD', '/v2/ping', undefined, { 'Extra-Spec': 'messagecode:1' })).status).toBe(401);
    expect((await call('GET', '/v2/queues', undefined, { 'EXTRA-SPEC': 'messagecode:1' })).status).toBe(401);
  });

  // python3-zaqarclient is installed by .ci/run; elsewhere this test runs when it is there.
  const itWithClient = zaqarClientInstalled() || process.env.CI === 'true' ? it : it.skip;
  itWithClient('serves python-zaqarclient authenticated by a keystoneauth1 password session (queue, messages, claims)', async () => {
    const session = {
      OS_AUTH_URL: env.OS_AUTH_URL,
      OS_USERNAME: env.KEYSTONE_DEMO_USER,
      OS_PASSWORD: env.KEYSTONE_DEMO_PASSWORD,
      OS_PROJECT_NAME: env.KEYSTONE_DEMO_PROJECT,
    };
    await expectKeystoneZaqarClientSession(http, 'not-the-token-project', session);
  });

  it("acts as the token's project, whatever X-Project-ID says, and keeps projects apart", async () => {
    const asDemo = { 'X-Project-ID': 'someone-else', 'X-Roles': 'admin' };
    expect((await call('PUT', '/v2/queues/kq1', demo, asDemo)).status).toBe(201);
    const posted = await call('POST', '/v2/queues/kq1/messages', demo, asDemo, { messages: [{ ttl: 300, body: { n: 1 } }] });
    expect(posted.status).toBe(201);
    const messageId = (posted.body.resources[0] as string).split('/').pop()!;
    const claim = await call('POST', '/v2/queues/kq1/claims', demo, asDemo, { ttl: 60, grace: 60, limit: 1 });
    expect(claim.status).toBe(201);
    const claimId = claim.headers.get('location')!.split('/').pop()!;
    const sub = await call('POST', '/v2/queues/kq1/subscriptions', demo, asDemo, { subscriber: 'http://example.com/hook', ttl: 3600 });
    expect(sub.status).toBe(201);
    const subId = sub.body.subscription_id as string;
    // The demo token sees it under its own project, with or without X-Project-ID.
    expect((await call('GET', '/v2/queues', demo)).body.queues.map((q: { name: string }) => q.name)).toContain('kq1');
    expect((await call('GET', `/v2/queues/kq1/messages/${messageId}`, demo, { 'X-Project-ID': env.KEYSTONE_ADMIN_PROJECT_ID })).status).toBe(200);
    // Another project's token naming the demo project sees nothing of it.
    const asAdminInDemo = { 'X-Project-ID': env.KEYSTONE_DEMO_PROJECT_ID };
    const listed = await call('GET', '/v2/queues', admin, asAdminInDemo);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body ?? {})).not.toContain('kq1');
    expect((await call('GET', `/v2/queues/kq1/messages/${messageId}`, admin, asAdminInDemo)).status).toBe(404);
    expect((await call('GET', `/v2/queues/kq1/claims/${claimId}`, admin, asAdminInDemo)).status).toBe(404);
    expect((await call('GET', `/v2/queues/kq1/subscriptions/${subId}`, admin, asAdminInDemo)).status).toBe(404);
    expect((await call('DELETE', `/v2/queues/kq1/messages/${messageId}`, admin, asAdminInDemo)).status).toBe(204);
    expect((await call('GET', `/v2/queues/kq1/messages/${messageId}`, demo)).status).toBe(200);
  });

  it('takes roles from the token: admin-only health needs the admin role, X-Roles is ignored', async () => {
    const health = await call('GET', '/v2/health', demo, { 'X-Roles': 'admin' });
    expect([health.status, health.body]).toEqual([403, FORBIDDEN]);
    expect((await call('GET', '/v2/health', admin, { 'X-Roles': 'member' })).status).toBe(200);
  });

  it('applies policy.yaml to the token roles on both transports (member refused, admin allowed)', async () => {
    expect((await call('PUT', '/v2/queues/statsq', demo)).status).toBe(201);
    const refused = await call('POST', '/v2/queues/statsq/purge', demo, { 'X-Roles': 'admin' });
    expect([refused.status, refused.body]).toEqual([403, FORBIDDEN]);
    expect((await call('PUT', '/v2/queues/statsq', admin)).status).toBe(201);
    expect((await call('POST', '/v2/queues/statsq/purge', admin)).status).toBe(204);
    const member = await connect(env.KEYSTONE_DEMO_PROJECT_ID);
    await authenticate(member, demo, env.KEYSTONE_DEMO_PROJECT_ID);
    const claimed = { 'Client-ID': CLIENT_ID, 'X-Project-ID': env.KEYSTONE_DEMO_PROJECT_ID, 'X-Roles': 'admin' };
    expect((await member.request('queue_purge', { queue_name: 'statsq' }, { headers: claimed })).headers.status).toBe(403);
    const adminClient = await connect(env.KEYSTONE_ADMIN_PROJECT_ID);
    await authenticate(adminClient, admin, env.KEYSTONE_ADMIN_PROJECT_ID);
    expect((await adminClient.request('queue_purge', { queue_name: 'statsq' })).headers.status).toBe(204);
  });

  it('serves pre-signed requests without a token, for their queue, methods and project only (HTTP and websocket)', async () => {
    expect((await call('PUT', '/v2/queues/shared', demo)).status).toBe(201);
    const share = await call('POST', '/v2/queues/shared/share', demo, {}, { methods: ['GET', 'POST'] });
    expect(share.status).toBe(200);
    const { signature, expires, methods, paths, project } = share.body as {
      signature: string;
      expires: string;
      methods: string[];
      paths: string[];
      project: string;
    };
    expect(project).toBe(env.KEYSTONE_DEMO_PROJECT_ID);
    const httpSigned = {
      'X-Project-ID': project,
      'URL-Signature': signature,
      'URL-Expires': expires,
      'URL-Methods': methods.join(','),
      'URL-Paths': paths.join(','),
    };
    expect((await call('POST', '/v2/queues/shared/messages', undefined, httpSigned, { messages: [{ ttl: 300, body: 'signed' }] })).status).toBe(201);
    expect((await call('GET', '/v2/queues/shared/messages?echo=true', undefined, httpSigned)).status).toBe(200);
    expect((await call('DELETE', '/v2/queues/shared/messages?pop=1', undefined, httpSigned)).status).toBe(404);
    expect((await call('GET', '/v2/queues/other/messages', undefined, httpSigned)).status).toBe(404);
    expect((await call('GET', '/v2/queues/shared/messages', undefined, { ...httpSigned, 'X-Project-ID': env.KEYSTONE_ADMIN_PROJECT_ID })).status).toBe(404);
    const client = await connect(project);
    const wsSigned = {
      'Client-ID': CLIENT_ID,
      'X-Project-ID': project,
      'URL-Signature': signature,
      'URL-Expires': expires,
      'URL-Methods': methods,
      'URL-Paths': paths,
    };
    const listed = await client.request('message_list', { queue_name: 'shared', echo: true }, { headers: wsSigned });
    expect([listed.headers.status, listed.body.messages.map((m: { body: unknown }) => m.body)]).toEqual([200, ['signed']]);
    expect((await client.request('message_list', { queue_name: 'other' }, { headers: wsSigned })).body).toEqual({ error: 'Not authentified.' });
    expect((await client.request('message_delete_many', { queue_name: 'shared', pop: 1 }, { headers: wsSigned })).body).toEqual({ error: 'Not authentified.' });
    expect((await client.request('queue_list', {}, { headers: wsSigned })).body).toEqual({ error: 'Not authentified.' });
  });

  it('validates a token once, then serves it from the cache; a revoked token stops working within token_cache_time', async () => {
    const token = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
    const before = relay.validations;
    for (let i = 0; i < 10; i++) expect((await call('GET', '/v2/queues', token)).status).toBe(200);
    expect(relay.validations - before).toBe(1);
    await revokeToken(env, token);
    await new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 200));
    const res = await call('GET', '/v2/queues', token);
    expect([res.status, res.body]).toEqual([401, UNAUTHORIZED]);
  });

  it('websocket: authenticate binds the token identity; other projects, bad and revoked tokens are refused', async () => {
    const project = env.KEYSTONE_DEMO_PROJECT_ID;
    const client = await connect(project);
    expect((await client.request('queue_list', {})).body).toEqual({ error: 'Not authentified.' });
    const bad = await authenticate(client, 'not-a-token', project);
    expect([bad.headers.status, bad.body]).toEqual([401, { error: 'Authentication failed.' }]);
    const ok = await authenticate(client, demo, project);
    expect([ok.headers.status, ok.body, ok.request]).toEqual([200, { message: 'Authentified.' }, { action: 'authenticate', body: {}, headers: {}, api: 'v2' }]);
    expect((await client.request('queue_create', { queue_name: 'wsq' })).headers.status).toBe(201);
    const elsewhere = { 'Client-ID': CLIENT_ID, 'X-Project-ID': env.KEYSTONE_ADMIN_PROJECT_ID };
    for (const [action, body] of [
      ['queue_list', {}],
      ['message_list', { queue_name: 'wsq' }],
      ['claim_create', { queue_name: 'wsq' }],
      ['subscription_list', { queue_name: 'wsq' }],
    ] as const) {
      expect(await client.request(action, body, { headers: elsewhere })).toMatchObject({ headers: { status: 403 }, body: { error: 'Not authenticated.' } });
    }
    // Roles come from the token, not from the frame.
    const claimed = { 'Client-ID': CLIENT_ID, 'X-Project-ID': project, 'X-Roles': 'admin' };
    expect((await client.request('check_node_health', undefined, { headers: claimed })).headers.status).toBe(403);
    const adminClient = await connect(env.KEYSTONE_ADMIN_PROJECT_ID);
    expect((await authenticate(adminClient, admin, env.KEYSTONE_ADMIN_PROJECT_ID)).headers.status).toBe(200);
    expect((await adminClient.request('check_node_health', undefined)).headers.status).toBe(200);
    // The admin connection, in its own project, does not see demo's queue.
    expect(JSON.stringify((await adminClient.request('queue_list', {})).body)).not.toContain('wsq');
    // A revoked token cannot authenticate (once out of the cache).
    const token = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
    await revokeToken(env, token);
    expect((await authenticate(await connect(project), token, project)).headers.status).toBe(401);
  });

  it("trust+http subscriptions: a trust from the caller to the trustee, and a trust-scoped token acting in the caller's project", async () => {
    const created = await call('POST', '/v2/queues/trusted/subscriptions', demo, {}, { subscriber: 'trust+http://example.com/hook', ttl: 3600 });
    expect(created.status).toBe(201);
    const got = await call('GET', `/v2/queues/trusted/subscriptions/${created.body.subscription_id}`, demo);
    const trustId = got.body.options.trust_id as string;
    expect(trustId).toMatch(/^[0-9a-f]{32}$/);
    // The trust as Keystone has it: demo trusts the trustee (the service user) on demo's project with demo's roles, impersonating.
    const trust = await fetch(`${env.OS_AUTH_URL}/OS-TRUST/trusts/${trustId}`, { headers: { 'X-Auth-Token': demo } });
    expect(await trust.json()).toMatchObject({
      trust: {
        trustor_user_id: env.KEYSTONE_DEMO_USER_ID,
        trustee_user_id: env.KEYSTONE_SERVICE_USER_ID,
        project_id: env.KEYSTONE_DEMO_PROJECT_ID,
        impersonation: true,
        roles: expect.arrayContaining([expect.objectContaining({ name: 'member' })]),
      },
    });
    const authenticator = resolveToken(server.container, TOKENS.AUTHENTICATOR) as KeystoneAuthenticator;
    const trustToken = await authenticator.trustToken(trustId);
    expect(await authenticator.trustToken(trustId)).toBe(trustToken);
    // The trust-scoped token acts as demo (impersonation) in demo's project.
    const listed = await call('GET', '/v2/queues', trustToken, { 'X-Project-ID': 'anything' });
    expect([listed.status, listed.body.queues.map((q: { name: string }) => q.name)]).toEqual([200, expect.arrayContaining(['trusted'])]);
    // An existing trust_id is kept as given; without a token's identity (a signed URL) nothing is created.
    const given = await call(
      'POST',
      '/v2/queues/trusted/subscriptions',
      demo,
      {},
      { subscriber: 'trust+https://example.com/other', options: { trust_id: 'abc' } },
    );
    expect(given.status).toBe(201);
    expect((await call('GET', `/v2/queues/trusted/subscriptions/${given.body.subscription_id}`, demo)).body.options).toEqual({ trust_id: 'abc' });
  });

  it('answers 503 at once while Keystone is unreachable, and recovers without a restart', async () => {
    await relay.stop();
    try {
      const fresh = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/v2/queues', fresh)));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(new Set(during.map((r) => r.status))).toEqual(new Set([503]));
      const client = await connect(env.KEYSTONE_DEMO_PROJECT_ID);
      expect((await authenticate(client, fresh, env.KEYSTONE_DEMO_PROJECT_ID)).body).toEqual({ error: 'Authentication failed.' });
      await relay.start();
      const after = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/v2/queues', fresh)));
      expect(new Set(after.map((r) => r.status))).toEqual(new Set([200]));
      expect((await authenticate(client, fresh, env.KEYSTONE_DEMO_PROJECT_ID)).headers.status).toBe(200);
    } finally {
      await relay.start().catch(() => undefined);
    }
  });
});
