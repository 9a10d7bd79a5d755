/**
 * oslo.log's options on the real `zaqar-server`: --log-file / --log-dir (and
 * their oslo spellings), [DEFAULT] log_file / log_dir, use_syslog to a local
 * receiver socket, a log file reopened after logrotate moved it
 * (log_config_append: log-config-append.test.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CLI, logLines, runCli, tempDir } from './cli-process';

const CONF = `[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = sqlite://\n[drivers:management_store:sqlalchemy]\nuri = sqlite://\n`;

type Line = Record<string, unknown>;

/** Waits for the file to hold a line `until` accepts (pino writes asynchronously). */
async function logged(file: string, until: (line: Line) => boolean): Promise<Line[]> {
  for (let i = 0; i < 200; i++) {
    const lines = fs.existsSync(file) ? logLines(fs.readFileSync(file, 'utf8')) : [];
    if (lines.some(until)) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no listening line in ${file}`);
}

/** Starts the server with `args`; the `listening` line goes to the log file, so the port comes from it. */
async function serveWithLogFile(args: string[], cwd: string, file: string, until: (line: Line) => boolean = (line) => line.event === 'listening') {
  const cli = path.resolve(__dirname, '../../packages/server/dist/cli.js');
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  try {
    return { lines: await logged(file, until), stdout: () => stdout };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
  }
}

describe('zaqar-server logging options', () => {
  it('--log-file writes the JSON lines to the file (relative to the working folder), not to standard output', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', CONF);
    const result = await serveWithLogFile(['--config-file', conf, '--log-file', 'zaqar.log'], t.dir, path.join(t.dir, 'zaqar.log'));
    expect(result.lines.find((l) => l.event === 'listening')).toMatchObject({ transport: 'wsgi' });
    // (A cluster primary, with [DEFAULT] workers, may say things of its own on standard output; the server's lines are in the file.)
    expect(logLines(result.stdout()).filter((l) => l.event === 'listening' || l.event === 'config_loaded')).toEqual([]);
  });

  it('a log file moved away (logrotate) is reopened: the next lines go to a new file at the path, as with WatchedFileHandler', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', CONF);
    const file = path.join(t.dir, 'zaqar.log');
    const cli = path.resolve(__dirname, '../../packages/server/dist/cli.js');
    const child = spawn(process.execPath, [cli, '--config-file', conf, '--log-file', file], {
      cwd: t.dir,
      env: { PATH: process.env.PATH ?? '', HOME: t.dir, OS_DEFAULT__WORKERS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const listening = (await logged(file, (l) => l.event === 'listening')).find((l) => l.event === 'listening')!;
      fs.renameSync(file, `${file}.1`);
      const ping = () =>
        fetch(`http://${listening.host}:${listening.port}/v2/ping`, { headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'p' } });
      // Requests keep coming while the file is watched (about once a second); their lines end up in the new file.
      for (let i = 0; i < 100 && !(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('"path":"/v2/ping"')); i++) {
        expect((await ping()).status).toBe(204);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(logLines(fs.readFileSync(file, 'utf8')).some((l) => l.path === '/v2/ping')).toBe(true);
      expect(logLines(fs.readFileSync(`${file}.1`, 'utf8')).some((l) => l.event === 'listening')).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
  });

  it('--log-dir alone logs to DIR/zaqar-server.log (oslo spelling --logdir), creating the folder', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', CONF);
    const file = path.join(t.dir, 'logs/zaqar-server.log');
    await serveWithLogFile(['--config-file', conf, '--logdir', path.join(t.dir, 'logs')], t.dir, file);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('[DEFAULT] log_dir and log_file together: the file inside the folder', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', `[DEFAULT]\nlog_dir = ${t.dir}/var\nlog_file = api.log\n${CONF}`);
    const { lines } = await serveWithLogFile(['--config-file', conf], t.dir, path.join(t.dir, 'var/api.log'));
    expect(lines.some((l) => l.event === 'config_loaded')).toBe(true);
  });

  it('the command line beats the file: --log-file over [DEFAULT] log_file', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', `[DEFAULT]\nlog_file = ${t.dir}/from-conf.log\n${CONF}`);
    await serveWithLogFile(['--config-file', conf, `--log_file=${t.dir}/from-cli.log`], t.dir, path.join(t.dir, 'from-cli.log'));
    expect(fs.existsSync(path.join(t.dir, 'from-conf.log'))).toBe(false);
  });

  it('use_syslog: JSON lines to the syslog socket with priorities from level and facility, none on standard output; a log file still gets them', async () => {
    const t = tempDir();
    const socket = path.join(t.dir, 'syslog.sock');
    let received = '';
    const receiver = net.createServer((c) => c.on('data', (d) => (received += d))).listen(socket);
    await once(receiver, 'listening');
    try {
      const conf = t.write('zaqar.conf', `[DEFAULT]\nsyslog_log_facility = LOG_LOCAL0\nno_such_option = 1\n${CONF}`);
      const cli = path.resolve(__dirname, '../../packages/server/dist/cli.js');
      const env = { PATH: process.env.PATH ?? '', HOME: t.dir, ZAQAR_SYSLOG_SOCKET: socket, OS_DEFAULT__WORKERS: '1' };
      const child = spawn(process.execPath, [cli, '--config-file', conf, '--use-syslog', '--log-file', 'also.log'], {
        cwd: t.dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      for (let i = 0; i < 200 && !received.includes('"event":"listening"'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGTERM');
      const [code] = (await once(child, 'close')) as [number];
      expect(code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = received.split('\n').filter((line) => line !== '');
      // LOG_LOCAL0 is 16: info 16*8+6 = 134, warning 16*8+4 = 132; the tag is the command.
      expect(lines.find((line) => line.includes('"event":"listening"'))).toMatch(/^<134>.* zaqar-server: \{"level":30,/);
      expect(lines.find((line) => line.includes('"event":"config_warning"'))).toMatch(/^<132>.* zaqar-server: \{"level":40,/);
      // The last line of the shutdown reaches syslog too (the destination is flushed before exit).
      expect(lines.some((line) => line.includes('"event":"stopped"'))).toBe(true);
      expect(stdout).toBe('');
      expect(logLines(fs.readFileSync(path.join(t.dir, 'also.log'), 'utf8')).some((l) => l.event === 'listening')).toBe(true);
    } finally {
      receiver.close();
    }
  });

  it('a startup failure after the log file was named still leaves the lines logged before it in the file (batched writes flushed on exit)', async () => {
    const t = tempDir();
    const taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const conf = t.write('zaqar.conf', `[DEFAULT]\nworkers = 1\n${CONF.replace('port = 0', `port = ${port}`)}`);
      const result = await runCli(['--config-file', conf, '--log-file', path.join(t.dir, 'zaqar.log')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/could not start listening/);
      expect(logLines(fs.readFileSync(path.join(t.dir, 'zaqar.log'), 'utf8')).some((l) => l.event === 'config_loaded')).toBe(true);
    } finally {
      taken.close();
    }
  });

  it.each(['1', '2'])(
    'a log file whose folder cannot be made stops startup at once with one line (workers = %s; a path under /proc used to spin forever)',
    async (workers) => {
      const t = tempDir();
      // Killed after 10 s, so a hang fails here (status 137) instead of leaving a spinning process behind.
      const result = await runCli(
        ['--config-file', t.write('zaqar.conf', CONF), '--log-file', '/proc/zaqar-test/x.log'],
        { env: { OS_DEFAULT__WORKERS: workers } },
        ['timeout', '-s', 'KILL', '10', process.execPath, CLI],
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        "zaqar-server: Cannot create the folder of log file /proc/zaqar-test/x.log: ENOENT: no such file or directory, mkdir '/proc/zaqar-test'\n",
      );
    },
  );

  it('use_syslog with an unknown facility stops startup with one line naming the option', async () => {
    const t = tempDir();
    const result = await runCli(['--config-file', t.write('a.conf', `[DEFAULT]\nuse_syslog = true\nsyslog_log_facility = LOG_NOPE\n${CONF}`)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-server: Invalid value "LOG_NOPE" for \[DEFAULT\] syslog_log_facility: .*\n$/);
  });

  it('default_log_levels = zaqar=WARNING leaves out info lines; a bad level stops startup', async () => {
    const t = tempDir();
    // An unknown option gives a warning line; the info lines (config_loaded, listening) around it must not appear.
    const conf = t.write('a.conf', `[DEFAULT]\ndefault_log_levels = amqp=WARN,zaqar=WARNING\nno_such_option = 1\n${CONF}`);
    const file = path.join(t.dir, 'quiet.log');
    // Kept running 2 s past its start: time enough to have logged `listening` were info enabled.
    const start = Date.now();
    await serveWithLogFile(['--config-file', conf, '--log-file', file], t.dir, file, (line) => line.event === 'config_warning' && Date.now() > start + 2000);
    const lines = logLines(fs.readFileSync(file, 'utf8'));
    expect(lines.some((l) => l.event === 'config_warning')).toBe(true);
    expect(lines.filter((l) => Number(l.level) < 40)).toEqual([]);
    const bad = await runCli(['--config-file', t.write('b.conf', `[DEFAULT]\ndefault_log_levels = zaqar=LOUD\n${CONF}`)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid value "zaqar=LOUD" for [DEFAULT] default_log_levels');
  });
});
