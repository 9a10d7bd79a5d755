/**
 * The real `zaqar-server` command: arguments, startup failures (one line on
 * stderr, non-zero exit), configuration lookup and overrides as the running
 * server sees them, and graceful shutdown. Uses the fixture transport/stores so
 * it does not depend on the HTTP transport or SQL store being complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, REPO, fixtureConf, logLines, runCli, startCli, tempDir } from './cli-process';
import { waitFor } from '../support/wait-for';

const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'packages/server/package.json'), 'utf8')) as { version: string }).version;

/** Startup failed: exactly one line on stderr, non-zero status. */
function expectOneLineFailure(result: { code: number | null; stderr: string }, line: string): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stderr).toBe(`zaqar-server: ${line}\n`);
}

describe('zaqar-server arguments', () => {
  it('--help prints usage and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: zaqar-server \[options\]/);
    expect(result.stdout).toContain('--config-file PATH');
    expect(result.stdout).toContain('--config-dir DIR');
  });

  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `zaqar-server ${version}\n` });
  });

  it('an unknown argument exits 2 with one line', async () => {
    expectOneLineFailure(await runCli(['--bogus']), "Unknown option '--bogus' (see --help)");
  });
});

describe('zaqar-server startup failures', () => {
  it('a missing --config-file', async () => {
    expectOneLineFailure(await runCli(['--config-file', '/nonexistent/zaqar.conf']), 'Failed to find some config files: /nonexistent/zaqar.conf');
  });

  it('an unknown message store names the available ones', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', '[drivers]\nmessage_store = nosuch\n');
    const result = await runCli(['--config-file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-server: Unknown \[drivers\] message_store "nosuch"; available: ([^\n]*, )?sqlalchemy(, [^\n]*)?\n$/);
  });

  it('an unknown transport names the available ones, plugin folders included', async () => {
    const t = tempDir();
    const file = t.write(
      'bad.conf',
      `[DEFAULT]\nplugin_dirs = ${FIXTURES}/fixture-stores\n[drivers]\nmessage_store = memory-fixture\nmanagement_store = memory-fixture\ntransport = wsgi,carrier-pigeon\n`,
    );
    const result = await runCli(['--config-file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-server: Unknown \[drivers\] transport "carrier-pigeon"; available: [^\n]*wsgi[^\n]*\n$/);
  });

  it('a word for a port names the section, option and value', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', '[drivers:transport:wsgi]\nport = abc\n');
    expectOneLineFailure(await runCli(['--config-file', file]), 'Invalid value "abc" for [drivers:transport:wsgi] port: expected an integer');
  });

  it('a SQLite file whose folder cannot be made fails at once (a path under /proc used to spin at full CPU forever)', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', '[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = sqlite:////proc/zaqar-none/z.db\n');
    expectOneLineFailure(
      await runCli(['--config-file', file]),
      `[drivers] message_store "sqlalchemy" could not be opened: The SQL store failed: ENOENT: no such file or directory, mkdir '/proc/zaqar-none'`,
    );
  });

  it('a bad value of a plugin-declared option', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', fixtureConf('[drivers:message_store:memory-fixture]\ncapacity = lots\n'));
    expectOneLineFailure(
      await runCli(['--config-file', file]),
      'Invalid value "lots" for [drivers:message_store:memory-fixture] capacity: expected an integer',
    );
  });

  it('an environment override selects the store, and a bad one names the variable', async () => {
    const result = await runCli([], { env: { OS_DRIVERS__MESSAGE_STORE: 'nosuch' } });
    expect(result.stderr).toMatch(/^zaqar-server: Unknown \[drivers\] message_store "nosuch"; available: ([^\n]*, )?sqlalchemy(, [^\n]*)?\n$/);
    const port = await runCli([], { env: { 'OS_DRIVERS:TRANSPORT:WSGI__PORT': '99999' } });
    expectOneLineFailure(
      port,
      'Invalid value "99999" for [drivers:transport:wsgi] port: expected a port number between 0 and 65535 (from environment variable OS_DRIVERS:TRANSPORT:WSGI__PORT)',
    );
  });

  it('a syntax error names file and line', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', '[DEFAULT]\ndebug\n');
    expectOneLineFailure(await runCli(['--config-file', file]), `Cannot parse ${file}:2: No ':' or '=' found in assignment: "debug"`);
  });

  it('a plugin folder that does not exist', async () => {
    expectOneLineFailure(
      await runCli([], { env: { ZAQAR_PLUGIN_PATH: '/nonexistent/plugins' } }),
      'Plugin folder /nonexistent/plugins (from ZAQAR_PLUGIN_PATH) does not exist',
    );
  });

  it('a broken plugin', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', fixtureConf().replace('message_store = memory-fixture', 'message_store = missing-dependency'));
    const result = await runCli(['--config-file', file]);
    expectOneLineFailure(
      result,
      '[drivers] message_store "missing-dependency": package zaqar-fixture-missing-dependency is installed but its dependency "zaqar-fixture-dependency-that-is-not-installed" is missing; reinstall zaqar-fixture-missing-dependency with its dependencies (npm install)',
    );
  });

  it('a store whose create() fails names the plugin, its package and the setting that selected it', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', '[drivers]\nmessage_store = redis\n[drivers:message_store:redis]\nuri = http://localhost\n');
    expectOneLineFailure(
      await runCli(['--config-file', file]),
      '[drivers] message_store "redis" (@zaqarjs/store-redis) failed to start: Invalid scheme in Redis URI',
    );
  });

  it('a store that cannot open', async () => {
    const t = tempDir();
    const file = t.write('bad.conf', fixtureConf('[drivers:message_store:memory-fixture]\nfail_open = True\n'));
    expectOneLineFailure(
      await runCli(['--config-file', file]),
      '[drivers] message_store "memory-fixture" could not be opened: fixture store refused to open (fail_open = true)',
    );
  });

  it('a port already in use', async () => {
    const t = tempDir();
    const first = await startCli(['--config-file', t.write('a.conf', fixtureConf())]);
    try {
      const port = new URL(first.url()).port;
      const file = t.write('b.conf', fixtureConf().replace('port = 0', `port = ${port}`));
      const result = await runCli(['--config-file', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^zaqar-server: \[drivers\] transport "fixture-http" could not start listening: .*EADDRINUSE.*\n$/);
    } finally {
      await first.stop();
    }
  });
});

describe('zaqar-server running', () => {
  it('serves the configured transport and stops on SIGTERM after draining in-flight requests (exit 0)', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', fixtureConf())]);
    expect((await fetch(`${server.url()}/v2/ping`)).status).toBe(204);
    const slow = await fetch(`${server.url()}/fixture/slow`);
    expect(slow.status).toBe(200);
    const stopped = server.stop('SIGTERM');
    expect(await slow.text()).toBe('done');
    const result = await stopped;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('logs SIGHUP and keeps serving (logrotate and closed terminals send it)', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', fixtureConf())]);
    try {
      server.child.kill('SIGHUP');
      await waitFor(() => logLines(server.stdout()).some((l) => l.event === 'signal' && l.signal === 'SIGHUP'), { what: 'SIGHUP logged' });
      expect((await fetch(`${server.url()}/v2/ping`)).status).toBe(204);
    } finally {
      expect((await server.stop('SIGTERM')).code).toBe(0);
    }
  });

  it('stops on SIGINT with exit 0', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', fixtureConf())]);
    expect((await server.stop('SIGINT')).code).toBe(0);
  });

  it('reads later --config-file values over earlier ones, then --config-dir, then the environment', async () => {
    const t = tempDir();
    const first = t.write('1.conf', fixtureConf('[transport]\nmax_messages_per_page = 5\nmax_queues_per_page = 5\nmax_claim_ttl = 100\n'));
    const second = t.write('2.conf', '[transport]\nmax_messages_per_page = 6\nmax_pools_per_page = 6\n');
    t.write('conf.d/50-x.conf', '[transport]\nmax_pools_per_page = 7\nmax_claim_ttl = 200\n');
    const server = await startCli(['--config-file', first, '--config-file', second, '--config-dir', path.join(t.dir, 'conf.d')], {
      env: { OS_TRANSPORT__MAX_CLAIM_TTL: '300' },
    });
    try {
      const transport = await (await fetch(`${server.url()}/fixture/conf/transport`)).json();
      expect(transport).toMatchObject({ max_queues_per_page: 5, max_messages_per_page: 6, max_pools_per_page: 7, max_claim_ttl: 300 });
    } finally {
      await server.stop();
    }
  });

  it('finds ~/.zaqar/zaqar.conf with no --config-file, before ~/zaqar.conf', async () => {
    const home = tempDir('zaqar-home-');
    home.write('.zaqar/zaqar.conf', fixtureConf('[transport]\nmax_messages_per_page = 11\n'));
    home.write('zaqar.conf', '[transport]\nmax_messages_per_page = 12\n');
    const server = await startCli([], { home: home.dir });
    try {
      expect(((await (await fetch(`${server.url()}/fixture/conf/transport`)).json()) as Record<string, unknown>).max_messages_per_page).toBe(11);
    } finally {
      await server.stop();
    }
  });

  it('applies --admin_mode and --debug flags over the files', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', fixtureConf('[DEFAULT]\nadmin_mode = false\n')), '--admin_mode', '-d']);
    try {
      expect(await (await fetch(`${server.url()}/fixture/conf/DEFAULT`)).json()).toMatchObject({ admin_mode: true, debug: true });
    } finally {
      await server.stop();
    }
  });

  it('keeps # and ; in values and coerces True by declared type, end to end', async () => {
    const t = tempDir();
    const server = await startCli([
      '--config-file',
      t.write('zaqar.conf', fixtureConf('[signed_url]\nsecret_key = pa#ss;word\n[DEFAULT]\nenable_checksum = True\n')),
    ]);
    try {
      expect(((await (await fetch(`${server.url()}/fixture/conf/signed_url`)).json()) as Record<string, unknown>).secret_key).toBe('pa#ss;word');
      expect(((await (await fetch(`${server.url()}/fixture/conf/DEFAULT`)).json()) as Record<string, unknown>).enable_checksum).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('npm start', () => {
  it('passes arguments through to zaqar-server', async () => {
    const result = await runCli(
      ['start', '--silent', '--', '--config-file', '/nonexistent/via-npm.conf'],
      { cwd: REPO, env: { npm_config_update_notifier: 'false' } },
      ['npm'],
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('zaqar-server: Failed to find some config files: /nonexistent/via-npm.conf\n');
  });
});
