/**
 * The real Keystone of the Keystone tests: `../shared/scripts/keystone-up.sh`
 * (beside the repository, as in CI) starts one or reuses the running one.
 * Without it the suites are skipped locally, but under CI=true they fail:
 * Keystone tests must run in CI. Also a TCP relay in front of Keystone, so a
 * test can make Keystone unreachable and reachable again in milliseconds,
 * counting the token validations that pass through it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const KEYSTONE_UP = path.resolve(REPO, '../shared/scripts/keystone-up.sh');

/** What keystone-up.sh exports (OS_AUTH_URL, KEYSTONE_DEMO_PROJECT_ID...). */
export type KeystoneEnv = Readonly<Record<string, string>>;

/** Starts (or reuses) Keystone; undefined when it cannot, unless CI=true, where that throws. */
export function keystone(extraEnv: Record<string, string> = {}): KeystoneEnv | undefined {
  const problem = (why: string) => {
    if (process.env.CI === 'true') throw new Error(`Keystone could not be started for the Keystone tests: ${why}`);
    return undefined;
  };
  if (!fs.existsSync(KEYSTONE_UP)) return problem(`${KEYSTONE_UP} does not exist`);
  const run = spawnSync('bash', [KEYSTONE_UP], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...extraEnv } });
  if (run.status !== 0) return problem(`keystone-up.sh exited with ${run.status ?? run.signal}: ${run.stderr.slice(-500)}`);
  const env: Record<string, string> = {};
  for (const match of run.stdout.matchAll(/^export ([A-Z_0-9]+)=(.*)$/gm)) env[match[1]] = match[2].replace(/^'(.*)'$/, '$1');
  return env.OS_AUTH_URL ? env : problem('keystone-up.sh printed no OS_AUTH_URL');
}

/** Stops a Keystone that keystone() started with `extraEnv` (KEYSTONE_PORT, KEYSTONE_DIR...). */
export function stopKeystone(extraEnv: Record<string, string>): void {
  spawnSync('bash', [path.resolve(KEYSTONE_UP, '../keystone-down.sh')], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...extraEnv } });
}

/**
 * zaqar.conf sections of a server on Keystone: `[keystone_authtoken]` for the service user of
 * keystone-up.sh (at `authUrl`, Keystone itself unless a relay stands in front; `extra` lines
 * join the section), and stores in one SQLite file under `dir`.
 */
export function keystoneServerConf(ks: KeystoneEnv, dir: string, options: { authUrl?: string; authtoken?: string } = {}): string {
  const db = `sqlite:///${dir}/zaqar.db`;
  return (
    `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n` +
    `[keystone_authtoken]\nauth_url = ${options.authUrl ?? ks.OS_AUTH_URL}\nauth_type = password\n` +
    `username = ${ks.KEYSTONE_SERVICE_USER}\npassword = ${ks.KEYSTONE_SERVICE_PASSWORD}\nproject_name = ${ks.KEYSTONE_SERVICE_PROJECT}\n` +
    `user_domain_name = Default\nproject_domain_id = default\n${options.authtoken ?? ''}`
  );
}

/** `[trustee]`: the user trust+http(s) subscriptions delegate to (the service user). */
export function trusteeSection(ks: KeystoneEnv): string {
  return `[trustee]\nauth_type = password\nauth_url = ${ks.OS_AUTH_URL}\nusername = ${ks.KEYSTONE_SERVICE_USER}\npassword = ${ks.KEYSTONE_SERVICE_PASSWORD}\nuser_domain_id = default\n`;
}

/** A password token from Keystone: its id, project id and roles. */
export async function issueToken(ks: KeystoneEnv, user: string, password: string, project: string): Promise<string> {
  const auth = {
    identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password } } },
    scope: { project: { name: project, domain: { id: 'default' } } },
  };
  const res = await fetch(`${ks.OS_AUTH_URL}/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ auth }) });
  if (res.status !== 201) throw new Error(`Keystone refused ${user}: ${res.status} ${await res.text()}`);
  return res.headers.get('x-subject-token')!;
}

/** Revokes a token (a user may revoke its own). */
export async function revokeToken(ks: KeystoneEnv, token: string): Promise<void> {
  const res = await fetch(`${ks.OS_AUTH_URL}/auth/tokens`, { method: 'DELETE', headers: { 'X-Auth-Token': token, 'X-Subject-Token': token } });
  if (res.status !== 204) throw new Error(`revocation answered ${res.status}`);
}

/** A TCP relay to Keystone that can be stopped and started again on the same port. */
export class KeystoneRelay {
  /** Token validations relayed (`GET .../auth/tokens` request lines seen). */
  validations = 0;
  port = 0;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static of(ks: KeystoneEnv): KeystoneRelay {
    const url = new URL(ks.OS_AUTH_URL);
    return new KeystoneRelay(url.hostname, Number(url.port || 80));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.on('data', (chunk: Buffer) => {
        this.validations += (chunk.toString('latin1').match(/^GET \S*\/auth\/tokens /gm) ?? []).length;
      });
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Keystone becomes unreachable: connections refused, open ones cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
