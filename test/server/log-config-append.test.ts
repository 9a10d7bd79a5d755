/**
 * `[DEFAULT] log_config_append` on the real `zaqar-server`, with Python
 * logging configuration files as oslo.log users write them: the zaqar logger's
 * handlers and levels (plus root's, propagated) become the outputs, each with
 * its own level; a SysLogHandler on a local socket reaches a receiver; a
 * RotatingFileHandler writes its file; what cannot apply stops startup with
 * one line naming the file, section and key. Also: a cluster primary
 * (`workers = 2`) logs where the workers do (log_file, log_config_append).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CLI, logLines, runCli, tempDir } from './cli-process';

const CONF = `[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = sqlite://\n[drivers:management_store:sqlalchemy]\nuri = sqlite://\n`;

type Line = Record<string, unknown>;

/** Runs the server until `done(dir)` holds (polled), then SIGTERM; resolves with its stdout, stderr and exit code. */
async function serveUntil(args: string[], dir: string, done: () => boolean, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, OS_DEFAULT__WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = once(child, 'close');
  for (let i = 0; i < 300 && !done() && child.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  child.kill('SIGTERM');
  const [code] = (await closed) as [number];
  return { code, stdout, stderr };
}

const fileLines = (file: string): Line[] => (fs.existsSync(file) ? logLines(fs.readFileSync(file, 'utf8')) : []);
const hasEvent = (file: string, event: string) => () => fileLines(file).some((l) => l.event === event);

describe('log_config_append: a Python logging configuration file', () => {
  it('zaqar logger at INFO to a WatchedFileHandler, root handler on stdout at WARNING; formatters ignored, log_file ignored', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'var/zaqar.log');
    const logging = t.write(
      'logging.conf',
      `[loggers]\nkeys = root, zaqar, amqp\n\n[handlers]\nkeys = file, stdout\n\n[formatters]\nkeys = context\n\n` +
        `[logger_root]\nlevel = WARNING\nhandlers = stdout\n\n[logger_zaqar]\nlevel = INFO\nhandlers = file\nqualname = zaqar\n\n` +
        `[logger_amqp]\nlevel = WARNING\nhandlers = stdout\nqualname = amqp\n\n` +
        `[handler_file]\nclass = handlers.WatchedFileHandler\nargs = ('${file}',)\nformatter = context\n\n` +
        `[handler_stdout]\nclass = StreamHandler\nlevel = WARNING\nargs = (sys.stdout,)\nformatter = context\n\n` +
        `[formatter_context]\nclass = oslo_log.formatters.ContextFormatter\nformat = %(asctime)s %(levelname)s: %(message)s\n`,
    );
    const conf = t.write('zaqar.conf', `[DEFAULT]\nlog_config_append = ${logging}\nlog_file = ${t.dir}/ignored.log\nno_such_option = 1\n${CONF}`);
    const result = await serveUntil(['--config-file', conf], t.dir, hasEvent(file, 'listening'));
    expect(result.code).toBe(0);
    const lines = fileLines(file);
    expect(lines.find((l) => l.event === 'listening')).toMatchObject({ level: 30, transport: 'wsgi' });
    expect(lines.some((l) => l.event === 'config_warning')).toBe(true);
    // The root handler (propagated) gets only warnings and worse.
    const out = logLines(result.stdout);
    expect(out.some((l) => l.event === 'config_warning')).toBe(true);
    expect(out.filter((l) => Number(l.level) < 40)).toEqual([]);
    expect(fs.existsSync(path.join(t.dir, 'ignored.log'))).toBe(false);
  });

  it('propagate = 0 keeps root handlers out; the zaqar logger at WARNING leaves out info lines; --log-config-append on the command line', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'warnings.log');
    const logging = t.write(
      'logging.ini',
      `[loggers]\nkeys=root,zaqar\n[handlers]\nkeys=f,out\n[formatters]\nkeys=\n` +
        `[logger_root]\nlevel=DEBUG\nhandlers=out\n[logger_zaqar]\nlevel=WARNING\nhandlers=f\npropagate=0\nqualname=zaqar\n` +
        `[handler_f]\nclass=logging.FileHandler\nargs=('${file}', 'a')\n[handler_out]\nclass=StreamHandler\nargs=(sys.stdout,)\n`,
    );
    const conf = t.write('zaqar.conf', `[DEFAULT]\nno_such_option = 1\n${CONF}`);
    // Kept running 2 s past its start: time enough to have logged `listening` were info enabled.
    const start = Date.now();
    const result = await serveUntil(
      ['--config-file', conf, '--log-config-append', logging],
      t.dir,
      () => hasEvent(file, 'config_warning')() && Date.now() > start + 2000,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(fileLines(file).some((l) => l.event === 'config_warning')).toBe(true);
    expect(fileLines(file).filter((l) => Number(l.level) < 40)).toEqual([]);
  });

  it('RotatingFileHandler writes its file; SysLogHandler sends to the local socket with the facility given', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'rotating.log');
    const socket = path.join(t.dir, 'log.sock');
    let received = '';
    const receiver = net.createServer((c) => c.on('data', (d) => (received += d))).listen(socket);
    await once(receiver, 'listening');
    try {
      const logging = t.write(
        'logging.conf',
        `[loggers]\nkeys=root\n[handlers]\nkeys=rot,sys\n[formatters]\nkeys=\n[logger_root]\nlevel=INFO\nhandlers=rot,sys\n` +
          `[handler_rot]\nclass=handlers.RotatingFileHandler\nargs=('${file}', 'a', 10485760, 5)\n` +
          `[handler_sys]\nclass=handlers.SysLogHandler\nargs=('${socket}', handlers.SysLogHandler.LOG_LOCAL0)\n`,
      );
      const conf = t.write('zaqar.conf', `[DEFAULT]\nlog_config_append = ${logging}\n${CONF}`);
      const result = await serveUntil(['--config-file', conf], t.dir, () => hasEvent(file, 'listening')() && received.includes('"event":"listening"'));
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      // LOG_LOCAL0 is 16: info is 16*8+6 = 134; the tag is the command.
      expect(received.split('\n').find((line) => line.includes('"event":"listening"'))).toMatch(/^<134>.* zaqar-server: \{"level":30,/);
      expect(fileLines(file).some((l) => l.event === 'config_loaded')).toBe(true);
    } finally {
      receiver.close();
    }
  });

  const failures: [string, string, RegExp][] = [
    [
      'an unsupported handler class',
      `[handler_h]\nclass=handlers.SMTPHandler\nargs=('localhost', 'a@b', ['c@d'], 'x')\n`,
      /\[handler_h\] class = handlers\.SMTPHandler is not supported: supported handlers are StreamHandler, /,
    ],
    ['kwargs', `[handler_h]\nclass=FileHandler\nkwargs={'filename': '/tmp/x.log'}\n`, /\[handler_h\] kwargs is not supported: give the arguments in args/],
    [
      'args that are code',
      `[handler_h]\nclass=FileHandler\nargs=(os.path.join('/var/log', 'z.log'),)\n`,
      /\[handler_h\] args = .* cannot be read: calls os\.path\.join\(\)/,
    ],
    [
      'a network syslog address',
      `[handler_h]\nclass=handlers.SysLogHandler\nargs=(('localhost', 514),)\n`,
      /\[handler_h\] args = .* a local socket \(network addresses are not supported\)/,
    ],
    ['a StreamHandler to something else', `[handler_h]\nclass=StreamHandler\nargs=(open('x'),)\n`, /\[handler_h\] args = .* cannot be read/],
  ];
  it.each(failures)('%s stops startup with one line naming the file, section and key', async (_what, handler, expected) => {
    const t = tempDir();
    const logging = t.write('logging.conf', `[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n[logger_root]\nlevel=INFO\nhandlers=h\n${handler}`);
    const result = await runCli(['--config-file', t.write('zaqar.conf', CONF), '--log-config-append', logging]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(new RegExp(`^zaqar-server: log_config_append file ${logging}: `));
    expect(result.stderr).toMatch(expected);
  });

  it('a missing file, a bad level or a handler not declared stops startup naming it', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', CONF);
    const missing = await runCli(['--config-file', conf, '--log-config-append', `${t.dir}/nope.conf`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^zaqar-server: Cannot read \[DEFAULT\] log_config_append file .*nope\.conf: ENOENT/);
    const level = t.write('l.conf', `[loggers]\nkeys=root\n[handlers]\nkeys=\n[logger_root]\nlevel=LOUD\nhandlers=\n`);
    expect((await runCli(['--config-file', conf, '--log-config-append', level])).stderr).toContain('[logger_root] level = LOUD is not a level');
    const undeclared = t.write('u.conf', `[loggers]\nkeys=root\n[handlers]\nkeys=\n[logger_root]\nlevel=INFO\nhandlers=ghost\n`);
    expect((await runCli(['--config-file', conf, '--log-config-append', undeclared])).stderr).toContain('handler ghost is not named in [handlers] keys');
  });
});

describe('cluster primary logging', () => {
  it('with workers = 2 and log_file, the primary logs to the file as the workers do, nothing on standard output', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'cluster.log');
    const conf = t.write('zaqar.conf', `[DEFAULT]\nworkers = 2\nlog_file = ${file}\n${CONF}`);
    const result = await serveUntil(['--config-file', conf], t.dir, () => fileLines(file).filter((l) => l.event === 'worker_ready').length === 2, {
      OS_DEFAULT__WORKERS: '2',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const lines = fileLines(file);
    const primary = lines.find((l) => l.event === 'primary');
    expect(primary).toMatchObject({ workers: 2 });
    // The workers' own lines, from other pids, are in the same file.
    expect(lines.some((l) => l.event === 'listening' && l.pid !== primary!.pid)).toBe(true);
    expect(lines.some((l) => l.event === 'worker_stopped')).toBe(true);
  });

  it('with workers = 2 and log_config_append, the primary uses the file too', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'from-ini.log');
    const logging = t.write(
      'logging.conf',
      `[loggers]\nkeys=root\n[handlers]\nkeys=f\n[logger_root]\nlevel=INFO\nhandlers=f\n[handler_f]\nclass=FileHandler\nargs=('${file}',)\n`,
    );
    const conf = t.write('zaqar.conf', `[DEFAULT]\nworkers = 2\nlog_config_append = ${logging}\n${CONF}`);
    const result = await serveUntil(['--config-file', conf], t.dir, () => fileLines(file).filter((l) => l.event === 'worker_ready').length === 2, {
      OS_DEFAULT__WORKERS: '2',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(fileLines(file).some((l) => l.event === 'primary')).toBe(true);
  });
});
