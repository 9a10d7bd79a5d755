/**
 * A store plugin installed with its own copy of @zaqarjs/core (a nested
 * node_modules, as npm does when versions differ) throws that copy's error
 * classes. The request layer and the transport recognise errors by `ZAQAR_*`
 * code, so the client still gets the store's 404 and 403, not a 503.
 *
 * The copy is made outside the repository: store-sql's package.json and dist,
 * with node_modules/@zaqarjs/core holding a copy of core's package.json and
 * dist. Its other dependencies (kysely, better-sqlite3...) resolve through
 * NODE_PATH to the repository's node_modules.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, startCli, tempDir, type CliServer } from '../server/cli-process';

function copyPackage(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(from, 'package.json'), path.join(to, 'package.json'));
  fs.cpSync(path.join(from, 'dist'), path.join(to, 'dist'), { recursive: true });
}

/** A plugin folder holding store-sql with a nested copy of core; returns the folder. */
function installStoreWithOwnCore(): { pluginRoot: string; store: string; core: string } {
  const pluginRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-own-core-'));
  const store = path.join(pluginRoot, 'store-sql');
  copyPackage(path.join(REPO, 'plugins/store-sql'), store);
  const core = path.join(store, 'node_modules/@zaqarjs/core');
  copyPackage(path.join(REPO, 'packages/core'), core);
  return { pluginRoot, store, core };
}

describe('a store plugin with its own copy of @zaqarjs/core', () => {
  const installed = installStoreWithOwnCore();
  let server: CliServer;
  const project = 'own-core';
  const req = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url()}${url}`, {
      method,
      headers: { 'X-Project-ID': project, 'Client-ID': randomUUID(), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  beforeAll(async () => {
    const t = tempDir();
    const conf = t.write(
      'zaqar.conf',
      `[drivers]\nmessage_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:transport:wsgi]\nport = 0\n` +
        `[drivers:message_store:sqlalchemy]\nuri = sqlite:///${t.dir}/messages.db\n[drivers:management_store:sqlalchemy]\nuri = sqlite:///${t.dir}/management.db\n`,
    );
    server = await startCli(['--config-file', conf], { env: { ZAQAR_PLUGIN_PATH: installed.pluginRoot, NODE_PATH: path.join(REPO, 'node_modules') } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('really resolves the nested copy of core from the store', () => {
    const resolved = require.resolve('@zaqarjs/core', { paths: [path.join(installed.store, 'dist')] });
    expect(fs.realpathSync(resolved).startsWith(fs.realpathSync(installed.core))).toBe(true);
  });

  it("answers the store's 404s as 404", async () => {
    expect((await req('PUT', '/v2/queues/q1')).status).toBe(201);
    const claim = await req('PATCH', '/v2/queues/q1/claims/nope', { ttl: 60 });
    expect(claim).toEqual({ status: 404, body: { title: 'Not found', description: `Claim nope does not exist in queue q1 for project ${project}` } });
    const subscription = await req('GET', '/v2/queues/q1/subscriptions/5e5e5e5e5e5e5e5e5e5e5e5e');
    expect(subscription.status).toBe(404);
    expect(subscription.body?.title).toBe('Not found');
  });

  it("answers the store's refusal of deleting a claimed message as 403", async () => {
    const posted = await req('POST', '/v2/queues/q2/messages', { messages: [{ body: 1, ttl: 300 }] });
    expect(posted.status).toBe(201);
    const href = (posted.body!.resources as string[])[0];
    expect((await req('POST', '/v2/queues/q2/claims', { ttl: 300, grace: 60 })).status).toBe(201);
    const refused = await req('DELETE', href);
    expect(refused).toEqual({
      status: 403,
      body: { title: 'Unable to delete', description: 'This message is claimed; it cannot be deleted without a valid claim ID.' },
    });
  });
});
