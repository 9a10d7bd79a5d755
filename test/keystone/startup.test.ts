/**
 * Fail closed: `auth_strategy = keystone` with a `[keystone_authtoken]` that
 * cannot authenticate anyone stops `zaqar-server` with one line naming the
 * option, before any port is bound. No Keystone is needed: nothing is contacted.
 */
import { fixtureConf, runCli, tempDir } from '../server/cli-process';

const SERVICE_USER =
  'auth_url = http://127.0.0.1:5000/v3\nusername = zaqar\npassword = zaqar\nuser_domain_id = default\nproject_name = service\nproject_domain_id = default\n';

describe('auth_strategy = keystone refuses to start without a usable [keystone_authtoken]', () => {
  it.each([
    ['no section at all', '', '[keystone_authtoken] auth_url is required with [DEFAULT] auth_strategy = keystone'],
    ['no auth_url', SERVICE_USER.replace(/auth_url.*\n/, ''), '[keystone_authtoken] auth_url is required with [DEFAULT] auth_strategy = keystone'],
    [
      'an auth_url that is no URL',
      SERVICE_USER.replace(/auth_url.*\n/, 'auth_url = keystone:5000\n'),
      '[keystone_authtoken] auth_url "keystone:5000" is not an http(s) URL',
    ],
    ['no password', SERVICE_USER.replace(/password.*\n/, ''), '[keystone_authtoken] password is required with [DEFAULT] auth_strategy = keystone'],
    ['no user', SERVICE_USER.replace(/username.*\n/, ''), '[keystone_authtoken] username (or user_id) is required with [DEFAULT] auth_strategy = keystone'],
    [
      'a user without domain',
      SERVICE_USER.replace(/user_domain_id.*\n/, ''),
      '[keystone_authtoken] user_domain_name or [keystone_authtoken] user_domain_id is required with [keystone_authtoken] username (auth_strategy = keystone)',
    ],
    ['another auth_type', `${SERVICE_USER}auth_type = v3token\n`, '[keystone_authtoken] auth_type "v3token" is not supported; use "password"'],
    [
      'delay_auth_decision',
      `${SERVICE_USER}delay_auth_decision = true\n`,
      '[keystone_authtoken] delay_auth_decision = true is not supported: requests without a valid token would be served',
    ],
  ])('with %s', async (_case, section, line) => {
    const t = tempDir('zaqar-ks-start-');
    const conf = t.write(
      'zaqar.conf',
      fixtureConf(`[keystone_authtoken]\n${section}`).replace('[DEFAULT]\n', `[DEFAULT]\ndata_dir = ${t.dir}/data\nauth_strategy = keystone\n`),
    );
    const result = await runCli(['--config-file', conf], { cwd: t.dir, home: t.dir });
    expect([result.code, result.stderr]).toEqual([1, `zaqar-server: ${line}\n`]);
  });
});
