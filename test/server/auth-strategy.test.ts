/**
 * `[DEFAULT] auth_strategy` selects the authenticator through the plugin
 * registry (`zaqar.authentication`): empty and `noauth` use core's built-in
 * one, an installed plugin is used by its name, and an unknown name —
 * `keystone` while no package provides it — stops startup with one line
 * naming the option, before any store is opened or port bound.
 */
import { createLogger, NoAuthAuthenticator, resolveToken, TOKENS } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { fixtureConf, runCli, tempDir } from './cli-process';

const silent = createLogger({ level: 'silent' });

function start(strategyLine: string): Promise<RunningServer> {
  const t = tempDir('zaqar-auth-');
  const conf = fixtureConf().replace('[DEFAULT]\n', `[DEFAULT]\ndata_dir = ${t.dir}/data\n${strategyLine}\n`);
  return startServer({ appRoot: t.dir, configFiles: [t.write('zaqar.conf', conf)], env: {}, home: t.dir, logger: silent });
}

describe('[DEFAULT] auth_strategy', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
  });

  it.each(['', 'auth_strategy =', 'auth_strategy = noauth'])('"%s" registers the built-in noauth authenticator', async (line) => {
    server = await start(line);
    expect(resolveToken(server.container, TOKENS.AUTHENTICATOR)).toBeInstanceOf(NoAuthAuthenticator);
  });

  it('registers an installed authenticator plugin by its name', async () => {
    server = await start('auth_strategy = fixture-token');
    const authenticator = resolveToken(server.container, TOKENS.AUTHENTICATOR);
    expect(authenticator.trustsHeaders).toBe(false);
    expect(await authenticator.authenticate({ header: (name) => (name === 'X-Auth-Token' ? 'good:p:admin' : undefined) })).toEqual({
      identity: { project: 'p', userId: 'user-of-p', roles: ['admin'] },
    });
  });

  it.each(['keystone', 'nosuch'])('refuses to start with "%s", which no installed package provides', async (name) => {
    await expect(start(`auth_strategy = ${name}`)).rejects.toThrow(`Unknown [DEFAULT] auth_strategy "${name}"; available: fixture-token, noauth`);
  });

  it('prints that as the one line of a failed zaqar-server start', async () => {
    const t = tempDir('zaqar-auth-cli-');
    const conf = t.write('zaqar.conf', fixtureConf().replace('[DEFAULT]\n', `[DEFAULT]\ndata_dir = ${t.dir}/data\nauth_strategy = nosuch\n`));
    const result = await runCli(['--config-file', conf], { cwd: t.dir, home: t.dir });
    expect(result.code).toBe(1);
    // The CLI also finds the workspace's own plugins (@zaqarjs/auth-keystone).
    expect(result.stderr).toBe('zaqar-server: Unknown [DEFAULT] auth_strategy "nosuch"; available: fixture-token, keystone, noauth\n');
  });
});
