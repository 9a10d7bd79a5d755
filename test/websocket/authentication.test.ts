/**
 * Authentication through the `[DEFAULT] auth_strategy` authenticator on both
 * transports, with a verifying one (the fixture token authenticator standing
 * in for Keystone, test/fixtures/plugins/fixture-auth): websocket
 * `authenticate`, project binding, expiry, roles from the token (never from
 * the frame); HTTP refusals; and no transport serving unauthenticated when a
 * strategy is configured but no authenticator is given.
 */
import { type Authenticator, ConfigError, coreOptionGroups, createPolicyEnforcer, OptionRegistry, TypedConf } from '@zaqarjs/core';
import { type RequestApi } from '@zaqarjs/core/api';
import { createHttpServer } from '@zaqarjs/transport-wsgi';
import { websocketOptions, WebsocketTransport } from '@zaqarjs/transport-websocket';
import { buildConf, recordingLogger } from '../support/server';
import { CLIENT_ID, WsClient } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

const tokenAuthenticator = () => (require('../fixtures/plugins/fixture-auth') as { create(): Authenticator }).create();
const FORBIDDEN = { exception: 'You are not authorized to complete this action.', error: 'Not authorized' };

describe('a verifying authenticator', () => {
  let server: WsTestServer;
  const open: WsClient[] = [];
  const connect = async () => {
    const client = await WsClient.connect(server.url, server.project);
    open.push(client);
    return client;
  };
  const token = (roles = '', ttl = '') => `good:${server.project}:${roles}${ttl ? `:${ttl}` : ''}`;
  const authenticate = (client: WsClient, auth: string) =>
    client.request('authenticate', undefined, { headers: { 'X-Project-ID': server.project, 'X-Auth-Token': auth } });

  beforeAll(async () => {
    const enforcer = createPolicyEnforcer(buildConf({ oslo_policy: { policy_dirs: '' } }, 'memory'));
    server = await startWsServer({
      conf: { DEFAULT: { auth_strategy: 'fixture-token', admin_mode: 'True' } },
      authenticator: tokenAuthenticator(),
      authorize: (rule, ctx) => enforcer.authorize(rule, ctx),
    });
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await server.close();
  });

  it('binds the identity to the connection and the request to its project', async () => {
    const client = await connect();
    const auth = await authenticate(client, token());
    expect([auth.headers.status, auth.body, auth.request]).toEqual([
      200,
      { message: 'Authentified.' },
      { action: 'authenticate', body: {}, headers: {}, api: 'v2' },
    ]);
    expect((await client.request('queue_create', { queue_name: 'mine' })).headers.status).toBe(201);
    const other = { 'Client-ID': CLIENT_ID, 'X-Project-ID': 'someone-else' };
    expect(await client.request('queue_list', {}, { headers: other })).toMatchObject({ headers: { status: 403 }, body: { error: 'Not authenticated.' } });
    expect((await client.request('queue_list', {})).body).toEqual({ queues: [{ name: 'mine' }] });
    // Another connection is not authenticated by this one.
    expect((await (await connect()).request('queue_list', {})).body).toEqual({ error: 'Not authentified.' });
  });

  it('takes roles from the token, not from the frame (health needs admin)', async () => {
    const client = await connect();
    await authenticate(client, token('member'));
    const claimed = { 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project, 'X-Roles': 'admin' };
    expect(await client.request('check_node_health', undefined, { headers: claimed })).toMatchObject({ headers: { status: 403 }, body: FORBIDDEN });
    await authenticate(client, token('member,admin'));
    expect((await client.request('check_node_health', undefined, { headers: { 'X-Project-ID': server.project } })).headers.status).not.toBe(403);
  });

  it('closes the connection with 4003 when the session expires; drops it when a re-authentication fails', async () => {
    const expiring = await connect();
    await authenticate(expiring, token('', '300'));
    expect((await expiring.request('queue_list', {})).headers.status).toBe(200);
    expect(await expiring.whenClosed()).toEqual({ code: 4003, reason: 'Authentication expired.' });
    // A re-authentication replaces the expiry: this connection outlives its first token.
    const renewed = await connect();
    await authenticate(renewed, token('', '200'));
    await authenticate(renewed, token());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(renewed.closed).toBeUndefined();
    expect((await renewed.request('queue_list', {})).headers.status).toBe(200);
    const client = await connect();
    await authenticate(client, token());
    expect((await authenticate(client, 'bogus')).headers.status).toBe(401);
    expect((await client.request('queue_list', {})).body).toEqual({ error: 'Not authentified.' });
  });

  it("authenticates every HTTP request: 401 without a valid token, the token's project otherwise", async () => {
    const headers = { 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project };
    const refused = await fetch(`${server.httpUrl}/v2/queues`, { headers });
    expect([refused.status, await refused.json()]).toEqual([401, { title: 'Unauthorized', description: 'The request you have made requires authentication.' }]);
    expect((await fetch(`${server.httpUrl}/v2/queues`, { headers: { ...headers, 'X-Auth-Token': 'down' } })).status).toBe(503);
    // The project is the token's, whatever X-Project-ID says.
    const put = await fetch(`${server.httpUrl}/v2/queues/over-http`, {
      method: 'PUT',
      headers: { ...headers, 'X-Project-ID': 'elsewhere', 'X-Auth-Token': token() },
    });
    expect(put.status).toBe(201);
    const listed = (await (await fetch(`${server.httpUrl}/v2/queues`, { headers: { ...headers, 'X-Auth-Token': token() } })).json()) as {
      queues: { name: string }[];
    };
    expect(listed.queues.map((q) => q.name)).toContain('over-http');
    // Roles come from the token here too.
    expect(
      (await fetch(`${server.httpUrl}/v2/queues/over-http`, { method: 'DELETE', headers: { ...headers, 'X-Roles': 'admin', 'X-Auth-Token': token() } })).status,
    ).toBe(204);
    expect((await fetch(`${server.httpUrl}/`)).status).toBe(300);
  });
});

describe('a configured strategy without an authenticator', () => {
  it.each(['keystone', 'fixture-token'])('%s: neither transport can be built (never serving unauthenticated)', (strategy) => {
    const conf = new TypedConf(new OptionRegistry().register(...coreOptionGroups, websocketOptions), { DEFAULT: { auth_strategy: strategy } });
    const api = {} as RequestApi;
    const logger = recordingLogger([]);
    const expected = `[DEFAULT] auth_strategy "${strategy}": no authenticator was given to the transport; refusing to serve without authentication`;
    expect(() => createHttpServer(api, conf, logger)).toThrow(new ConfigError(expected));
    const options = { push: {} as never, data: {} as never };
    expect(() => new WebsocketTransport(api, conf, logger, options)).toThrow(expected);
  });
});
