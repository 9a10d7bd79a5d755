/**
 * Token expiry with a real Keystone whose tokens live a few seconds (a second
 * instance, on its own port and folder, started by this test and stopped
 * after it): a websocket session is closed with 4003 `Authentication
 * expired.` when its token expires, and the token is refused over HTTP from
 * then on although the server caches tokens far longer (token_cache_time =
 * 300): a cached identity never outlives its token.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { tempDir } from '../server/cli-process';
import { CLIENT_ID, WsClient } from '../websocket/support/ws-client';
import { issueToken, keystone, keystoneServerConf, REPO, stopKeystone } from './support/keystone';

const TOKEN_SECONDS = 6;
const SHORT = { KEYSTONE_PORT: '5001', KEYSTONE_DIR: path.join(os.tmpdir(), 'keystone-5001-short-tokens'), KEYSTONE_TOKEN_EXPIRATION: String(TOKEN_SECONDS) };
const ks = keystone(SHORT);
const describeKeystone = ks ? describe : describe.skip;

describeKeystone('tokens that expire (Keystone [token] expiration = 6 s)', () => {
  const env = ks!;
  let server: RunningServer;
  let client: WsClient | undefined;

  beforeAll(async () => {
    const t = tempDir('zaqar-keystone-expiry-');
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\nauth_strategy = keystone\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi, websocket\n` +
        `[drivers:transport:wsgi]\nport = 0\n[drivers:transport:websocket]\nport = 0\nnotification_bind = 127.0.0.1\nnotification_port = 0\n` +
        keystoneServerConf(env, t.dir, { authtoken: 'token_cache_time = 300\n' }),
    );
    server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop(0);
    stopKeystone(SHORT);
  });

  it('closes the websocket session with 4003 at expiry and refuses the token over HTTP from then on', async () => {
    const port = (name: string) => server.addresses.find((a) => a.transport === name)!.port;
    const project = env.KEYSTONE_DEMO_PROJECT_ID;
    const token = await issueToken(env, env.KEYSTONE_DEMO_USER, env.KEYSTONE_DEMO_PASSWORD, env.KEYSTONE_DEMO_PROJECT);
    const issued = Date.now();
    const get = () =>
      fetch(`http://127.0.0.1:${port('wsgi')}/v2/queues`, { headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': project, 'X-Auth-Token': token } });
    expect((await get()).status).toBe(200);
    client = await WsClient.connect(`ws://127.0.0.1:${port('websocket')}`, project);
    expect((await client.request('authenticate', undefined, { headers: { 'X-Project-ID': project, 'X-Auth-Token': token } })).body).toEqual({
      message: 'Authentified.',
    });
    expect((await client.request('queue_list', {})).headers.status).toBe(200);
    expect(await client.whenClosed()).toEqual({ code: 4003, reason: 'Authentication expired.' });
    // Closed when the token expired (Keystone's expires_at has second precision), not before.
    expect(Date.now() - issued).toBeGreaterThan((TOKEN_SECONDS - 1.5) * 1000);
    const res = await get();
    expect([res.status, await res.json()]).toEqual([
      401,
      { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
    ]);
  }, 30_000);
});
